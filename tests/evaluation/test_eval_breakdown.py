"""Every figure per article, genre and split, recomputed from the stored per-question scores."""
from __future__ import annotations

from typing import Any

from rag.evaluation.breakdown import ARTICLE_WORDS, HELD_OUT, REWORDED, breakdowns, split_label
from rag.evaluation.metrics import QuestionScores
from rag.evaluation.report import render_report


def row(qid: str, labels: dict[str, str], answerable: bool = True, correct: bool = True,
        abstained: bool = False, contested: bool = False, flagged: bool = False,
        dataset: str = "qa.jsonl") -> dict[str, Any]:
    scores = QuestionScores(answerable=answerable, contested=contested, abstained=abstained,
                            flagged=flagged, latency_ms=1.0,
                            answer_correct=correct if answerable else None,
                            abstention_correct=None if answerable else abstained)
    return {"id": qid, "dataset": dataset, "doc": labels.get("doc", ""), "labels": labels,
            "scores": scores.to_dict()}


def test_split_labels() -> None:
    assert split_label({"split": "working", "wording": "article"}, "x") == ARTICLE_WORDS
    assert split_label({"split": "working", "wording": "reworded"}, "x") == REWORDED
    assert split_label({"split": "heldout", "wording": "reworded"}, "x") == HELD_OUT
    assert split_label({}, "qa.jsonl") == "qa.jsonl"


def test_breakdown_groups_and_counts_false_abstentions() -> None:
    fire = {"doc": "fire", "genre": "fire", "split": "working"}
    rows = [row("a", {**fire, "wording": "article"}),
            row("b", {**fire, "wording": "reworded"}, correct=False, abstained=True),
            row("c", {**fire, "wording": "article"}, answerable=False, abstained=True,
                contested=True, flagged=True),
            row("d", {"doc": "war", "genre": "war", "split": "heldout", "wording": "article"})]
    out = breakdowns(rows)
    assert out["split"][REWORDED]["answer_accuracy"] == 0.0
    assert out["split"][REWORDED]["false_abstentions"] == 1
    assert out["split"][ARTICLE_WORDS]["abstention_accuracy"] == 1.0
    assert out["split"][ARTICLE_WORDS]["contested_unanswerable_flagged"] == 1.0
    assert out["article"]["fire"]["n"] == 3 and out["article"]["war"]["n"] == 1
    assert set(out["genre_split"]) == {"fire · working", "war · held out"}
    report = render_report({"dataset": "x", "n": 4, "documents": ["fire", "war"], "counts": {},
                            "per_question": [], "breakdown": out}, None)
    assert "### By genre, for both splits" in report and "| fire · working | 3 (2 / 1) |" in report
