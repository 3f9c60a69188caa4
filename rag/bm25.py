"""BM25 over the live passages: bm25s with the English Snowball stemmer and stop words.

The same calls, tokenizer and parameters as llama-index's BM25Retriever (which wraps bm25s), so
the scores are identical (tests/test_bm25.py compares them), without importing llama-index on
the question path: that import alone took longer than answering.
"""
from __future__ import annotations

import threading

TOKEN_PATTERN = r"(?u)\b\w\w+\b"


class Bm25Index:
    def __init__(self, ids: list[str], texts: list[str], top_k: int) -> None:
        import bm25s
        import Stemmer

        self._bm25s = bm25s
        self.ids = ids
        self.stemmer = Stemmer.Stemmer("english")
        tokens = bm25s.tokenize(texts, stopwords="en", stemmer=self.stemmer,
                                token_pattern=TOKEN_PATTERN, show_progress=False)
        self.bm25 = bm25s.BM25()
        self.bm25.index(tokens, show_progress=False)
        self.top_k = min(top_k, len(ids))
        self._lock = threading.Lock()   # bm25s keeps per-call state; the app answers concurrently

    def search(self, query: str) -> list[tuple[str, float]]:
        """(passage id, score) of the top_k passages, best first (zero scores included)."""
        tokens = self._bm25s.tokenize(query, stemmer=self.stemmer, token_pattern=TOKEN_PATTERN,
                                      show_progress=False)
        with self._lock:
            indexes, scores = self.bm25.retrieve(tokens, k=self.top_k, show_progress=False)
        return [(self.ids[int(i)], float(s)) for i, s in zip(indexes[0], scores[0])]
