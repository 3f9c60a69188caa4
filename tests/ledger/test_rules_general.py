"""Each rule family on short invented articles of other kinds than war: a fire, a court, an
election, a recall, a strike (real spaCy parses, the bundled MiniLM)."""
from __future__ import annotations

import pytest
from ledger_helpers import claim_with, flagged, make_doc

from rag.ledger.build import build_ledger
from rag.ledger.rules import RULES

FIRE = [
    "A fire broke out at a chemical depot in Harlow Quay on Monday night.",
    "Tessmar Storage, which operates the depot, said in a statement that the sprinklers and all "
    "fire-safety systems on the site were working when the fire broke out.",
    "The fire chief, Ina Vogt, said the sprinklers in the main warehouse did not activate.",
    "The dockers' union said managers had ignored repeated warnings about blocked exits – a "
    "claim the company rejected.",
    "The regional health authority said 17 people were treated in hospital after the fire.",
    "The company put the number of injured at 12.",
    "Pellam Alarms, which serviced the sprinklers, did not respond to a request for comment.",
]


@pytest.fixture(scope="module")
def fire(tmp_path_factory, embed):
    doc = make_doc(tmp_path_factory.mktemp("fire"), "fire.txt", FIRE, outlet="Quay Post")
    return build_ledger([doc], embed=embed)


def test_company_introduced_by_relative_clause_is_a_claim_with_its_side(fire) -> None:
    claim = claim_with(fire, "all fire-safety systems")
    assert claim.party == "Tessmar Storage" and claim.side_kind == "company"


def test_role_speaks_for_its_body(fire) -> None:
    assert claim_with(fire, "did not activate").party == "fire service"


def test_denial_in_the_same_sentence(fire) -> None:
    found = flagged(fire, "contested", "ignored repeated warnings", "claim the company rejected")
    assert found and found[0].relation == "denial"
    assert claim_with(fire, "claim the company rejected").party == "Tessmar Storage"


def test_accounts_that_cannot_both_hold(fire) -> None:
    found = flagged(fire, "contested", "did not activate", "all fire-safety systems")
    assert found and found[0].relation == "contradiction"
    assert len({c.party for c in found[0].claims}) == 2     # both sides cited


def test_two_counts_of_the_injured_conflict(fire) -> None:
    found = flagged(fire, "numeric", "17 people were treated", "number of injured at 12")
    assert found and found[0].relation == "conflicting_figures"


def test_silence_after_a_request_for_comment_is_unverified(fire) -> None:
    assert [d for d in fire.discrepancies if d.relation == "no_comment"]


def test_every_contested_finding_cites_two_sides(fire) -> None:
    for d in fire.discrepancies:
        if d.kind == "contested":
            assert len({c.id for c in d.claims}) == 2 and len({c.party for c in d.claims}) == 2


def test_lawyer_speaks_for_client_and_named_denial_target(tmp_path, embed) -> None:
    doc = make_doc(tmp_path, "court.txt", [
        "The trial of the charity's former director, Owen Marsh, opened in Dalby on Tuesday.",
        "Prosecutor Lena Strand told the court that Marsh had diverted donations to a shell "
        "company.",
        "Marsh's lawyer, Ravi Kent, dismissed the prosecutor's account as speculation.",
    ])
    ledger = build_ledger([doc], embed=embed)
    assert claim_with(ledger, "diverted donations").party == "prosecution"
    found = flagged(ledger, "contested", "diverted donations")
    assert found and {c.party for c in found[0].claims} == {"prosecution", "Owen Marsh"}


def test_percentages_of_different_things_are_never_compared(tmp_path, embed) -> None:
    doc = make_doc(tmp_path, "election.txt", [
        "Voters in Brenn district elected a new council on Sunday.",
        "The electoral commission said turnout was 61 percent.",
        "The Green List won 34 percent of the vote, the commission said.",
        "The Civic Party said it won 29 percent of the vote.",
        "Officials said ballots were counted at 30 polling stations out of 212.",
    ])
    ledger = build_ledger([doc], embed=embed)
    assert not [d for d in ledger.discrepancies if d.kind == "numeric"], \
        [d.summary for d in ledger.discrepancies]


def test_money_figures_for_the_same_thing_conflict(tmp_path, embed) -> None:
    doc = make_doc(tmp_path, "recall.txt", [
        "The carmaker Nordvik recalled its Aster model on Wednesday.",
        "Nordvik said the recall would cost €40 million.",
        "The regulator said the recall would cost €65 million.",
        "Nordvik reported revenue of 12 billion crowns last year.",
    ])
    ledger = build_ledger([doc], embed=embed)
    found = flagged(ledger, "numeric", "€40 million", "€65 million")
    assert found, [d.summary for d in ledger.discrepancies]
    assert not flagged(ledger, "numeric", "12 billion crowns")


def test_later_report_is_an_update_not_a_conflict(tmp_path, embed) -> None:
    early = make_doc(tmp_path, "wire-a-2031-09-14.txt", [
        "At least 12 people died when the river burst its banks in Lorra on Sunday.",
    ], outlet="Delta Wire", published="2031-09-14")
    late = make_doc(tmp_path, "post-b-2031-09-15.txt", [
        "The death toll from Sunday's flood in Lorra rose to 19 on Monday, officials said.",
    ], outlet="Evening Post", published="2031-09-15")
    ledger = build_ledger([early, late], embed=embed)
    updates = [d for d in ledger.discrepancies if d.relation == "update"]
    assert updates and "12" in updates[0].summary and "19" in updates[0].summary
    assert not [d for d in ledger.discrepancies if d.relation == "conflicting_figures"]


def test_a_rule_can_be_switched_off(tmp_path, embed) -> None:
    doc = make_doc(tmp_path, "fire2.txt", FIRE)
    ledger = build_ledger([doc], embed=embed, disabled=frozenset({"contradictions"}))
    assert not [d for d in ledger.discrepancies if d.relation == "contradiction"]
    with pytest.raises(ValueError):
        build_ledger([doc], embed=embed, disabled=frozenset({"no_such_rule"}))
    assert "contradictions" in RULES
