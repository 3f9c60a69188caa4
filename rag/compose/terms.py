"""Content terms of a question and the corpus vocabulary they are checked against."""
from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable

from rag.stopwords import QUESTION_WORDS

# Words that carry no topic: question words, auxiliaries and words about the article itself
# (the common and question lists of rag/lexicon/stopwords.json)
GENERIC_WORDS = QUESTION_WORDS
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")


def tokens(text: str) -> list[str]:
    # a number ending a sentence or clause keeps no stop or comma ("for 2032." -> "2032")
    return [t.lower().strip("'’-").rstrip(".,") for t in _TOKEN.findall(text)]


def content_terms(text: str) -> list[str]:
    return [t for t in tokens(text) if t and t not in GENERIC_WORDS and len(t) > 1]


# Months and weekdays are capitalised but are times, not names: "forecast for December" may be
# the article's "by the end of the year", so an absent one is no evidence of silence
_CALENDAR = frozenset({"january", "february", "march", "april", "may", "june", "july", "august",
                       "september", "october", "november", "december", "monday", "tuesday",
                       "wednesday", "thursday", "friday", "saturday", "sunday"})


def capitalised_terms(question: str) -> list[str]:
    """Proper-noun-looking words of a question, as written; sentence-initial words, months and
    weekdays do not count."""
    out = []
    for match in re.finditer(r"(?<![\w’'])([A-Z][a-zA-Z’'-]+)", question):
        before = question[:match.start()].rstrip()
        if not before or before[-1] in ".!?:;\"“":
            continue   # sentence-initial capital: not evidence of a name
        word = re.sub(r"['’]s?$", "", match.group(1))   # "Iran's" -> "Iran"
        if word.lower() not in GENERIC_WORDS and word.lower() not in _CALENDAR \
                and not word.isupper():
            out.append(word)
    return out


def _inflected_in(term: str, words: Iterable[str]) -> bool:
    """The term, or a word sharing its first five letters ("reached" / "reaching")."""
    stem = term[:5] if len(term) > 5 else term
    return term in words or any(w.startswith(stem) for w in words if len(stem) >= 4)


class Vocabulary:
    """Lower-cased words of the answerable text, with fuzzy lookup for misspellings."""

    def __init__(self, texts: list[str]) -> None:
        self.words: set[str] = set()
        self.document_frequency: dict[str, int] = {}
        for text in texts:
            unique = set(tokens(text))
            self.words.update(unique)
            for word in unique:
                self.document_frequency[word] = self.document_frequency.get(word, 0) + 1
        self.n_texts = max(1, len(texts))
        self._sorted = sorted(self.words)
        self._digits = {w.replace(",", "") for w in self.words if any(c.isdigit() for c in w)}
        self._known: dict[str, bool] = {}

    def idf(self, term: str) -> float:
        """Rare words weigh more: "Hatay" says more about a sentence than "Turkey"."""
        df = self.document_frequency.get(term, 0)
        return math.log((self.n_texts + 1) / (df + 0.5))

    def weighted_overlap(self, terms: list[str], text: str) -> float:
        """IDF-weighted share of the question's terms found in the text (prefix-tolerant)."""
        if not terms:
            return 0.0
        words = set(tokens(text))
        total = found = 0.0
        for term in set(terms):
            weight = max(self.idf(term), 0.1)
            total += weight
            if _inflected_in(term, words):
                found += weight
        return found / total if total else 0.0

    def inflects(self, term: str) -> bool:
        """The term or another form of it ("reached" for "reaching") is in the vocabulary."""
        return self.has(term) or _inflected_in(term, self._sorted)

    def has(self, term: str) -> bool:
        """The term, a plural or prefix of it, or a close misspelling is in the vocabulary."""
        if term not in self._known:   # the fuzzy match scans the vocabulary: remember answers
            self._known[term] = self._lookup(term)
        return self._known[term]

    def _lookup(self, term: str) -> bool:
        if term in self.words:
            return True
        if any(ch.isdigit() for ch in term):
            return term.replace(",", "") in self._digits
        stem = term.rstrip("s")
        if len(stem) >= 4 and any(w.startswith(stem) for w in self._sorted
                                  if w[:1] == stem[:1]):
            return True
        # misspellings: "Erdogn", "Turksih"
        return bool(difflib.get_close_matches(term, self._sorted, n=1, cutoff=0.8))
