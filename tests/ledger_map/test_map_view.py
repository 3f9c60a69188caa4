"""Filters and pages of the map: what a view keeps, in which order, and the errors."""
from __future__ import annotations

import pytest

from rag.errors import InputError
from rag.ledger_map.graph import build_map
from rag.ledger_map.view import filtered, select
from tests.ledger_map.helpers import claim, ferry, finding, ledger


def test_kind_filter_keeps_only_that_kind_and_its_sides() -> None:
    data, docs = ferry()
    view = select(build_map(data, docs), ["disputes"])
    assert [e["id"] for e in view["edges"]] == ["dsc-deny"] and view["badges"] == []
    assert {n["label"] for n in view["nodes"]} == {"Norway", "Sweden"}
    assert view["page"]["total"] == 1 and view["page"]["kinds"] == ["disputes"]


def test_document_filter_keeps_findings_with_a_claim_in_it() -> None:
    data, docs = ferry()
    view = select(build_map(data, docs), doc_id="nw-2")
    assert sorted(e["id"] for e in view["edges"]) == ["dsc-up1", "dsc-up2"]
    with pytest.raises(InputError, match="unknown document 'nope'"):
        select(build_map(data, docs), doc_id="nope")


def test_pages_hold_the_most_confident_first_and_cover_everything_once() -> None:
    claims = [claim(f"c{i}", "d", f"S{i}", party=f"P{i}") for i in range(12)]
    found = [finding(f"f{i}", "contested", "counter_version", [claims[i], claims[i + 1]],
                     confidence=0.5 + i / 100) for i in range(11)]
    graph = build_map(ledger(claims, found))
    pages = [select(graph, page=p, page_size=4) for p in (1, 2, 3)]
    assert [v["page"]["pages"] for v in pages] == [3, 3, 3]
    ids = [e["id"] for v in pages for e in v["edges"]]
    assert ids == [f"f{i}" for i in range(10, -1, -1)]
    for v in pages:   # a page's sides are exactly those its findings touch
        touched = {e["source"] for e in v["edges"]} | {e["target"] for e in v["edges"]}
        assert {n["id"] for n in v["nodes"]} == touched
    with pytest.raises(InputError, match="past the last page"):
        select(graph, page=4, page_size=4)
    assert select(graph, page=9, page_size=4, clamp=True)["page"]["page"] == 3
    assert len(select(graph, page_size=0)["edges"]) == 11


def test_unknown_kind_is_a_one_line_error() -> None:
    with pytest.raises(InputError, match="unknown map kind 'feud'"):
        select(build_map(ferry()[0]), ["feud"])


def test_export_is_the_whole_map_unless_filtered() -> None:
    data, docs = ferry()
    graph = build_map(data, docs)
    assert filtered(graph) == graph and "page" not in filtered(graph)
    assert [e["id"] for e in filtered(graph, ["corroborates"])["edges"]] == ["agr-22"]
