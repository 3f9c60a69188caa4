"""The discrepancy panel: the ledger's discrepancies and corroborations, filterable by kind and
by source.

Each item shows every side (claim) with who said it, how (stance, cue), the quoted words, and a
link that opens those exact characters in the article viewer. Corroborations (claims from
different reports that agree) follow the discrepancies under their own heading and filter as
the kind "corroborated".
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rag.ui.answer_view import FLAG_STYLE, cite_href, flag_class
from rag.ui.escape import esc, esc_exact, safe_id

ALL = "All"
KINDS = ("contested", "unverified", "numeric")
CORROBORATED = "corroborated"
PANEL_KINDS = (*KINDS, CORROBORATED)


def disc_dom_id(discrepancy_id: str) -> str:
    return f"rag-d-{safe_id(discrepancy_id)}"


def outlets(documents: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """doc_id -> outlet name (the document's source)."""
    return {d["doc_id"]: d.get("source") or d["doc_id"] for d in documents}


def source_choices(ledger: Mapping[str, Any], documents: Sequence[Mapping[str, Any]]) -> list[str]:
    """Speakers who appear in a discrepancy, plus the outlets of the loaded documents."""
    names = {c["source"] for d in [*ledger.get("discrepancies", []),
                                   *ledger.get("corroborations", [])]
             for c in d["claims"] if c.get("source")}
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


def filter_corroborations(ledger: Mapping[str, Any], kind: str, source: str,
                          documents: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    if kind not in (None, "", ALL, CORROBORATED):
        return []
    outlet_of = outlets(documents)
    return [{**a, "kind": CORROBORATED} for a in ledger.get("corroborations", [])
            if matches({**a, "kind": CORROBORATED}, ALL, source, outlet_of)]


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


def corroboration_html(a: Mapping[str, Any], titles: Mapping[str, str],
                       outlet_of: Mapping[str, str]) -> str:
    sides = "".join(_claim_html(c, titles, outlet_of) for c in a["claims"])
    return (f'<article class="rag-agree" id="{disc_dom_id(a["id"])}">'
            f'<header><span class="rag-badge rag-badge-corroborated">✓ Corroborated</span> '
            f'<span class="rag-confidence">confidence {float(a.get("confidence", 0)):.2f}</span>'
            f'</header><p class="rag-disc-summary">{esc(a["summary"])}</p>'
            f'<ol class="rag-sides">{sides}</ol></article>')


def panel_html(ledger: Mapping[str, Any], documents: Sequence[Mapping[str, Any]],
               kind: str = ALL, source: str = ALL) -> str:
    titles = {d["doc_id"]: d.get("title") or d["doc_id"] for d in documents}
    outlet_of = outlets(documents)
    total = len(ledger.get("discrepancies", []))
    total_agree = len(ledger.get("corroborations", []))
    shown = filter_discrepancies(ledger, kind, source, documents) \
        if kind != CORROBORATED else []
    agree = filter_corroborations(ledger, kind, source, documents)
    counts = {k: sum(1 for d in ledger.get("discrepancies", []) if d["kind"] == k) for k in KINDS}
    summary = " · ".join(f'<span class="rag-badge rag-badge-{k}">{FLAG_STYLE[k][0]} {n} {k}</span>'
                         for k, n in counts.items())
    summary += (f' · <span class="rag-badge rag-badge-corroborated">✓ {total_agree} '
                f'corroborated</span>')
    head = (f'<div class="rag-panel-head">Showing <strong class="rag-shown">{len(shown)}</strong>'
            f' of {total} discrepancies and <strong class="rag-shown-agree">{len(agree)}</strong>'
            f' of {total_agree} corroborations · {len(ledger.get("claims", []))} claims in the '
            f'ledger<div class="rag-panel-counts">{summary}</div></div>')
    if not shown and not agree:
        empty = ("Nothing matches this filter." if total or total_agree else
                 "The ledger has no discrepancies for the loaded article(s).")
        return f'<div class="rag-panel">{head}<p class="rag-empty">{empty}</p></div>'
    items = "".join(discrepancy_html(d, titles, outlet_of) for d in shown)
    if agree:
        items += (f'<h4 class="rag-agree-head">Corroborated: reports that agree ({len(agree)})'
                  f'</h4>' + "".join(corroboration_html(a, titles, outlet_of) for a in agree))
    return f'<div class="rag-panel">{head}{items}</div>'
