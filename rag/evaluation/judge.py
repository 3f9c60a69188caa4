"""The optional NLI judge for citation support, loaded only when RAG_NLI_MODEL is set.

`rag.nli` is owned by another module and may be absent or fail to load a model; the eval must
still run on evidence overlap alone, so every failure here degrades to "no NLI" with a reason
that ends up in OUT.json and the report instead of stopping the eval.
"""
from __future__ import annotations

import inspect
from typing import Any

from rag.config import Config
from rag.evaluation.citations import Entails


def _as_bool(result: Any) -> bool:
    """Judges may answer True/False, a probability (entailed at >= 0.5, the argmax of a
    two-way decision), a label, or an object with one of those."""
    for attr in ("entailed", "entails", "label", "score"):
        if not isinstance(result, (bool, int, float, str)) and hasattr(result, attr):
            result = getattr(result, attr)
            break
    if isinstance(result, str):
        return result.strip().lower() in {"entailment", "entails", "entailed", "yes", "true"}
    if isinstance(result, bool):
        return result
    return float(result) >= 0.5


def load_entailment(config: Config) -> tuple[Entails | None, str]:
    """(entails(premise, hypothesis) or None, a description of the support criterion)."""
    overlap = "cited passage overlaps a gold evidence span"
    if not config.nli_model:
        return None, overlap
    try:
        from rag.nli import load_nli_judge  # lazy: heavy, optional, written elsewhere
    except ImportError as exc:
        return None, f"{overlap} (RAG_NLI_MODEL set but rag.nli unavailable: {exc})"
    try:
        params = list(inspect.signature(load_nli_judge).parameters)
        judge = (load_nli_judge(config) if params and params[0] == "config"
                 else load_nli_judge(config.nli_model))
    except Exception as exc:  # noqa: BLE001 - any loading failure means "evaluate without NLI"
        return None, f"{overlap} (NLI judge {config.nli_model!r} failed to load: {exc})"
    if judge is None:
        return None, overlap
    # rag.nli.NLIJudge offers entailment(premise, hypothesis) -> probability; accept the other
    # obvious shapes too so a user-supplied judge needs no glue code
    method = (getattr(judge, "entails", None) or getattr(judge, "entailment", None)
              or (judge if callable(judge) else None))
    if method is None:
        return None, f"{overlap} (NLI judge has no entailment(premise, hypothesis))"

    def entails(premise: str, hypothesis: str) -> bool:
        return _as_bool(method(premise, hypothesis))

    return entails, f"{overlap}, or the NLI judge {config.nli_model!r} finds entailment"
