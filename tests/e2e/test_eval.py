"""End to end: five questions through the real Engine (temporary index) and the baseline.

Runs in the normal suite (no marker deselects it): it is the only test that proves `run_eval`
drives the chat's own code path and writes OUT.json and the report.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from rag.errors import InputError
from rag.evaluation.metrics import METRIC_KEYS, QuestionScores, summarize
from rag.evaluation.runner import run_eval

ROOT = Path(__file__).resolve().parents[2]
FIVE = ["q01", "q04", "q46", "q55", "q66"]   # a number, an unverified figure, a denial,
                                             # a misspelling, an unanswerable question


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    from rag.config import load_config
    from rag.engine import Engine

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RAG_INDEX_DIR", str(tmp_path_factory.mktemp("index")))
        mp.setenv("RAG_ARTICLES_DIR", str(ROOT / "data" / "articles"))
        for name in ("RAG_LLM", "RAG_NLI_MODEL", "RAG_CHROMA_HOST", "RAG_CHROMA_PORT"):
            mp.delenv(name, raising=False)
        eng = Engine(load_config())
        yield eng
        eng.close()


@pytest.fixture(scope="module")
def five(tmp_path_factory: pytest.TempPathFactory) -> Path:
    lines = (ROOT / "eval" / "qa.jsonl").read_text("utf-8").splitlines()
    chosen = [ln for ln in lines if json.loads(ln)["id"] in FIVE]
    path = tmp_path_factory.mktemp("data") / "five.jsonl"
    path.write_text("\n".join(chosen) + "\n", "utf-8")
    return path


def test_run_eval_writes_out_json_and_report(engine, five: Path, tmp_path: Path) -> None:
    out, report = tmp_path / "out.json", tmp_path / "report.md"
    result = run_eval(engine, five, json_out=out, report_out=report, progress=False)

    assert json.loads(out.read_text("utf-8")) == json.loads(json.dumps(result))
    assert result["n"] == 5 and [q["id"] for q in result["per_question"]] == FIVE
    for system in (result, result["baseline"]):
        for key in METRIC_KEYS:
            assert key in system
            value = system[key]
            assert value is None or (value >= 0 and (key.startswith("latency") or value <= 1))
    for q in result["per_question"]:
        response = q["response"]   # the complete `rag ask --json` object
        assert {"question", "answer", "abstained", "citations", "flags",
                "latency_ms"} <= set(response)
        text = engine.document_text(result["documents"][0])
        for citation in response["citations"]:
            assert text[citation["start"]:citation["end"]] == citation["text"]
    # the baseline never abstains and never flags, by construction
    assert result["baseline"]["false_abstention_rate"] == 0
    assert result["baseline"]["abstention_accuracy"] == 0
    assert result["baseline"]["contested_precision"] is None
    # anyone can recompute the figures from the per-question scores
    rows = [QuestionScores(**q["scores"]) for q in result["per_question"]]
    recomputed = summarize(rows)
    assert all(recomputed[k] == result[k] for k in METRIC_KEYS)
    # an easy question: retrieval must find its evidence, and the answer must say 33
    q01 = result["per_question"][0]["scores"]
    assert q01["evidence_hit_at_5"] is True and q01["answer_correct"] is True

    assert report.exists() and report.with_suffix(".png").exists()
    assert "| answer_accuracy |" in report.read_text("utf-8")


def test_run_eval_rejects_a_malformed_dataset(engine, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\nnot json\n', "utf-8")
    with pytest.raises(InputError, match=r"line 1: missing key `question`[\s\S]*line 2: not"):
        run_eval(engine, bad, progress=False)
