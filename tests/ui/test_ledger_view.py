"""The discrepancy panel: filters by kind and source, both sides linked, everything escaped."""
from __future__ import annotations

import pytest

from rag.ui.ledger_view import ALL, filter_discrepancies, panel_html, source_choices
from tests.ui.markup import IMG, SCRIPT, assert_inert, parse


def claim(id_: str, doc_id: str, source: str, cue: str, stance: str, text: str, start: int,
          end: int) -> dict:
    return {"id": id_, "doc_id": doc_id, "source": source, "cue": cue, "stance": stance,
            "text": text, "start": start, "end": end}


LEDGER = {"claims": [], "discrepancies": [
    {"id": "c1", "kind": "contested", "summary": "A vs B", "confidence": 0.8, "relation": "denial",
     "claims": [claim("k1", "doc", "Russia", "said", "asserts", SCRIPT, 1, 5),
                claim("k2", "doc", "Turkey", "denied", "denies", "no", 7, 9)]},
    {"id": "u1", "kind": "unverified", "summary": IMG, "confidence": 0.6, "relation": "",
     "claims": [claim("k3", "doc2", "officials", "", "unconfirmed", "x", 3, 4)]},
]}
DOCS = [{"doc_id": "doc", "title": "T1", "source": "Al Jazeera"},
        {"doc_id": "doc2", "title": "T2", "source": "Reuters"}]


@pytest.mark.parametrize("kind,source,expected", [
    (ALL, ALL, ["c1", "u1"]), ("contested", ALL, ["c1"]), ("numeric", ALL, []),
    (ALL, "Turkey", ["c1"]), (ALL, "Reuters", ["u1"]), ("unverified", "Russia", []),
])
def test_panel_filters_by_kind_and_source(kind: str, source: str, expected: list[str]) -> None:
    assert [d["id"] for d in filter_discrepancies(LEDGER, kind, source, DOCS)] == expected
    html = panel_html(LEDGER, DOCS, kind, source)
    ids = [a["id"] for t, a in parse(html).tags if t == "article"]
    assert ids == [f"rag-d-{i}" for i in expected]


def test_panel_shows_both_sides_with_links_and_escapes() -> None:
    html = panel_html(LEDGER, DOCS)
    assert_inert(html)
    hrefs = [a["href"] for t, a in parse(html).tags if t == "a"]
    assert hrefs == ["#rag-cite:doc:1:5", "#rag-cite:doc:7:9", "#rag-cite:doc2:3:4"]
    text = "".join(parse(html).text)
    assert "Russia" in text and "Turkey" in text and SCRIPT in text and IMG in text


def test_source_choices_include_speakers_and_outlets() -> None:
    assert source_choices(LEDGER, DOCS) == [ALL, "Al Jazeera", "officials", "Reuters", "Russia",
                                            "Turkey"]
