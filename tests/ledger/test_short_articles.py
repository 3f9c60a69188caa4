"""Behaviour on short articles the tests write themselves (invented events, real spaCy/MiniLM)."""
from __future__ import annotations

from ledger_helpers import claim_with, flagged, make_doc

from rag.ledger.build import build_ledger


def test_claim_and_later_denial_is_contested(tmp_path, embed) -> None:
    doc = make_doc(tmp_path, "denial.txt", [
        "A fishing boat sank in the Skagerrak strait on Monday after an encounter with a patrol "
        "vessel.",
        "The Norwegian navy said a Swedish patrol vessel rammed the fishing boat before dawn.",
        "Rescue teams searched the water for hours.",
        "Sweden's defence ministry denied that its patrol vessel had rammed the fishing boat.",
    ])
    ledger = build_ledger([doc], embed=embed)
    denial = claim_with(ledger, "its patrol vessel had rammed")
    assert denial.stance == "denies" and denial.party == "Sweden"
    found = flagged(ledger, "contested", "Swedish patrol vessel rammed",
                    "its patrol vessel had rammed")
    assert found, [d.summary for d in ledger.discrepancies]
    stances = {c.stance for c in found[0].claims}
    assert stances == {"asserts", "denies"}


def test_unconfirmed_toll_is_unverified(tmp_path, embed) -> None:
    doc = make_doc(tmp_path, "toll.txt", [
        "Drones struck a fuel depot near the border on Tuesday.",
        "The Swedish army said its drones killed 40 Norwegian soldiers at the depot.",
        "Test Wire could not independently verify the figure.",
    ])
    ledger = build_ledger([doc], embed=embed)
    found = flagged(ledger, "unverified", "killed 40 Norwegian soldiers")
    assert found and any(c.stance == "unconfirmed" and c.source == "Test Wire"
                         for c in found[0].claims)


def test_two_tolls_for_one_strike_are_numeric(tmp_path, embed) -> None:
    doc = make_doc(tmp_path, "two_tolls.txt", [
        "A missile hit the harbour district of Bergen on Monday.",
        "The regional governor, Kari Berg, said 12 people were killed in Monday's strike on the "
        "harbour.",
        "The health minister, Per Dahl, said 15 people were killed in Monday's strike on the "
        "harbour.",
    ])
    ledger = build_ledger([doc], embed=embed)
    found = flagged(ledger, "numeric", "12 people were killed", "15 people were killed")
    assert found and found[0].relation == "conflicting_figures"
    assert "12" in found[0].summary and "15" in found[0].summary


def test_tolls_with_different_scopes_are_not_flagged(tmp_path, embed) -> None:
    doc = make_doc(tmp_path, "scopes.txt", [
        "A missile hit the harbour district of Bergen on Monday.",
        "Officials said 12 people were killed in Monday's strike on the harbour.",
        "The health ministry said 140 people have been killed in attacks since January.",
        "Rescuers said 30 people were wounded in Monday's strike on the harbour.",
        "Some 2,000 residents have fled the district this month, the mayor said.",
    ])
    ledger = build_ledger([doc], embed=embed)
    assert not [d for d in ledger.discrepancies if d.kind == "numeric"], \
        [d.summary for d in ledger.discrepancies]


def test_anonymous_official_is_unverified(tmp_path, embed) -> None:
    doc = make_doc(tmp_path, "anon.txt", [
        "The border crossing at Svinesund was closed to lorries on Wednesday.",
        "A senior official, who spoke on condition of anonymity, said the government would keep "
        "the crossing shut for a month.",
        "Traffic backed up for several kilometres.",
    ])
    ledger = build_ledger([doc], embed=embed)
    claim = claim_with(ledger, "keep the crossing shut")
    assert claim.stance == "unconfirmed" and claim.source_kind == "anonymous"
    assert flagged(ledger, "unverified", "keep the crossing shut")


def test_related_story_link_is_not_a_claim(tmp_path, embed) -> None:
    link = "Sweden denies ramming fishing boat as navy says it was attacked"
    doc = make_doc(tmp_path, "link.txt", [
        "The Norwegian navy said a Swedish patrol vessel rammed the fishing boat.",
        link,
        "The coastguard said 3 fishermen were rescued.",
    ])
    assert any(ln.kind == "related_link" and ln.text == link for ln in doc.lines)
    ledger = build_ledger([doc], embed=embed)
    at = doc.text.index(link)
    assert ledger.claims
    assert not any(c.start < at + len(link) and at < c.end for c in ledger.claims)


def test_he_said_resolves_to_named_speaker(tmp_path, embed) -> None:
    doc = make_doc(tmp_path, "he.txt", [
        "Foreign Minister Lars Holm met his counterpart in Oslo on Friday.",
        "He said the talks on the fishing dispute had been constructive.",
    ])
    ledger = build_ledger([doc], embed=embed)
    claim = claim_with(ledger, "talks on the fishing dispute")
    assert "Lars Holm" in claim.source


def test_accusation_and_rejection_and_toll_cue(tmp_path, embed) -> None:
    doc = make_doc(tmp_path, "quake.txt", [
        "The emergency ministry said 21 people were killed in the earthquake, while the "
        "regional governor put the toll at 18.",
        "Armenian officials accused Azerbaijani forces of shelling a border village on Sunday.",
        "Azerbaijan's defence ministry rejected the accusation as a provocation.",
    ])
    ledger = build_ledger([doc], embed=embed)
    toll = claim_with(ledger, "toll at 18")
    assert toll.source == "the regional governor"
    assert flagged(ledger, "numeric", "21 people", "toll at 18")
    found = flagged(ledger, "contested", "of shelling a border village", "the accusation")
    assert found and found[0].claims[0].party == "Armenia"


def test_plain_officials_said_is_not_anonymous(tmp_path, embed) -> None:
    doc = make_doc(tmp_path, "officials.txt", [
        "Officials said the bridge would reopen on Friday after repairs.",
        "A source close to the talks said the deal was nearly done.",
    ])
    ledger = build_ledger([doc], embed=embed)
    assert claim_with(ledger, "bridge would reopen").stance == "asserts"
    assert claim_with(ledger, "deal was nearly done").stance == "unconfirmed"
    assert not flagged(ledger, "unverified", "bridge would reopen")
