"""Per-document cache of what the ledger computes from one document alone: its spaCy parses
and its claims' embeddings, keyed by the document's sha256.

Rebuilding the ledger after an ingest then parses and embeds only the new or changed
documents; the cross-document rules still run over everything.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from rag.records import Document

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


class LedgerCache:
    def __init__(self, folder: Path, model_tag: str) -> None:
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.model_tag = model_tag   # embeddings of another model must not be reused

    def _stem(self, doc: Document) -> str:
        return f"{doc.doc_id}.{doc.sha256[:16]}"

    def _write(self, path: Path, data: bytes) -> None:
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)

    def parses(self, doc: Document, nlp: Language) -> list[Doc] | None:
        from spacy.tokens import DocBin

        path = self.folder / f"{self._stem(doc)}.spacy"
        if not path.exists():
            return None
        try:
            parsed = list(DocBin().from_bytes(path.read_bytes()).get_docs(nlp.vocab))
        except Exception:  # noqa: BLE001 - a damaged cache file is recomputed, never trusted
            return None
        return parsed if len(parsed) == len(doc.passages) else None

    def save_parses(self, doc: Document, parsed: list[Doc]) -> None:
        from spacy.tokens import DocBin

        self._write(self.folder / f"{self._stem(doc)}.spacy", DocBin(docs=parsed).to_bytes())

    def _vector_path(self, doc: Document, texts: list[str]) -> Path:
        digest = hashlib.sha1("\x1f".join([self.model_tag, *texts]).encode()).hexdigest()[:12]
        return self.folder / f"{self._stem(doc)}.{digest}.npy"

    def vectors(self, doc: Document, texts: list[str]) -> np.ndarray | None:
        path = self._vector_path(doc, texts)
        if not path.exists():
            return None
        try:
            vectors = np.load(path)
        except (OSError, ValueError):
            return None
        return vectors if len(vectors) == len(texts) else None

    def save_vectors(self, doc: Document, texts: list[str], vectors: np.ndarray) -> None:
        path = self._vector_path(doc, texts)
        tmp = path.with_name(path.name + ".tmp.npy")
        np.save(tmp, vectors)
        os.replace(tmp, path)

    def prune(self, documents: list[Document]) -> None:
        """Drop entries of document versions no longer in the corpus."""
        live = {self._stem(d) for d in documents}
        for path in self.folder.iterdir():
            stem = ".".join(path.name.split(".")[:2])
            if stem not in live:
                path.unlink(missing_ok=True)
