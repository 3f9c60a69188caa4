"""The Map tab: the Graphviz SVG of the ledger map, and the claims behind whatever is clicked.

Every clickable element of the SVG links to `#rag-map:KIND:ID` (rag.ledger_map.render). The
details of every element on the page are rendered here once, hidden; the page script shows the
one clicked, so a click needs no round trip. Inside the details, each claim has a citation link
(`#rag-cite:DOC:START:END`), the same link answers and the discrepancy panel use, so a click
opens the article viewer with exactly those characters highlighted.
"""
from __future__ import annotations

import re
import threading
from collections.abc import Mapping, Sequence
from typing import Any

from rag.errors import RagError
from rag.ledger_map.graph import (
    BADGE_KINDS,
    EDGE_KINDS,
    MAP_KINDS,
    build_map,
    with_figures,
)
from rag.ledger_map.render import to_svg
from rag.ledger_map.timeline import figure_series
from rag.ledger_map.view import select
from rag.ui.answer_view import cite_href, disc_href
from rag.ui.escape import esc, esc_exact, safe_id

ALL_DOCS = "All documents"
# a side can hold thousands of claims in a large corpus; its details list the claims of the
# findings drawn first, then others, up to this many (every side's details are in the page)
MAX_NODE_CLAIMS = 12
# which panel kind a finding opens in (corroborations have their own section there)
_EDGE_BADGE = {"disputes": "contested", "could_not_confirm": "unverified",
               "conflicting_figures": "numeric", "update": "numeric",
               "corroborates": "corroborated"}


def detail_dom_id(kind: str, element_id: str) -> str:
    return f"rag-md-{kind}-{safe_id(element_id)}"


class MapCache:
    """The map and the figure series of the current ledger, rebuilt only when the ledger
    object or the document list changes (the store keeps one Ledger object per version).

    The graph is built without edge figures (`22 → 31`): on a 10,000-passage corpus they are
    half the build time, and only the drawn page needs them (map_html fills them in)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple[int, tuple[tuple[str, str, str], ...]] | None = None
        self._ledger: object | None = None
        self._graph: dict[str, Any] | None = None
        self._series: list[dict[str, Any]] | None = None

    def _current(self, ledger: Any, documents: Sequence[Mapping[str, Any]]) -> None:
        key = (id(ledger), tuple(sorted((str(d["doc_id"]), str(d.get("source") or ""),
                                         str(d.get("published") or "")) for d in documents)))
        if self._key != key or self._ledger is not ledger:
            self._graph = self._series = None
            self._key, self._ledger = key, ledger

    def get(self, ledger: Any, documents: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
        with self._lock:
            self._current(ledger, documents)
            if self._graph is None:
                self._graph = build_map(ledger.to_dict(), documents, figures=False)
            return self._graph

    def series(self, ledger: Any, documents: Sequence[Mapping[str, Any]]
               ) -> list[dict[str, Any]]:
        with self._lock:
            self._current(ledger, documents)
            if self._series is None:
                self._series = figure_series(ledger.to_dict(), documents)
            return self._series


def doc_choices(documents: Sequence[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """(label, value) pairs for the document filter."""
    return [(ALL_DOCS, ALL_DOCS)] + [
        ((f"{d.get('source') or '?'} · {d.get('published') or 'undated'} · "
         f"{d.get('title') or d['doc_id']}"), str(d["doc_id"])) for d in documents]


def kind_choices() -> list[tuple[str, str]]:
    return [(label, kind) for kind, label in MAP_KINDS.items()]


def _labels(graph: Mapping[str, Any]) -> dict[str, str]:
    return {n["id"]: n["label"] for n in graph["nodes"]}


def _claim_item(claim: Mapping[str, Any], graph: Mapping[str, Any],
                labels: Mapping[str, str]) -> str:
    doc = graph["documents"].get(claim["doc_id"], {})
    where = " · ".join(x for x in (doc.get("source"), doc.get("published")) if x) or \
        claim["doc_id"]
    side = labels.get(str(claim.get("node")), "")
    cue = f' <span class="rag-cue">“{esc(claim["cue"])}”</span>' if claim.get("cue") else ""
    side_note = (f' <span class="rag-map-side">for {esc(side)}</span>'
                 if side and side != claim.get("source") else "")
    href = cite_href(claim["doc_id"], claim["start"], claim["end"])
    return (f'<li class="rag-side rag-map-claim rag-stance-{safe_id(str(claim.get("stance", "")))}"'
            f' data-claim="{esc(claim["id"])}">'
            f'<div class="rag-side-who"><strong>{esc(claim.get("source") or "unattributed")}'
            f'</strong>{side_note} <span class="rag-stance">{esc(claim.get("stance", ""))}</span>'
            f'{cue}</div><span class="rag-side-text">{esc_exact(claim["text"])}</span>'
            f'<a class="rag-cite rag-side-link" href="{esc(href)}" title="Show in the article">'
            f'{esc(where)} · chars {int(claim["start"])}–{int(claim["end"])} ↗</a></li>')


def _claims_list(ids: Sequence[str], graph: Mapping[str, Any]) -> str:
    labels = _labels(graph)
    items = "".join(_claim_item(graph["claims"][c], graph, labels) for c in ids
                    if c in graph["claims"])
    return f'<ol class="rag-sides">{items}</ol>'


def _finding_head(item: Mapping[str, Any], label: str, css: str) -> str:
    link = (f' <a class="rag-map-open" href="{esc(disc_href(item["discrepancy_id"]))}" '
            f'title="Show in the Discrepancies tab"><code>{esc(item["discrepancy_id"])}</code></a>')
    relation = f' <span class="rag-relation">{esc(item["relation"])}</span>' \
        if item.get("relation") else ""
    return (f'<header><span class="rag-badge rag-badge-{css}">{esc(label)}</span>{relation} '
            f'<span class="rag-confidence">confidence {float(item["confidence"]):.2f}</span>'
            f'{link}</header><p class="rag-disc-summary">{esc(item["summary"])}</p>')


def edge_detail(edge: Mapping[str, Any], graph: Mapping[str, Any]) -> str:
    nodes = {n["id"]: n for n in graph["nodes"]}
    a, b = nodes[edge["source"]]["label"], nodes[edge["target"]]["label"]
    arrow = "→" if edge.get("directed") else "↔"
    between = esc(a) if edge["source"] == edge["target"] else \
        f"{esc(a)} {arrow} {esc(b)}"
    figures = (f' <span class="rag-map-figures">{esc(" / ".join(edge["figures"]))}</span>'
               if edge.get("figures") else "")
    css = _EDGE_BADGE.get(edge["kind"], "other")
    return (f'<article class="rag-map-detail rag-disc rag-disc-{css}" '
            f'id="{detail_dom_id("edge", edge["id"])}" hidden>'
            f'<div class="rag-map-between">{between}{figures}</div>'
            f'{_finding_head(edge, EDGE_KINDS.get(edge["kind"], edge["kind"]), css)}'
            f'{_claims_list(edge["claim_ids"], graph)}</article>')


def badge_detail(badge: Mapping[str, Any], graph: Mapping[str, Any]) -> str:
    label = BADGE_KINDS.get(str(badge["kind"]), str(badge["label"]))
    css = "numeric" if badge.get("ledger_kind") == "numeric" else "unverified"
    node = next((n for n in graph["nodes"] if n["id"] == badge["node"]), None)
    return (f'<article class="rag-map-detail rag-disc rag-disc-{css}" '
            f'id="{detail_dom_id("badge", badge["id"])}" hidden>'
            f'<div class="rag-map-between">{esc(node["label"] if node else "")}</div>'
            f'{_finding_head(badge, label, css)}{_claims_list(badge["claim_ids"], graph)}'
            f'</article>')


def node_detail(node: Mapping[str, Any], graph: Mapping[str, Any]) -> str:
    marks = []
    if node.get("outlet"):
        marks.append('<span class="rag-badge rag-badge-outlet">outlet</span>')
    if node.get("anonymous"):
        marks.append('<span class="rag-badge rag-badge-anonymous">anonymous</span>')
    speakers = "".join(f"<li>{esc(s)}</li>" for s in node.get("speakers", [])[:20])
    more_speakers = len(node.get("speakers", [])) - 20
    if more_speakers > 0:
        speakers += f"<li>… and {more_speakers} more</li>"
    edges = {e["id"]: e for e in graph["edges"]}
    badges = {b["id"]: b for b in graph["badges"]}
    nodes = {n["id"]: n for n in graph["nodes"]}
    findings = []
    for eid in node.get("edge_ids", []):
        e = edges.get(eid)
        if e is None:
            continue
        other = e["target"] if e["source"] == node["id"] else e["source"]
        with_whom = "" if other == node["id"] else f' — {esc(nodes[other]["label"])}'
        findings.append(f'<li><a href="#rag-map:edge:{esc(eid)}">'
                        f'{esc(EDGE_KINDS.get(e["kind"], e["kind"]))}{with_whom}</a> '
                        f'<span class="rag-confidence">{float(e["confidence"]):.2f}</span></li>')
    for bid in node.get("badge_ids", []):
        b = badges.get(bid)
        if b is not None:
            findings.append(f'<li><a href="#rag-map:badge:{esc(bid)}">'
                            f'{esc(BADGE_KINDS.get(str(b["kind"]), str(b["label"])))}</a> '
                            f'<span class="rag-confidence">{float(b["confidence"]):.2f}'
                            '</span></li>')
    on_map = {c for eid in node.get("edge_ids", []) if eid in edges
              for c in edges[eid]["claim_ids"]} | \
        {c for bid in node.get("badge_ids", []) if bid in badges for c in badges[bid]["claim_ids"]}
    claim_ids = sorted(node.get("claim_ids", []), key=lambda c: c not in on_map)
    more = (f'<p class="rag-empty">Showing {MAX_NODE_CLAIMS} of {len(claim_ids)} claims; the '
            f'document filter narrows them.</p>' if len(claim_ids) > MAX_NODE_CLAIMS else "")
    return (f'<article class="rag-map-detail rag-map-node-detail" '
            f'id="{detail_dom_id("node", node["id"])}" hidden>'
            f'<header><strong class="rag-map-node-label">{esc(node["label"])}</strong> '
            f'<span class="rag-relation">{esc(node.get("kind") or "source")}</span> '
            f'{"".join(marks)}</header>'
            f'<div class="rag-map-sub">Speakers</div><ul class="rag-map-speakers">{speakers}</ul>'
            + (f'<div class="rag-map-sub">On the map</div><ul>{"".join(findings)}</ul>'
               if findings else "")
            + f'<div class="rag-map-sub">Claims ({len(claim_ids)})</div>'
            f'{_claims_list(claim_ids[:MAX_NODE_CLAIMS], graph)}{more}</article>')


# Graphviz sizes the drawing in points; at 80% of that, 9-point labels stay legible (about
# 10 px) and a wide map scrolls inside its box instead of shrinking to unreadable.
_SCALE = 0.8 * 96 / 72


def _scaled(svg: str) -> str:
    match = re.match(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg)
    if not match:
        return svg
    width, height = (float(x) * _SCALE for x in match.groups())
    return f'<svg width="{width:.0f}" height="{height:.0f}"' + svg[match.end():]


def _summary(view: Mapping[str, Any]) -> str:
    page = view["page"]
    counts = {k: 0 for k in MAP_KINDS}
    for e in view["edges"]:
        counts[e["kind"]] = counts.get(e["kind"], 0) + 1
    counts["badge"] = len(view["badges"])
    parts = " · ".join(f"{n} {esc(MAP_KINDS[k])}" for k, n in counts.items() if n)
    paging = (f' · page <strong class="rag-map-page">{page["page"]}</strong> of '
              f'<span class="rag-map-pages">{page["pages"]}</span> (the most confident first)'
              if page["pages"] > 1 else "")
    return (f'<div class="rag-map-head">Showing <strong class="rag-map-shown">{page["shown"]}'
            f'</strong> of {page["total"]} findings between {len(view["nodes"])} of '
            f'{page["sides_total"]} sides{paging}<div class="rag-map-counts">{parts}</div></div>')


def map_html(graph: Mapping[str, Any], kinds: Sequence[str] | None = None,
             doc_id: str | None = None, page: int = 1, page_size: int = 60) -> str:
    """The whole Map tab body: summary, SVG and hidden details; errors as one line."""
    if doc_id in (None, "", ALL_DOCS):
        doc_id = None
    if not graph["nodes"]:
        return ('<div class="rag-map"><p class="rag-empty">No article is loaded, so there is '
                'nothing to map.</p></div>')
    if kinds is not None and not kinds:
        return ('<div class="rag-map"><p class="rag-empty">Tick at least one kind to draw the '
                'map.</p></div>')
    try:
        view = with_figures(select(graph, kinds, doc_id, page, page_size, clamp=True))
    except RagError as exc:
        return f'<div class="rag-map"><p class="rag-status rag-status-error">{esc(exc)}</p></div>'
    if not view["edges"] and not view["badges"]:
        return (f'<div class="rag-map">{_summary(view)}<p class="rag-empty">No finding matches '
                f'this filter: the sources agree or speak past each other.</p></div>')
    try:
        svg = _scaled(to_svg(view))
    except RagError as exc:
        svg = f'<p class="rag-status rag-status-error">{esc(exc)}</p>'
    details = "".join([*(edge_detail(e, view) for e in view["edges"]),
                       *(badge_detail(b, view) for b in view["badges"]),
                       *(node_detail(n, view) for n in view["nodes"])])
    return (f'<div class="rag-map">{_summary(view)}'
            f'<div class="rag-map-svg" id="rag-map-svg">{svg}</div>'
            f'<div class="rag-map-details" id="rag-map-details">'
            f'<p class="rag-map-hint">Click a side, a line or a note on the map to see the '
            f'claims behind it; click a claim\'s link to see it in the article.</p>'
            f'{details}</div></div>')
