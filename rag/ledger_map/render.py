"""Graphviz DOT and SVG of one map view (rag.ledger_map.view.select).

Graphviz (`dot`, the Debian `graphviz` package, driven through the `graphviz` Python package)
lays out the graph: ranked, with few crossings, parallel edges fanned out, labels placed clear
of the lines. One SVG serves the app, `rag ledger --format svg` and the eval report alike.

Every element that a click can open carries a link of the form `#rag-map:KIND:ID` (KIND node,
edge or badge) and a DOM id (`rag-mn-`, `rag-me-`, `rag-mb-` + a safe form of the id); the page
script turns the link into the details of that element. Text from articles reaches Graphviz in
two ways, both escaped here: HTML-like node labels (XML-escaped) and plain edge labels and
tooltips (backslashes doubled, so `\\N` or `\\G` in a source's name stays text, and never read
as an HTML-like label).
"""
from __future__ import annotations

import html
import re
import shutil
from collections.abc import Mapping
from typing import Any

from rag.errors import RagError
from rag.ledger_map.graph import BADGE_KINDS, EDGE_KINDS

# colour per kind, the same as the flags elsewhere: contested red, unverified amber,
# numeric violet; agreement green
EDGE_STYLE: dict[str, dict[str, str]] = {
    "disputes": {"color": "#dc2626", "style": "solid"},
    "could_not_confirm": {"color": "#d97706", "style": "solid"},
    "conflicting_figures": {"color": "#7c3aed", "style": "solid"},
    "update": {"color": "#7c3aed", "style": "dashed"},
    "corroborates": {"color": "#16a34a", "style": "solid"},
}
BADGE_STYLE: dict[str, tuple[str, str]] = {   # (icon, background)
    "anonymous_source": ("?", "#fef3c7"),
    "one_sided": ("?", "#fef3c7"),
    "no_comment": ("?", "#fef3c7"),
    "malformed_number": ("#", "#ede9fe"),
}
FONT = "Helvetica"
_MAX_LABEL = 34
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


class RenderError(RagError):
    """Graphviz is missing or failed."""


def dom_id(prefix: str, element_id: str) -> str:
    return f"{prefix}{_UNSAFE.sub('-', element_id)}"


def node_href(node_id: str) -> str:
    return f"#rag-map:node:{node_id}"


def edge_href(edge_id: str) -> str:
    return f"#rag-map:edge:{edge_id}"


def badge_href(badge_id: str) -> str:
    return f"#rag-map:badge:{badge_id}"


def short(text: str, limit: int = _MAX_LABEL) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _x(text: object) -> str:
    """Escape for Graphviz HTML-like labels: XML, and Graphviz still expands `\\N`, `\\G`
    (even written as entities), so a backslash is doubled."""
    return html.escape(str(text), quote=True).replace("\\", "\\\\")


def _plain(text: str) -> str:
    """Escape for a quoted Graphviz string: `\\` would start an escape sequence, and a value
    that starts with `<` and ends with `>` would be read as an HTML-like label."""
    import graphviz

    return graphviz.nohtml(str(text).replace("\\", "\\\\"))


def _loop_row(edge: Mapping[str, Any]) -> str:
    """A finding within one side (an update, two outlets agreeing on what the same authority
    said): a row of the node, since Graphviz stacks self-loop labels on top of each other."""
    color = EDGE_STYLE.get(edge["kind"], {"color": "#475569"})["color"]
    figures = edge.get("figures") or []
    joiner = " → " if edge["kind"] == "update" else " = " if edge["kind"] == "corroborates" \
        else " vs "
    what = f" {short(joiner.join(figures), 30)}" if figures else ""
    return (f'<TR><TD HREF="{_x(edge_href(edge["id"]))}" TITLE="{_x(short(edge["summary"], 200))}" '
            f'ID="{dom_id("rag-me-", edge["id"])}" BGCOLOR="#ffffff"><FONT POINT-SIZE="9" '
            f'COLOR="{color}">↺ {_x(EDGE_KINDS.get(edge["kind"], edge["kind"]))}{_x(what)}'
            f' · {float(edge["confidence"]):.2f}</FONT></TD></TR>')


def _node_label(node: Mapping[str, Any], badges: list[Mapping[str, Any]],
                loops: list[Mapping[str, Any]] = ()) -> str:  # type: ignore[assignment]
    kind = str(node.get("kind") or "source") if node.get("kind") != "other" else "source"
    if node.get("outlet"):
        kind = "outlet (the article's own voice)"
    speakers = node.get("speakers", [])
    extra = (f" · {len(speakers)} speakers" if len(speakers) > 1 else "")
    href = _x(node_href(node["id"]))
    title = _x(f"{node['label']}: " + "; ".join(short(s, 60) for s in speakers[:8]))
    rows = [(f'<TR><TD HREF="{href}" TITLE="{title}" ID="{dom_id("rag-mnl-", node["id"])}" '
            f'BGCOLOR="{_fill(node)}"><B>{_x(short(node["label"]))}</B></TD></TR>'),
            (f'<TR><TD HREF="{href}" TITLE="{title}" BGCOLOR="{_fill(node)}">'
            f'<FONT POINT-SIZE="9" COLOR="#475569">{_x(kind + extra)}</FONT></TD></TR>')]
    for b in badges:
        icon, fill = BADGE_STYLE.get(str(b["kind"]), ("?", "#fef3c7"))
        label = BADGE_KINDS.get(str(b["kind"]), str(b["label"]))
        count = len(b["claim_ids"])
        title = _x(short(b["summary"], 200))
        rows.append(f'<TR><TD HREF="{_x(badge_href(b["id"]))}" TITLE="{title}" '
                    f'ID="{dom_id("rag-mb-", b["id"])}" BGCOLOR="{fill}">'
                    f'<FONT POINT-SIZE="9">{icon} {_x(label)}'
                    f'{f" ×{count}" if count > 1 else ""} · {float(b["confidence"]):.2f}'
                    f'</FONT></TD></TR>')
    rows += [_loop_row(e) for e in loops]
    border = "#2563eb" if node.get("outlet") else "#64748b" if node.get("anonymous") \
        else "#334155"
    style = ' STYLE="rounded,dashed"' if node.get("anonymous") else ' STYLE="rounded"'
    return (f'<<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" CELLPADDING="4" '
            f'COLOR="{border}"{style}>{"".join(rows)}</TABLE>>')


def _fill(node: Mapping[str, Any]) -> str:
    return "#eff6ff" if node.get("outlet") else "#f1f5f9" if node.get("anonymous") \
        else "#ffffff"


def _edge_label(edge: Mapping[str, Any], nodes: Mapping[str, Mapping[str, Any]],
                claims: Mapping[str, Mapping[str, Any]]) -> str:
    lines = [f"{EDGE_KINDS.get(edge['kind'], edge['kind'])} · {float(edge['confidence']):.2f}"]
    figures = edge.get("figures") or []
    if figures:
        joiner = " → " if edge["kind"] == "update" else " = " if edge["kind"] == \
            "corroborates" else " vs "
        lines.append(short(joiner.join(figures), 40))
    # Name the speakers when a side has several, so parallel edges read apart
    # ("Turkey → Russia’s defence ministry" beside "Turkey → Russian state television").
    if any(len(nodes[n].get("speakers", [])) > 1 for n in (edge["source"], edge["target"])):
        def who(ids: list[str]) -> str:
            names = list(dict.fromkeys(str(claims[c].get("source") or "") for c in ids
                                       if c in claims))
            return short(" / ".join(names), 26) if names else ""
        a, b = who(edge["source_claim_ids"]), who(edge["target_claim_ids"])
        arrow = " → " if edge.get("directed") else " ↔ "
        if a and b and len(a) + len(b) <= 30:
            lines.append(f"{a}{arrow}{b}")
        elif a and b:   # two short lines keep the drawing narrow
            lines += [f"{a}{arrow.rstrip()}", b]
    return _plain_lines(lines)


def _plain_lines(lines: list[str]) -> str:
    """Several escaped lines in one label (`\\n` is Graphviz's centred line break)."""
    import graphviz

    return graphviz.nohtml("\\n".join(str(_plain(line)) for line in lines))


def _legend(edges: list[Mapping[str, Any]], badges: list[Mapping[str, Any]]) -> str:
    kinds = [k for k in EDGE_KINDS if any(e["kind"] == k for e in edges)]
    cells = [f'<TD><FONT COLOR="{EDGE_STYLE[k]["color"]}">'
             f'{"- - -" if EDGE_STYLE[k]["style"] == "dashed" else "———"} {_x(EDGE_KINDS[k])}'
             f'</FONT></TD>' for k in kinds]
    if badges:
        cells.append('<TD><FONT COLOR="#92400e">? / # note on a side</FONT></TD>')
    cells.append('<TD><FONT COLOR="#2563eb">blue: outlet</FONT></TD>')
    cells.append('<TD><FONT COLOR="#64748b">dashed box: anonymous</FONT></TD>')
    return (f'<<TABLE BORDER="0" CELLSPACING="6"><TR>{"".join(cells)}</TR>'
            f'<TR><TD COLSPAN="{len(cells)}"><FONT POINT-SIZE="9" COLOR="#64748b">number on a '
            f'line: confidence · arrows point at the claim that is denied, unconfirmed or '
            f'updated</FONT></TD></TR></TABLE>>')


def to_dot(view: Mapping[str, Any], legend: bool = True, rankdir: str = "LR") -> str:
    """The DOT source of a view (from rag.ledger_map.view.select or build_map)."""
    import graphviz

    nodes = {n["id"]: n for n in view["nodes"]}
    claims = view.get("claims", {})
    badges_of: dict[str, list[Mapping[str, Any]]] = {}
    for b in view["badges"]:
        badges_of.setdefault(b["node"], []).append(b)
    dot = graphviz.Digraph("ledger_map", engine="dot")
    dot.attr(rankdir=rankdir, bgcolor="transparent", fontname=FONT, nodesep="0.35",
             ranksep="0.8", pad="0.2", newrank="true", id="rag-map-graph")
    if legend and (view["edges"] or view["badges"]):
        dot.attr(label=_legend(view["edges"], view["badges"]), labelloc="b", fontsize="10")
    dot.attr("node", shape="plain", fontname=FONT, fontsize="11")
    dot.attr("edge", fontname=FONT, fontsize="9", arrowsize="0.7")
    loops_of: dict[str, list[Mapping[str, Any]]] = {}
    for e in view["edges"]:
        if e["source"] == e["target"]:
            loops_of.setdefault(e["source"], []).append(e)
    for node in nodes.values():
        dot.node(node["id"], label=_node_label(node, badges_of.get(node["id"], []),
                                               loops_of.get(node["id"], [])),
                 id=dom_id("rag-mn-", node["id"]))
    for node in nodes.values():
        # an anonymous source stays near the side it speaks for: a dotted, unlabelled tie
        named = node.get("speaks_for")
        if named and named in nodes:
            dot.edge(node["id"], named, style="dotted", color="#94a3b8", dir="none",
                     tooltip=_plain(f"{short(node['label'], 80)} speaks for "
                                    f"{short(nodes[named]['label'], 80)}"))
    for edge in view["edges"]:
        if edge["source"] == edge["target"]:
            continue
        style = EDGE_STYLE.get(edge["kind"], {"color": "#475569", "style": "solid"})
        confidence = float(edge["confidence"])
        dot.edge(edge["source"], edge["target"], label=_edge_label(edge, nodes, claims),
                 id=dom_id("rag-me-", edge["id"]), href=edge_href(edge["id"]),
                 tooltip=_plain(short(edge["summary"], 300)), color=style["color"],
                 fontcolor=style["color"], style=style["style"],
                 penwidth=f"{0.8 + 2.2 * max(0.0, min(confidence, 1.0)):.2f}",
                 dir="forward" if edge.get("directed") else "none")
    return dot.source


def graphviz_available() -> bool:
    return shutil.which("dot") is not None


def to_svg(view: Mapping[str, Any], legend: bool = True) -> str:
    """The SVG markup of a view (no XML prolog: ready to inline in a page or save to a file)."""
    if not graphviz_available():
        raise RenderError("Graphviz is not installed (the `dot` program is missing): "
                          "apt-get install graphviz")
    import graphviz

    source = graphviz.Source(to_dot(view, legend=legend))
    try:
        svg = source.pipe(format="svg", encoding="utf-8")
    except graphviz.ExecutableNotFound:
        raise RenderError("Graphviz is not installed (the `dot` program is missing): "
                          "apt-get install graphviz") from None
    except graphviz.CalledProcessError as exc:
        detail = (exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        raise RenderError(f"Graphviz could not draw the map: "
                          f"{detail[-1] if detail else exc}") from None
    start = svg.find("<svg")
    svg = svg[start:] if start >= 0 else svg
    # SVG 2 `href` instead of `xlink:href` on our own links, so the page script (and CSS
    # selectors) find map links exactly as they find citation links
    return svg.replace(' xlink:href="#rag-map:', ' href="#rag-map:')


def standalone_svg(svg: str) -> str:
    """A file-ready SVG: the XML declaration back in front."""
    return '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' + svg
