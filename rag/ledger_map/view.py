"""One view of the map: filtered by kind and by document, and paged.

A drawn graph stops being readable (and Graphviz stops being quick) long before a large corpus
runs out of findings, so a view holds at most `page_size` items (edges and node badges), the
most confident first, and the sides they touch. Page 1 of a 10,000-passage corpus is its most
certain disagreements; the document filter narrows to one report's.
"""
from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from typing import Any

from rag.errors import InputError
from rag.ledger_map.graph import MAP_KINDS, paused_gc

DEFAULT_PAGE_SIZE = 60


def check_kinds(kinds: Collection[str] | None) -> frozenset[str]:
    """The kinds asked for; None or empty means all. An unknown kind is a one-line error."""
    if not kinds:
        return frozenset(MAP_KINDS)
    unknown = sorted(set(kinds) - set(MAP_KINDS))
    if unknown:
        raise InputError(f"unknown map kind {unknown[0]!r}; choose from "
                         f"{', '.join(MAP_KINDS)}")
    return frozenset(kinds)


def _sort_key(item: Mapping[str, Any]) -> tuple[float, str]:
    return (-float(item.get("confidence", 0.0)), str(item["id"]))


def select(graph: Mapping[str, Any], kinds: Collection[str] | None = None,
           doc_id: str | None = None, page: int = 1,
           page_size: int = DEFAULT_PAGE_SIZE, clamp: bool = False) -> dict[str, Any]:
    """The part of `graph` (from build_map) to draw, with a `page` block describing the cut.

    page_size <= 0 means everything on one page; `clamp` turns a page past the end into the
    last page (the app, whose filters can shrink the page count) instead of an error. A
    document filter keeps the findings with at least one claim in that document (the other
    side may come from another report).
    """
    with paused_gc():
        return _select(graph, kinds, doc_id, page, page_size, clamp)


def _select(graph: Mapping[str, Any], kinds: Collection[str] | None, doc_id: str | None,
            page: int, page_size: int, clamp: bool) -> dict[str, Any]:
    wanted = check_kinds(kinds)
    if doc_id and doc_id not in graph.get("documents", {}) and not any(
            doc_id in n["doc_ids"] for n in graph["nodes"]):
        raise InputError(f"unknown document {doc_id!r}; `rag documents` lists them")
    if page < 1:
        raise InputError(f"page must be 1 or more, got {page}")

    def keep(item: Mapping[str, Any], kind: str) -> bool:
        return kind in wanted and (not doc_id or doc_id in item["doc_ids"])

    items = [("edge", e) for e in graph["edges"] if keep(e, e["kind"])] + \
        [("badge", b) for b in graph["badges"] if keep(b, "badge")]
    items.sort(key=lambda pair: _sort_key(pair[1]))
    total = len(items)
    size = page_size if page_size > 0 else max(total, 1)
    pages = max(1, math.ceil(total / size))
    if page > pages and clamp:
        page = pages
    if page > pages:
        raise InputError(f"page {page} is past the last page ({pages})")
    shown = items[(page - 1) * size: page * size]
    edges = [e for what, e in shown if what == "edge"]
    badges = [b for what, b in shown if what == "badge"]
    node_ids: dict[str, None] = {}
    for e in edges:
        node_ids[e["source"]] = None
        node_ids[e["target"]] = None
    for b in badges:
        node_ids[b["node"]] = None
    edge_ids = {e["id"] for e in edges}
    badge_ids = {b["id"] for b in badges}
    nodes = [{**n, "edge_ids": [x for x in n["edge_ids"] if x in edge_ids],
              "badge_ids": [x for x in n["badge_ids"] if x in badge_ids]}
             for n in graph["nodes"] if n["id"] in node_ids]
    # every claim a click can show: the findings' and each shown side's own
    claim_ids = {c for item in edges + badges for c in item["claim_ids"]} | \
        {c for n in nodes for c in n["claim_ids"]}
    return {**graph, "nodes": nodes, "edges": edges, "badges": badges,
            "claims": {k: v for k, v in graph["claims"].items() if k in claim_ids},
            "page": {"page": page, "pages": pages, "page_size": size, "shown": len(shown),
                     "total": total, "kinds": sorted(wanted), "doc_id": doc_id or None,
                     "sides_total": len(graph["nodes"])}}


def filtered(graph: Mapping[str, Any], kinds: Collection[str] | None = None,
             doc_id: str | None = None) -> dict[str, Any]:
    """The map for export (`/ledger_map`, `--format map-json`): the whole graph, every side
    included, when nothing is filtered; else every matching finding and the sides it touches,
    on one page."""
    if not kinds and not doc_id:
        return dict(graph)
    return select(graph, kinds, doc_id, page=1, page_size=0)
