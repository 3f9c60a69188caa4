"""The Figures tab: one chart per quantity given by several reports or sources, with a table.

The chart (rag.ledger_map.timeline, matplotlib SVG) shows the figures by outlet and date; the
table under it lists each figure with its outlet, date and source and a citation link that
opens the exact claim in the article viewer. Charts are cached by their data, so a page load
over an unchanged ledger draws nothing again.
"""
from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import Any

from rag.ledger_map.timeline import figure_series, render_svg
from rag.ui.answer_view import cite_href
from rag.ui.escape import esc, esc_exact, safe_id

# charts drawn on one page (about 0.3 s each the first time, then cached); the others are
# listed by name and the document filter reaches them
MAX_SERIES = 6
MAX_LISTED = 60
_CACHE_SIZE = 64
_cache: OrderedDict[str, str] = OrderedDict()
_cache_lock = threading.Lock()


def chart_svg(series: Mapping[str, Any]) -> str:
    key = hashlib.sha256(json.dumps(series, sort_keys=True, default=str).encode()).hexdigest()
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    svg = render_svg([series])
    with _cache_lock:
        _cache[key] = svg
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return svg


def _table(series: Mapping[str, Any]) -> str:
    rows = []
    for p in series["points"]:
        href = cite_href(p["doc_id"], p["start"], p["end"])
        rows.append(
            f'<tr class="rag-tl-point" data-claim="{esc(p["claim_id"])}">'
            f'<td class="rag-tl-date">{esc(p["published"] or "undated")}</td>'
            f'<td class="rag-tl-outlet">{esc(p["outlet"])}</td>'
            f'<td class="rag-tl-source">{esc(p["source"])}</td>'
            f'<td class="rag-tl-figure">{esc(p["raw"])}</td>'
            f'<td><a class="rag-cite rag-side-link" href="{esc(href)}" '
            f'title="{esc_exact(p["text"])}">chars {int(p["start"])}–{int(p["end"])} ↗</a></td>'
            f'</tr>')
    return ('<table class="rag-tl-table"><thead><tr><th>published</th><th>outlet</th>'
            '<th>source</th><th>figure</th><th>in the article</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def timeline_html(ledger: Mapping[str, Any], documents: Sequence[Mapping[str, Any]],
                  doc_id: str | None = None,
                  series: list[dict[str, Any]] | None = None) -> str:
    """The Figures tab; `series` (from figure_series of this ledger) saves recomputing it."""
    series = figure_series(ledger, documents) if series is None else series
    total = len(series)
    if doc_id:
        series = [s for s in series if doc_id in s["doc_ids"]]
    if not series:
        why = ("No figure in this document is given by another report or source."
               if doc_id and total else
               "No figure is given by more than one report or source in the loaded articles. "
               "Load several reports of one story (a first toll and its updates) to see how "
               "the figures move.")
        return f'<div class="rag-timeline"><p class="rag-empty">{why}</p></div>'
    shown = series[:MAX_SERIES]
    more = ""
    if len(series) > len(shown):
        rest = series[len(shown):]
        names = "; ".join(f"{esc(s['title'])} ({len(s['points'])})" for s in rest[:MAX_LISTED])
        if len(rest) > MAX_LISTED:
            names += f"; and {len(rest) - MAX_LISTED} more"
        more = (f'<p class="rag-empty rag-tl-more">Charts for {len(shown)} of {len(series)} '
                f'quantities (most figures first); filter by document to chart the others: '
                f'{names}.</p>')
    figures = "".join(
        f'<figure class="rag-tl" id="rag-tl-{safe_id(s["id"])}">'
        f'<figcaption><strong>{esc(s["title"])}</strong> · {len(s["points"])} figures from '
        f'{len({p["outlet"] for p in s["points"]})} outlets</figcaption>'
        f'<div class="rag-tl-chart">{chart_svg(s)}</div>{_table(s)}</figure>'
        for s in shown)
    noun = "quantity" if len(series) == 1 else "quantities"
    return (f'<div class="rag-timeline"><div class="rag-map-head">{len(series)} {noun} '
            f'given by more than one report or source</div>{figures}{more}</div>')
