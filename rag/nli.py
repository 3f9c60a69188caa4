"""An optional NLI judge: a sentence-transformers CrossEncoder that scores sentence pairs.

Nothing in the default path depends on it (no trustworthy NLI weights ship here); users with a
model set RAG_NLI_MODEL to a hub id or a local folder. Labels are read from the model config so
any label order works; models without names get the common MNLI order.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from rag import config as _config  # noqa: F401  (sets HF_HUB_OFFLINE before HF imports)

# the order used by the popular cross-encoder/nli-* models when the config names no labels
_FALLBACK_LABELS = ("contradiction", "entailment", "neutral")


@dataclass(frozen=True)
class NLIScores:
    contradiction: float
    entailment: float
    neutral: float


class NLIJudge:
    """Wraps a CrossEncoder with 3 labels; returns probabilities per (premise, hypothesis)."""

    def __init__(self, model: object, model_id: str) -> None:
        self.model = model
        self.model_id = model_id
        self.labels = _label_order(model)

    def score(self, pairs: list[tuple[str, str]]) -> list[NLIScores]:
        if not pairs:
            return []
        import torch

        # raw logits (no activation), so the softmax below is the only normalisation
        raw = self.model.predict([list(p) for p in pairs],  # type: ignore[attr-defined]
                                 convert_to_numpy=True, show_progress_bar=False,
                                 activation_fn=torch.nn.Identity())
        logits = np.asarray(raw, dtype=np.float64)
        if logits.ndim == 1:
            logits = logits[:, None]
        probs = _softmax(logits)
        out = []
        for row in probs:
            named = {label: float(row[i]) for i, label in enumerate(self.labels) if i < len(row)}
            out.append(NLIScores(named.get("contradiction", 0.0), named.get("entailment", 0.0),
                                 named.get("neutral", 0.0)))
        return out

    def contradiction(self, premise: str, hypothesis: str) -> float:
        """Probability that the two statements contradict (max over both directions)."""
        a, b = self.score([(premise, hypothesis), (hypothesis, premise)])
        return max(a.contradiction, b.contradiction)

    def entailment(self, premise: str, hypothesis: str) -> float:
        return self.score([(premise, hypothesis)])[0].entailment


def _softmax(x: np.ndarray) -> np.ndarray:
    z = np.exp(x - x.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


def _label_order(model: object) -> tuple[str, ...]:
    config = getattr(model, "config", None)
    if getattr(config, "id2label", None) is None:
        config = getattr(getattr(model, "model", None), "config", None)
    id2label = getattr(config, "id2label", None) or {}
    names = [str(id2label[i]).lower() for i in sorted(id2label)] if id2label else []
    if names and any(n.startswith("contra") for n in names):
        return tuple("contradiction" if n.startswith("contra") else
                     "entailment" if n.startswith("entail") else
                     "neutral" if n.startswith("neutral") else n for n in names)
    return _FALLBACK_LABELS


@lru_cache(maxsize=2)
def load_nli_judge(model_id_or_path: str) -> NLIJudge:
    """Load a CrossEncoder by id or path (offline: a hub id must already be cached)."""
    from sentence_transformers import CrossEncoder

    model = CrossEncoder(model_id_or_path, device="cpu")
    return NLIJudge(model, model_id_or_path)
