"""What a question is about: its nouns, nationalities and years, checked against the corpus.

An article cannot answer a question about something it never mentions ("the pilot", "the
exchange rate", "in 2019"), nor a count of Russian soldiers when its only counts are of Turkish
ones. Retrieval similarity alone misses both, so abstention also asks these questions.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass

import numpy as np

from rag.compose.terms import GENERIC_WORDS, Vocabulary

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_NLP_LOCK = threading.Lock()   # one parse at a time: the app answers questions concurrently
# A missing word still counts as known when a corpus word is this close in embedding space
# ("casualties" ~ "deaths" 0.75, "helicopters" ~ "choppers" 0.75; "population" ~ "people" 0.53).
KNOWN_SIMILARITY = 0.6


@dataclass(frozen=True)
class Focus:
    nouns: tuple[str, ...]          # lower-cased nouns (not generic words)
    nationalities: tuple[str, ...]  # NORP entities: "russian", "turkish"
    years: tuple[str, ...]


def question_focus(question: str) -> Focus:
    from rag.ledger.spacy_pipeline import get_nlp

    nlp = get_nlp()
    with _NLP_LOCK:
        doc = nlp(question)
    nouns = tuple(dict.fromkeys(
        t.text.lower() for t in doc
        if t.pos_ in ("NOUN", "PROPN") and t.is_alpha and len(t.text) > 2
        and t.text.lower() not in GENERIC_WORDS and t.lemma_.lower() not in GENERIC_WORDS))
    nationalities = tuple(dict.fromkeys(e.text.lower() for e in doc.ents if e.label_ == "NORP"))
    return Focus(nouns=nouns, nationalities=nationalities, years=tuple(_YEAR.findall(question)))


class UnknownTerms:
    """Finds question words the corpus never uses, nor anything close in meaning."""

    def __init__(self, vocabulary: Vocabulary, embed) -> None:  # noqa: ANN001 - callable
        self.vocabulary = vocabulary
        self.embed = embed
        self._words: list[str] | None = None
        self._vectors: np.ndarray | None = None
        self._lock = threading.Lock()

    def _vocabulary_vectors(self) -> tuple[list[str], np.ndarray]:
        with self._lock:
            if self._vectors is None:
                self._words = sorted(w for w in self.vocabulary.words
                                     if w.isalpha() and len(w) > 2)
                self._vectors = self.embed(self._words)
            return self._words or [], self._vectors

    def unknown(self, focus: Focus) -> list[str]:
        """Question nouns and years the corpus lacks (after fuzzy and meaning checks)."""
        missing = [n for n in focus.nouns if not self.vocabulary.has(n)]
        missing += [y for y in focus.years if y not in self.vocabulary.words]
        words = [m for m in missing if not m.isdigit()]
        if words:
            _, vectors = self._vocabulary_vectors()
            if len(vectors):
                sims = self.embed(words) @ vectors.T
                close = {w for w, row in zip(words, sims) if float(row.max()) >= KNOWN_SIMILARITY}
                missing = [m for m in missing if m not in close]
        return missing


# Demonyms whose country name does not share their first four letters.
_COUNTRY_OF = {"french": "france", "dutch": "netherlands", "british": "britain", "swiss":
               "switzerland", "welsh": "wales", "scottish": "scotland", "irish": "ireland",
               "american": "united states", "emirati": "emirates", "saudi": "saudi arabia"}


def nationality_missing(focus: Focus, context: str) -> list[str]:
    """Nationalities of the question absent from the answer's context ("Russian" soldiers when
    the passage counts Turkish ones). Four letters match "Turkish" to "Turkey's"."""
    lowered = context.lower()
    missing = []
    for name in focus.nationalities:
        head = name.split()[-1]
        if head[:4] in lowered or _COUNTRY_OF.get(head, "\0") in lowered:
            continue
        missing.append(name)
    return missing
