"""Split model output into sentences and read their [n] citations.

Accepted forms: [n], [n, m], [n; m], [n-m] (a short range) and runs like [n][m]. Citations written
right after a sentence's full stop ("... killed. [1]") belong to that sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

CITATION_GROUP = re.compile(r"\[\s*(\d+(?:\s*[,;\-–]\s*\d+)*)\s*\]")
_LEADING_GROUPS = re.compile(r"(?:\s*\[\s*\d+(?:\s*[,;\-–]\s*\d+)*\s*\])+")
_LIST_MARKER = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+", re.MULTILINE)
_CLOSERS = "\"'”’)"
_OPENERS = "\"“'‘(["
# A full stop after these is not the end of a sentence.
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "maj", "st", "sen", "rep",
    "gov", "pres", "jr", "sr", "no", "vs", "etc", "e.g", "i.e", "u.s", "u.k", "u.n", "jan", "feb",
    "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "approx", "est",
}
MAX_RANGE = 10


@dataclass(frozen=True)
class ParsedSentence:
    text: str              # the sentence with its citation markers removed
    numbers: list[int]     # citation numbers as written (1-based), first-use order, no repeats


def citation_numbers(sentence: str) -> list[int]:
    numbers: list[int] = []
    for group in CITATION_GROUP.finditer(sentence):
        for part in re.split(r"\s*[,;]\s*", group.group(1)):
            bounds = [int(x) for x in re.split(r"\s*[\-–]\s*", part) if x]
            if len(bounds) == 2 and 0 <= bounds[1] - bounds[0] < MAX_RANGE:
                values = list(range(bounds[0], bounds[1] + 1))
            else:
                values = bounds
            numbers.extend(v for v in values if v not in numbers)
    return numbers


def strip_citations(sentence: str) -> str:
    text = CITATION_GROUP.sub("", sentence)
    text = re.sub(r"\s+([.,;:!?])", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def _is_abbreviation(before: str) -> bool:
    word = re.split(r"[\s(\"“]", before)[-1].lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _boundaries(text: str) -> list[int]:
    """End offsets of sentences: after terminal punctuation, closing quotes and citations."""
    ends: list[int] = []
    i = 0
    while i < len(text):
        if text[i] == "\n":
            ends.append(i)
        elif text[i] in ".!?":
            j = i + 1
            while j < len(text) and text[j] in _CLOSERS:
                j += 1
            groups = _LEADING_GROUPS.match(text, j)
            k = groups.end() if groups else j
            rest = text[k:].lstrip()
            at_break = k >= len(text) or text[k].isspace()
            next_ok = not rest or rest[0].isupper() or rest[0].isdigit() or rest[0] in _OPENERS
            if at_break and next_ok and not (text[i] == "." and _is_abbreviation(text[:i])):
                ends.append(k)
                i = k
                continue
        i += 1
    ends.append(len(text))
    return ends


def split_sentences(raw: str) -> list[ParsedSentence]:
    text = _LIST_MARKER.sub("", raw.replace("**", "").replace("\r", ""))
    sentences: list[ParsedSentence] = []
    start = 0
    for end in _boundaries(text):
        piece = text[start:end]
        start = end
        if not piece.strip():
            continue
        clean = strip_citations(piece)
        numbers = citation_numbers(piece)
        if not clean or not re.search(r"\w", clean):
            # a citation left alone on its own line belongs to the sentence before it
            if numbers and sentences:
                last = sentences[-1]
                merged = last.numbers + [n for n in numbers if n not in last.numbers]
                sentences[-1] = ParsedSentence(last.text, merged)
            continue
        sentences.append(ParsedSentence(clean, numbers))
    return sentences
