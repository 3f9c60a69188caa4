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
from rag.evaluation.breakdown import breakdowns
from rag.evaluation.citations import Span, SupportJudge, locate_evidence
from rag.evaluation.dataset import EvalItem, load_dataset
from rag.evaluation.judge import load_entailment
from rag.evaluation.metrics import (
    METRIC_DEFINITIONS,
    RECALL_K,
    QuestionScores,
    score_question,
    summarize,
)

AskFn = Callable[[str, str], tuple[dict[str, Any], list[Span]]]   # (question, doc or "")
WARM_UP_QUESTION = "What is this article about?"   # untimed: loads models and caches first


def _ask_engine(engine: Engine, scoped: bool = True) -> AskFn:
    """The Engine as the eval asks it: a question naming its `doc` is asked of that article,
    as a reader asks the article open in the viewer (`scoped=False`: of every loaded one)."""
    def ask(question: str, doc: str = "") -> tuple[dict[str, Any], list[Span]]:
        try:
            answer = engine.ask(question, documents=[doc] if doc and scoped else None)
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


def _evidence(item: EvalItem, texts: dict[str, str]) -> tuple[list[Span], list[str]]:
    """Gold evidence spans: in the question's own document when it names one (three reports
    of one flood share sentences), else in any document."""
    if item.doc:
        return locate_evidence(item.evidence, {item.doc: texts.get(item.doc, "")})
    return locate_evidence(item.evidence, texts)


def _document_of(item: EvalItem, evidence: list[Span]) -> str:
    if item.doc:
        return item.doc
    docs = {doc for doc, _, _ in evidence}
    return docs.pop() if len(docs) == 1 else ""


def _run_system(name: str, items: list[tuple[EvalItem, str]], ask: AskFn,
                texts: dict[str, str], judge_for: Callable[[list[Span]], SupportJudge],
                nli: bool, progress: bool) -> dict[str, Any]:
    try:
        ask(WARM_UP_QUESTION, "")
    except Exception:  # noqa: BLE001 - the warm-up only loads things; real errors show below
        pass
    rows: list[QuestionScores] = []
    per_question: list[dict[str, Any]] = []
    for item, dataset in tqdm(items, desc=f"eval {name}", unit="q", file=sys.stderr,
                              disable=not progress, dynamic_ncols=True):
        evidence, missing = _evidence(item, texts)
        started = time.perf_counter()
        response, retrieved = ask(item.question, item.doc)
        latency_ms = (time.perf_counter() - started) * 1000
        scores = score_question(item, response, retrieved, evidence, judge_for(evidence),
                                latency_ms, judge_ready=bool(evidence) or nli)
        scores.evidence_missing = missing
        rows.append(scores)
        per_question.append({"id": item.id, "question": item.question,
                             "dataset": dataset, "doc": _document_of(item, evidence),
                             "labels": item.labels(), "expected": item.expected(),
                             "scores": scores.to_dict(), "response": response})
    return {**summarize(rows), "breakdown": breakdowns(per_question),
            "per_question": per_question}


def load_items(paths: list[Path]) -> list[tuple[EvalItem, str]]:
    """The questions of every dataset file, each with its file's name; ids unique across."""
    items: list[tuple[EvalItem, str]] = []
    seen: dict[str, str] = {}
    for path in paths:
        for item in load_dataset(path).items:
            if item.id in seen:
                raise InputError(f"{path}: line {item.line}: id {item.id!r} is also in "
                                 f"{seen[item.id]}; ids must be unique across datasets")
            seen[item.id] = str(path)
            items.append((item, path.name))
    return items


def check_documents(items: list[tuple[EvalItem, str]], documents: list[str]) -> None:
    """Every `doc` a question names must be loaded: a typo would silently score nothing."""
    unknown = sorted({item.doc for item, _ in items if item.doc and item.doc not in documents})
    if unknown:
        raise InputError(f"the eval names document(s) not in the index: {', '.join(unknown)} "
                         f"(loaded: {', '.join(documents) or 'none'}); ingest them first, "
                         "e.g. `make eval-multigenre`")


def run_eval(engine: Engine, dataset_path: Path | list[Path], json_out: Path | None = None,
             report_out: Path | None = None, baseline: bool = True,
             progress: bool = True) -> dict:
    """Evaluate `engine` on one or several JSONL datasets; returns (and optionally writes) the
    OUT.json dict, with every figure also broken down per article, genre and split.

    Raises InputError for a malformed dataset (every bad line listed), a question naming a
    document that is not loaded, or an empty index.
    """
    started = time.perf_counter()
    paths = [Path(p) for p in (dataset_path if isinstance(dataset_path, (list, tuple))
                               else [dataset_path])]
    items = load_items(paths)
    texts = {d["doc_id"]: engine.document_text(d["doc_id"]) for d in engine.documents()}
    if not texts:
        raise InputError("The index has no documents to evaluate against; ingest an article "
                         "first (rag ingest PATH) or point RAG_INDEX_DIR at an index.")
    check_documents(items, sorted(texts))
    entails, criterion = load_entailment(engine.config)

    def judge_for(evidence: list[Span]) -> SupportJudge:
        return SupportJudge(evidence=evidence, entails=entails)

    # Build the baseline first: if llama-index cannot build it we learn before the long run.
    pipeline = None
    if baseline:
        from rag.evaluation.baseline import BaselinePipeline

        pipeline = BaselinePipeline(engine)
    result: dict[str, Any] = {
        "dataset": ", ".join(str(p) for p in paths),
        "documents": sorted(texts),
        "support_criterion": criterion,
        "nli_judge": entails is not None,
        **_run_system("ours", items, _ask_engine(engine), texts, judge_for,
                      entails is not None, progress),
    }
    if pipeline is not None:
        result["baseline"] = {
            "system": "llama-index VectorStoreIndex, default SentenceSplitter, top-k 5, "
                      "answer = top chunk",
            **_run_system("baseline", items, pipeline.ask, pipeline.texts, judge_for,
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
