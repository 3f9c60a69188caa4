"""Sentence boundaries with character offsets, tuned for news prose.

A rule splitter, not a model: it must be exact about offsets, fast, and predictable. It breaks
after . ! ? … (with any closing quotes) when the next word starts a sentence, and never after
common abbreviations, initials or decimal points.
"""
from __future__ import annotations

import re

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "cpl", "adm",
    "gov", "sen", "rep", "st", "jr", "sr", "no", "vs", "etc", "inc", "ltd", "co", "corp", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.n",
    "u.k", "e.g", "i.e", "approx", "dept", "est", "fig", "mt", "ft", "pres", "rev", "hon",
}
# end punctuation, then closing quotes/brackets, then whitespace, then a sentence opener
_BOUNDARY = re.compile(r"([.!?…]+)([\"'”’»)\]]*)(\s+)(?=[\"'“‘«(\[]?[A-Z0-9])")


def _is_abbreviation(text: str, dot_index: int) -> bool:
    word = re.search(r"([A-Za-z.]+)$", text[:dot_index])
    if not word:
        return False
    token = word.group(1).lower().rstrip(".")
    if token in _ABBREVIATIONS:
        return True
    return len(token) == 1 and token.isalpha()   # an initial: "Robert O. Brien"


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) spans of the sentences in `text`, trimmed of surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        punct_start = match.start(1)
        if match.group(1) == "." and _is_abbreviation(text, punct_start):
            continue
        end = match.end(2)
        if text[start:end].strip():
            spans.append((start, end))
        start = match.end(3)
    if text[start:].strip():
        spans.append((start, len(text)))
    trimmed: list[tuple[int, int]] = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            trimmed.append((s, e))
    return trimmed
