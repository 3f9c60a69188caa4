"""The Graphviz SVG: every element clickable by id and link, hostile names escaped."""
from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET

import pytest

from rag.ledger_map.graph import build_map
from rag.ledger_map.render import dom_id, to_dot, to_svg
from rag.ledger_map.view import select
from tests.ledger_map.helpers import claim, ferry, finding, ledger

pytestmark = pytest.mark.skipif(shutil.which("dot") is None,
                                reason="Debian graphviz is missing (make test installs it)")
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = ['<script>alert(1)</script>', '<img src=x onerror="alert(1)">', 'A \\N \\G "quoted"',
           '<<B>html label</B>>', "Tom & Jerry's"]


def _links(svg: str) -> set[str]:
    return set(re.findall(r' href="(#rag-map:[^"]+)"', svg))


def test_every_side_line_and_note_has_its_link_and_dom_id() -> None:
    data, docs = ferry()
    anonymous = claim("c9", "nw-1", "officials", party="Norway", kind="anonymous",
                      stance="unconfirmed")
    data["claims"].append(anonymous)
    data["discrepancies"].append(finding("dsc-anon", "unverified", "anonymous_source",
                                         [anonymous], 0.6))
    view = select(build_map(data, docs))
    svg = to_svg(view)
    root = ET.fromstring(svg)   # well-formed XML
    assert root.tag == f"{SVG}svg"
    ids = {e.get("id") for e in root.iter()}
    for e in view["edges"]:
        assert f"#rag-map:edge:{e['id']}" in _links(svg)
        # a line between two sides is a <g>; a finding within one side is a row of its box
        assert dom_id("rag-me-", e["id"]) in ids or "a_" + dom_id("rag-me-", e["id"]) in ids
    for n in view["nodes"]:
        assert dom_id("rag-mn-", n["id"]) in ids and f"#rag-map:node:{n['id']}" in _links(svg)
    assert "#rag-map:badge:dsc-anon" in _links(svg)
    texts = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    assert "disputes · 0.95" in texts and "update 22 → 31" in texts
    assert "Norway (anonymous)" in texts and "anonymous source" in texts


def test_hostile_names_stay_text() -> None:
    claims = [claim(f"h{i}", "d", name, party=name) for i, name in enumerate(HOSTILE)]
    found = [finding(f"f{i}", "contested", "counter_version", [claims[i], claims[i + 1]],
                     summary=HOSTILE[i]) for i in range(len(HOSTILE) - 1)]
    view = select(build_map(ledger(claims, found)))
    svg = to_svg(view)
    root = ET.fromstring(svg)
    tags = {e.tag.split("}")[-1] for e in root.iter()}
    assert tags <= {"svg", "g", "title", "text", "polygon", "path", "a", "ellipse", "polyline"}
    assert not any(k.lower().startswith("on") for e in root.iter() for k in e.attrib)
    texts = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    for name in ("<script>alert(1)</script>", 'A \\N \\G "quoted"', "Tom & Jerry's"):
        assert name in texts
    assert "html label" in texts and "<B>" in texts   # shown, not read as markup


def test_dot_names_every_edge_once() -> None:
    data, docs = ferry()
    view = select(build_map(data, docs), ["disputes", "update"])
    dot = to_dot(view)
    assert dot.count("#rag-map:edge:dsc-deny") == 1
    assert "#rag-map:edge:dsc-up1" in dot and "agr-22" not in dot
