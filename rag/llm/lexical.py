"""Content words, names and numbers of a sentence, and whether a passage contains them.

The lexical half of the support check: a generated sentence may rephrase, but the words that
carry facts (names, numbers, content words) must come from the passages it cites.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rag.numbers import scales, word_value
from rag.stopwords import SUPPORT_WORDS

STOPWORDS = SUPPORT_WORDS   # the common and support lists of rag/lexicon/stopwords.json

_MAGNITUDES = ("hundred", "thousand", "million", "billion")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[A-Za-z]+(?:['’][A-Za-z]+)?(?:-[A-Za-z]+)*")
_SUFFIXES = ("ing", "ed", "es", "s", "e")


@dataclass(frozen=True)
class Terms:
    words: frozenset[str]     # stems of content words
    names: frozenset[str]     # stems of capitalised words not at the start of the sentence
    numbers: frozenset[str]   # normalised numbers, digits and number words alike


def stem(word: str) -> str:
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _number(token: str) -> str:
    value = token.replace(",", "")
    return value.rstrip("0").rstrip(".") if "." in value else value.lstrip("0") or "0"


def _compound_number(token: str) -> str | None:
    """A number word or compound ("thirty-three" -> "33"), read by rag.numbers. "one" alone is
    usually a pronoun ("one passage says": it counts only before a magnitude, in `terms`), and
    a scale word alone ("hundred", "million", "dozen") is no figure."""
    lowered = token.lower()
    if lowered == "one" or lowered == "dozen" or lowered in scales():
        return None
    value = word_value(lowered)
    if value is None:
        return None
    return str(int(value)) if value.is_integer() else str(value)


def terms(text: str) -> Terms:
    words: set[str] = set()
    names: set[str] = set()
    numbers: set[str] = set()
    tokens = [m.group(0) for m in _TOKEN.finditer(text)]
    for position, token in enumerate(tokens):
        following = tokens[position + 1].lower() if position + 1 < len(tokens) else ""
        if token.lower() == "one" and following in _MAGNITUDES:
            numbers.add("1")
            continue
        if token[0].isdigit():
            numbers.add(_number(token))
            continue
        compound = _compound_number(token)
        if compound is not None:
            numbers.add(compound)
            continue
        for part in token.split("-"):
            lowered = part.lower().replace("’", "'")
            if lowered in STOPWORDS or len(lowered) < 2:
                continue
            stemmed = stem(part)
            words.add(stemmed)
            if part[0].isupper() and position > 0:
                names.add(stemmed)
    return Terms(frozenset(words), frozenset(names), frozenset(numbers))


def same_word(a: str, b: str) -> bool:
    """Equal stems, or a long shared root (Syria/Syrian, Turkey/Turkish,
    retaliation/retaliatory)."""
    if a == b:
        return True
    shorter = min(len(a), len(b))
    common = 0
    for x, y in zip(a, b):
        if x != y:
            break
        common += 1
    return common >= 7 or common >= max(4, shorter - 2)


def contains(vocabulary: frozenset[str], word: str) -> bool:
    return word in vocabulary or any(same_word(word, other) for other in vocabulary)
