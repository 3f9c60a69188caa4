"""Per-question scores and the dataset-level figures of the eval.

Every function here reads plain data (the dataset item and the `rag ask --json` object), so
anyone can recompute the figures from OUT.json without running the system again.

Which questions each figure is computed over (a figure over zero questions is None / null):
  answer_accuracy        answerable questions; an abstention counts as wrong
  evidence_recall_at_5   answerable questions whose gold evidence was located in a document
  citation_recall/-precision  questions the system answered (did not abstain) that can be
                         judged: gold evidence located, or an NLI judge configured
  abstention_accuracy    answerable:false questions (share where the system abstained)
  abstention_accuracy_lenient  the same, a marked near-miss also counted as declining (strict
                         figure stays the headline: a near-miss still shows passages)
  false_abstention_rate  answerable questions (share where the system abstained)
  contested_precision    all questions; "flagged" = the answer carries at least one flag
  contested_recall       answerable questions marked contested
  contested_unanswerable_flagged  answerable:false, contested:true questions (abstain and flag)
  uncited_sentences      answered questions: answer sentences without any [n] (should be 0)
  latency_p50/p95_ms     all questions, wall-clock time of the call that answered
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from rag.compose.phrasing import NEAR_MISS_LEAD
from rag.evaluation.citations import (  # noqa: F401  (re-exported: one import for metrics)
    CitationScore,
    Span,
    SupportJudge,
    answer_sentences,
    locate_evidence,
    overlaps,
    score_citations,
)
from rag.evaluation.dataset import EvalItem
from rag.evaluation.normalize import contains_answer, normalize  # noqa: F401

METRIC_KEYS = (
    "answer_accuracy", "evidence_recall_at_5", "citation_precision", "citation_recall",
    "abstention_accuracy", "false_abstention_rate", "contested_precision", "contested_recall",
    "latency_p50_ms", "latency_p95_ms",
)
RECALL_K = 5

# One sentence per figure: shown in the report and stored in OUT.json beside the numbers.
METRIC_DEFINITIONS: dict[str, str] = {
    "answer_accuracy": "Share of answerable questions whose (non-abstained) answer contains an "
                       "accepted string; case, spacing, quotes and number spelling ignored "
                       "(\"thirty-three\" = \"33\"), citation markers removed.",
    "evidence_recall_at_5": "Share of answerable questions where a gold evidence span lies "
                            "wholly inside one of the top-5 retrieved passages.",
    "citation_precision": "ALCE: share of citations that are needed for their sentence (alone "
                          "they support it, or removing them breaks joint support); mean over "
                          "answered questions.",
    "citation_recall": "ALCE: share of answer sentences whose citations jointly support them; "
                       "mean over answered questions.",
    "abstention_accuracy": "Share of unanswerable questions (answerable: false) where the "
                           "system abstained.",
    "false_abstention_rate": "Share of answerable questions where the system abstained "
                             "(lower is better).",
    "abstention_accuracy_lenient": "Lenient abstention accuracy, beside the strict one: share "
                                   "of unanswerable questions where the system abstained OR "
                                   "gave a marked near-miss (\"The article does not answer "
                                   "this in so many words; the closest it comes: ...\").",
    "contested_precision": "Of the questions whose answer carries a flag, the share marked "
                           "contested.",
    "contested_recall": "Of the answerable questions marked contested, the share whose answer "
                        "carries a flag.",
    "contested_unanswerable_flagged": "Of the questions the article cannot answer that touch a "
                                      "disputed point (answerable: false, contested: true), "
                                      "the share whose reply carries a flag.",
    "uncited_sentences": "Answer sentences (over all answered questions) that carry no [n] "
                         "citation marker; every sentence must cite, so this should be 0.",
    "contested_recall_grounded": "Stricter contested recall: the flag must cite a passage that "
                                 "overlaps the question's gold evidence (a flag about some "
                                 "other dispute does not count).",
    "latency_p50_ms": "Median wall-clock time to answer one question (ms), after one untimed "
                      "warm-up question.",
    "latency_p95_ms": "95th percentile of the same (ms, linear interpolation).",
}


@dataclass
class QuestionScores:
    """What one question scored; None means the measure does not apply to this question."""

    answerable: bool
    contested: bool
    abstained: bool
    flagged: bool
    latency_ms: float
    answer_chars: int = 0
    answer_correct: bool | None = None
    evidence_hit_at_5: bool | None = None
    citation_recall: float | None = None
    citation_precision: float | None = None
    abstention_correct: bool | None = None
    near_miss: bool = False             # answered, marked as the closest passages only
    abstention_lenient: bool | None = None   # unanswerable: abstained or a marked near-miss
    flag_grounded: bool | None = None   # contested questions: a flag cites gold evidence
    uncited_sentences: int = 0          # answer sentences without a citation marker
    failures: list[str] = field(default_factory=list)   # human-readable, for the report
    citation_detail: list[dict[str, Any]] = field(default_factory=list)
    evidence_missing: list[str] = field(default_factory=list)
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def answer_correct(item: EvalItem, response: dict[str, Any]) -> bool:
    """An accepted string appears in a non-abstained answer, and no forbidden one does."""
    if response.get("abstained"):
        return False
    text = str(response.get("answer", ""))
    if any(contains_answer(text, bad) for bad in item.forbidden):
        return False
    return any(contains_answer(text, good) for good in item.answers)


def is_near_miss(response: dict[str, Any]) -> bool:
    """An answer (not an abstention) that opens by saying it is only the closest passage."""
    return not response.get("abstained") and \
        str(response.get("answer", "")).lstrip().startswith(NEAR_MISS_LEAD.strip())


def evidence_hit(evidence: list[Span], retrieved: list[Span], k: int = RECALL_K) -> bool:
    """A gold evidence occurrence lies wholly inside one of the top-k retrieved passages."""
    return any(doc == e_doc and start <= e_start and e_end <= end
               for doc, start, end in retrieved[:k]
               for e_doc, e_start, e_end in evidence)


def flag_grounded(response: dict[str, Any], evidence: list[Span]) -> bool:
    """At least one flag cites (through its citation numbers) a passage overlapping gold
    evidence: the flag is about the dispute the question asks about."""
    by_number = {int(c["n"]): c for c in response.get("citations", [])}
    for flag in response.get("flags", []):
        for n in flag.get("citations", []):
            cited = by_number.get(int(n))
            if cited and any(overlaps((cited["doc_id"], cited["start"], cited["end"]), e)
                             for e in evidence):
                return True
    return False


def score_question(item: EvalItem, response: dict[str, Any], retrieved: list[Span],
                   evidence: list[Span], judge: SupportJudge, latency_ms: float,
                   judge_ready: bool) -> QuestionScores:
    """All scores of one question. `judge_ready`: the judge can decide support for it (gold
    evidence located, or NLI configured); otherwise citation scores stay None."""
    abstained = bool(response.get("abstained"))
    scores = QuestionScores(answerable=item.answerable, contested=item.contested,
                            abstained=abstained, flagged=bool(response.get("flags")),
                            latency_ms=latency_ms, error=response.get("error"),
                            answer_chars=len(str(response.get("answer", ""))),
                            near_miss=is_near_miss(response))
    if item.answerable:
        scores.answer_correct = answer_correct(item, response)
        if evidence:
            scores.evidence_hit_at_5 = evidence_hit(evidence, retrieved)
        if abstained:
            scores.failures.append("abstained on an answerable question")
        elif not scores.answer_correct:
            answer = str(response.get("answer", ""))
            repeated = [b for b in item.forbidden if contains_answer(answer, b)]
            scores.failures.append(f"answer says forbidden {repeated[0]!r}" if repeated
                                   else "no accepted answer in the answer")
        if scores.evidence_hit_at_5 is False:
            scores.failures.append(f"no gold evidence in the top-{RECALL_K} passages")
    else:
        scores.abstention_correct = abstained
        scores.abstention_lenient = abstained or scores.near_miss
        if not abstained:
            scores.failures.append("answered a question the article does not answer")
    if not abstained:
        uncited = [s.text for s in answer_sentences(response) if not s.numbers]
        scores.uncited_sentences = len(uncited)
        if uncited:
            scores.failures.append(f"uncited sentence: “{uncited[0][:80]}”")
    if not abstained and judge_ready:
        cited = score_citations(response, judge)
        if cited is not None:
            scores.citation_recall, scores.citation_precision = cited.recall, cited.precision
            scores.citation_detail = cited.sentences
            if cited.recall < 1:
                scores.failures.append(f"citation recall {cited.recall:.2f}")
    if item.contested and item.answerable:
        scores.flag_grounded = flag_grounded(response, evidence)
    if item.contested and not scores.flagged:
        scores.failures.append("contested claim without a flag" if item.answerable
                               else "abstained without flagging the disputed point")
    if scores.flagged and not item.contested:
        scores.failures.append("flag on a question not marked contested")
    return scores


def _mean(values: list[float | bool | None]) -> float | None:
    present = [float(v) for v in values if v is not None]
    return sum(present) / len(present) if present else None


def percentile(values: list[float], q: float) -> float | None:
    """Linear interpolation between closest ranks (numpy's default), q in [0, 100]."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summarize(rows: list[QuestionScores]) -> dict[str, Any]:
    """Dataset-level figures (METRIC_KEYS plus the counts they rest on)."""
    answerable = [r for r in rows if r.answerable]
    unanswerable = [r for r in rows if not r.answerable]
    flagged = [r for r in rows if r.flagged]
    contested = [r for r in answerable if r.contested]
    contested_unanswerable = [r for r in unanswerable if r.contested]
    answered = [r for r in rows if not r.abstained]
    latencies = [r.latency_ms for r in rows]
    true_flags = sum(r.flagged and r.contested for r in rows)
    return {
        "n": len(rows),
        "answer_accuracy": _mean([r.answer_correct for r in answerable]),
        "evidence_recall_at_5": _mean([r.evidence_hit_at_5 for r in answerable]),
        "citation_precision": _mean([r.citation_precision for r in rows]),
        "citation_recall": _mean([r.citation_recall for r in rows]),
        "abstention_accuracy": _mean([r.abstention_correct for r in unanswerable]),
        "abstention_accuracy_lenient": _mean([r.abstention_lenient for r in unanswerable]),
        "false_abstention_rate": _mean([r.abstained for r in answerable]),
        "contested_precision": true_flags / len(flagged) if flagged else None,
        "contested_recall": _mean([r.flagged for r in contested]),
        "contested_unanswerable_flagged": _mean([r.flagged for r in contested_unanswerable]),
        "uncited_sentences": sum(r.uncited_sentences for r in answered) if answered else None,
        "contested_recall_grounded": _mean([r.flag_grounded for r in contested]),
        "latency_p50_ms": percentile(latencies, 50),
        "latency_p95_ms": percentile(latencies, 95),
        # not a quality figure: shows how much text a system returns to earn its accuracy
        "mean_answer_chars": _mean([r.answer_chars for r in rows]),
        "counts": {
            "answerable": len(answerable), "unanswerable": len(unanswerable),
            "contested": len(contested), "flagged": len(flagged),
            "contested_unanswerable": len(contested_unanswerable),
            "evidence_judged": sum(r.evidence_hit_at_5 is not None for r in rows),
            "citations_judged": sum(r.citation_recall is not None for r in rows),
            "errors": sum(r.error is not None for r in rows),
        },
    }
