"""Map, figures and panel HTML without a browser: every clickable element has its hidden
details, citations link to exact offsets, names are escaped, corroborations are listed."""
from __future__ import annotations

import re
import shutil

import pytest

from rag.ledger_map.graph import build_map
from rag.ui.ledger_view import ALL, panel_html
from rag.ui.map_view import detail_dom_id, map_html
from rag.ui.timeline_view import timeline_html
from tests.ledger_map.helpers import claim, ferry, finding, ledger

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Debian graphviz is missing")


@needs_dot
def test_every_map_link_has_hidden_details_with_citations() -> None:
    data, docs = ferry()
    html = map_html(build_map(data, docs))
    links = set(re.findall(r'href="#rag-map:(node|edge|badge):([^"]+)"', html))
    assert {i for k, i in links if k == "edge"} == {"dsc-deny", "dsc-up1", "dsc-up2", "agr-22"}
    for kind, element_id in links:
        assert f'id="{detail_dom_id(kind, element_id)}" hidden' in html
    for c in data["claims"]:
        assert f'href="#rag-cite:{c["doc_id"]}:{c["start"]}:{c["end"]}"' in html


@needs_dot
def test_hostile_names_are_escaped_in_the_details() -> None:
    a = claim("a", "d", "<img src=x onerror=alert(1)>", party="<b>Side</b>")
    b = claim("b", "d", "Other", party="Other", text="<script>alert(2)</script>")
    html = map_html(build_map(ledger([a, b], [finding("f", "contested", "counter_version",
                                                      [a, b], summary="<i>x</i>")])))
    assert "<img" not in html and "<script" not in html and "<b>Side" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "&lt;i&gt;x&lt;/i&gt;" in html


def test_empty_and_filtered_out_maps_say_so() -> None:
    data, docs = ferry()
    graph = build_map(data, docs)
    assert "Tick at least one kind" in map_html(graph, [])
    assert "No finding matches" in map_html(graph, ["could_not_confirm"])
    assert "nothing to map" in map_html(build_map(ledger([])))


def test_panel_lists_corroborations_and_filters_them() -> None:
    data, docs = ferry()
    docs = [{**d, "title": d["title"]} for d in docs]
    html = panel_html(data, docs)
    assert html.count('class="rag-agree"') == 1 and "rag-badge-corroborated" in html
    only = panel_html(data, docs, "corroborated", ALL)
    assert only.count('class="rag-agree"') == 1 and 'class="rag-disc ' not in only
    assert 'class="rag-agree"' not in panel_html(data, docs, "contested", ALL)


def test_figures_tab_tables_each_point_and_explains_an_empty_corpus() -> None:
    data, docs = ferry()
    html = timeline_html(data, docs)
    rows = re.findall(r'<td class="rag-tl-date">([^<]*)</td><td class="rag-tl-outlet">([^<]*)'
                      r'</td><td class="rag-tl-source">[^<]*</td><td class="rag-tl-figure">'
                      r'([^<]*)</td>', html)
    assert rows == [("2031-05-01", "North Wire", "22"), ("2031-05-01", "South Post", "22"),
                    ("2031-05-02", "North Wire", "31")]
    assert "<svg" in html
    assert "No figure is given by more than one report" in timeline_html(ledger([]), [])
    assert "No figure in this document" in timeline_html(data, docs, doc_id="elsewhere")


def test_figures_tab_charts_the_first_quantities_and_names_the_rest(monkeypatch) -> None:
    import rag.ui.timeline_view as tv
    from tests.ledger_map.helpers import claim, finding

    monkeypatch.setattr(tv, "MAX_SERIES", 1)
    claims, found = [], []
    for i, what in enumerate(("people killed", "people injured")):
        a = claim(f"a{i}", "d1", "Police", figures=[(5.0 + i, str(5 + i), what, "day:monday")])
        b = claim(f"b{i}", "d2", "Army", figures=[(9.0 + i, str(9 + i), what, "day:monday")])
        claims += [a, b]
        found.append(finding(f"n{i}", "numeric", "conflicting_figures", [a, b]))
    html = tv.timeline_html(ledger(claims, found), [])
    assert html.count("<figure") == 1 and "Charts for 1 of 2 quantities" in html
    assert "people injured on monday (2)" in html or "people killed on monday (2)" in html
