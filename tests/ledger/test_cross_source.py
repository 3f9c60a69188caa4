"""Several outlets on one invented event: agreement, an updated toll, a denial across outlets,
and a scope trap (issue 7, cross-source ledger)."""
from __future__ import annotations

import pytest
from ledger_helpers import make_doc

from rag.ledger.build import build_ledger


@pytest.fixture
def coverage(tmp_path, embed):
    first = make_doc(tmp_path, "north-1.txt", [
        "A ferry exploded in the harbour of Kristiansand on Saturday night.",
        "The port authority said 22 people were killed in the ferry explosion on Saturday.",
        "The Norwegian coastguard said a Swedish naval mine caused the explosion.",
    ], outlet="North Wire", published="2031-05-01")
    second = make_doc(tmp_path, "south-1.txt", [
        "Rescue boats searched the harbour of Kristiansand through the night.",
        "The port authority said 22 people were killed in the ferry explosion on Saturday.",
        "Sweden's foreign ministry denied that a Swedish naval mine caused the explosion.",
    ], outlet="South Post", published="2031-05-01")
    third = make_doc(tmp_path, "north-2.txt", [
        "Divers recovered more bodies from the wreck of the ferry in Kristiansand on Sunday.",
        "The port authority said 31 people were killed in the ferry explosion on Saturday.",
    ], outlet="North Wire", published="2031-05-02")
    fourth = make_doc(tmp_path, "east-1.txt", [
        "Shipping near Kristiansand has become more dangerous this year.",
        "Police said 140 people have been killed in accidents at sea since January.",
        "The harbour master said 40 people were injured in the ferry explosion on Saturday.",
    ], outlet="East Times", published="2031-05-03")
    docs = [first, second, third, fourth]
    return docs, build_ledger(docs, embed=embed)


def _covering(ledger, *fragments: str):
    return [d for d in ledger.discrepancies
            if all(any(f in c.text for c in d.claims) for f in fragments)]


def test_agreement_is_corroboration_not_discrepancy(coverage) -> None:
    docs, ledger = coverage
    first, second = docs[0].doc_id, docs[1].doc_id
    agreeing = [a for a in ledger.corroborations
                if {c.doc_id for c in a.claims} == {first, second}]
    assert agreeing, [a.summary for a in ledger.corroborations]
    # figures that differ never corroborate each other, however alike the sentences read
    for agreement in ledger.corroborations:
        assert not any("40 people were injured" in c.text for c in agreement.claims)
    # the two matching 22s are never reported against each other
    assert not [d for d in ledger.discrepancies
                if {c.doc_id for c in d.claims} == {first, second} and d.kind == "numeric"]


def test_updated_toll_is_an_update(coverage) -> None:
    docs, ledger = coverage
    updates = [d for d in ledger.discrepancies if d.relation == "update"]
    assert updates, [d.summary for d in ledger.discrepancies]
    north = [d for d in updates if {c.doc_id for c in d.claims} == {docs[0].doc_id,
                                                                    docs[2].doc_id}]
    assert north and north[0].kind == "numeric"
    earlier, later = north[0].claims
    assert "22" in earlier.text and "31" in later.text     # earlier report first
    assert "22" in north[0].summary and "31" in north[0].summary
    assert not [d for d in ledger.discrepancies if d.relation == "conflicting_figures"]


def test_denial_across_outlets_is_contested(coverage) -> None:
    docs, ledger = coverage
    found = [d for d in _covering(ledger, "Swedish naval mine caused") if d.kind == "contested"]
    assert found, [d.summary for d in ledger.discrepancies]
    sides = {(c.doc_id, c.stance) for c in found[0].claims}
    assert sides == {(docs[0].doc_id, "asserts"), (docs[1].doc_id, "denies")}


def test_scope_trap_is_not_flagged(coverage) -> None:
    _, ledger = coverage
    assert not _covering(ledger, "140 people")        # since January vs one explosion
    assert not _covering(ledger, "40 people were injured")   # injured vs killed


def test_same_words_about_another_town_are_not_linked(tmp_path, embed) -> None:
    """Two outlets, two different explosions: equal wording, different towns, no link."""
    one = make_doc(tmp_path, "a.txt", [
        "A ferry exploded in the harbour of Kristiansand on Saturday night.",
        "The port authority said 22 people were killed in the ferry explosion on Saturday.",
    ], outlet="North Wire")
    two = make_doc(tmp_path, "b.txt", [
        "A ferry exploded in the harbour of Gdansk on Saturday night.",
        "The port authority said 9 people were killed in the ferry explosion on Saturday.",
    ], outlet="Baltic Daily")
    ledger = build_ledger([one, two], embed=embed)
    assert ledger.discrepancies == [] and ledger.corroborations == []


def test_build_is_order_independent_in_ids(coverage, embed) -> None:
    docs, ledger = coverage
    again = build_ledger(list(reversed(docs)), embed=embed)
    assert {d.id for d in again.discrepancies} == {d.id for d in ledger.discrepancies}


def test_corroboration_lowers_an_unverified_flag(tmp_path, embed) -> None:
    claim = make_doc(tmp_path, "claim.txt", [
        "Drones struck a fuel depot near Tromso on Tuesday.",
        "The Swedish army said its drones killed 40 Norwegian soldiers at the depot on Tuesday.",
        "Test Wire could not independently verify the figure.",
    ], outlet="Test Wire")
    alone = build_ledger([claim], embed=embed)
    backing = make_doc(tmp_path, "backing.txt", [
        "Rescuers worked through the night at the depot near Tromso.",
        "A local monitor said 40 Norwegian soldiers were killed at the depot on Tuesday.",
    ], outlet="Other Wire")
    both = build_ledger([claim, backing], embed=embed)
    assert both.corroborations
    before = [d for d in alone.discrepancies if d.kind == "unverified"]
    after = [d for d in both.discrepancies if d.kind == "unverified"]
    assert before and after and after[0].id == before[0].id
    assert after[0].confidence < before[0].confidence
