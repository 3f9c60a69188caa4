"""The library facade every surface calls (CLI, Gradio app, eval): one object, one code path.

Opening an Engine opens the index (embedded Chroma folder, or a Chroma server when configured),
ingests the shipped articles when the index is empty, and repairs a stale ledger.

Readers and writers: every read goes through the current `IndexView` (rag.view), an immutable
version of the index taken whole. Writes (ingest, ledger repair) hold the index's one write
lock (rag.store.WriteLock) across threads and processes; an ingest builds and warms the next
view while the old one keeps answering, then swaps it in. Changes made by another process (a
`rag ingest` beside the app) are picked up by the first question after that process finished.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rag.audit import Actor
from rag.config import Config, load_config
from rag.errors import ReadOnlyError
from rag.files import Stamp
from rag.ledger.model import Ledger
from rag.ledger.persistence import LedgerFiles
from rag.questions import check_question
from rag.records import Answer, Document, Passage, ScoredPassage, Turn

if TYPE_CHECKING:
    import numpy as np

    from rag.answer import Composer
    from rag.view import IndexView

log = logging.getLogger(__name__)

READ_ONLY_MESSAGE = ("This instance is read-only (RAG_APP_READONLY=1): articles cannot be added "
                     "or replaced here. Questions, the ledger and exports still work.")


class Engine:
    def __init__(self, config: Config | None = None, auto_ingest: bool = True,
                 read_only: bool = False) -> None:
        from rag.store import PassageStore  # heavy imports stay out of `import rag.engine`

        self.config = config or load_config()
        self.read_only = read_only
        self.store = PassageStore(self.config)
        self._view: IndexView | None = None
        self._view_lock = threading.Lock()   # one thread (re)builds a view at a time
        self.ledger_files = LedgerFiles(self.config.index_dir, self.config.embed_model,
                                        self.config.nli_model,
                                        self.config.ledger_disabled_rules)
        if auto_ingest and self.store.is_empty():
            if read_only:
                log.warning("the index at %s is empty and this instance is read-only: "
                            "nothing to answer from until articles are ingested elsewhere",
                            self.config.index_dir)
            else:
                self.ingest_shipped()
        self._ensure_ledger()
        self._ensure_query_model()

    # ---- ingest ---------------------------------------------------------------------------
    def ingest(self, paths: Sequence[str | Path], source: str | None = None,
               published: str | None = None, actor: Actor | None = None
               ) -> list[dict[str, Any]]:
        """Add or replace articles (files, folders, http(s) URLs); returns one result per
        document: doc_id, status, n_passages, title, source, published, format.

        Every file is read and checked before anything is written, so one bad file in a batch
        leaves the index exactly as it was; so does a failure while writing (a full disk).
        `actor` is who asked, for the audit log.
        """
        from rag.ingest import ingest_paths

        if self.read_only:
            raise ReadOnlyError(READ_ONLY_MESSAGE)
        results = ingest_paths(self.store, self.ledger_files, paths, source=source,
                               published=published, actor=actor or Actor.local("library"),
                               on_commit=self._publish_after_write)
        self._ensure_query_model()
        return results

    def ingest_documents(self, docs: list[Document], source: str | None = None,
                         published: str | None = None, actor: Actor | None = None
                         ) -> list[dict[str, Any]]:
        """Store documents already read by rag.ingest.parse_all (no second read or fetch)."""
        from rag.ingest import ingest_documents

        if self.read_only:
            raise ReadOnlyError(READ_ONLY_MESSAGE)
        results = ingest_documents(self.store, self.ledger_files, docs, source=source,
                                   published=published, actor=actor or Actor.local("library"),
                                   on_commit=self._publish_after_write)
        self._ensure_query_model()
        return results

    def _publish_after_write(self) -> None:
        """Called under the write lock once an ingest is complete: build the next view (warm,
        if the current one was) and swap it in while questions keep using the old one."""
        previous = self._view
        try:
            fresh = self._read_view(previous)
            if fresh is not None and previous is not None and previous.warmed:
                fresh.warm()
        except Exception:
            log.exception("building the new index view failed; it is rebuilt on next use")
            fresh = None
        # no _view_lock here: a reader holding it may be waiting for this writer's lock
        self._view = fresh

    def _ensure_ledger(self) -> None:
        """Rebuild the ledger when it was built over other document versions (an ingest or a
        ledger rebuild that was killed part-way, or an index from an older build)."""
        if self.store.is_empty() or self.ledger_files.is_current(self.store.versions()):
            return
        with self.store.write_lock.hold():
            if not self.store.is_empty() and \
                    not self.ledger_files.is_current(self.store.versions()):
                log.warning("the ledger of %s does not match its documents (an ingest was "
                            "interrupted); rebuilding it", self.config.index_dir)
                self.ledger_files.refresh(self.store.versions(), self.store.all_documents)

    def _ensure_query_model(self) -> None:
        """Export the embedding model to ONNX once, so questions never wait for torch; done when
        the index has documents (an ingest loaded torch already; an index from an older build
        pays it once at open)."""
        from rag.embedding import ensure_onnx

        if not self.store.is_empty():
            ensure_onnx(self.config)

    def _state_stamp(self) -> tuple[Stamp, Stamp]:
        """Changes whenever the manifest or the ledger is replaced (by any process)."""
        return self.store.manifest_stamp(), self.ledger_files.stamp()

    def ingest_shipped(self) -> list[dict[str, Any]]:
        articles = self.config.articles_dir
        if not articles.is_dir():
            return []
        return self.ingest([articles], actor=Actor.local("shipped articles"))

    # ---- the current view -----------------------------------------------------------------
    def view(self) -> IndexView:
        """The index as of the last completed write. Never waits for a writer, except on the
        very first call while another process is half-way through an ingest."""
        current = self._view
        if current is not None and current.stamp == self._state_stamp():
            return current
        # Changed on disk (another process wrote), or not built yet. One thread refreshes;
        # the others keep answering from the view they have.
        if current is not None and not self._view_lock.acquire(blocking=False):
            return current
        if current is None:
            self._view_lock.acquire()
        try:
            current = self._view
            if current is not None and current.stamp == self._state_stamp():
                return current
            fresh = self._read_view(current, wait=current is None)
            if fresh is None and (current is None or self._no_writer()):
                # the ledger does not match the manifest and nobody is writing: a writer died
                # before its ledger step; repair, then read again
                self._ensure_ledger()
                fresh = self._read_view(current, wait=True)
            if fresh is None:
                return current   # type: ignore[return-value]  # a writer is mid-way
            if self._view is current or fresh.stamp == self._state_stamp():
                self._view = fresh   # never over a newer view a writer published meanwhile
            if current is not None and not self.config.server_mode:
                log.warning("another process changed the index at %s: this process's embedded "
                            "Chroma does not see passages written elsewhere until it restarts "
                            "(run Chroma as a server to share an index between processes)",
                            self.config.index_dir)
            return fresh
        finally:
            self._view_lock.release()

    def _no_writer(self) -> bool:
        with self.store.write_lock.shared(wait=False) as free:
            return free

    def _read_view(self, previous: IndexView | None, wait: bool = True) -> IndexView | None:
        """A view of what is on disk now, or None while a writer (elsewhere) is mid-way or
        the ledger does not match the manifest yet."""
        from rag.view import IndexView

        with self.store.write_lock.shared(wait=wait) as consistent:
            if not consistent:
                return None
            stamp = self._state_stamp()
            manifest = self.store.manifest()
            versions = {d: m["sha256"] for d, m in manifest["documents"].items()}
            if versions and not self.ledger_files.is_current(versions):
                return None   # built over other documents (or other rules): not this one's
            ledger = self.ledger_files.read() if versions else Ledger()
            reuse = previous._composer if previous is not None else None
            return IndexView(self.store, self.config, manifest, ledger, stamp, reuse=reuse)

    # ---- read -----------------------------------------------------------------------------
    def documents(self) -> list[dict[str, Any]]:
        return self.view().documents()

    def document(self, doc_id: str) -> Document:
        return self.view().document(doc_id)

    def document_text(self, doc_id: str) -> str:
        return self.view().document(doc_id).text

    def passages(self) -> list[Passage]:
        return self.view().passages()

    def ledger(self) -> Ledger:
        return self.view().ledger()

    # ---- question answering ---------------------------------------------------------------
    def check_question(self, question: str) -> str:
        """The question, whitespace-normalised; InputError with a clear message if unusable."""
        return check_question(question, self.config.max_question_chars)

    def retrieve(self, question: str, k: int | None = None,
                 vector: np.ndarray | None = None) -> list[ScoredPassage]:
        """Hybrid top-k passages; pass `vector` (the question's embedding) to skip re-embedding."""
        question = self.check_question(question)
        return self.view().retrieve(question, k, vector=vector)

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
        view = self.view()
        if not view.doc_ids():
            return []
        return view.composer().example_questions(documents)

    def composer(self) -> Composer:
        """The composer of the current view (one version of the index for a whole answer)."""
        return self.view().composer()

    def close(self) -> None:
        self._view = None
        self.store.close()
