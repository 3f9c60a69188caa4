"""Input that must not break extraction: nothing attributed, huge sentences, broken quotes."""
from __future__ import annotations

from ledger_helpers import make_doc

from rag.ledger.build import build_ledger


def _exact(doc, ledger) -> None:
    assert ledger.claims, "the statements must still be found"   # else the loop proves nothing
    for claim in ledger.claims:
        assert doc.text[claim.start:claim.end] == claim.text


def test_no_attributed_statements_gives_empty_ledger(tmp_path, embed) -> None:
    doc = make_doc(tmp_path, "plain.txt", [
        "The town held its annual spring festival on Saturday under a clear sky.",
        "Crowds filled the square and music played late into the night.",
        "Stalls sold bread, cheese and flowers from the valley.",
    ])
    ledger = build_ledger([doc], embed=embed)
    assert ledger.claims == [] and ledger.discrepancies == []
    assert ledger.to_dict()["claims"] == []


def test_very_long_sentence(tmp_path, embed) -> None:
    clause = ("the minister said that the talks would continue and that 12 people were hurt in "
              "the blast on Monday, ")
    doc = make_doc(tmp_path, "long.txt", ["Officials said " + clause * 60 + "and nothing more."])
    ledger = build_ledger([doc], embed=embed)
    _exact(doc, ledger)


def test_unclosed_quotes_and_odd_unicode(tmp_path, embed) -> None:
    doc = make_doc(tmp_path, "odd.txt", [
        "“We will never leave the port, the commander said as 40 ships waited.",
        "The mayor said „the bridge is closed‟ and ‹nobody› may cross — not even… 3 lorries.",
        "A spokesman said «the 1,0000 figure is wrong» \u200b\u00a0\u2028 today 🚢.",
        "\"Unbalanced straight quote, the envoy told reporters.",
        "The ministry said: ‘صباح الخير’ — 5 people were killed in Monday’s strike.",
    ])
    ledger = build_ledger([doc], embed=embed)
    _exact(doc, ledger)


def test_empty_document_list() -> None:
    ledger = build_ledger([])
    assert ledger.claims == [] and ledger.discrepancies == []
