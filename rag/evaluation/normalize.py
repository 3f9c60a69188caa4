"""Text normalisation for answer matching: case, whitespace, quotes, citation markers, numbers.

Both the accepted answer and the system's answer go through the same `normalize`, so a rule
only has to be consistent, not linguistically perfect: "one official" becomes "1 official" on
both sides and still matches. What matters is that surface variation an editor would ignore
("Thirty-three" / "33", "O’Brien" / "O'Brien", "3,600" / "3600", a non-breaking space) does
not decide whether an answer counts as correct.
"""
from __future__ import annotations

import re
import unicodedata

from rag.citations import MARKER

_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SMALL = {w: i for i, w in enumerate(_UNITS)} | {w: 20 + 10 * i for i, w in enumerate(_TENS)}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

_WORD = "|".join(sorted([*_SMALL, *_SCALES], key=len, reverse=True))
# A number phrase starts with digits or a number word and continues only with number words
# ("thirty three", "3.6 million", "one hundred twenty"); two digit groups never merge
# ("feb 2 2020" stays as it is), and a bare scale word ("a million") is left alone.
_NUMBER_PHRASE = re.compile(
    rf"(?<![\w.,])(?:\d+(?:\.\d+)?|{_WORD})(?:\s+(?:{_WORD}))*(?![\w])")
_THOUSANDS = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d,])")   # 3,600,000 but not 950,0000
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‛": "'", "′": "'", "`": "'", "´": "'",
                         "“": '"', "”": '"', "„": '"', "″": '"', "«": '"', "»": '"'})
_DASHES = re.compile(r"[\-\u2010-\u2015\u2212]")


def _phrase_value(tokens: list[str]) -> float | None:
    total, current, seen_number = 0.0, 0.0, False
    for token in tokens:
        if token[0].isdigit():
            current += float(token)
            seen_number = True
        elif token in _SMALL:
            current += _SMALL[token]
            seen_number = True
        elif token == "hundred":
            current = (current or 1) * 100
        else:   # thousand / million / billion close a group: "3 million 200 thousand"
            total += (current or 1) * _SCALES[token]
            current = 0.0
    return total + current if seen_number else None


def _format(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def _numbers_to_digits(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        value = _phrase_value(match.group(0).split())
        return match.group(0) if value is None else _format(value)

    return _NUMBER_PHRASE.sub(replace, text)


def strip_citation_markers(text: str) -> str:
    """'33 soldiers [1].' -> '33 soldiers .': markers are not words of the answer (and '[2]'
    must never satisfy an accepted answer '2')."""
    return MARKER.sub(" ", text)


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().translate(_QUOTES)
    text = strip_citation_markers(text)
    text = _DASHES.sub(" ", text)                       # "thirty-three", "SA-17", "two-hour"
    text = _THOUSANDS.sub(lambda m: m.group(0).replace(",", ""), text)
    text = re.sub(r"\s+", " ", text).strip()
    return _numbers_to_digits(text)


def contains_answer(answer: str, accepted: str) -> bool:
    """True when `accepted` occurs in `answer` as whole words after normalisation.

    Whole words so that "3" does not match "33", "2013" or "3.6", and "un" does not match
    "under"; case, spacing, curly quotes and number spelling do not matter.
    """
    needle = normalize(accepted)
    if not needle:
        return False
    pattern = rf"(?<!\w)(?<!\d\.){re.escape(needle)}(?!\w)(?!\.\d)"
    return re.search(pattern, normalize(answer)) is not None
