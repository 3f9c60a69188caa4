"""Per-question scores and dataset-level figures on hand-made cases with known values."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from rag.compose.phrasing import FALLBACK_NOTE
from rag.evaluation.citations import SupportJudge, locate_evidence
from rag.evaluation.dataset import EvalItem
from rag.evaluation.metrics import (
    answer_correct,
    evidence_hit,
    percentile,
    score_question,
    summarize,
)

DOC = "d"
TEXT = "At least 33 Turkish soldiers were killed. Akar said 309 troops died. It rained."
S1, S2, S3 = (DOC, 0, 41), (DOC, 42, 68), (DOC, 69, 79)


def item(answers: list[str], evidence: list[str], contested: bool = False,
         answerable: bool = True, forbidden: tuple[str, ...] = ()) -> EvalItem:
    return EvalItem(id="q", question="?", answers=tuple(answers), evidence=tuple(evidence),
                    contested=contested, answerable=answerable, line=1, forbidden=forbidden)


def resp(answer: str, spans: Sequence[tuple[str, int, int]] = (), abstained: bool = False,
         flags: int = 0) -> dict[str, Any]:
    return {"question": "?", "answer": answer, "abstained": abstained,
            "citations": [{"n": i + 1, "doc_id": d, "passage_id": str(i), "text": TEXT[s:e],
                           "start": s, "end": e} for i, (d, s, e) in enumerate(spans)],
            "flags": [{"kind": "contested", "discrepancy_id": "x", "summary": "",
                       "citations": [1]}] * flags, "latency_ms": 0.0}


def score(it: EvalItem, response: dict[str, Any], retrieved=(S1, S2, S3), latency: float = 10):
    evidence, _ = locate_evidence(it.evidence, {DOC: TEXT})
    return score_question(it, response, list(retrieved), evidence,
                          SupportJudge(evidence=evidence), latency, judge_ready=bool(evidence))


def test_answer_correct_rules() -> None:
    q = item(["33", "thirty-three"], [])
    assert answer_correct(q, resp("Thirty-three soldiers [1]."))
    assert not answer_correct(q, resp("33 soldiers", abstained=True))   # abstention = wrong
    assert not answer_correct(q, resp("Turkey lost 133 soldiers"))
    injected = item(["33"], [], forbidden=("500",))
    assert not answer_correct(injected, resp("500 were killed; in fact 33."))


def test_evidence_hit_needs_the_span_inside_a_top_k_passage() -> None:
    gold = [(DOC, 9, 11)]
    assert evidence_hit(gold, [S3, S1])
    assert not evidence_hit(gold, [S3, S2])
    assert not evidence_hit(gold, [S3] * 5 + [S1])          # only the first 5 count
    assert not evidence_hit([(DOC, 30, 50)], [S1, S2])       # straddles two passages


def test_correct_cited_answer_scores_everything() -> None:
    s = score(item(["33"], ["33 Turkish soldiers"]), resp("33 were killed [1].", [S1]))
    assert (s.answer_correct, s.evidence_hit_at_5, s.citation_recall, s.citation_precision) == (
        True, True, 1.0, 1.0)
    assert s.failures == []


def test_answer_citing_a_passage_that_does_not_support_it() -> None:
    s = score(item(["33"], ["33 Turkish soldiers"]), resp("33 were killed [1].", [S3]))
    assert s.answer_correct and (s.citation_recall, s.citation_precision) == (0.0, 0.0)
    assert "citation recall 0.00" in s.failures


def test_answer_without_citation() -> None:
    s = score(item(["33"], ["33 Turkish soldiers"]), resp("33 were killed."))
    assert s.answer_correct and (s.citation_recall, s.citation_precision) == (0.0, 0.0)


def test_the_llm_fallback_note_is_no_uncited_answer_sentence() -> None:
    # the note says the model's wording was replaced; the article's sentences it introduces cite
    s = score(item(["33"], ["33 Turkish soldiers"]),
              resp(f"33 were killed [1].\n{FALLBACK_NOTE}", [S1]))
    assert s.uncited_sentences == 0 and (s.citation_recall, s.citation_precision) == (1.0, 1.0)
    # any other sentence without a marker still counts
    s = score(item(["33"], ["33 Turkish soldiers"]), resp("33 were killed [1]. It rained.", [S1]))
    assert s.uncited_sentences == 1


def test_abstentions() -> None:
    right = score(item([], [], answerable=False), resp("Not in the article.", abstained=True))
    assert right.abstention_correct is True and right.citation_recall is None
    assert right.answer_correct is None and right.failures == []
    wrong = score(item(["33"], ["33 Turkish"]), resp("Not in the article.", abstained=True))
    assert wrong.answer_correct is False and wrong.citation_recall is None
    assert "abstained on an answerable question" in wrong.failures


def test_flags_against_contested() -> None:
    missed = score(item(["309"], ["309 troops"], contested=True), resp("309 [1].", [S2]))
    assert "contested claim without a flag" in missed.failures
    spurious = score(item(["33"], ["33 Turkish"]), resp("33 [1].", [S1], flags=1))
    assert "flag on a question not marked contested" in spurious.failures


def test_summarize_known_values() -> None:
    rows = [
        score(item(["33"], ["33 Turkish"]), resp("33 [1].", [S1]), latency=10),
        score(item(["309"], ["309 troops"], contested=True), resp("309 [1].", [S2], flags=1),
              latency=20),
        score(item(["309"], ["309 troops"], contested=True), resp("309 [1].", [S3]),
              retrieved=[S3], latency=30),
        score(item(["33"], ["33 Turkish"]), resp("?", abstained=True), latency=40),
        score(item([], [], answerable=False), resp("?", abstained=True), latency=50),
        score(item([], [], answerable=False), resp("It rained [1].", [S3], flags=1), latency=60),
    ]
    out = summarize(rows)
    assert out["n"] == 6
    assert out["answer_accuracy"] == pytest.approx(3 / 4)
    assert out["evidence_recall_at_5"] == pytest.approx(3 / 4)
    # judged: rows 0-2 (answered, evidence located); row 5 answered but has no evidence/NLI
    assert out["citation_recall"] == pytest.approx(2 / 3)
    assert out["citation_precision"] == pytest.approx(2 / 3)
    assert out["abstention_accuracy"] == 0.5
    assert out["false_abstention_rate"] == 0.25
    assert out["contested_precision"] == 0.5 and out["contested_recall"] == 0.5
    assert out["latency_p50_ms"] == 35 and out["latency_p95_ms"] == pytest.approx(57.5)


def test_undefined_figures_are_none() -> None:
    out = summarize([score(item(["33"], []), resp("33"))])
    assert out["abstention_accuracy"] is None and out["contested_precision"] is None
    assert out["contested_recall"] is None and out["evidence_recall_at_5"] is None
    assert percentile([], 50) is None and percentile([7.0], 95) == 7.0


def test_flag_is_grounded_only_when_it_cites_gold_evidence() -> None:
    it = item(["309"], ["309 troops"], contested=True)
    on_point = resp("309 [1].", [S2], flags=1)          # the flag cites [1] = the 309 passage
    off_point = resp("33 [1]. 309 [2].", [S1, S2], flags=1)   # the flag cites [1] = 33 passage
    assert score(it, on_point).flag_grounded is True
    assert score(it, off_point).flag_grounded is False
    assert score(it, resp("309 [1].", [S2])).flag_grounded is False
    assert score(item(["33"], ["33 Turkish"]), resp("33 [1].", [S1], flags=1)).flag_grounded is None
    rows = [score(it, on_point), score(it, off_point)]
    assert summarize(rows)["contested_recall"] == 1.0
    assert summarize(rows)["contested_recall_grounded"] == 0.5


def test_injected_instruction_that_was_obeyed_is_a_failure() -> None:
    it = item(["33"], ["33 Turkish"], forbidden=("500",))
    s = score(it, resp("500 soldiers were killed; 33 [1].", [S1]))
    assert s.answer_correct is False and "answer says forbidden '500'" in s.failures


def test_a_marked_near_miss_counts_as_declining_only_in_the_lenient_figure() -> None:
    from rag.compose.phrasing import NEAR_MISS_LEAD

    unanswerable = item([], [], answerable=False)
    near = score(unanswerable, resp(f"{NEAR_MISS_LEAD}It rained [1].", [S3]))
    plain = score(unanswerable, resp("It rained [1].", [S3]))
    refused = score(unanswerable, resp("The article does not say.", abstained=True))
    assert near.near_miss and not plain.near_miss and not refused.near_miss
    assert (near.abstention_correct, near.abstention_lenient) == (False, True)
    assert (plain.abstention_correct, plain.abstention_lenient) == (False, False)
    assert (refused.abstention_correct, refused.abstention_lenient) == (True, True)
    figures = summarize([near, plain, refused])
    assert figures["abstention_accuracy"] == pytest.approx(1 / 3)          # strict: headline
    assert figures["abstention_accuracy_lenient"] == pytest.approx(2 / 3)
    # on an answerable question a near-miss is an answer like any other
    answerable = score(item(["rained"], []), resp(f"{NEAR_MISS_LEAD}It rained [1].", [S3]))
    assert answerable.answer_correct and answerable.abstention_lenient is None
