"""Hybrid retrieval: dense (Chroma, cosine) + BM25 (bm25s, as llama-index's BM25 retriever),
fused by reciprocal rank fusion.

Dense catches paraphrase ("troops" for "soldiers"); BM25 catches exact names and numbers
("Kalibr", "309"). RRF needs no score calibration between the two, which is why it is used.
"""
from __future__ import annotations

import re

import numpy as np

from rag.bm25 import Bm25Index
from rag.config import Config
from rag.embedding import get_encoder
from rag.records import Passage, ScoredPassage
from rag.store import PassageStore


def bm25_text(passage: Passage) -> str:
    # The sentence counts twice so its own words outrank words found only in its paragraph.
    return f"{passage.clean_text} {passage.clean_text} {passage.paragraph_text}"


class HybridRetriever:
    def __init__(self, store: PassageStore, config: Config,
                 passages: dict[str, Passage] | None = None) -> None:
        """Over `passages` (one published view of the index; default: the live manifest's)."""
        self.store = store
        self.config = config
        self.embedder = get_encoder(config)
        self.passages = passages if passages is not None else store.passage_map()
        self._bm25 = self._build_bm25()

    def _build_bm25(self) -> Bm25Index | None:
        if not self.passages:
            return None
        return Bm25Index(list(self.passages), [bm25_text(p) for p in self.passages.values()],
                         self.config.candidate_k)

    def dense(self, vector: list[float], k: int) -> list[tuple[str, float]]:
        # Chroma is shared with writers: while an ingest runs it also holds passages this
        # view does not (new versions, leftovers of an interrupted ingest), which are dropped
        # below. Asking for twice as many keeps k of our own in the list. The HNSW search
        # explores at least 100 candidates either way, so the top k is the same as asking k.
        pairs = self.store.nearest(vector, 2 * k)
        return [(pid, sim) for pid, sim in pairs if pid in self.passages][:k]

    def sparse(self, question: str) -> list[tuple[str, float]]:
        if self._bm25 is None or not re.search(r"\w\w", question):
            return []
        return [(pid, score) for pid, score in self._bm25.search(question)
                if pid in self.passages and score > 0]

    def retrieve(self, question: str, k: int,
                 vector: np.ndarray | None = None) -> list[ScoredPassage]:
        """Top-k fused passages; `vector` is the question's embedding when the caller has it."""
        if not self.passages:
            return []
        candidates = max(k, self.config.candidate_k)
        if vector is None:
            vector = self.embedder.embed_one(question)
        dense = self.dense(vector.tolist(), candidates)
        sparse = self.sparse(question)
        fused: dict[str, float] = {}
        dense_rank = {pid: rank for rank, (pid, _) in enumerate(dense)}
        dense_score = dict(dense)
        sparse_rank = {pid: rank for rank, (pid, _) in enumerate(sparse)}
        for ranks in (dense_rank, sparse_rank):
            for pid, rank in ranks.items():
                fused[pid] = fused.get(pid, 0.0) + 1.0 / (self.config.rrf_k + rank + 1)
        order = sorted(fused, key=lambda pid: (-fused[pid], self.passages[pid].ordinal))[:k]
        return [ScoredPassage(passage=self.passages[pid], score=fused[pid],
                              dense_rank=dense_rank.get(pid), sparse_rank=sparse_rank.get(pid),
                              dense_score=dense_score.get(pid))
                for pid in order]
