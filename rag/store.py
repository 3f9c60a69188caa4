"""The passage store: Chroma (through llama-index) for vectors, plus a manifest and exact copies
of every ingested file beside it, so citations always resolve to the bytes that were indexed.

Crash safety: a document's new passages are added first, then the manifest (written by atomic
rename) switches to the new version, and only after the ledger is rebuilt are stale passages
deleted. Readers keep only passages whose document version is in the manifest, so an ingest
killed at any point leaves a consistent index.

Every write to an index folder holds its one write lock (`write_lock`): a thread lock inside the
process and an flock on `.ingest.lock` across processes (the app, the CLI, a nightly job).
"""
from __future__ import annotations

import fcntl
import json
import math
import os
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rag.chroma_client import passage_collection
from rag.config import Config
from rag.document import build_document
from rag.files import Stamp, file_stamp, write_durably
from rag.reader import RawArticle, article_format, is_url
from rag.records import Document, Passage

# Extracted documents (web pages, PDF, Word) keep three files: the text citations index (the
# copy), its layout (blocks, pages, metadata, raw map) and the original file.
ORIGINAL_SUFFIX = {"page": ".html", "pdf": ".pdf", "docx": ".docx"}
# The copy's suffix tells the reader how to split it again (rag.reader.article_format).
PLAIN_SUFFIX = {"text": ".txt", "markdown": ".md", "html": ".html"}

MANIFEST = "manifest.json"
DOCS_DIR = "docs"
LOCK_FILE = ".ingest.lock"
OPEN_FILE = ".open.lock"
ROLLBACK_MANIFEST = "manifest.rollback.json"

class WriteLock:
    """The one lock every write to an index folder takes.

    Threads of this process queue on a re-entrant lock; the outermost holder also takes an
    exclusive flock on `.ingest.lock`, which serialises writers in other processes. A reader
    that wants a consistent read of several files takes `shared()` instead, which succeeds at
    once only when no writer anywhere holds the lock.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._owner: int | None = None
        self._handle: Any = None

    @contextmanager
    def hold(self) -> Iterator[None]:
        with self._thread_lock:
            if self._depth == 0:
                handle = open(self.path, "a")
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX)
                except BaseException:
                    handle.close()
                    raise
                self._handle, self._owner = handle, threading.get_ident()
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0:
                    fcntl.flock(self._handle, fcntl.LOCK_UN)
                    self._handle.close()
                    self._handle = self._owner = None

    def held_here(self) -> bool:
        """True in the thread that holds the write lock."""
        return self._owner == threading.get_ident()

    @contextmanager
    def shared(self, wait: bool) -> Iterator[bool]:
        """Yield True while no writer holds the lock (False at once if one does and not
        `wait`). The thread holding the write lock itself always reads consistently."""
        if self.held_here():
            yield True
            return
        with open(self.path, "a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_SH | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


class OpenMarker:
    """Marks an embedded index as open in this process: a shared flock on `.open.lock`, taken
    once per process however many stores are open on the folder.

    Chroma's embedded mode keeps the vector index in the memory of each process that opened it:
    passages another process writes are in its files but not in that memory until a restart.
    So a process about to write (`rag ingest`) first checks that no other process holds the
    folder open (`open_elsewhere`), and says so instead of writing passages the app could not
    find.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._count = 0
        self._handle: Any = None
        self._lock = threading.Lock()

    def acquire(self) -> None:
        with self._lock:
            if self._count == 0:
                handle = open(self.path, "a")
                fcntl.flock(handle, fcntl.LOCK_SH)
                self._handle = handle
            self._count += 1

    def release(self) -> None:
        with self._lock:
            if self._count == 0:
                return
            self._count -= 1
            if self._count == 0:
                self._handle.close()   # closing drops the flock
                self._handle = None


_OPEN_MARKERS: dict[str, OpenMarker] = {}


def open_elsewhere(root: Path) -> bool:
    """True when another process holds the embedded index at `root` open (call before this
    process opens it)."""
    path = Path(root) / OPEN_FILE
    if not path.exists():
        return False
    with open(path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
    return False


_WRITE_LOCKS: dict[str, WriteLock] = {}
_WRITE_LOCKS_GUARD = threading.Lock()


def write_lock_for(root: Path) -> WriteLock:
    """One WriteLock per index folder per process, shared by every store opened on it."""
    key = str(Path(root).resolve())
    with _WRITE_LOCKS_GUARD:
        if key not in _WRITE_LOCKS:
            _WRITE_LOCKS[key] = WriteLock(Path(key) / LOCK_FILE)
        return _WRITE_LOCKS[key]


def open_marker_for(root: Path) -> OpenMarker:
    key = str(Path(root).resolve())
    with _WRITE_LOCKS_GUARD:
        if key not in _OPEN_MARKERS:
            _OPEN_MARKERS[key] = OpenMarker(Path(key) / OPEN_FILE)
        return _OPEN_MARKERS[key]


def embedding_input(passage: Passage) -> str:
    """What is embedded: the sentence, then its paragraph as context for ranking."""
    if passage.paragraph_text and passage.paragraph_text != passage.clean_text:
        return f"{passage.clean_text}\n{passage.paragraph_text}"
    return passage.clean_text


class PassageStore:
    def __init__(self, config: Config) -> None:
        self.config = config
        self.root = Path(config.index_dir)
        (self.root / DOCS_DIR).mkdir(parents=True, exist_ok=True)
        self.collection = passage_collection(config)
        # built on first write, so answering a question never imports llama-index
        self._vector_store: Any = None
        self.write_lock = write_lock_for(self.root)
        self._open_marker = None if config.server_mode else open_marker_for(self.root)
        if self._open_marker is not None:
            self._open_marker.acquire()
        self._cache_lock = threading.Lock()
        self._passages: list[Passage] | None = None
        # parsed documents by (doc_id, sha256): published views of older versions share them
        self._documents: dict[tuple[str, str], Document] = {}
        self._manifest: dict[str, Any] | None = None
        self._manifest_stamp: Stamp = None

    # ---- manifest -------------------------------------------------------------------------
    def manifest(self) -> dict[str, Any]:
        """The manifest, read from disk only when the file changed (another process may ingest).

        Callers must not mutate the returned dict; ingest works on a deep copy.
        """
        path = self.root / MANIFEST
        stamp = file_stamp(path)
        with self._cache_lock:
            if self._manifest is not None and stamp == self._manifest_stamp:
                return self._manifest
        data: dict[str, Any] = (json.loads(path.read_text("utf-8")) if stamp is not None
                                else {"version": 1, "documents": {}})
        with self._cache_lock:
            if stamp != self._manifest_stamp:   # changed under us: drop what was built on it
                self._passages = None
                live = {(d, m["sha256"]) for d, m in data["documents"].items()}
                self._documents = {key: doc for key, doc in self._documents.items()
                                   if key in live}
            self._manifest, self._manifest_stamp = data, stamp
        return data

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        path = self.root / MANIFEST
        tmp = path.with_suffix(".tmp")
        try:
            write_durably(tmp, json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        os.replace(tmp, path)   # atomic switch: readers see the old or the new manifest
        self.manifest()          # re-read: invalidates exactly the documents that changed

    # ---- rollback of a failed ingest ---------------------------------------------------------
    # The manifest as it was before an ingest stays reachable through a hard link (no data is
    # copied, so this works on a nearly full disk); putting it back is one rename.
    def keep_manifest_for_rollback(self) -> None:
        path, kept = self.root / MANIFEST, self.root / ROLLBACK_MANIFEST
        kept.unlink(missing_ok=True)
        if not path.exists():
            return   # an empty index: rolling back removes the manifest
        try:
            os.link(path, kept)
        except OSError:   # a filesystem without hard links
            shutil.copyfile(path, kept)

    def restore_manifest(self) -> None:
        path, kept = self.root / MANIFEST, self.root / ROLLBACK_MANIFEST
        if kept.exists():
            os.replace(kept, path)
        else:
            path.unlink(missing_ok=True)
        self.manifest()   # re-read: the cache follows the file

    def drop_rollback_manifest(self) -> None:
        (self.root / ROLLBACK_MANIFEST).unlink(missing_ok=True)

    def invalidate(self) -> None:
        with self._cache_lock:
            self._passages = None
            self._documents = {}
            self._manifest = None
            self._manifest_stamp = None

    def is_empty(self) -> bool:
        return not self.manifest()["documents"]

    def versions(self) -> dict[str, str]:
        """doc_id -> sha256 of every live document version."""
        return {d: m["sha256"] for d, m in self.manifest()["documents"].items()}

    def documents(self) -> list[dict[str, Any]]:
        return list(self.manifest()["documents"].values())

    def copy_path(self, doc_id: str, sha256: str, suffix: str) -> Path:
        return self.root / DOCS_DIR / f"{doc_id}.{sha256[:16]}{suffix}"

    def write_copies(self, doc: Document) -> dict[str, str]:
        """Write a document's stored files; returns their manifest entries (paths relative to
        the index). The copy is byte-identical to the input for plain formats (strict UTF-8,
        decoded without newline translation) and is the extracted text otherwise."""
        if doc.extracted is None:
            suffix = Path(doc.path).suffix.lower()
            if is_url(doc.path) or article_format(Path("x" + suffix)) != doc.fmt:
                suffix = PLAIN_SUFFIX.get(doc.fmt, ".txt")   # a URL's path says nothing
            copy = self.copy_path(doc.doc_id, doc.sha256, suffix)
            copy.write_bytes(doc.text.encode("utf-8"))
            return {"copy": str(copy.relative_to(self.root))}
        copy = self.copy_path(doc.doc_id, doc.sha256, ".extracted.txt")
        layout = self.copy_path(doc.doc_id, doc.sha256, ".layout.json")
        copy.write_bytes(doc.text.encode("utf-8"))
        layout.write_text(doc.extracted.layout_json(), "utf-8")
        files = {"copy": str(copy.relative_to(self.root)),
                 "layout": str(layout.relative_to(self.root))}
        if doc.original is not None:
            original = self.copy_path(doc.doc_id, doc.sha256,
                                      ".source" + ORIGINAL_SUFFIX.get(doc.fmt, ".bin"))
            original.write_bytes(doc.original)
            files["original"] = str(original.relative_to(self.root))
        return files

    def document_text(self, doc_id: str) -> str:
        return self.document(doc_id).text

    def manifest_stamp(self) -> Stamp:
        """Changes whenever the manifest is replaced (by any process)."""
        return file_stamp(self.root / MANIFEST)

    def document(self, doc_id: str) -> Document:
        """The live version of a document (as the manifest on disk says now)."""
        meta = self.manifest()["documents"].get(doc_id)
        if meta is None:
            raise KeyError(f"no document {doc_id!r} in the index")
        return self.load_document(doc_id, meta)

    def load_document(self, doc_id: str, meta: dict[str, Any]) -> Document:
        """The document version `meta` (a manifest entry) describes, parsed from its copy."""
        key = (doc_id, meta["sha256"])
        with self._cache_lock:
            if key in self._documents:
                return self._documents[key]
        copy = self.root / meta["copy"]
        data = copy.read_bytes()
        text = data.decode("utf-8")
        if meta.get("layout"):
            from rag.extract.model import Extracted

            extracted = Extracted.from_layout(text, (self.root / meta["layout"]).read_text("utf-8"))
            raw = RawArticle(path=meta["path"], text=text, sha256=meta["sha256"],
                             fmt="page" if extracted.kind == "html" else extracted.kind,
                             extracted=extracted)
        else:
            raw = RawArticle(path=Path(meta["path"]), text=text, sha256=meta["sha256"],
                             fmt=article_format(copy))
        doc = build_document(raw, doc_id=doc_id, source=meta.get("source"),
                             published=meta.get("published"))
        doc.title = meta.get("title") or doc.title
        with self._cache_lock:
            self._documents[key] = doc
        return doc

    def all_documents(self) -> list[Document]:
        return [self.document(d) for d in sorted(self.manifest()["documents"])]

    # ---- passages -------------------------------------------------------------------------
    @property
    def vector_store(self) -> Any:
        """llama-index's ChromaVectorStore over the collection: passages are written through it.
        Built on first use, so answering a question never imports llama-index."""
        if self._vector_store is None:
            from llama_index.vector_stores.chroma import ChromaVectorStore

            self._vector_store = ChromaVectorStore(chroma_collection=self.collection)
        return self._vector_store

    def nearest(self, vector: list[float], k: int) -> list[tuple[str, float]]:
        """(passage id, similarity) of the k nearest passages, best first. The similarity is
        exp(-cosine distance), as llama-index's ChromaVectorStore.query reports it."""
        if k <= 0:
            return []
        result = self.collection.query(query_embeddings=[vector], n_results=k,
                                       include=["distances"])
        return [(pid, math.exp(-float(distance)))
                for pid, distance in zip(result["ids"][0], result["distances"][0])]

    def stored_ids(self, doc_ids: list[str]) -> dict[str, set[str]]:
        """Passage ids Chroma holds for each document (one round trip per 100 documents)."""
        found: dict[str, set[str]] = {d: set() for d in doc_ids}
        for i in range(0, len(doc_ids), 100):
            chunk = doc_ids[i:i + 100]
            where = {"article_id": chunk[0]} if len(chunk) == 1 else \
                {"article_id": {"$in": chunk}}
            for pid in self.collection.get(where=where, include=[])["ids"]:
                found.setdefault(pid.rsplit(":", 2)[0], set()).add(pid)
        return found

    def add_passages(self, rows: list[tuple[Document, Passage, list[float]]]) -> None:
        """Write passages with their vectors, in batches of 1,000 (one request per batch)."""
        from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode

        hidden = ["doc_sha", "ordinal", "paragraph", "start", "end"]   # ours, not for models
        nodes = [
            TextNode(
                id_=p.passage_id, text=p.text, embedding=vector,
                # llama-index reserves "doc_id" in Chroma metadata for the source relationship
                relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=p.doc_id)},
                metadata={"article_id": p.doc_id, "doc_sha": doc.sha256, "ordinal": p.ordinal,
                          "paragraph": p.paragraph, "start": p.start, "end": p.end,
                          "source": doc.source, "title": doc.title},
                excluded_embed_metadata_keys=hidden, excluded_llm_metadata_keys=hidden)
            for doc, p, vector in rows
        ]
        for i in range(0, len(nodes), 1000):
            self.vector_store.add(nodes[i:i + 1000])

    def delete_passages(self, ids: list[str]) -> None:
        for i in range(0, len(ids), 1000):
            self.collection.delete(ids=ids[i:i + 1000])

    def count(self) -> int:
        return int(self.collection.count())

    def all_passages(self) -> list[Passage]:
        """Every live passage, in document then reading order (cached until the next ingest)."""
        with self._cache_lock:
            if self._passages is not None:
                return self._passages
        passages: list[Passage] = []
        for doc_id in sorted(self.manifest()["documents"]):
            passages.extend(self.document(doc_id).passages)
        with self._cache_lock:
            self._passages = passages
        return passages

    def passage_map(self) -> dict[str, Passage]:
        return {p.passage_id: p for p in self.all_passages()}

    def close(self) -> None:
        self.invalidate()
        if self._open_marker is not None:
            self._open_marker.release()
            self._open_marker = None


def now_iso() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
