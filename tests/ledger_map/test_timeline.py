"""The figures timeline: which quantities get a chart, and what the chart says."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from rag.ledger_map.timeline import figure_series, render_svg
from tests.ledger_map.helpers import KILLED, claim, ferry, finding, ledger

SVG = "{http://www.w3.org/2000/svg}"


def test_the_toll_series_lists_each_figure_by_date_and_outlet() -> None:
    data, docs = ferry()
    series = figure_series(data, docs)
    assert len(series) == 1
    s = series[0]
    assert s["title"] == "people killed in one explosion on saturday"
    assert [(p["published"], p["outlet"], p["raw"]) for p in s["points"]] == [
        ("2031-05-01", "North Wire", "22"), ("2031-05-01", "South Post", "22"),
        ("2031-05-02", "North Wire", "31")]
    assert s["points"][0]["source"] == "The port authority"


def test_the_chart_keeps_outlets_dates_and_figures_as_text() -> None:
    data, docs = ferry()
    svg = render_svg(figure_series(data, docs))
    root = ET.fromstring(svg)
    texts = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    for word in ("North Wire", "South Post", "2031-05-01", "2031-05-02",
                 "22 · The port authority", "31 · The port authority",
                 "people killed in one explosion on saturday"):
        assert word in texts


def test_unlinked_figures_and_single_sources_get_no_chart() -> None:
    # the same words about two towns: the ledger links them by no finding, so no series
    a = claim("a", "d1", "Police", figures=[(9.0, "9", *KILLED)])
    b = claim("b", "d2", "Police", figures=[(22.0, "22", *KILLED)])
    assert figure_series(ledger([a, b]), []) == []
    # a malformed figure is no point on a chart
    c = claim("c", "d1", "Police", figures=[(None, "9,0000", *KILLED)])
    assert figure_series(ledger([a, c], [finding("m", "numeric", "malformed_number", [c])])) == []


def test_a_dollar_in_a_name_is_not_mathtext() -> None:
    a = claim("a", "d1", "Fund $5 desk", figures=[(5.0, "$5m", "amount", "period:2030")])
    b = claim("b", "d2", "Bank", figures=[(7.0, "$7m", "amount", "period:2030")])
    data = ledger([a, b], [finding("n", "numeric", "conflicting_figures", [a, b])])
    svg = render_svg(figure_series(data, [{"doc_id": "d1", "source": "A $ outlet"},
                                          {"doc_id": "d2", "source": "B"}]))
    texts = " ".join("".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{SVG}text"))
    assert "$5m · Fund $5 desk" in texts and "A $ outlet" in texts
