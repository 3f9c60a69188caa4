"""Turn a cited passage into an answer sentence that says who says it.

The words stay the article's own: a sentence is either quoted as it stands, or given a short
lead naming its source ("According to Al Jazeera, ...", "Fahrettin Altun said: “...”"). When the
speaker is named in an earlier sentence, that sentence is cited too, so the lead is supported.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rag.records import Claim, Passage

# How a near-miss answer opens (the closest passages, marked as not answering in so many words);
# the eval reads it to report a lenient abstention figure beside the strict one.
NEAR_MISS_LEAD = "The article does not answer this in so many words; the closest it comes: "
# The line an LLM answer ends with when the support check dropped some of the model's sentences:
# a note about the answer, not a claim about the article, so it cites nothing (the eval skips it).
FALLBACK_NOTE = ("(The model's wording for part of this answer was not supported by the "
                 "article; the article's own sentences stand in for it.)")

# Lower-casing the first word is only safe for function words ("The", "At", "Some").
_SAFE_TO_LOWER = {
    "a", "an", "the", "at", "in", "on", "as", "some", "nearly", "more", "most", "many", "about",
    "after", "before", "during", "following", "despite", "since", "another", "several", "all",
    "both", "each", "every", "no", "one", "two", "three", "four", "five", "six", "seven", "eight",
    "nine", "ten", "through", "with", "without", "meanwhile", "however", "also", "fighting",
    "attacks", "retaliatory", "there", "this", "that", "these", "those", "its", "their", "it",
    "they", "over", "almost", "around", "up", "until", "while", "when", "if", "for", "from", "by",
}
_PRONOUN_SUBJECT = re.compile(r"^(He|She|They)\b")
_OPENING_QUOTE = re.compile(r"^[\"“‘']")
# A sentence that carries its own attribution ("..., the agency reported") needs no lead.
_REPORTING_CUE = re.compile(
    r"\b(said|says|told|tells|reported|reports|according to|added|adds|cited|quoted|denied|"
    r"denies|stated|announced|confirmed|claimed|warned|insisted|acknowledged|declared|"
    r"expressed|urged|vowed|pledged|condemn\w*)\b")


@dataclass
class Phrased:
    text: str
    passages: list[Passage] = field(default_factory=list)   # the passage first, then support


def lower_first(text: str) -> str | None:
    """The sentence with its first letter lower-cased, so it can follow "X reports that ...";
    None when the first word must keep its capital (a name, an acronym, "I")."""
    first = re.match(r"[A-Za-z][A-Za-z’'-]*", text)
    if not first:
        return None
    word = first.group()
    if word.lower() in _SAFE_TO_LOWER:
        return text[0].lower() + text[1:]
    if word == "I" or (len(word) > 1 and word.isupper()) or not _common_opening(text):
        return None
    return text[0].lower() + text[1:]


@lru_cache(maxsize=4096)
def _common_opening(text: str) -> bool:
    """The first word is an ordinary word that is capitalised only because it opens the
    sentence ("Shares in the company fell"), not a name ("Calloway said", "Police said")."""
    from rag.compose.nlp import parse

    doc = parse(text[:200])
    if not len(doc):
        return False
    first = doc[0]
    return first.pos_ not in ("PROPN", "X") and first.ent_iob_ == "O" and first.is_alpha


def _mentions(text: str, source: str) -> bool:
    """The source is visible in the text: its full name or its last significant word."""
    lowered = text.lower()
    if source.lower() in lowered:
        return True
    words = [w for w in re.findall(r"[A-Za-z’'-]{3,}", source) if w[0].isupper()]
    return bool(words) and words[-1].lower() in lowered


def speaker_claim(claims: list[Claim]) -> Claim | None:
    for claim in claims:
        if claim.source and claim.source_kind not in ("outlet", ""):
            return claim
    return None


def phrase(passage: Passage, claims: list[Claim], outlet: str, name_outlet: bool,
           earlier: list[Passage]) -> Phrased:
    """`earlier`: the preceding passages of the same document, nearest first."""
    text = passage.clean_text.strip()
    claim = speaker_claim(claims)
    if claim is not None:
        if _mentions(text, claim.source) or _mentions(text, outlet):
            return Phrased(text, [passage])
        named_in = next((p for p in earlier[:3] if _mentions(p.clean_text, claim.source)), None)
        if named_in is None:   # cannot show where the speaker comes from: quote as it stands
            return Phrased(text, [passage])
        pronoun = _PRONOUN_SUBJECT.match(text)
        if pronoun:
            return Phrased(claim.source + text[pronoun.end():], [passage, named_in])
        if _OPENING_QUOTE.match(text):
            return Phrased(f"{claim.source} said: {text}", [passage, named_in])
        return Phrased(f"According to {claim.source}, {lower_first(text) or text}",
                       [passage, named_in])
    if outlet and name_outlet and not _mentions(text, outlet) and not _REPORTING_CUE.search(text):
        return Phrased(f"{outlet} reports that {lower_first(text) or text}", [passage])
    return Phrased(text, [passage])


def outlet_lead(text: str, outlet: str, published: str | None) -> str:
    """Name the outlet (and date) in front of a sentence: several documents are loaded, so the
    reader must see which outlet reports what ("North Wire (2031-05-02) reports that ...")."""
    if text.startswith((f"According to {outlet}", f"{outlet} reports")):
        return text
    who = f"{outlet} ({published})" if published else outlet
    if _OPENING_QUOTE.match(text):
        return f"{who} reports: {text}"
    return f"{who} reports that {lower_first(text) or text}"

