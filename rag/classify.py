"""Decide what each block of a scraped article is: body text, or page furniture.

Only body text becomes passages and claims. Furniture (headline, standfirst, section headings,
photo captions, links to related stories, the source line) is kept as document metadata. The rules
look at shape, not at this article's words, so they work on any news page scraped to text.
"""
from __future__ import annotations

import re

from rag.blocks import Block
from rag.records import LineKind

# A sentence ends in . ! ? … possibly followed by closing quotes or brackets.
_TERMINAL = re.compile(r"[.!?…:;][\"'”’»)\]]*$")
# A quotation that closes a line reads as a sentence when it is long; short ones are headings.
_CLOSING_QUOTE = re.compile(r"[\"”’»]$")
_CAPTION_CREDIT = re.compile(
    r"\[[^\[\]]*(?:/|\b(?:AFP|AP|Reuters|Getty|EPA|Anadolu|File|Photo|Handout|Courtesy)\b)"
    r"[^\[\]]*\]\s*$|^\s*(?:Photo|Image|Picture|Caption|Video)\s*[:|-]", re.IGNORECASE)
_SOURCE_LINE = re.compile(r"^\s*(?:Source|Sources|With reporting by|Additional reporting by)"
                          r"\s*:", re.IGNORECASE)
_BYLINE = re.compile(r"^\s*(?:By|Written by|Reporting by)\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+)"
                     r"{0,4}\s*$")
_DATELINE = re.compile(r"^\s*(?:Published|Updated|Last updated|Issued)\b.{0,60}$|"
                       r"^\s*\d{1,2}\s+[A-Z][a-z]+\s+\d{4}\s*$", re.IGNORECASE)
_READ_MORE = re.compile(r"^\s*(?:Read more|Also read|Read also|Related|See also|Watch|"
                        r"More on this story)\s*(?::|\||\s[-–]\s)", re.IGNORECASE)
HEADING_MAX_WORDS = 4
_PAST_NARRATION = re.compile(r"\b(was|were|had|said|told|reported|according to|did|"
                             r"\w{3,}ed)\b", re.IGNORECASE)


def _words(text: str) -> int:
    return len(text.split())


def classify_block(block: Block, index: int, first_body_seen: bool) -> LineKind:
    """Kind of one block given its position; `index` counts non-blank blocks from 0."""
    text = block.clean.strip()
    if block.hint in ("h1", "title") and index == 0:
        return "headline"
    if block.hint == "table":
        return "table_row"
    if block.hint == "caption" or _CAPTION_CREDIT.search(text):
        return "photo_caption"
    if _SOURCE_LINE.match(text):
        return "source_line"
    if _READ_MORE.match(text) or block.hint in ("nav", "aside"):
        return "related_link"
    if _BYLINE.match(text):
        return "byline"
    if _DATELINE.match(text) and _words(text) <= 8:
        return "dateline"
    terminal = bool(_TERMINAL.search(text)) or (
        bool(_CLOSING_QUOTE.search(text)) and _words(text) > HEADING_MAX_WORDS * 2)
    if index == 0 and not terminal:
        return "headline"
    if block.hint in ("h1", "h2"):
        return "section_heading" if _words(text) <= HEADING_MAX_WORDS * 2 else "related_link"
    if block.hint == "link":
        return "related_link"
    if not terminal:
        # An unpunctuated line inside the body is either a section heading (short, often
        # quoted) or the headline of a linked story (a full title-like clause).
        return "section_heading" if _words(text) <= HEADING_MAX_WORDS else "related_link"
    if (index == 1 and not first_body_seen and _words(text) <= 45 and _is_single_sentence(text)
            and not _PAST_NARRATION.search(text)):
        # The one-sentence summary right under the headline is a standfirst. Standfirsts are
        # written in the headline's present tense ("Russia deploys ... as Turkey says ..."); a
        # lede narrates in the past ("were killed", "officials said"), so past tense keeps it body.
        return "standfirst"
    return "body"


def _is_single_sentence(text: str) -> bool:
    return len(re.findall(r"[.!?][\"'”’]?\s+[A-Z“\"‘]", text)) == 0


def classify_blocks(blocks: list[Block]) -> list[LineKind]:
    kinds: list[LineKind] = []
    first_body_seen = False
    for index, block in enumerate(blocks):
        kind = classify_block(block, index, first_body_seen)
        first_body_seen = first_body_seen or kind == "body"
        kinds.append(kind)
    return kinds
