"""Run an eval dataset through the Engine (the chat's own code path) and through the baseline,
score both with the same functions, and write OUT.json and the Markdown report.
"""
from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tqdm import tqdm

from rag.engine import Engine
from rag.errors import InputError, RagError
from rag.evaluation.citations import Span, SupportJudge, locate_evidence
from rag.evaluation.dataset import EvalItem, load_dataset
from rag.evaluation.judge import load_entailment
from rag.evaluation.metrics import (METRIC_DEFINITIONS, RECALL_K, QuestionScores,
                                    score_question, summarize)

AskFn = Callable[[str], tuple[dict[str, Any], list[Span]]]
WARM_UP_QUESTION = "What is this article about?"   # untimed: loads models and caches first


def _ask_engine(engine: Engine) -> AskFn:
    def ask(question: str) -> tuple[dict[str, Any], list[Span]]:
        try:
            answer = engine.ask(question)
        except RagError as exc:
            # A question the Engine refuses (too long, LLM down...) is scored as an abstention
            # and its message kept, so one bad line cannot stop a long run.
            return ({"question": question, "answer": "", "abstained": True, "citations": [],
                     "flags": [], "latency_ms": 0.0, "error": str(exc)}, [])
        retrieved = answer.retrieved
        if not retrieved:   # e.g. an abstention that short-circuits: ask retrieval directly
            try:
                retrieved = engine.retrieve(question, RECALL_K)
            except RagError:
                retrieved = []
        spans = [(s.passage.doc_id, s.passage.start, s.passage.end) for s in retrieved]
        return answer.to_dict(), spans[:RECALL_K]
    return ask


def _run_system(name: str, items: list[EvalItem], ask: AskFn, texts: dict[str, str],
                judge_for: Callable[[list[Span]], SupportJudge], nli: bool,
                progress: bool) -> dict[str, Any]:
    try:
        ask(WARM_UP_QUESTION)
    except Exception:  # noqa: BLE001 - the warm-up only loads things; real errors show below
        pass
    rows: list[QuestionScores] = []
    per_question: list[dict[str, Any]] = []
    for item in tqdm(items, desc=f"eval {name}", unit="q", file=sys.stderr,
                     disable=not progress, dynamic_ncols=True):
        evidence, missing = locate_evidence(item.evidence, texts)
        started = time.perf_counter()
        response, retrieved = ask(item.question)
        latency_ms = (time.perf_counter() - started) * 1000
        scores = score_question(item, response, retrieved, evidence, judge_for(evidence),
                                latency_ms, judge_ready=bool(evidence) or nli)
        scores.evidence_missing = missing
        rows.append(scores)
        per_question.append({"id": item.id, "question": item.question,
                             "expected": item.expected(), "scores": scores.to_dict(),
                             "response": response})
    return {**summarize(rows), "per_question": per_question}


def run_eval(engine: Engine, dataset_path: Path, json_out: Path | None = None,
             report_out: Path | None = None, baseline: bool = True,
             progress: bool = True) -> dict:
    """Evaluate `engine` on a JSONL dataset; returns (and optionally writes) the OUT.json dict.

    Raises InputError for a malformed dataset (every bad line listed) or an empty index.
    """
    started = time.perf_counter()
    dataset = load_dataset(Path(dataset_path))
    texts = {d["doc_id"]: engine.document_text(d["doc_id"]) for d in engine.documents()}
    if not texts:
        raise InputError("The index has no documents to evaluate against; ingest an article "
                         "first (rag ingest PATH) or point RAG_INDEX_DIR at an index.")
    entails, criterion = load_entailment(engine.config)

    def judge_for(evidence: list[Span]) -> SupportJudge:
        return SupportJudge(evidence=evidence, entails=entails)

    # Build the baseline first: if llama-index cannot build it we learn before the long run.
    pipeline = None
    if baseline:
        from rag.evaluation.baseline import BaselinePipeline

        pipeline = BaselinePipeline(engine)
    result: dict[str, Any] = {
        "dataset": str(dataset_path),
        "documents": sorted(texts),
        "support_criterion": criterion,
        "nli_judge": entails is not None,
        **_run_system("ours", dataset.items, _ask_engine(engine), texts, judge_for,
                      entails is not None, progress),
    }
    if pipeline is not None:
        result["baseline"] = {
            "system": "llama-index VectorStoreIndex, default SentenceSplitter, top-k 5, "
                      "answer = top chunk",
            **_run_system("baseline", dataset.items, pipeline.ask, pipeline.texts, judge_for,
                          entails is not None, progress)}
    missing = sorted({m for q in result["per_question"] for m in q["scores"]["evidence_missing"]})
    result["evidence_not_found"] = missing
    result["metric_definitions"] = METRIC_DEFINITIONS
    result["elapsed_s"] = round(time.perf_counter() - started, 2)
    if json_out is not None:
        json_out = Path(json_out)
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", "utf-8")
    if report_out is not None:
        from rag.evaluation.report import write_report
        from rag.ledger_map.graph import build_map

        graph = build_map(engine.ledger().to_dict(), engine.documents())
        write_report(result, Path(report_out), graph)
    return result
