"""Ingest: read and check every file, parse, embed through llama-index, write to the store.

All files of a call are read, decoded and parsed before the first write, so a bad file anywhere
in the batch changes nothing. Unchanged files (same sha256) are skipped; changed files replace
their passages; the ledger is rebuilt over the whole corpus when anything changed.
"""
from __future__ import annotations

import fcntl
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rag.document import build_document
from rag.embedding import get_embedder
from rag.errors import InputError
from rag.reader import expand_paths, read_article
from rag.records import Document
from rag.store import PassageStore, embedding_input, now_iso

log = logging.getLogger(__name__)


@contextmanager
def index_lock(store: PassageStore) -> Iterator[None]:
    """One writer at a time per index folder (CLI and app may ingest concurrently)."""
    with open(store.root / ".ingest.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def parse_all(paths: list[str | Path], max_bytes: int, source: str | None,
              published: str | None) -> list[Document]:
    docs: list[Document] = []
    for path in expand_paths(paths):
        raw = read_article(path, max_bytes)
        docs.append(build_document(raw, source=source, published=published))
    seen: dict[str, str] = {}
    for doc in docs:
        if doc.doc_id in seen and seen[doc.doc_id] != doc.path:
            raise InputError(f"{doc.path} and {seen[doc.doc_id]} would both be document "
                             f"{doc.doc_id!r}; rename one of them")
        seen[doc.doc_id] = doc.path
    return docs


def _store_document(store: PassageStore, doc: Document, manifest: dict[str, Any]) -> None:
    suffix = Path(doc.path).suffix.lower() or ".txt"
    copy = store.copy_path(doc.doc_id, doc.sha256, suffix)
    copy.write_bytes(doc.text.encode("utf-8"))  # byte-identical: the input was strict UTF-8
    embedder = get_embedder(store.config.embed_model)
    vectors = embedder.llama.get_text_embedding_batch([embedding_input(p) for p in doc.passages])
    new_ids = {p.passage_id for p in doc.passages}
    old_ids = store.stored_ids(doc.doc_id)
    fresh = [(p, v) for p, v in zip(doc.passages, vectors) if p.passage_id not in old_ids]
    if fresh:
        partial = Document(**{**doc.__dict__, "passages": [p for p, _ in fresh]})
        store.add_passages(partial, [v for _, v in fresh])
    store.delete_passages(sorted(old_ids - new_ids))
    previous = manifest["documents"].get(doc.doc_id)
    manifest["documents"][doc.doc_id] = {
        **doc.metadata(), "copy": str(copy.relative_to(store.root)), "ingested_at": now_iso(),
        "line_kinds": _line_kind_counts(doc)}
    store.write_manifest(manifest)   # the switch: from here readers see the new version
    if previous and previous.get("copy") != manifest["documents"][doc.doc_id]["copy"]:
        (store.root / previous["copy"]).unlink(missing_ok=True)


def _line_kind_counts(doc: Document) -> dict[str, int]:
    counts: dict[str, int] = {}
    for line in doc.lines:
        counts[line.kind] = counts.get(line.kind, 0) + 1
    return counts


def ingest_paths(store: PassageStore, paths: list[str | Path], source: str | None = None,
                 published: str | None = None) -> list[dict[str, Any]]:
    docs = parse_all(paths, store.config.max_file_bytes, source, published)
    results: list[dict[str, Any]] = []
    with index_lock(store):
        manifest = store.manifest()
        changed = False
        for doc in docs:
            meta = manifest["documents"].get(doc.doc_id)
            if meta and meta["sha256"] == doc.sha256:
                if (source and meta.get("source") != source) or (
                        published and meta.get("published") != published):
                    meta.update({k: v for k, v in (("source", source), ("published", published))
                                 if v})
                    store.write_manifest(manifest)
                    changed = True
                    status = "metadata_updated"
                else:
                    status = "unchanged"
            else:
                _store_document(store, doc, manifest)
                changed = True
                status = "replaced" if meta else "added"
            results.append({"doc_id": doc.doc_id, "path": doc.path, "status": status,
                            "n_passages": len(doc.passages), "title": doc.title,
                            "source": manifest["documents"][doc.doc_id]["source"]})
        if changed or not ledger_is_current(store):
            rebuild_ledger(store)
    return results


def ledger_is_current(store: PassageStore) -> bool:
    built_over = store.ledger_corpus()
    return built_over == {d: m["sha256"] for d, m in store.manifest()["documents"].items()}


def rebuild_ledger(store: PassageStore) -> None:
    try:
        from rag.ledger.build import build_ledger
    except ImportError:  # pragma: no cover - only while the ledger package is absent
        log.warning("ledger builder unavailable; the ledger stays empty")
        return

    embedder = get_embedder(store.config.embed_model)
    ledger = build_ledger(store.all_documents(), embed=embedder.embed,
                          nli_model=store.config.nli_model)
    store.save_ledger(ledger, {d: m["sha256"] for d, m in store.manifest()["documents"].items()})
