"""The figures timeline: each quantity that several reports or sources give, by date.

A series is one quantity (what is counted, over which scope) in one story: the claims that the
ledger links through a numeric finding (an update, conflicting figures) or a corroboration,
with the figure each gives for the quantity they share. Anchoring on the ledger's own links
keeps "22 killed in the ferry explosion on Saturday" from one town apart from the same words
about another town, which the ledger never compares (its findings stay inside one event).

A series is kept when its figures come from more than one report (document) or more than one
source. Each point carries its outlet, publication date, source and the claim's offsets, so a
chart can be read and every figure opened in the article.

Charts are matplotlib SVG with text kept as text (searchable, selectable, testable), one per
series, x = publication date (in order, one column per date; "undated" last), y = the figure.
"""
from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rag.ledger_map.graph import Figures, paused_gc

UNDATED = "undated"
# outlets are told apart by colour and marker both (colour-blind readers, grey print)
_COLORS = ["#2563eb", "#dc2626", "#16a34a", "#7c3aed", "#d97706", "#0891b2", "#be185d",
           "#4d7c0f"]
_MARKERS = ["o", "s", "D", "^", "v", "P", "X", "*"]


def _scope_words(scope: str) -> str:
    kind, _, value = scope.partition(":")
    value = value.replace("_", " ").replace("@", " on ")
    return {"since": f"since {value}", "month": f"in {value}", "period": value,
            "event": f"in one {value}", "day": f"on {value}"}.get(kind, "")


def series_title(counts: str, scope: str) -> str:
    words = _scope_words(scope)
    return f"{counts} {words}".strip() if words else counts


class _Links:
    """Union-find over claim ids."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def figure_series(ledger: Mapping[str, Any], documents: Iterable[Mapping[str, Any]] = ()
                  ) -> list[dict[str, Any]]:
    """Every series (see the module docstring), the one with most figures first."""
    with paused_gc():
        return _figure_series(ledger, documents)


def _figure_series(ledger: Mapping[str, Any], documents: Iterable[Mapping[str, Any]]
                   ) -> list[dict[str, Any]]:
    docs = {str(d["doc_id"]): d for d in documents}
    claims = {c["id"]: c for c in ledger.get("claims", [])}
    linked: dict[tuple[str, str], _Links] = {}
    figures = Figures()
    findings = [d for d in ledger.get("discrepancies", [])
                if d.get("kind") == "numeric" and d.get("relation") != "malformed_number"]
    findings += list(ledger.get("corroborations", []))
    for finding in findings:
        members = [claims.get(c["id"], c) for c in finding.get("claims", [])]
        for c in members:
            claims.setdefault(c["id"], c)
        key = figures.key(members) if len(members) > 1 else None
        if key is None:
            continue
        links = linked.setdefault(key, _Links())
        for c in members[1:]:
            links.union(members[0]["id"], c["id"])
    out: list[dict[str, Any]] = []
    for (counts, scope), links in linked.items():
        groups: dict[str, list[str]] = {}
        for cid in links.parent:
            groups.setdefault(links.find(cid), []).append(cid)
        for members_ids in groups.values():
            found = (_point(claims[cid], counts, scope, docs) for cid in members_ids)
            points = [p for p in found if p is not None]
            if len({p["doc_id"] for p in points}) < 2 and len({p["source"] for p in points}) < 2:
                continue
            points.sort(key=lambda p: (p["published"] or "~", p["doc_id"], p["start"]))
            first = points[0]
            out.append({"id": f"{counts}|{scope}|{first['claim_id']}", "counts": counts,
                        "scope": scope, "title": series_title(counts, scope),
                        "points": points,
                        "doc_ids": sorted({p["doc_id"] for p in points})})
    out.sort(key=lambda s: (-len(s["points"]), s["title"], s["id"]))
    return out


def _point(claim: Mapping[str, Any], counts: str, scope: str,
           docs: Mapping[str, Mapping[str, Any]]) -> dict[str, Any] | None:
    for q in claim.get("quantities", []):
        if (q["counts"], q["scope"]) == (counts, scope) and q.get("value") is not None \
                and q.get("well_formed", True):
            doc = docs.get(claim["doc_id"], {})
            return {"claim_id": claim["id"], "value": float(q["value"]), "raw": q["raw"],
                    "approximate": bool(q.get("approximate")),
                    "source": str(claim.get("source") or "unattributed"),
                    "party": str(claim.get("party") or ""), "doc_id": claim["doc_id"],
                    "outlet": str(doc.get("source") or claim["doc_id"]),
                    "published": str(doc.get("published") or ""),
                    "title": str(doc.get("title") or ""), "text": claim.get("text", ""),
                    "start": int(claim["start"]), "end": int(claim["end"])}
    return None


def _mpl_text(text: str) -> str:
    """matplotlib reads `$...$` as mathtext; a dollar figure must stay a dollar sign."""
    return text.replace("$", r"\$")


def render_svg(series: Sequence[Mapping[str, Any]], width_in: float = 6.4,
               row_height_in: float = 2.7) -> str:
    """One SVG with a chart per series (stacked), text kept as text."""
    import matplotlib
    from matplotlib.figure import Figure

    if not series:
        raise ValueError("no series to draw")
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "rag-timeline",
                                "font.family": "DejaVu Sans", "font.size": 9}):
        fig = Figure(figsize=(width_in, row_height_in * len(series)), layout="constrained")
        axes = fig.subplots(len(series), 1, squeeze=False)[:, 0]
        for ax, s in zip(axes, series):
            _draw(ax, s)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg


def _draw(ax: Any, s: Mapping[str, Any]) -> None:
    points = s["points"]
    dates = sorted({p["published"] for p in points if p["published"]})
    if any(not p["published"] for p in points):
        dates.append(UNDATED)
    x_of = {d: i for i, d in enumerate(dates)}
    outlets = list(dict.fromkeys(p["outlet"] for p in points))
    # a few reports on one date sit side by side rather than on top of each other
    offsets: dict[tuple[int, float], int] = {}
    placed: list[tuple[float, float, Mapping[str, Any]]] = []
    for p in points:
        x = x_of[p["published"] or UNDATED]
        slot = offsets.get((x, p["value"]), 0)
        offsets[(x, p["value"])] = slot + 1
        placed.append((x + 0.12 * slot, p["value"], p))
    for i, outlet in enumerate(outlets):
        mine = [(x, y) for x, y, p in placed if p["outlet"] == outlet]
        ax.scatter([x for x, _ in mine], [y for _, y in mine], s=42, zorder=3,
                   color=_COLORS[i % len(_COLORS)], marker=_MARKERS[i % len(_MARKERS)],
                   label=_mpl_text(outlet))
    # the same source over time: a line, so an update reads as a step
    by_source: dict[str, set[tuple[int, float]]] = {}
    for p in points:
        by_source.setdefault(p["source"], set()).add((x_of[p["published"] or UNDATED],
                                                      p["value"]))
    for line in by_source.values():
        steps = sorted(line)
        if len({x for x, _ in steps}) > 1:
            ax.plot([x for x, _ in steps], [y for _, y in steps], color="#94a3b8", lw=1,
                    zorder=2, ls="--")
    # one label per figure and date: who gave it (the outlets are the legend)
    labels: dict[tuple[int, float], list[str]] = {}
    for p in points:
        who = labels.setdefault((x_of[p["published"] or UNDATED], p["value"]), [])
        text = f"{p['raw']} · {p['source'][:28]}"
        if text not in who:
            who.append(text)
    for (x, y), texts in labels.items():
        shift = 0.12 * (offsets[(x, y)] - 1)
        ax.annotate(_mpl_text("; ".join(texts)), (x + shift, y), textcoords="offset points",
                    xytext=(8, 5), fontsize=7.5, color="#334155")
    ax.set_xticks(range(len(dates)), [_mpl_text(d) for d in dates])
    ax.set_xlim(-0.4, len(dates) - 0.4)
    values = [p["value"] for p in points]
    low, high = min(values), max(values)
    pad = (high - low) * 0.25 or max(abs(high) * 0.25, 1.0)
    ax.set_ylim(min(0.0, low - pad) if low >= 0 else low - pad, high + pad)
    ax.set_title(_mpl_text(s["title"]), loc="left", fontsize=10, fontweight="bold")
    ax.set_xlabel("publication date")
    ax.grid(axis="y", color="#e2e8f0", lw=0.8)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="lower right", fontsize=7.5, frameon=False, title="outlet",
              title_fontsize=7.5, ncols=min(len(outlets), 4))
