"""The optional NLI judge: absent by default, adapted when rag.nli provides one, never fatal."""
from __future__ import annotations

import sys
import types
from dataclasses import replace

import pytest

from rag.config import load_config
from rag.evaluation.judge import load_entailment


@pytest.fixture
def config(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("RAG_NLI_MODEL", raising=False)
    return load_config()


def fake_nli(monkeypatch: pytest.MonkeyPatch, loader) -> None:
    module = types.ModuleType("rag.nli")
    module.load_nli_judge = loader  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "rag.nli", module)


def test_no_model_configured_means_evidence_overlap_only(config) -> None:
    entails, criterion = load_entailment(config)
    assert entails is None and criterion == "cited passage overlaps a gold evidence span"


def test_judge_with_entails_method_returning_a_probability(monkeypatch, config) -> None:
    class Judge:
        def entails(self, premise: str, hypothesis: str) -> float:
            return 0.9 if hypothesis in premise else 0.1

    fake_nli(monkeypatch, lambda model: Judge())
    entails, criterion = load_entailment(replace(config, nli_model="/models/tiny"))
    assert entails is not None
    assert entails("33 soldiers died.", "33 soldiers") is True
    assert entails("33 soldiers died.", "500 soldiers") is False
    assert "'/models/tiny' finds entailment" in criterion


def test_callable_judge_taking_the_config_and_answering_labels(monkeypatch, config) -> None:
    seen = []

    def load_nli_judge(config):
        seen.append(config.nli_model)
        return lambda premise, hypothesis: "entailment" if premise == hypothesis else "neutral"

    fake_nli(monkeypatch, load_nli_judge)
    entails, _ = load_entailment(replace(config, nli_model="m"))
    assert entails is not None
    assert seen == ["m"] and entails("a", "a") and not entails("a", "b")


def test_loading_failure_degrades_to_no_nli(monkeypatch, config) -> None:
    def broken(model):
        raise OSError("no such model")

    fake_nli(monkeypatch, broken)
    entails, criterion = load_entailment(replace(config, nli_model="missing"))
    assert entails is None and "failed to load: no such model" in criterion


def test_the_project_nli_judge_interface(monkeypatch, config) -> None:
    # rag.nli.NLIJudge around a stand-in model (no weights ship here): logits in MNLI order
    import numpy as np

    from rag import nli  # the project's own module: an import error must fail, never skip

    class StandIn:
        def predict(self, pairs, **kwargs):
            return np.array([[0.0, 5.0, 0.0] if h in p else [0.0, -5.0, 5.0] for p, h in pairs])

    monkeypatch.setattr(nli, "load_nli_judge", lambda model: nli.NLIJudge(StandIn(), model))
    entails, criterion = load_entailment(replace(config, nli_model="stand-in"))
    assert entails is not None
    assert entails("33 soldiers were killed.", "33 soldiers") is True
    assert entails("33 soldiers were killed.", "500 soldiers") is False
    assert "finds entailment" in criterion
