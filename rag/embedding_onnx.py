"""The bundled MiniLM as an ONNX graph: questions are embedded without importing torch.

`rag ask` from the shell spent most of its time importing torch and loading the model for one
question. The same weights, exported once to ONNX, run through onnxruntime (installed with
chromadb) and the `tokenizers` library in a fraction of that. The export is made at ingest
(torch is loaded there anyway) from the packaged weights, never downloaded, and kept in the
model cache folder (RAG_MODEL_CACHE). An export is only kept when it gives the same vectors as
the torch model (cosine >= EXACT on sample sentences); without one, queries use torch.
"""
from __future__ import annotations

import hashlib
import json
import os
import warnings
from pathlib import Path
from typing import Any

import numpy as np

EXACT = 0.9999          # smallest cosine to the torch vectors an export must reach
BATCH = 64
OPSET = 17
# The export is checked against torch on sentences of the shapes articles and questions take:
# a long report sentence, a question, a quote with figures, and one short name.
_CHECK_SENTENCES = [
    "At least 14 people were treated in hospital after the fire at the chemical depot.",
    "Who could not confirm the reported figures?",
    "“We will appeal,” the lawyer said on Friday, as 3.6 million shares changed hands.",
    "Norrvik",
]


def onnx_file(cache_dir: Path, model_path: str) -> Path:
    """Where the export of the model at `model_path` lives: named after the weights' identity,
    so reinstalled or other weights never reuse a stale graph."""
    weights = Path(model_path) / "model.safetensors"
    stat = weights.stat()
    tag = hashlib.sha256(f"{weights.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return Path(cache_dir) / f"{Path(model_path).name}-{tag.hexdigest()[:16]}.onnx"


def exportable(model_path: str) -> bool:
    """A sentence-transformers folder this module can export: a transformer, mean pooling and
    normalisation (the bundled all-MiniLM-L6-v2)."""
    folder = Path(model_path)
    try:
        modules = json.loads((folder / "modules.json").read_text("utf-8"))
        pooling = json.loads((folder / "1_Pooling" / "config.json").read_text("utf-8"))
    except (OSError, ValueError):
        return False
    kinds = [m.get("type", "").rsplit(".", 1)[-1] for m in modules]
    return (kinds == ["Transformer", "Pooling", "Normalize"]
            and (folder / "model.safetensors").is_file()
            and (folder / "tokenizer.json").is_file()
            and pooling.get("pooling_mode_mean_tokens") is True
            and not any(v for k, v in pooling.items()
                        if k.startswith("pooling_mode_") and k != "pooling_mode_mean_tokens"))


def max_seq_length(model_path: str) -> int:
    config = Path(model_path) / "sentence_bert_config.json"
    try:
        return int(json.loads(config.read_text("utf-8"))["max_seq_length"])
    except (OSError, ValueError, KeyError):
        return 256


def export(model_path: str, target: Path, reference: Any) -> None:
    """Export the model to `target` (atomically), only if it matches `reference` (a callable
    texts -> unit vectors: the torch path); ValueError when it does not."""
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(model_path).eval()

    class MeanPooled(torch.nn.Module):
        """The transformer, mean pooling over real tokens and L2 normalisation, as one graph."""

        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                    token_type_ids: torch.Tensor) -> torch.Tensor:
            hidden = self.inner(input_ids=input_ids, attention_mask=attention_mask,
                                token_type_ids=token_type_ids).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    ids = torch.ones((2, 8), dtype=torch.long)
    axes = {0: "batch", 1: "tokens"}
    try:
        # the exporter warns about constructs that are fine here (indexing, constant folding)
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                MeanPooled(model), (ids, torch.ones_like(ids), torch.zeros_like(ids)), str(tmp),
                dynamo=False, opset_version=OPSET,
                input_names=["input_ids", "attention_mask", "token_type_ids"],
                output_names=["embedding"],
                dynamic_axes={"input_ids": axes, "attention_mask": axes,
                              "token_type_ids": axes, "embedding": {0: "batch"}})
        candidate = OnnxEncoder(tmp, model_path)
        similarity = float(np.min(np.sum(candidate.embed(_CHECK_SENTENCES)
                                         * reference(_CHECK_SENTENCES), axis=1)))
        if similarity < EXACT:
            raise ValueError(f"its vectors differ from torch's (cosine {similarity:.6f} < "
                             f"{EXACT})")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


class OnnxEncoder:
    """Normalised sentence embeddings from the ONNX export: the same interface and vectors as
    rag.embedding.Embedder.embed, thread-safe, no torch."""

    def __init__(self, onnx_path: Path, model_path: str) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3   # errors only: nothing on stderr in normal use
        self.session = onnxruntime.InferenceSession(str(onnx_path), options,
                                                    providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(Path(model_path) / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_seq_length(model_path))
        self.tokenizer.enable_padding()
        self.model_name = model_path
        self.dim = int(self.session.get_outputs()[0].shape[1])

    def embed(self, texts: list[str]) -> np.ndarray:
        """(n, dim) float32 rows of unit length, in the order of `texts`."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # as sentence-transformers does: stripped texts, batches of similar length
        stripped = [str(t).strip() for t in texts]
        order = sorted(range(len(stripped)), key=lambda i: -len(stripped[i]))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for lo in range(0, len(order), BATCH):
            rows = order[lo:lo + BATCH]
            encoded = self.tokenizer.encode_batch([stripped[i] for i in rows])
            feed = {
                "input_ids": np.array([e.ids for e in encoded], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in encoded], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in encoded], dtype=np.int64),
            }
            out[rows] = self.session.run(None, feed)[0]
        return out

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]
