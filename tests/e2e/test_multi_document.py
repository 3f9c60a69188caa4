"""Several outlets on one invented event (tests/data/ferry): metadata per document, a denial
across outlets, an updated toll, agreement, and a scope trap; what the ledger and answers say."""
from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from rag.testing import engine_at
from tests.conftest import ROOT

if TYPE_CHECKING:
    from rag.engine import Engine

FERRY = ROOT / "tests" / "data" / "ferry"


@pytest.fixture(scope="module")
def ferry_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    engine = engine_at(tmp_path_factory.mktemp("ferry-index"), auto_ingest=False)
    for path in sorted(FERRY.glob("*.txt")):
        engine.ingest([path], published=path.stem[-10:])   # file names end in the date
    return engine


def _doc_ids(answer) -> set[str]:
    return {c.doc_id for c in answer.citations}


def test_each_document_keeps_its_metadata(ferry_engine) -> None:
    docs = {d["doc_id"]: d for d in ferry_engine.documents()}
    assert len(docs) == 4
    assert docs["north-wire-2031-05-02"]["source"] == "North Wire"
    assert docs["north-wire-2031-05-02"]["published"] == "2031-05-02"
    assert docs["south-post-2031-05-01"]["title"].startswith("Sweden rejects mine claim")


def test_ledger_links_claims_across_outlets(ferry_engine) -> None:
    ledger = ferry_engine.ledger()
    denial = [d for d in ledger.discrepancies if d.kind == "contested"]
    assert denial and {c.doc_id for c in denial[0].claims} == {"north-wire-2031-05-01",
                                                               "south-post-2031-05-01"}
    updates = [d for d in ledger.discrepancies if d.relation == "update"]
    assert updates, "22 then 31 from the same outlet is an update"
    assert all(d.kind == "numeric" for d in updates)
    texts = " ".join(c.text for d in ledger.discrepancies for c in d.claims)
    assert "140 people" not in texts and "40 people were injured" not in texts   # scope trap
    assert ledger.corroborations, "two outlets giving 22 agree"


def test_toll_answer_names_outlets_and_shows_the_update(ferry_engine) -> None:
    answer = ferry_engine.ask("How many people were killed in the ferry explosion?")
    assert not answer.abstained
    assert "31" in answer.answer and "22" in answer.answer
    assert "North Wire" in answer.answer
    assert len(_doc_ids(answer)) >= 2
    assert any(f.kind == "numeric" for f in answer.flags)
    assert "Update" in answer.answer
    for c in answer.citations:
        assert c.source in ("North Wire", "South Post", "East Times")
        text = ferry_engine.document_text(c.doc_id)
        assert text[c.start:c.end] == c.text


def test_denial_across_outlets_is_flagged_with_both_sides(ferry_engine) -> None:
    answer = ferry_engine.ask("What caused the ferry explosion?")
    contested = [f for f in answer.flags if f.kind == "contested"]
    assert contested
    cited_docs = {c.doc_id for c in answer.citations if c.n in contested[0].citations}
    assert cited_docs == {"north-wire-2031-05-01", "south-post-2031-05-01"}
    assert "denies" in answer.answer or "disputes" in answer.answer


def test_injured_count_is_not_confused_with_deaths(ferry_engine) -> None:
    answer = ferry_engine.ask("How many people were injured in the explosion?")
    assert "40" in answer.answer
    assert not any(f.kind == "numeric" for f in answer.flags)
