"""The library facade every surface calls (CLI, Gradio app, eval): one object, one code path.

Opening an Engine opens the index (embedded Chroma folder, or a Chroma server when configured),
ingests the shipped articles when the index is empty, and loads the ledger.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rag.config import Config, load_config
from rag.corpus import Corpus
from rag.ledger.model import Ledger
from rag.ledger.persistence import LedgerFiles
from rag.questions import check_question
from rag.records import Answer, Document, Passage, ScoredPassage, Turn

if TYPE_CHECKING:
    import numpy as np

    from rag.answer import Composer
    from rag.retrieve import HybridRetriever


class Engine:
    def __init__(self, config: Config | None = None, auto_ingest: bool = True) -> None:
        from rag.store import PassageStore  # heavy imports stay out of `import rag.engine`

        self.config = config or load_config()
        self.store = PassageStore(self.config)
        self.ledger_files = LedgerFiles(self.config.index_dir, self.config.embed_model,
                                        self.config.nli_model,
                                        self.config.ledger_disabled_rules)
        self._lock = threading.RLock()
        if auto_ingest and self.store.is_empty():
            self.ingest_shipped()
        self._ensure_ledger()
        self._ensure_query_model()
        self._retriever: HybridRetriever | None = None
        self._composer: Composer | None = None

    # ---- ingest ---------------------------------------------------------------------------
    def ingest(self, paths: Sequence[str | Path], source: str | None = None,
               published: str | None = None) -> list[dict[str, Any]]:
        """Add or replace articles (files, folders, http(s) URLs); returns one result per
        document: doc_id, status, n_passages, title, source, published, format.

        Every file is read and checked before anything is written, so one bad file in a batch
        leaves the index exactly as it was.
        """
        from rag.ingest import ingest_paths

        with self._lock:
            results = ingest_paths(self.store, self.ledger_files, paths, source=source,
                                   published=published)
            self._retriever = None   # BM25 and caches rebuild lazily over the new corpus
            self._composer = None
        self._ensure_query_model()
        return results

    def ingest_documents(self, docs: list[Document], source: str | None = None,
                         published: str | None = None) -> list[dict[str, Any]]:
        """Store documents already read by rag.ingest.parse_all (no second read or fetch)."""
        from rag.ingest import ingest_documents

        with self._lock:
            results = ingest_documents(self.store, self.ledger_files, docs, source=source,
                                       published=published)
            self._retriever = None
            self._composer = None
        self._ensure_query_model()
        return results

    def _ensure_ledger(self) -> None:
        """Rebuild the ledger when it was built over other document versions (an ingest that
        was interrupted before its ledger step, or an index from an older build)."""
        if self.store.is_empty() or self.ledger_files.is_current(self.store.versions()):
            return
        with self.store.writer_lock():
            self.ledger_files.refresh(self.store.versions(), self.store.all_documents)

    def _ensure_query_model(self) -> None:
        """Export the embedding model to ONNX once, so questions never wait for torch; done when
        the index has documents (an ingest loaded torch already; an index from an older build
        pays it once at open)."""
        from rag.embedding import ensure_onnx

        if not self.store.is_empty():
            ensure_onnx(self.config)

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
        return self.ledger_files.load()

    # ---- question answering ---------------------------------------------------------------
    def check_question(self, question: str) -> str:
        """The question, whitespace-normalised; InputError with a clear message if unusable."""
        return check_question(question, self.config.max_question_chars)

    def retrieve(self, question: str, k: int | None = None,
                 vector: np.ndarray | None = None) -> list[ScoredPassage]:
        """Hybrid top-k passages; pass `vector` (the question's embedding) to skip re-embedding."""
        question = self.check_question(question)
        return self.retriever().retrieve(question, k or self.config.top_k, vector=vector)

    def retriever(self) -> HybridRetriever:
        """The hybrid retriever over the live passages (rebuilt lazily after an ingest)."""
        from rag.retrieve import HybridRetriever

        with self._lock:
            if self._retriever is None:
                self._retriever = HybridRetriever(self.store, self.config)
            return self._retriever

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

    def composer(self) -> Composer:
        """The answer composer over a snapshot of the corpus (rebuilt lazily after an ingest)."""
        from rag.answer import Composer

        with self._lock:
            if self._composer is None:
                corpus = Corpus(passages=tuple(self.passages()),
                                documents=tuple(self.documents()), ledger=self.ledger())
                self._composer = Composer(self.retriever(), corpus, self.config)
            return self._composer

    def close(self) -> None:
        self.store.close()
