"""The Markdown report: figures ours vs baseline with definitions, the chart, failed questions."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from rag.evaluation.metrics import METRIC_KEYS
from rag.evaluation.report import write_report


def question(qid: str, failures: list[str], answer: str = "33 [1].") -> dict[str, Any]:
    return {"id": qid, "question": f"Question {qid} | with a pipe?",
            "expected": {"answers": ["33"], "evidence": ["x"], "contested": True,
                         "answerable": True},
            "scores": {"failures": failures, "citation_detail": [
                {"text": "An unsupported sentence.", "markers": [], "supported": False,
                 "needed": []}]},
            "response": {"question": "?", "answer": answer, "abstained": False,
                         "citations": [], "flags": [], "latency_ms": 5.0}}


def result() -> dict[str, Any]:
    figures = {k: 0.5 for k in METRIC_KEYS} | {"latency_p50_ms": 12.0, "latency_p95_ms": 30.0}
    return {"dataset": "eval/qa.jsonl", "documents": ["doc"], "n": 2, "elapsed_s": 1.5,
            "support_criterion": "overlap", **figures, "mean_answer_chars": 40.0,
            "counts": {"answerable": 2, "unanswerable": 0, "contested": 2},
            "per_question": [question("q1", []),
                             question("q2", ["contested claim without a flag",
                                             "citation recall 0.00"], answer="y" * 500)],
            "baseline": {**figures, "contested_precision": None, "system": "plain",
                         "mean_answer_chars": 4000.0}}


def test_report_has_figures_chart_and_failures(tmp_path: Path) -> None:
    report = tmp_path / "out" / "report.md"
    chart = write_report(result(), report)
    text = report.read_text("utf-8")
    assert chart == tmp_path / "out" / "report.png"
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "![ours vs baseline](report.png)" in text
    for key in METRIC_KEYS:
        assert f"| {key} |" in text
    assert "| contested_precision | 0.500 | n/a |" in text
    assert "| latency_p95_ms | 30.0 | 30.0 |" in text
    failures = text.split("## Failed questions")[1]
    assert "q1" not in failures and "| q2 |" in failures
    assert "Question q2 \\| with a pipe?" in failures          # pipes escaped in cells
    assert "unsupported: “An unsupported sentence.”" in failures
    assert "one of: “33”; with a flag" in failures
    assert "y" * 220 + "…" in failures and "y" * 221 not in failures


def test_report_without_baseline(tmp_path: Path) -> None:
    data = result()
    del data["baseline"]
    write_report(data, tmp_path / "r.md")
    assert "| answer_accuracy | 0.500 | - |" in (tmp_path / "r.md").read_text("utf-8")


def test_report_draws_the_ledger_map_beside_it(tmp_path: Path) -> None:
    import shutil

    import pytest

    from rag.ledger_map.graph import build_map
    from tests.ledger_map.helpers import ferry

    if shutil.which("dot") is None:
        pytest.skip("Debian graphviz is missing (make test installs it)")
    data, docs = ferry()
    write_report(result(), tmp_path / "r.md", build_map(data, docs))
    text = (tmp_path / "r.md").read_text("utf-8")
    assert "## The ledger map" in text and "![the ledger map](r-map.svg)" in text
    assert "4 findings between 3 of 3 sides" in text
    assert "#rag-map:edge:dsc-deny" in (tmp_path / "r-map.svg").read_text("utf-8")
