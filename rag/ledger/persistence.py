"""The ledger beside an index, with one owner: this module.

Three things live in the index folder: `ledger.json` (what readers load), `ledger.corpus.json`
(what it was built from: the document versions, doc_id -> sha256, and the version of the rules
with the rules switched off, so a stale ledger is noticed) and `ledger-cache/` (each document's
parses and claim embeddings, rag.ledger.cache). Ingest calls `refresh` after it writes passages,
under the index's write lock; the Engine calls it when it opens an index (an ingest killed
before its ledger step) and `read` when it publishes a view. Nothing else opens these files.
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

from rag.files import Stamp, file_stamp, write_durably
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

    # ---- is it current ---------------------------------------------------------------------
    def built_over(self) -> dict[str, str]:
        path = self.folder / LEDGER_CORPUS
        return json.loads(path.read_text("utf-8")) if path.exists() else {}

    def is_current(self, versions: Versions) -> bool:
        return self.built_over() == self._key(versions)

    def stamp(self) -> Stamp:
        """Changes whenever a new ledger is saved (by any process)."""
        return file_stamp(self.folder / LEDGER_CORPUS)

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
        versions; the caller holds the index's write lock."""
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
            self.save(ledger, versions)
            cache.prune(documents)   # after the save: a failed rebuild keeps the old entries
        return ledger

    # ---- save and read ---------------------------------------------------------------------
    def save(self, ledger: Ledger, versions: Versions) -> None:
        """Save the ledger with the versions it was built over (to detect staleness).

        Both files are written in full under temporary names first, then renamed: a failed
        write (a full disk) replaces nothing; a crash between the two renames leaves a corpus
        that no longer matches the manifest, so the ledger counts as stale and is rebuilt.
        """
        staged_ledger = self.folder / ("next-" + LEDGER)
        staged_corpus = self.folder / ("next-" + LEDGER_CORPUS)
        try:
            ledger.save(staged_ledger)
            write_durably(staged_corpus,
                          json.dumps(self._key(versions), indent=1).encode("utf-8"))
        except BaseException:
            for leftover in (staged_ledger, staged_corpus, staged_ledger.with_suffix(".tmp")):
                leftover.unlink(missing_ok=True)
            raise
        os.replace(staged_ledger, self.folder / LEDGER)
        os.replace(staged_corpus, self.folder / LEDGER_CORPUS)

    def read(self) -> Ledger:
        """The ledger on disk now (an empty one before the first build)."""
        return Ledger.load(self.folder / LEDGER)
