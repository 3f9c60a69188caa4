"""The library facade every surface calls (CLI, Gradio app, eval): one object, one code path.

Opening an Engine opens the index (embedded Chroma folder, or a Chroma server when configured),
ingests the shipped articles when the index is empty, and loads the ledger.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rag.config import Config, load_config
from rag.questions import check_question
from rag.ledger.model import Ledger
from rag.records import Answer, Document, Passage, ScoredPassage

if TYPE_CHECKING:
    import numpy as np

Turn = tuple[str, str]   # (question, answer) of an earlier turn in a conversation


class Engine:
    def __init__(self, config: Config | None = None, auto_ingest: bool = True) -> None:
        from rag.store import PassageStore   # heavy imports stay out of `import rag.engine`

        self.config = config or load_config()
        self.store = PassageStore(self.config)
        self._lock = threading.RLock()
        if auto_ingest and self.store.is_empty():
            self.ingest_shipped()
        self._ensure_ledger()
        self._retriever = None
        self._composer = None

    # ---- ingest ---------------------------------------------------------------------------
    def ingest(self, paths: list[str | Path], source: str | None = None,
               published: str | None = None) -> list[dict[str, Any]]:
        """Add or replace articles (files, folders, http(s) URLs); returns one result per
        document: doc_id, status, n_passages, title, source, published, format.

        Every file is read and checked before anything is written, so one bad file in a batch
        leaves the index exactly as it was.
        """
        from rag.ingest import ingest_paths

        with self._lock:
            results = ingest_paths(self.store, paths, source=source, published=published)
            self._retriever = None   # BM25 and caches rebuild lazily over the new corpus
            self._composer = None
            return results

    def ingest_documents(self, docs: list[Document], source: str | None = None,
                         published: str | None = None) -> list[dict[str, Any]]:
        """Store documents already read by rag.ingest.parse_all (no second read or fetch)."""
        from rag.ingest import ingest_documents

        with self._lock:
            results = ingest_documents(self.store, docs, source=source, published=published)
            self._retriever = None
            self._composer = None
            return results

    def _ensure_ledger(self) -> None:
        """Rebuild the ledger when it was built over other document versions (an ingest that
        was interrupted before its ledger step, or an index from an older build)."""
        from rag.ingest import index_lock, ledger_is_current, rebuild_ledger

        if self.store.is_empty() or ledger_is_current(self.store):
            return
        with index_lock(self.store):
            if not ledger_is_current(self.store):
                rebuild_ledger(self.store)

    def ingest_shipped(self) -> list[dict[str, Any]]:
        articles = self.config.articles_dir
        if not articles.is_dir():
            return []
        return self.ingest([articles])

    # ---- read -----------------------------------------------------------------------------
    def documents(self) -> list[dict[str, Any]]:
        return self.store.documents()

    def document(self, doc_id: str) -> Document:
        return self.store.document(doc_id)

    def document_text(self, doc_id: str) -> str:
        return self.store.document_text(doc_id)

    def passages(self) -> list[Passage]:
        return self.store.all_passages()

    def ledger(self) -> Ledger:
        return self.store.ledger()

    # ---- question answering ---------------------------------------------------------------
    def check_question(self, question: str) -> str:
        """The question, whitespace-normalised; InputError with a clear message if unusable."""
        return check_question(question, self.config.max_question_chars)

    def retrieve(self, question: str, k: int | None = None,
                 vector: "np.ndarray | None" = None) -> list[ScoredPassage]:
        """Hybrid top-k passages; pass `vector` (the question's embedding) to skip re-embedding."""
        from rag.retrieve import HybridRetriever

        question = self.check_question(question)
        with self._lock:
            if self._retriever is None:
                self._retriever = HybridRetriever(self.store, self.config)
            retriever = self._retriever
        return retriever.retrieve(question, k or self.config.top_k, vector=vector)

    def ask(self, question: str, history: list[Turn] | None = None,
            documents: list[str] | None = None) -> Answer:
        """Answer with citations and flags; the one path shared by CLI, app and eval.
        `documents`: ask only these documents (ids), e.g. the article a reader has open."""
        started = time.perf_counter()
        answer = self.composer().compose(self.check_question(question), history or [],
                                         documents)
        answer.latency_ms = (time.perf_counter() - started) * 1000
        return answer

    def ask_stream(self, question: str, history: list[Turn] | None = None,
                   documents: list[str] | None = None) -> Iterator[str | Answer]:
        """Yield answer text deltas as they are produced, then the final Answer."""
        started = time.perf_counter()
        answer: Answer | None = None
        for item in self.composer().compose_stream(self.check_question(question),
                                                   history or [], documents):
            if isinstance(item, Answer):
                answer = item
            else:
                yield item
        assert answer is not None
        answer.latency_ms = (time.perf_counter() - started) * 1000
        yield answer

    def example_questions(self, documents: list[str] | None = None) -> list[str]:
        """Example questions about the given documents (the newest first), or all loaded."""
        if self.store.is_empty():
            return []
        return self.composer().example_questions(documents)

    def composer(self):  # noqa: ANN202 - returns rag.answer.Composer
        from rag.answer import Composer

        with self._lock:
            if self._composer is None:
                self._composer = Composer(self, self.config)
            return self._composer

    def close(self) -> None:
        self.store.close()
