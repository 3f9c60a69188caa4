"""Every figure of the eval again, per article, per genre and per split.

An overall figure over several articles hides the article that fails: a set of questions in one
genre's words can be perfect while another's reworded questions are refused. The groups:
- `article`: the question's `doc` (or, without one, the document its evidence was found in);
- `genre`: the `genre` label;
- `split`: "article's words", "reworded" (working split) and "held out" (the held-out split,
  never calibrated on), plus the dataset file for questions without labels (eval/qa.jsonl);
- `genre_split`: genre x working / held-out, the per-genre table for both splits.
Each group is summarised by the same `summarize` as the whole run, from the stored scores, so
anyone can recompute it from OUT.json.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rag.evaluation.metrics import QuestionScores, summarize

ARTICLE_WORDS = "article's words"
REWORDED = "reworded"
HELD_OUT = "held out"


def split_label(labels: dict[str, str], dataset: str) -> str:
    if labels.get("split") == "heldout":
        return HELD_OUT
    if labels.get("wording") == "reworded":
        return REWORDED
    if labels.get("wording") == "article":
        return ARTICLE_WORDS
    return labels.get("split") or dataset   # unlabelled questions: named by their file


def _groups(per_question: list[dict[str, Any]], key: Callable[[dict[str, Any]], str]
            ) -> dict[str, dict[str, Any]]:
    rows: dict[str, list[QuestionScores]] = {}
    for q in per_question:
        rows.setdefault(key(q), []).append(QuestionScores(**q["scores"]))
    out = {}
    for name in sorted(rows):
        figures = summarize(rows[name])
        # counts a reader checks the targets against ("at most 1 per 50 answerable")
        figures["false_abstentions"] = sum(r.answerable and r.abstained for r in rows[name])
        out[name] = figures
    return out


def breakdowns(per_question: list[dict[str, Any]]) -> dict[str, dict[str, dict[str, Any]]]:
    """{"article": {doc: figures}, "genre": ..., "split": ..., "genre_split": ...}."""
    def labels(q: dict[str, Any]) -> dict[str, str]:
        return q.get("labels", {})

    def split(q: dict[str, Any]) -> str:
        return split_label(labels(q), q.get("dataset", ""))

    def genre(q: dict[str, Any]) -> str:
        return labels(q).get("genre", "unlabelled")

    def genre_split(q: dict[str, Any]) -> str:
        part = {"heldout": "held out", "working": "working"}.get(labels(q).get("split", ""),
                                                                 q.get("dataset", ""))
        return f"{genre(q)} · {part}"

    return {
        "article": _groups(per_question, lambda q: q.get("doc") or "(any)"),
        "genre": _groups(per_question, genre),
        "split": _groups(per_question, split),
        "genre_split": _groups(per_question, genre_split),
    }
