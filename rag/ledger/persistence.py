"""The ledger beside an index, with one owner: this module.

Three things live in the index folder: `ledger.json` (what readers load), `ledger.corpus.json`
(what it was built from: the document versions, doc_id -> sha256, and the version of the rules
with the rules switched off, so a stale ledger is noticed) and
`ledger-cache/` (each document's parses and claim embeddings, rag.ledger.cache). Ingest calls
`refresh` after it writes passages; the Engine calls it when it opens an index (an ingest killed
before its ledger step) and `load` to read. Nothing else opens these files.
"""
from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from pathlib import Path

from rag.ledger.model import Ledger
from rag.records import Document
from rag.timing import phase

LEDGER = "ledger.json"
LEDGER_CORPUS = "ledger.corpus.json"
CACHE_DIR = "ledger-cache"

Versions = dict[str, str]   # doc_id -> sha256 of the document version


class LedgerFiles:
    def __init__(self, folder: Path, embed_model: str | None = None,
                 nli_model: str | None = None,
                 disabled_rules: frozenset[str] = frozenset()) -> None:
        self.folder = Path(folder)
        self.embed_model = embed_model
        self.nli_model = nli_model
        self.disabled_rules = disabled_rules
        self._lock = threading.Lock()
        self._loaded: Ledger | None = None
        self._stamp: tuple[int, int] | None = None

    # ---- is it current ---------------------------------------------------------------------
    def built_over(self) -> Versions:
        path = self.folder / LEDGER_CORPUS
        return json.loads(path.read_text("utf-8")) if path.exists() else {}

    def is_current(self, versions: Versions) -> bool:
        return self.built_over() == self._key(versions)

    def _key(self, versions: Versions) -> dict[str, str]:
        """What a ledger is built from: the document versions, plus the version of the rules
        and the rules switched off, so a ledger built by older rules is rebuilt."""
        from rag.ledger.version import RULES_VERSION

        rules = f"{RULES_VERSION}|{','.join(sorted(self.disabled_rules))}"
        return {**versions, "\x00rules": rules}

    # ---- rebuild ---------------------------------------------------------------------------
    def refresh(self, versions: Versions, documents: Callable[[], list[Document]],
                force: bool = False) -> None:
        """Rebuild over `documents()` when forced or when the ledger was built over other
        versions; the caller holds the index's writer lock."""
        if force or not self.is_current(versions):
            self.rebuild(documents(), versions)

    def rebuild(self, documents: list[Document], versions: Versions) -> Ledger:
        from rag.embedding import get_embedder
        from rag.ledger.build import build_ledger
        from rag.ledger.cache import LedgerCache

        embedder = get_embedder(self.embed_model)
        cache = LedgerCache(self.folder / CACHE_DIR, embedder.model_name)
        ledger = build_ledger(documents, embed=embedder.embed, nli_model=self.nli_model,
                              cache=cache, disabled=self.disabled_rules)
        with phase("ledger: save"):
            cache.prune(documents)
            self.save(ledger, versions)
        return ledger

    # ---- save and load ---------------------------------------------------------------------
    def save(self, ledger: Ledger, versions: Versions) -> None:
        """The ledger first, then the versions it was built over (both by atomic rename): a
        crash between the two leaves a ledger marked stale, rebuilt at the next open."""
        ledger.save(self.folder / LEDGER)
        tmp = self.folder / (LEDGER_CORPUS + ".tmp")
        tmp.write_text(json.dumps(self._key(versions), indent=1), "utf-8")
        os.replace(tmp, self.folder / LEDGER_CORPUS)
        with self._lock:
            self._loaded, self._stamp = ledger, self._file_stamp()

    def load(self) -> Ledger:
        """The saved ledger, read again only when the file changed (another process ingests)."""
        stamp = self._file_stamp()
        with self._lock:
            if self._loaded is not None and stamp == self._stamp:
                return self._loaded
        ledger = Ledger.load(self.folder / LEDGER)
        with self._lock:
            self._loaded, self._stamp = ledger, stamp
        return ledger

    def _file_stamp(self) -> tuple[int, int] | None:
        try:
            stat = (self.folder / LEDGER).stat()
        except FileNotFoundError:
            return None
        return stat.st_mtime_ns, stat.st_size
