"""Sides and the outlet's notes on a story of a kind the rules were not written for (a brewery's
recall; found on an invented data-breach story): a company whose invented name NER takes for a
person, a generic 'the company' after an anonymous insider 'at the company', a request for
comment 'on that claim', and a closing 'The figures could not be independently verified'."""
from __future__ import annotations

import pytest
from ledger_helpers import claim_with, flagged, make_doc

from rag.ledger.build import build_ledger

BREWERY = [
    "The craft brewer Holmvik said on Monday that 12,000 bottles of its summer ale had been "
    "recalled after glass fragments were found in a batch.",
    "Holmvik's managing director, Ester Lund, told reporters that no customer had been hurt.",
    "The food safety agency said it had received four reports of injuries.",
    "A worker at the brewery, who asked not to be named because she feared losing her job, said "
    "the filling line had been faulty for months.",
    "Holmvik did not respond to a request for comment on that claim.",
    "Sales of the ale had doubled since the spring.",
    "The company said it would refund every customer who returned a bottle.",
    "The figures could not be independently verified.",
]


@pytest.fixture(scope="module")
def brewery(tmp_path_factory, embed):
    doc = make_doc(tmp_path_factory.mktemp("brewery"), "brewery.txt", BREWERY,
                   outlet="Valley Ledger")
    return build_ledger([doc], embed=embed)


def test_a_name_in_apposition_with_a_kind_of_body_is_that_body(brewery) -> None:
    # "the craft brewer Holmvik": a company, whatever NER calls the invented name
    assert claim_with(brewery, "12,000 bottles").party == "Holmvik"
    assert claim_with(brewery, "12,000 bottles").side_kind == "company"


def test_a_named_bodys_officer_speaks_for_it(brewery) -> None:
    claim = claim_with(brewery, "no customer had been hurt")
    assert (claim.party, claim.side_kind) == ("Holmvik", "company")


def test_the_company_is_not_the_anonymous_insider_who_works_there(brewery) -> None:
    claim = claim_with(brewery, "refund every customer")
    assert claim.party == "Holmvik" and claim.stance == "asserts"
    assert claim.source_kind != "anonymous"


def test_no_comment_on_that_claim_links_the_claim_just_told(brewery) -> None:
    found = flagged(brewery, "unverified", "filling line had been faulty",
                    "did not respond to a request for comment")
    assert found and found[0].relation == "no_comment"
    # not the outlet's own next sentence that merely names the company
    assert not flagged(brewery, "unverified", "Sales of the ale",
                       "did not respond to a request for comment")


def test_closing_figures_disclaimer_reaches_the_figures_told_earlier(brewery) -> None:
    found = flagged(brewery, "unverified", "12,000 bottles", "The figures")
    assert found and found[0].relation == "not_confirmed"
    assert not flagged(brewery, "unverified", "refund every customer", "The figures")


def test_a_disclaimer_of_an_account_is_not_one_of_figures(tmp_path, embed) -> None:
    # "the account" holds the letters of "count": it points at the account just told
    doc = make_doc(tmp_path, "library.txt", [
        "The city library said 4,000 books had been damaged by the leak.",
        "The mayor said repairs would start next month.",
        "A caretaker, who asked not to be named, said the roof had leaked for years.",
        "The Gazette could not independently verify the account.",
    ], outlet="Gazette")
    ledger = build_ledger([doc], embed=embed)
    assert flagged(ledger, "unverified", "roof had leaked", "the account")
    assert not flagged(ledger, "unverified", "4,000 books", "the account")


def test_an_article_known_only_by_its_file_name_has_no_outlet_to_match(tmp_path, embed) -> None:
    # no source line: the document is known as "council"; "the council said" is the council
    # speaking, not the outlet, and an anonymous council officer stays anonymous
    from rag.document import build_document
    from rag.reader import read_article

    path = tmp_path / "council.txt"
    path.write_text("Council to close three libraries\n\nA short summary of the vote.\n\n"
                    "The council said 31 posts would be cut.\n\n"
                    "The library workers' union said 46 jobs would go.\n\n"
                    "A council officer, who asked not to be named, said the buildings would be "
                    "sold.\n", "utf-8")
    doc = build_document(read_article(path, 5_000_000))
    assert doc.source == doc.doc_id == "council"
    ledger = build_ledger([doc], embed=embed)
    posts = claim_with(ledger, "31 posts")
    assert posts.source_kind != "outlet" and posts.side_kind != "outlet"
    officer = claim_with(ledger, "buildings would be sold")
    assert officer.source_kind == "anonymous"


def test_a_surname_from_another_story_is_not_this_storys_person(tmp_path, embed) -> None:
    # two unrelated stories in one corpus share a surname: the chess federation's Ida Marsh
    # must not lend her side to a harbour master called Tom Marsh (found on a flood report's
    # mayor taking the side of a doping story's federation president)
    chess = make_doc(tmp_path, "chess.txt", [
        "Ida Marsh, president of the National Chess Federation, said 400 players had entered "
        "the open.",
        "Marsh said the prize fund had doubled.",
    ], outlet="Board Weekly")
    harbour = make_doc(tmp_path, "harbour.txt", [
        "Harbour master Tom Marsh said two ferries had been held in port by the storm.",
        "Marsh said the quay would reopen on Friday.",
    ], outlet="Coast Daily")
    ledger = build_ledger([chess, harbour], embed=embed)
    assert claim_with(ledger, "prize fund").party == "National Chess Federation"
    for fragment in ("two ferries", "quay would reopen"):
        assert "Federation" not in claim_with(ledger, fragment).party
