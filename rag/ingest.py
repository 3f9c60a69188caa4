"""Ingest: read and check every file, parse, embed through llama-index, write to the store.

All files of a call are read, decoded and parsed before the first write, so a bad file anywhere
in the batch changes nothing. Unchanged files (same sha256) are skipped; changed files replace
their passages; the ledger is rebuilt over the whole corpus when anything changed.
"""
from __future__ import annotations

import copy
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rag.config import Config
from rag.document import build_document
from rag.embedding import get_embedder
from rag.errors import InputError
from rag.ledger.persistence import LedgerFiles
from rag.reader import expand_paths, read_item
from rag.records import Document
from rag.store import PassageStore, embedding_input, now_iso
from rag.timing import phase


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


def _store_documents(store: PassageStore, docs: list[Document],
                     manifest: dict[str, Any]) -> None:
    """Add or replace a chunk of documents.

    Order matters for readers and crashes: copies and new passages first, then the manifest
    switch (atomic), then stale passages and copies go. Before the switch readers see the old
    versions complete; after it, the new ones; leftovers of a crash are ignored by readers.
    """
    if not docs:
        return
    files = {doc.doc_id: store.write_copies(doc) for doc in docs}
    with phase("ingest: embed passages"):
        vectors = iter(_embed_passages(store, docs))
    with phase("ingest: chroma lookup"):
        stored = store.stored_ids([d.doc_id for d in docs])
    rows = [(doc, p, next(vectors)) for doc in docs for p in doc.passages]
    with phase("ingest: chroma add"):
        store.add_passages([(doc, p, v) for doc, p, v in rows
                            if p.passage_id not in stored.get(doc.doc_id, set())])
    previous = {d.doc_id: manifest["documents"].get(d.doc_id) for d in docs}
    for doc in docs:
        manifest["documents"][doc.doc_id] = {
            **doc.metadata(), **files[doc.doc_id],
            "ingested_at": now_iso(), "line_kinds": _line_kind_counts(doc)}
    with phase("ingest: manifest switch"):
        store.write_manifest(manifest)
    stale = [pid for doc in docs
             for pid in sorted(stored.get(doc.doc_id, set())
                               - {p.passage_id for p in doc.passages})]
    with phase("ingest: chroma delete"):
        store.delete_passages(stale)
    for doc in docs:
        old = previous[doc.doc_id] or {}
        new = manifest["documents"][doc.doc_id]
        for key in ("copy", "layout", "original"):
            if old.get(key) and old[key] != new.get(key):
                (store.root / old[key]).unlink(missing_ok=True)


def _line_kind_counts(doc: Document) -> dict[str, int]:
    counts: dict[str, int] = {}
    for line in doc.lines:
        counts[line.kind] = counts.get(line.kind, 0) + 1
    return counts


def ingest_paths(store: PassageStore, ledger: LedgerFiles, paths: Sequence[str | Path],
                 source: str | None = None, published: str | None = None
                 ) -> list[dict[str, Any]]:
    with phase("ingest: parse files"):
        docs = parse_all(paths, store.config, source, published)
    return ingest_documents(store, ledger, docs, source, published)


def ingest_documents(store: PassageStore, ledger: LedgerFiles, docs: list[Document],
                     source: str | None = None, published: str | None = None
                     ) -> list[dict[str, Any]]:
    """Store documents parsed by parse_all (the CLI parses before it loads the model)."""
    statuses: dict[str, str] = {}
    with store.writer_lock():
        manifest = copy.deepcopy(store.manifest())
        to_store: list[Document] = []
        metadata_changed = False
        for doc in docs:
            meta = manifest["documents"].get(doc.doc_id)
            if meta and meta["sha256"] == doc.sha256:
                updates = {k: v for k, v in (("source", source), ("published", published))
                           if v and meta.get(k) != v}
                meta.update(updates)
                metadata_changed = metadata_changed or bool(updates)
                statuses[doc.doc_id] = "metadata_updated" if updates else "unchanged"
            else:
                to_store.append(doc)
                statuses[doc.doc_id] = "replaced" if meta else "added"
        if metadata_changed:
            store.write_manifest(manifest)
        chunk = store.config.ingest_chunk_documents
        for i in range(0, len(to_store), chunk):
            _store_documents(store, to_store[i:i + chunk], manifest)
        with phase("ingest: ledger"):
            ledger.refresh(store.versions(), store.all_documents,
                           force=bool(to_store) or metadata_changed)
    final = store.manifest()["documents"]
    return [{"doc_id": doc.doc_id, "path": doc.path, "status": statuses[doc.doc_id],
             "n_passages": len(doc.passages), "title": doc.title,
             "source": final[doc.doc_id]["source"],
             "published": final[doc.doc_id].get("published"),
             "format": final[doc.doc_id].get("format", doc.fmt)} for doc in docs]

