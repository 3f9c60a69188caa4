"""The passage store: Chroma (through llama-index) for vectors, plus a manifest and exact copies
of every ingested file beside it, so citations always resolve to the bytes that were indexed.

Crash safety: a document's new passages are added, its stale ones deleted, and only then does
the manifest (written by atomic rename) switch to the new version. Readers keep only passages
whose `doc_sha` matches the manifest, so an ingest killed at any point leaves a consistent index.
"""
from __future__ import annotations

import fcntl
import json
import math
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rag.chroma_client import passage_collection
from rag.config import Config
from rag.document import build_document
from rag.reader import RawArticle, article_format, is_url
from rag.records import Document, Passage

# Extracted documents (web pages, PDF, Word) keep three files: the text citations index (the
# copy), its layout (blocks, pages, metadata, raw map) and the original file.
ORIGINAL_SUFFIX = {"page": ".html", "pdf": ".pdf", "docx": ".docx"}
# The copy's suffix tells the reader how to split it again (rag.reader.article_format).
PLAIN_SUFFIX = {"text": ".txt", "markdown": ".md", "html": ".html"}

MANIFEST = "manifest.json"
DOCS_DIR = "docs"


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
        self._vector_store: Any = None
        self._cache_lock = threading.Lock()
        self._passages: list[Passage] | None = None
        self._documents: dict[str, Document] = {}
        self._manifest: dict[str, Any] | None = None
        self._manifest_stamp: tuple[int, int] | None = None

    # ---- manifest -------------------------------------------------------------------------
    def manifest(self) -> dict[str, Any]:
        """The manifest, read from disk only when the file changed (another process may ingest).

        Callers must not mutate the returned dict; ingest works on a deep copy.
        """
        path = self.root / MANIFEST
        try:
            stat = path.stat()
            stamp: tuple[int, int] | None = (stat.st_mtime_ns, stat.st_size)
        except FileNotFoundError:
            stamp = None
        with self._cache_lock:
            if self._manifest is not None and stamp == self._manifest_stamp:
                return self._manifest
        data: dict[str, Any] = (json.loads(path.read_text("utf-8")) if stamp is not None
                                else {"version": 1, "documents": {}})
        with self._cache_lock:
            if stamp != self._manifest_stamp:   # changed under us: drop what was built on it
                self._passages = None
                old = (self._manifest or {}).get("documents", {})
                self._documents = {d: doc for d, doc in self._documents.items()
                                   if old.get(d, {}).get("sha256")
                                   == data["documents"].get(d, {}).get("sha256")}
            self._manifest, self._manifest_stamp = data, stamp
        return data

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        path = self.root / MANIFEST
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
        os.replace(tmp, path)   # atomic switch: readers see the old or the new manifest
        self.manifest()          # re-read: invalidates exactly the documents that changed

    def invalidate(self) -> None:
        with self._cache_lock:
            self._passages = None
            self._documents = {}
            self._manifest = None
            self._manifest_stamp = None

    @contextmanager
    def writer_lock(self) -> Iterator[None]:
        """One writer at a time per index folder (CLI and app may ingest concurrently)."""
        with open(self.root / ".ingest.lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

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

    def document(self, doc_id: str) -> Document:
        with self._cache_lock:
            if doc_id in self._documents:
                return self._documents[doc_id]
        meta = self.manifest()["documents"].get(doc_id)
        if meta is None:
            raise KeyError(f"no document {doc_id!r} in the index")
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
            self._documents[doc_id] = doc
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


def now_iso() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
