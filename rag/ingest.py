"""Ingest: read and check every file, parse, embed through llama-index, write to the store.

All files of a call are read, decoded and parsed before the first write, so a bad file anywhere
in the batch changes nothing. Unchanged files (same sha256) are skipped; changed files replace
their passages; the ledger is rebuilt over the whole corpus when anything changed. A failure
while writing (a full disk, a Chroma error) rolls the whole call back. Each document that
enters the index gets a line in the audit log.
"""
from __future__ import annotations

import copy
import errno
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rag import audit
from rag.audit import Actor
from rag.config import Config
from rag.document import build_document
from rag.embedding import get_embedder
from rag.errors import DiskFullError, InputError
from rag.ledger.persistence import LedgerFiles
from rag.reader import expand_paths, is_url, read_item
from rag.records import Document
from rag.store import DOCS_DIR, PassageStore, embedding_input, now_iso
from rag.timing import phase

log = logging.getLogger(__name__)


def parse_all(paths: Sequence[str | Path], config: Config, source: str | None,
              published: str | None) -> list[Document]:
    """Read, extract and parse every file and URL; the first bad one stops the call (an
    InputError naming it) before anything is written."""
    docs: list[Document] = []
    seen: set[Path | str] = set()
    for item in expand_paths(paths):
        key = item if isinstance(item, str) else item.resolve()
        if key in seen:   # the same file (or URL) named twice is one document
            continue
        seen.add(key)
        raw = read_item(item, config)
        docs.append(build_document(raw, source=source, published=published))
    owners: dict[str, str] = {}
    for doc in docs:
        if doc.doc_id in owners and owners[doc.doc_id] != doc.path:
            raise InputError(f"{doc.path} and {owners[doc.doc_id]} would both be document "
                             f"{doc.doc_id!r}; rename one of them")
        owners[doc.doc_id] = doc.path
    return docs


def _embed_passages(store: PassageStore, docs: list[Document]) -> list[list[float]]:
    """One llama-index batch over all passages, sorted by length so each model batch pads
    little (as fast as a raw encode), returned in the passages' own order."""
    texts = [embedding_input(p) for doc in docs for p in doc.passages]
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    embedder = get_embedder(store.config.embed_model)
    vectors = embedder.llama.get_text_embedding_batch([texts[i] for i in order])
    result: list[list[float]] = [[] for _ in texts]
    for position, index in enumerate(order):
        result[index] = vectors[position]
    return result


@dataclass
class _Journal:
    """What one ingest call wrote, to undo it on a failure or to clean up after it."""
    added: list[str] = field(default_factory=list)         # passage ids new in Chroma
    new_copies: list[Path] = field(default_factory=list)    # document copies new on disk
    stale: list[str] = field(default_factory=list)          # replaced passages, deleted last
    old_copies: list[Path] = field(default_factory=list)    # replaced copies, deleted last
    switched: bool = False                                  # the manifest was rewritten
    audited: list[dict[str, Any]] = field(default_factory=list)   # audit lines written


def _store_documents(store: PassageStore, docs: list[Document], manifest: dict[str, Any],
                     journal: _Journal, statuses: dict[str, str], actor: Actor) -> None:
    """Add or replace a chunk of documents.

    Order matters for readers and crashes: stored files and new passages first, then the
    manifest switch (atomic), then the audit lines. Stale passages and files stay until the
    whole call has succeeded (`_purge`): a rollback needs them, and readers ignore them.
    """
    if not docs:
        return
    files: dict[str, dict[str, str]] = {}
    for doc in docs:
        before = {p.name for p in (store.root / DOCS_DIR).glob(f"{doc.doc_id}.{doc.sha256[:16]}*")}
        try:
            files[doc.doc_id] = store.write_copies(doc)
        finally:   # a write that failed half-way leaves files the rollback must remove too
            journal.new_copies.extend(
                p for p in (store.root / DOCS_DIR).glob(f"{doc.doc_id}.{doc.sha256[:16]}*")
                if p.name not in before)
    with phase("ingest: embed passages"):
        vectors = iter(_embed_passages(store, docs))
    with phase("ingest: chroma lookup"):
        stored = store.stored_ids([d.doc_id for d in docs])
    rows = [(doc, p, next(vectors)) for doc in docs for p in doc.passages]
    new_rows = [(doc, p, v) for doc, p, v in rows
                if p.passage_id not in stored.get(doc.doc_id, set())]
    journal.added.extend(p.passage_id for _, p, _ in new_rows)   # before the write: a partial
    with phase("ingest: chroma add"):                             # add is undone too
        store.add_passages(new_rows)
    previous = {d.doc_id: manifest["documents"].get(d.doc_id) for d in docs}
    for doc in docs:
        manifest["documents"][doc.doc_id] = {
            **doc.metadata(), **files[doc.doc_id],
            "ingested_at": now_iso(), "line_kinds": _line_kind_counts(doc)}
    with phase("ingest: manifest switch"):
        store.write_manifest(manifest)   # a failed write replaced nothing (written, renamed)
    journal.switched = True
    journal.stale.extend(pid for doc in docs for pid in sorted(
        stored.get(doc.doc_id, set()) - {p.passage_id for p in doc.passages}))
    for doc in docs:
        old = previous[doc.doc_id] or {}
        new = manifest["documents"][doc.doc_id]
        for key in ("copy", "layout", "original"):
            if old.get(key) and old[key] != new.get(key):
                journal.old_copies.append(store.root / old[key])
    _audit(store, journal, actor, [
        _audit_entry(actor, statuses[doc.doc_id], doc.doc_id, manifest["documents"][doc.doc_id],
                     previous[doc.doc_id], _file_name(doc.path)) for doc in docs])


def _file_name(path: str) -> str:
    """What the audit names: a file by its name (uploads sit in random temp folders), a URL
    whole."""
    return path if is_url(path) else Path(path).name


def _audit_entry(actor: Actor, action: str, doc_id: str, meta: dict[str, Any],
                 previous: dict[str, Any] | None, file_name: str) -> dict[str, Any]:
    return {"time": now_iso(), "user": actor.user, "via": actor.via, "client": actor.client,
            "action": action, "doc_id": doc_id, "file": file_name, "title": meta.get("title"),
            "source": meta.get("source"), "published": meta.get("published"),
            "sha256": meta["sha256"], "n_passages": meta.get("n_passages"),
            "previous_sha256": (previous or {}).get("sha256"),
            "previous_source": (previous or {}).get("source")}


def _audit(store: PassageStore, journal: _Journal, actor: Actor,
           entries: list[dict[str, Any]]) -> None:
    audit.append(store.root, entries)
    journal.audited.extend(entries)


def _roll_back(store: PassageStore, journal: _Journal, actor: Actor, reason: str) -> str | None:
    """Put the index back as it was before the call; returns what could not be undone.

    The manifest goes back first, by renaming the link to the old one kept at the start (a
    rename needs no free space), so the index never names a copy or passage that is gone. No
    reader sees the steps in between: other processes wait for the write lock, and this
    process's readers keep their published view.
    """
    if journal.switched:
        try:
            store.restore_manifest()
        except OSError as exc:
            return f"the manifest could not be restored ({exc})"
    for path in journal.new_copies:
        path.unlink(missing_ok=True)
    try:
        store.delete_passages(journal.added)
    except Exception as exc:  # noqa: BLE001 - leftovers are ignored by readers
        log.warning("rollback: %d new passages stay in Chroma as ignored leftovers (%s)",
                    len(journal.added), exc)
    if journal.audited:
        try:
            audit.append(store.root, [
                {**_audit_entry(actor, "rolled_back", e["doc_id"], e, None, e["file"]),
                 "reason": reason} for e in journal.audited])
        except OSError as exc:
            log.error("rollback of %s not written to the audit log (%s)",
                      [e["doc_id"] for e in journal.audited], exc)
    return None


def _purge(store: PassageStore, journal: _Journal) -> None:
    """After a successful call: drop the replaced versions' passages and copies."""
    try:
        with phase("ingest: chroma delete"):
            store.delete_passages(journal.stale)
    except Exception:
        log.warning("could not delete %d replaced passages; readers ignore them",
                    len(journal.stale), exc_info=True)
    for path in journal.old_copies:
        path.unlink(missing_ok=True)


def is_disk_full(exc: BaseException) -> bool:
    """ENOSPC/EDQUOT anywhere in the chain, or the same reported as text by SQLite (Chroma)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        text = str(current).lower()
        if "no space left on device" in text or "database or disk is full" in text \
                or "disk quota exceeded" in text:
            return True
        current = current.__cause__ or current.__context__
    return False


def _line_kind_counts(doc: Document) -> dict[str, int]:
    counts: dict[str, int] = {}
    for line in doc.lines:
        counts[line.kind] = counts.get(line.kind, 0) + 1
    return counts


def ingest_paths(store: PassageStore, ledger: LedgerFiles, paths: Sequence[str | Path],
                 source: str | None = None, published: str | None = None,
                 actor: Actor | None = None, on_commit: Callable[[], None] | None = None
                 ) -> list[dict[str, Any]]:
    with phase("ingest: parse files"):
        docs = parse_all(paths, store.config, source, published)
    return ingest_documents(store, ledger, docs, source, published, actor, on_commit)


def ingest_documents(store: PassageStore, ledger: LedgerFiles, docs: list[Document],
                     source: str | None = None, published: str | None = None,
                     actor: Actor | None = None, on_commit: Callable[[], None] | None = None
                     ) -> list[dict[str, Any]]:
    """Store documents parsed by parse_all (the CLI parses before it loads the model), under
    the index's write lock.

    Either the whole call lands (documents, passages, ledger, audit lines) or, on any error,
    the index is put back as it was: a full disk gives a DiskFullError saying so. `on_commit`
    runs once everything is in place and before the replaced versions are deleted (the engine
    publishes its new view there, so questions in flight never lose the old one).
    """
    actor = actor or Actor.local("library")
    statuses: dict[str, str] = {}
    with store.write_lock.hold():
        manifest = copy.deepcopy(store.manifest())
        to_store: list[Document] = []
        updated: list[tuple[Document, dict[str, Any]]] = []
        for doc in docs:
            meta = manifest["documents"].get(doc.doc_id)
            if meta and meta["sha256"] == doc.sha256:
                updates = {k: v for k, v in (("source", source), ("published", published))
                           if v and meta.get(k) != v}
                if updates:
                    updated.append((doc, dict(meta)))
                meta.update(updates)
                statuses[doc.doc_id] = "metadata_updated" if updates else "unchanged"
            else:
                to_store.append(doc)
                statuses[doc.doc_id] = "replaced" if meta else "added"
        journal = _Journal()
        try:
            if to_store or updated:
                store.keep_manifest_for_rollback()
            if updated:
                store.write_manifest(manifest)
                journal.switched = True
                _audit(store, journal, actor, [
                    _audit_entry(actor, "metadata_updated", doc.doc_id,
                                 manifest["documents"][doc.doc_id], old, _file_name(doc.path))
                    for doc, old in updated])
            chunk = store.config.ingest_chunk_documents
            for i in range(0, len(to_store), chunk):
                _store_documents(store, to_store[i:i + chunk], manifest, journal, statuses,
                                 actor)
            with phase("ingest: ledger"):
                ledger.refresh(store.versions(), store.all_documents,
                               force=bool(to_store or updated))
        except Exception as exc:
            full = is_disk_full(exc)
            reason = "disk full" if full else f"{type(exc).__name__}: {exc}"
            unrestored = _roll_back(store, journal, actor, reason) \
                if journal.switched or journal.added or journal.new_copies else None
            if not unrestored:
                store.drop_rollback_manifest()
            if unrestored:
                log.error("ingest failed (%s) and %s; the next start repairs the index",
                          reason, unrestored)
            if full and not unrestored:
                raise DiskFullError(f"no space left on the disk holding the index "
                                    f"({store.root}): nothing was added and the index is as "
                                    f"it was. Free some space and try again") from None
            if full:
                raise DiskFullError(f"no space left on the disk holding the index "
                                    f"({store.root}): the ingest stopped, but {unrestored}. "
                                    "Free some space and restart: the index then repairs "
                                    "itself") from None
            raise
        store.drop_rollback_manifest()
        if on_commit is not None:
            on_commit()
        _purge(store, journal)
    final = store.manifest()["documents"]
    return [{"doc_id": doc.doc_id, "path": doc.path, "status": statuses[doc.doc_id],
             "n_passages": len(doc.passages), "title": doc.title,
             "source": final[doc.doc_id]["source"],
             "published": final[doc.doc_id].get("published"),
             "format": final[doc.doc_id].get("format", doc.fmt)} for doc in docs]

