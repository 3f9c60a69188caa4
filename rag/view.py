"""One published version of the index: what every question reads.

A view holds a manifest, the ledger built over exactly that manifest, and (built on first use)
the passages, the hybrid retriever and the composer over them. It never changes after it is
built. The engine swaps in a new view when an ingest has completed (or another process's ingest
has), with one reference assignment; a question takes the current view once and uses it to the
end, so it sees the old index or the new one, never a mix, and never waits for a writer.
"""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from rag.config import Config
from rag.corpus import Corpus
from rag.ledger.model import Ledger
from rag.questions import check_question
from rag.records import Document, Passage, ScoredPassage
from rag.store import PassageStore, Stamp

if TYPE_CHECKING:
    import numpy as np

    from rag.answer import Composer
    from rag.retrieve import HybridRetriever


class IndexView:
    def __init__(self, store: PassageStore, config: Config, manifest: dict[str, Any],
                 ledger: Ledger, stamp: tuple[Stamp, Stamp],
                 reuse: Composer | None = None) -> None:
        self.store = store
        self.config = config
        self.stamp = stamp   # (manifest, ledger) file stamps this view was read at
        self._meta: dict[str, dict[str, Any]] = manifest["documents"]
        self._ledger = ledger
        self._reuse = reuse                    # the previous composer: its sentence vectors
        self._lock = threading.RLock()   # re-entrant: building the retriever reads passages
        self._documents: dict[str, Document] = {}
        self._passages: list[Passage] | None = None
        self._retriever: HybridRetriever | None = None
        self._composer: Composer | None = None

    # ---- what the index holds --------------------------------------------------------------
    def documents(self) -> list[dict[str, Any]]:
        return list(self._meta.values())

    def doc_ids(self) -> set[str]:
        return set(self._meta)

    def document(self, doc_id: str) -> Document:
        meta = self._meta.get(doc_id)
        if meta is None:
            raise KeyError(f"no document {doc_id!r} in the index")
        with self._lock:
            if doc_id in self._documents:
                return self._documents[doc_id]
        doc = self.store.load_document(doc_id, meta)
        with self._lock:
            return self._documents.setdefault(doc_id, doc)

    def passages(self) -> list[Passage]:
        """Every passage of this version, in document then reading order."""
        if self._passages is None:
            passages = [p for doc_id in sorted(self._meta)
                        for p in self.document(doc_id).passages]
            with self._lock:
                if self._passages is None:
                    self._passages = passages
        return self._passages

    def ledger(self) -> Ledger:
        return self._ledger

    # ---- retrieval and answers -------------------------------------------------------------
    def retriever(self) -> HybridRetriever:
        from rag.retrieve import HybridRetriever

        with self._lock:
            if self._retriever is None:
                self._retriever = HybridRetriever(
                    self.store, self.config, {p.passage_id: p for p in self.passages()})
            return self._retriever

    def retrieve(self, question: str, k: int | None = None,
                 vector: np.ndarray | None = None) -> list[ScoredPassage]:
        question = check_question(question, self.config.max_question_chars)
        return self.retriever().retrieve(question, k or self.config.top_k, vector=vector)

    def composer(self) -> Composer:
        from rag.answer import Composer

        self.retriever()   # outside the composer lock: BM25 first, then the sentence vectors
        with self._lock:
            if self._composer is None:
                corpus = Corpus(passages=tuple(self.passages()),
                                documents=tuple(self.documents()), ledger=self._ledger)
                self._composer = Composer(self.retriever(), corpus, self.config,
                                          reuse=self._reuse)
                self._reuse = None   # let the old view go
            return self._composer

    def warm(self) -> None:
        """Build the retriever and the composer now (before the view is published)."""
        self.composer()

    @property
    def warmed(self) -> bool:
        return self._composer is not None
