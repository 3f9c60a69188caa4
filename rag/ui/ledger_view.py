"""The discrepancy panel: the ledger's discrepancies, filterable by kind and by source.

Each item shows every side (claim) with who said it, how (stance, cue), the quoted words, and a
link that opens those exact characters in the article viewer.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rag.ui.answer_view import FLAG_STYLE, cite_href, flag_class
from rag.ui.escape import esc, esc_exact, safe_id

ALL = "All"
KINDS = ("contested", "unverified", "numeric")


def disc_dom_id(discrepancy_id: str) -> str:
    return f"rag-d-{safe_id(discrepancy_id)}"


def outlets(documents: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """doc_id -> outlet name (the document's source)."""
    return {d["doc_id"]: d.get("source") or d["doc_id"] for d in documents}


def source_choices(ledger: Mapping[str, Any], documents: Sequence[Mapping[str, Any]]) -> list[str]:
    """Speakers who appear in a discrepancy, plus the outlets of the loaded documents."""
    names = {c["source"] for d in ledger.get("discrepancies", []) for c in d["claims"]
             if c.get("source")}
    names.update(outlets(documents).values())
    return [ALL, *sorted(names, key=str.lower)]


def matches(discrepancy: Mapping[str, Any], kind: str, source: str,
            outlet_of: Mapping[str, str]) -> bool:
    if kind not in (None, "", ALL) and discrepancy["kind"] != kind:
        return False
    if source in (None, "", ALL):
        return True
    return any(c.get("source") == source or outlet_of.get(c["doc_id"]) == source
               for c in discrepancy["claims"])


def filter_discrepancies(ledger: Mapping[str, Any], kind: str, source: str,
                         documents: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    outlet_of = outlets(documents)
    return [d for d in ledger.get("discrepancies", []) if matches(d, kind, source, outlet_of)]


def _claim_html(claim: Mapping[str, Any], titles: Mapping[str, str],
                outlet_of: Mapping[str, str]) -> str:
    where = titles.get(claim["doc_id"], claim["doc_id"])
    outlet = outlet_of.get(claim["doc_id"], "")
    href = cite_href(claim["doc_id"], claim["start"], claim["end"])
    cue = f'<span class="rag-cue">“{esc(claim["cue"])}”</span>' if claim.get("cue") else ""
    return (f'<li class="rag-side rag-stance-{safe_id(claim.get("stance", ""))}">'
            f'<div class="rag-side-who"><strong>{esc(claim.get("source") or "unattributed")}'
            f'</strong> <span class="rag-stance">{esc(claim.get("stance", ""))}</span> '
            f'{cue}</div>'
            f'<span class="rag-side-text">{esc_exact(claim["text"])}</span>'
            f'<a class="rag-cite rag-side-link" href="{esc(href)}" '
            f'title="Show in the article">{esc(outlet or where)} · chars '
            f'{int(claim["start"])}–{int(claim["end"])} ↗</a></li>')


def discrepancy_html(d: Mapping[str, Any], titles: Mapping[str, str],
                     outlet_of: Mapping[str, str]) -> str:
    kind = flag_class(d["kind"])
    icon, label = FLAG_STYLE.get(kind, ("!", esc(d["kind"]).capitalize()))
    relation = (f' <span class="rag-relation">{esc(d["relation"])}</span>'
                if d.get("relation") else "")
    sides = "".join(_claim_html(c, titles, outlet_of) for c in d["claims"])
    return (f'<article class="rag-disc rag-disc-{kind}" id="{disc_dom_id(d["id"])}">'
            f'<header><span class="rag-badge rag-badge-{kind}">{icon} {label}</span>{relation} '
            f'<span class="rag-confidence">confidence {float(d.get("confidence", 0)):.2f}</span>'
            f'</header><p class="rag-disc-summary">{esc(d["summary"])}</p>'
            f'<ol class="rag-sides">{sides}</ol></article>')


def panel_html(ledger: Mapping[str, Any], documents: Sequence[Mapping[str, Any]],
               kind: str = ALL, source: str = ALL) -> str:
    titles = {d["doc_id"]: d.get("title") or d["doc_id"] for d in documents}
    outlet_of = outlets(documents)
    total = len(ledger.get("discrepancies", []))
    shown = filter_discrepancies(ledger, kind, source, documents)
    counts = {k: sum(1 for d in ledger.get("discrepancies", []) if d["kind"] == k) for k in KINDS}
    summary = " · ".join(f'<span class="rag-badge rag-badge-{k}">{FLAG_STYLE[k][0]} {n} {k}</span>'
                         for k, n in counts.items())
    head = (f'<div class="rag-panel-head">Showing <strong class="rag-shown">{len(shown)}</strong>'
            f' of {total} discrepancies · {len(ledger.get("claims", []))} claims in the ledger'
            f'<div class="rag-panel-counts">{summary}</div></div>')
    if not shown:
        empty = ("No discrepancy matches this filter." if total else
                 "The ledger has no discrepancies for the loaded article(s).")
        return f'<div class="rag-panel">{head}<p class="rag-empty">{empty}</p></div>'
    items = "".join(discrepancy_html(d, titles, outlet_of) for d in shown)
    return f'<div class="rag-panel">{head}{items}</div>'
