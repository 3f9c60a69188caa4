"""Answer HTML for the chat: clickable [n] markers, the cited passages, and flags by kind.

Chatbot messages are sanitised by Gradio (data-* attributes are dropped; class, href, id and
title survive), so a citation carries its target in the link itself:
`#rag-cite:<doc_id>:<start>:<end>`; a flag links to `#rag-disc:<discrepancy id>`. The page
script (page_script.PAGE_JS) turns clicks on those links into scroll-and-highlight.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from rag.citations import MARKER, numbers_in
from rag.records import page_label
from rag.ui.escape import esc, esc_inline

# How each flag kind looks; a kind the UI does not know still renders, as "other".
FLAG_STYLE: dict[str, tuple[str, str]] = {
    "contested": ("⚔", "Contested"),
    "unverified": ("?", "Unverified"),
    "numeric": ("#", "Numbers disagree"),
}


def cite_href(doc_id: str, start: int, end: int) -> str:
    return f"#rag-cite:{doc_id}:{int(start)}:{int(end)}"


def disc_href(discrepancy_id: str) -> str:
    return f"#rag-disc:{discrepancy_id}"


def flag_class(kind: str) -> str:
    return kind if kind in FLAG_STYLE else "other"


def question_html(question: str) -> str:
    return f'<div class="rag-question">{esc_inline(question)}</div>'


def pending_html(partial: str) -> str:
    """The answer while it streams: plain escaped text, markers not yet linked."""
    body = esc_inline(partial) if partial else "Searching the article…"
    return f'<div class="rag-answer rag-streaming"><p class="rag-answer-text">{body}</p></div>'


def error_html(message: str) -> str:
    return f'<div class="rag-answer rag-error" role="alert">{esc_inline(message)}</div>'


def _marker(n: int, citation: Mapping[str, Any] | None) -> str:
    if citation is None:   # a number the composer did not back with a citation stays text
        return f"[{n}]"
    href = cite_href(citation["doc_id"], citation["start"], citation["end"])
    page = _page(citation)
    title = f"{page}: {citation['text']}" if page else citation["text"]
    return (f'<a class="rag-cite" href="{esc(href)}" title="{esc_inline(title)}">'
            f"[{n}]</a>")


def _page(citation: Mapping[str, Any]) -> str:
    page = citation.get("page")
    end = citation.get("page_end")
    return page_label(int(page), int(end) if end is not None else None) if page else ""


def link_markers(escaped_text: str, citations: Mapping[int, Mapping[str, Any]]) -> str:
    """Replace [n] (and [n, m]) in already-escaped text with citation links."""
    def replace(match: re.Match[str]) -> str:
        return "".join(_marker(n, citations.get(n)) for n in numbers_in(match.group(0)))

    return MARKER.sub(replace, escaped_text)


def citation_list(citations: list[Mapping[str, Any]], titles: Mapping[str, str],
                  label: str = "Cited passages") -> str:
    if not citations:
        return ""
    items = []
    for c in citations:
        where = titles.get(c["doc_id"], c["doc_id"])
        source = f" · {esc_inline(c['source'])}" if c.get("source") else ""
        page = f' · <span class="rag-cited-page">{esc(_page(c))}</span>' if _page(c) else ""
        items.append(
            f'<li class="rag-cited-item">{_marker(c["n"], c)} '
            f'<span class="rag-cited-where">{esc_inline(where)}{source}{page} · '
            f'chars {int(c["start"])}–{int(c["end"])}</span> '
            f'<span class="rag-cited-text">{esc_inline(c["text"])}</span></li>')
    return (f'<div class="rag-cited"><div class="rag-cited-label">{esc(label)}</div>'
            f'<ol>{"".join(items)}</ol></div>')


def flag_list(flags: list[Mapping[str, Any]], citations: Mapping[int, Mapping[str, Any]]) -> str:
    if not flags:
        return ""
    rows = []
    for f in flags:
        kind = flag_class(f["kind"])
        icon, label = FLAG_STYLE.get(kind, ("!", esc(f["kind"]).capitalize()))
        sides = "".join(_marker(int(n), citations.get(int(n))) for n in f.get("citations", []))
        rows.append(
            f'<div class="rag-flag rag-flag-{kind}">'
            f'<a class="rag-flag-link" href="{esc(disc_href(f["discrepancy_id"]))}" '
            f'title="Show this discrepancy in the panel">'
            f'<span class="rag-badge rag-badge-{kind}">{icon} {label}</span></a> '
            f'<span class="rag-flag-summary">{esc_inline(f["summary"])}</span> '
            f'<span class="rag-flag-sides">{sides}</span></div>')
    return f'<div class="rag-flags">{"".join(rows)}</div>'


def answer_html(answer: Mapping[str, Any], titles: Mapping[str, str]) -> str:
    """The whole answer card; `answer` is Answer.to_dict() (the `rag ask --json` contract)."""
    by_n = {int(c["n"]): c for c in answer.get("citations", [])}
    text = link_markers(esc_inline(answer.get("answer", "")), by_n)
    classes = "rag-answer rag-abstained" if answer.get("abstained") else "rag-answer"
    parts = [f'<div class="{classes}">', f'<p class="rag-answer-text">{text}</p>',
             flag_list(answer.get("flags", []), by_n),
             citation_list(answer.get("citations", []), titles)]
    if answer.get("abstained") and answer.get("related"):
        parts.append(citation_list(answer["related"], titles,
                                   label="Closest passages (they do not answer the question)"))
    latency = answer.get("latency_ms")
    if latency is not None:
        parts.append(f'<div class="rag-latency">answered in {float(latency):.0f} ms</div>')
    parts.append("</div>")
    return "".join(parts)
