"""The one reader of numbers written in news prose: digits, words, scales and their mixtures.

"thirty-three", "3.6 million", "one hundred and twenty", "950,000", "hundreds of thousands",
"€4.2bn" all become values here, for the ledger's figures, the composer's checks and the LLM
support check alike (the eval keeps its own independent normaliser on purpose). The words live in
`rag/lexicon/numbers.json`.
"""
from __future__ import annotations

import re
from functools import cache

from rag.lexicon import load

_WELL_FORMED_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


@cache
def _data() -> dict:
    return load("numbers")


def units() -> dict[str, int]:
    return _data()["units"]


def scales() -> dict[str, int]:
    """Word scales only (hundred, million...); abbreviations ('bn') are read by `parse_number`."""
    return {k: v for k, v in _data()["scales"].items() if len(k) > 2}


def vague() -> dict[str, int]:
    return _data()["vague"]


def bound_words() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(lower-bound, upper-bound, approximate) modifier phrases."""
    d = _data()
    return tuple(d["lower_bound"]), tuple(d["upper_bound"]), tuple(d["approximate"])


@cache
def number_pattern() -> re.Pattern[str]:
    """A number in text: digits, words or both ('3.6 million', 'twenty-two', '1,200')."""
    word = "|".join(sorted([*units(), *scales(), *vague(), "dozen", "half"], key=len, reverse=True))
    digits = r"\d+(?:[.,]\d+)*"
    part = rf"(?:{digits}|(?:{word})(?:-(?:{word}))?)"
    return re.compile(rf"(?<![\w-]){part}(?:\s+(?:and\s+|of\s+)?{part})*(?![\w-])", re.IGNORECASE)


@cache
def modifier_pattern() -> re.Pattern[str]:
    """A bound or approximation phrase right before a number ('at least ', 'nearly ')."""
    lower, upper, approx = bound_words()
    phrases = sorted({*lower, *upper, *approx}, key=len, reverse=True)
    alternatives = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)
    return re.compile(rf"(?:{alternatives})\s+$", re.IGNORECASE)


def parse_number(raw: str) -> tuple[float | None, bool]:
    """(value, well_formed) of a number written in digits and/or words.

    Malformed digit groupings ('950,0000') give (None, False): no style of writing produces them,
    so the value is unknown rather than guessed.
    """
    text = raw.lower().replace(" and ", " ").replace(" of ", " ")
    all_scales = _data()["scales"]
    total, current, seen = 0.0, 0.0, False
    for word in re.split(r"[\s-]+", text):
        if not word:
            continue
        glued = re.fullmatch(r"(\d+(?:[.,]\d+)*)(bn|mn|m|k|tn)", word)   # "4.2bn"
        if glued:
            word, suffix = glued.group(1), glued.group(2)
        else:
            suffix = ""
        if word[0].isdigit():
            if "," in word and not _WELL_FORMED_DIGITS.fullmatch(word):
                return None, False
            try:
                current += float(word.replace(",", ""))
            except ValueError:
                return None, False
            seen = True
            if suffix:
                current *= all_scales[suffix]
                total, current = total + current, 0.0
        elif word in units():
            current += units()[word]
            seen = True
        elif word == "dozen":
            current = (current or 1) * 12
            seen = True
        elif word == "half":
            current += 0.5
            seen = True
        elif word in all_scales and (len(word) > 2 or seen):
            current = (current or 1) * all_scales[word]
            if all_scales[word] >= 1000:
                total, current = total + current, 0.0
            seen = True
        elif word in vague():
            # "hundreds of thousands": a later vague plural is a scale, the first a lower bound
            current = current * _data()["vague_scale"].get(word, 1) if current else vague()[word]
            seen = True
    if not seen:
        return None, False
    return total + current, True


def word_value(token: str) -> float | None:
    """Value of one token written as a number word or hyphenated compound ('thirty-three')."""
    parts = token.lower().split("-")
    if parts and all(p in units() or p in scales() or p == "dozen" for p in parts):
        value, ok = parse_number(" ".join(parts))
        return value if ok else None
    return None
