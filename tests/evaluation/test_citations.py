"""ALCE citation recall/precision on hand-made answers with known values."""
from __future__ import annotations

from typing import Any

import pytest

from rag.evaluation.citations import (
    CitationScore,
    SupportJudge,
    locate_evidence,
    overlaps,
    score_citations,
)

DOC = "d"
# a toy document: three "passages" at known offsets
TEXT = "33 soldiers were killed. Russia said X. Turkey denied X. The weather was fine."
P1 = (0, 24)     # "33 soldiers were killed."
P2 = (25, 39)    # "Russia said X."
P3 = (40, 56)    # "Turkey denied X."
P4 = (57, 78)    # "The weather was fine."


def cite(n: int, span: tuple[int, int]) -> dict[str, Any]:
    return {"n": n, "doc_id": DOC, "passage_id": f"p{n}", "text": TEXT[span[0]:span[1]],
            "start": span[0], "end": span[1]}


def response(answer: str, *citations: dict[str, Any], abstained: bool = False) -> dict:
    return {"question": "q", "answer": answer, "abstained": abstained,
            "citations": list(citations), "flags": [], "latency_ms": 1.0}


def scored(answer: dict[str, Any], judge: SupportJudge) -> CitationScore:
    score = score_citations(answer, judge)
    assert score is not None
    return score


@pytest.fixture
def judge() -> SupportJudge:
    evidence, missing = locate_evidence(["33 soldiers were killed", "Turkey denied X"], {DOC: TEXT})
    assert not missing
    return SupportJudge(evidence=evidence)


def test_fully_supported_answer(judge: SupportJudge) -> None:
    score = scored(response("33 soldiers died [1].", cite(1, P1)), judge)
    assert (score.recall, score.precision) == (1.0, 1.0)


def test_citation_to_passage_that_does_not_support(judge: SupportJudge) -> None:
    score = scored(response("33 soldiers died [1].", cite(1, P4)), judge)
    assert (score.recall, score.precision) == (0.0, 0.0)


def test_answer_without_citation(judge: SupportJudge) -> None:
    score = scored(response("33 soldiers died."), judge)
    assert (score.recall, score.precision, score.n_citations) == (0.0, 0.0, 0)


def test_abstention_is_not_scored(judge: SupportJudge) -> None:
    assert score_citations(response("The article does not say.", abstained=True), judge) is None


def test_unneeded_extra_citation_lowers_precision_only(judge: SupportJudge) -> None:
    # sentence 1 cites a supporting and an irrelevant passage; sentence 2 has no marker
    answer = "33 soldiers died [1][2]. Turkey denied it [3]. It was sunny."
    score = scored(response(answer, cite(1, P1), cite(2, P4), cite(3, P3)), judge)
    assert score.recall == pytest.approx(2 / 3)
    assert score.precision == pytest.approx(2 / 3)   # [2] is not needed
    assert score.sentences[0]["needed"] == [True, False]


def test_dangling_marker_counts_as_an_unneeded_citation(judge: SupportJudge) -> None:
    score = scored(response("33 soldiers died [1][9].", cite(1, P1)), judge)
    assert (score.recall, score.precision) == (1.0, 0.5)


def test_nli_judge_supports_when_no_evidence_overlaps() -> None:
    seen = []

    def entails(premise: str, hypothesis: str) -> bool:
        seen.append((premise, hypothesis))
        return "weather" in premise and "sunny" in hypothesis

    judge = SupportJudge(evidence=[], entails=entails)
    score = scored(response("It was sunny [1].", cite(1, P4)), judge)
    assert (score.recall, score.precision) == (1.0, 1.0)
    assert seen == [("The weather was fine.", "It was sunny.")]


def test_jointly_needed_citations_are_both_precise() -> None:
    # only the two passages together entail the sentence: both are needed (ALCE condition B)
    def entails(premise: str, hypothesis: str) -> bool:
        return "Russia" in premise and "Turkey" in premise

    judge = SupportJudge(evidence=[], entails=entails)
    score = scored(response("Russia and Turkey disagree [1][2].", cite(1, P2),
                                     cite(2, P3)), judge)
    assert (score.recall, score.precision) == (1.0, 1.0)


def test_locate_evidence_finds_every_occurrence_and_reports_missing() -> None:
    spans, missing = locate_evidence(["X.", "absent"], {DOC: TEXT, "e": "X."})
    assert sorted(spans) == [(DOC, 37, 39), (DOC, 54, 56), ("e", 0, 2)]
    assert missing == ["absent"]
    assert overlaps((DOC, 0, 10), (DOC, 9, 20)) and not overlaps((DOC, 0, 10), (DOC, 10, 20))
    assert not overlaps((DOC, 0, 10), ("e", 0, 10))
