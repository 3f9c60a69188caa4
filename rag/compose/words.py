"""Words matched by meaning, through the embedding model, not by spelling.

A question rarely uses the article's own words: "died" for "killed", "runs" for "operates",
"blaze" for "fire". Every corpus word is embedded once (lazily, on the first question that
needs it); a question word then matches the closest corpus word by cosine similarity.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

import numpy as np

from rag.compose.terms import Vocabulary, content_terms, tokens

Embed = Callable[[list[str]], np.ndarray]
# A question word counts as present when a corpus word is this close in embedding space
# ("casualties" ~ "deaths" 0.75, "helicopters" ~ "choppers" 0.75; "population" ~ "people" 0.53).
KNOWN_SIMILARITY = 0.6
# A question word is taken as absent from the article (evidence that it cannot answer) only
# when no article word comes even this close: reworded questions use near-synonyms the model
# scores 0.5-0.6 ("deluge" ~ "flooded" 0.51, "salary" ~ "pay" 0.52, "reservoir" ~ "river"
# 0.53), off-topic ones stay below ("weather", "lira", "stock" <= 0.46 in a war report).
ABSENT_SIMILARITY = 0.5
SOFT_FLOOR = 0.5      # below this a word pair contributes nothing to the soft overlap
EXACT = 0.9           # at or above this a match counts in full


class WordSpace:
    """The corpus vocabulary in embedding space, with a cache for question words."""

    def __init__(self, vocabulary: Vocabulary, embed: Embed,
                 shared: WordSpace | None = None) -> None:
        """`shared`: a space whose word vectors this one reuses (a word is embedded once)."""
        self.vocabulary = vocabulary
        self.embed = embed
        self.words = sorted(w for w in vocabulary.words if w.isalpha() and len(w) > 2)
        self.index = {w: i for i, w in enumerate(self.words)}
        self._matrix: np.ndarray | None = None
        self._cache: dict[str, np.ndarray] = shared._cache if shared is not None else {}
        self._lock: threading.Lock = shared._lock if shared is not None else threading.Lock()

    def scoped(self, vocabulary: Vocabulary) -> WordSpace:
        """The same space over the words of some documents only (vectors shared)."""
        if vocabulary is self.vocabulary:
            return self
        return WordSpace(vocabulary, self.embed, shared=self)

    def matrix(self) -> np.ndarray:
        with self._lock:
            if self._matrix is not None:
                return self._matrix
            missing = [w for w in self.words if w not in self._cache]
        self._embed_into_cache(missing)
        with self._lock:
            if self._matrix is None:
                self._matrix = (np.stack([self._cache[w] for w in self.words]) if self.words
                                else np.zeros((0, 384), dtype=np.float32))
            return self._matrix

    def neighbours(self, word: str, floor: float, limit: int) -> list[str]:
        """Up to `limit` words of this space at least `floor` close to `word`, closest first."""
        matrix = self.matrix()
        if not len(matrix):
            return []
        sims = matrix @ self.vectors([word])[0]
        order = np.argsort(-sims)[:limit]
        return [self.words[int(i)] for i in order if sims[int(i)] >= floor]

    def vectors(self, words: list[str]) -> np.ndarray:
        self.matrix()
        with self._lock:
            missing = [w for w in dict.fromkeys(words) if w not in self._cache]
        self._embed_into_cache(missing)
        with self._lock:
            return np.stack([self._cache[w] for w in words]) if words else np.zeros((0, 1))

    def _embed_into_cache(self, missing: list[str]) -> None:
        """Embed the words not cached yet (outside the lock: embedding is the slow part)."""
        if not missing:
            return
        computed = self.embed(missing)
        with self._lock:
            for word, vector in zip(missing, computed):
                self._cache[word] = vector

    def closest(self, word: str) -> tuple[str, float]:
        """The corpus word nearest in meaning, and its similarity."""
        matrix = self.matrix()
        if not len(matrix):
            return "", 0.0
        sims = matrix @ self.vectors([word])[0]
        best = int(np.argmax(sims))
        return self.words[best], float(sims[best])

    def similarity(self, word: str, candidates: Iterable[str]) -> float:
        """Highest similarity of `word` to any of `candidates` (0.0 for none)."""
        pool = [c for c in dict.fromkeys(candidates) if c]
        if not pool:
            return 0.0
        if word in pool:
            return 1.0
        return float((self.vectors(pool) @ self.vectors([word])[0]).max())

    def known(self, word: str) -> bool:
        """Spelled as in the corpus (or a plural, prefix or misspelling), or close in meaning."""
        return self.vocabulary.has(word) or self.closest(word)[1] >= KNOWN_SIMILARITY

    def absent(self, word: str) -> bool:
        """Neither spelled as in the corpus nor near any of its words in meaning: stronger
        evidence than `not known(word)`, for deciding that the article is silent."""
        return not self.vocabulary.has(word) and self.closest(word)[1] < ABSENT_SIMILARITY

    def soft_overlap(self, terms: list[str], text: str) -> float:
        """IDF-weighted share of the question's terms that the text holds, each term scored by
        its closest word in the text (1.0 for the word itself, 0 below SOFT_FLOOR)."""
        terms = [t for t in dict.fromkeys(terms) if t.isalpha() and len(t) > 2]
        if not terms:
            return 0.0
        words = [w for w in dict.fromkeys(tokens(text)) if w in self.index]
        if not words:
            return 0.0
        sims = self.vectors(terms) @ self.vectors(words).T
        total = found = 0.0
        for term, row in zip(terms, sims):
            weight = max(self.vocabulary.idf(term), 0.5) if term in self.vocabulary.words else 3.0
            best = float(row.max())
            total += weight
            found += weight * (1.0 if best >= EXACT else best if best >= SOFT_FLOOR else 0.0)
        return found / total if total else 0.0


EXPANSION_FLOOR = 0.45   # an article word this close to a question word the article lacks...
EXPANSION_WORDS = 2      # ...up to this many per question word, is added to the ranking query


def expansion(question: str, space: WordSpace) -> str:
    """The question followed by the article's own words closest to each question word the
    article does not use ("blaze" -> "fire", "brigade" -> "firefighters"): a reworded
    question's embedding then moves toward the article's wording. Empty when nothing is added.
    """
    extra: list[str] = []
    for term in dict.fromkeys(content_terms(question)):
        if term.isalpha() and len(term) > 2 and not space.vocabulary.inflects(term):
            extra += [w for w in space.neighbours(term, EXPANSION_FLOOR, EXPANSION_WORDS)
                      if w not in extra]
    return f"{question} {' '.join(extra)}" if extra else ""
