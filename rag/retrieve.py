"""Hybrid retrieval: dense (Chroma through llama-index) + BM25 (llama-index-retrievers-bm25),
fused by reciprocal rank fusion.

Dense catches paraphrase ("troops" for "soldiers"); BM25 catches exact names and numbers
("Kalibr", "309"). RRF needs no score calibration between the two, which is why it is used.
"""
from __future__ import annotations

import logging
import re
import threading

import numpy as np

from rag.config import Config
from rag.embedding import get_embedder
from rag.records import Passage, ScoredPassage
from rag.store import PassageStore

log = logging.getLogger(__name__)


def bm25_text(passage: Passage) -> str:
    # The sentence counts twice so its own words outrank words found only in its paragraph.
    return f"{passage.clean_text} {passage.clean_text} {passage.paragraph_text}"


class HybridRetriever:
    def __init__(self, store: PassageStore, config: Config,
                 passages: dict[str, Passage] | None = None) -> None:
        """Over `passages` (one published view of the index; default: the live manifest's)."""
        self.store = store
        self.config = config
        self.embedder = get_embedder(config.embed_model)
        self.passages = passages if passages is not None else store.passage_map()
        self._bm25 = self._build_bm25()
        self._bm25_lock = threading.Lock()

    def _build_bm25(self):  # noqa: ANN202 - llama-index BM25Retriever or None
        if not self.passages:
            return None
        from llama_index.core.schema import TextNode
        from llama_index.retrievers.bm25 import BM25Retriever

        nodes = [TextNode(id_=pid, text=bm25_text(p)) for pid, p in self.passages.items()]
        logging.getLogger("llama_index.retrievers.bm25").setLevel(logging.ERROR)
        return BM25Retriever.from_defaults(nodes=nodes,
                                           similarity_top_k=min(self.config.candidate_k,
                                                                len(nodes)))

    def dense(self, vector: list[float], k: int) -> list[tuple[str, float]]:
        from llama_index.core.vector_stores.types import VectorStoreQuery

        # Chroma is shared with writers: while an ingest runs it also holds passages this
        # view does not (new versions, leftovers of an interrupted ingest), which are dropped
        # below. Asking for twice as many keeps k of our own in the list. The HNSW search
        # explores at least 100 candidates either way, so the top k is the same as asking k.
        result = self.store.vector_store.query(
            VectorStoreQuery(query_embedding=vector, similarity_top_k=2 * k))
        pairs = zip(result.ids or [], result.similarities or [])
        return [(pid, float(sim)) for pid, sim in pairs if pid in self.passages][:k]

    def sparse(self, question: str) -> list[tuple[str, float]]:
        if self._bm25 is None or not re.search(r"\w\w", question):
            return []
        with self._bm25_lock:   # bm25s keeps per-call state; the app answers concurrently
            hits = self._bm25.retrieve(question)
        return [(h.node.node_id, float(h.score or 0.0)) for h in hits
                if h.node.node_id in self.passages and (h.score or 0.0) > 0]

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
