"""The article viewer: each document's original text, every passage in its own span.

The viewer shows the decoded original file (the text citations index), not a cleaned copy, so a
highlight of [start:end] is exactly the cited characters. Every character is emitted exactly
once, escaped with `esc_exact`, so the text content of a document's `.rag-text` element equals
the file and the page script can map offsets to DOM positions by counting characters.
"""
from __future__ import annotations

from collections.abc import Sequence

from rag.records import Document
from rag.ui.escape import esc, esc_exact, safe_id

# Non-body lines get a class so headlines, captions and links look different from the body.
_STYLED_KINDS = {"headline", "standfirst", "section_heading", "photo_caption", "related_link",
                 "source_line", "byline", "dateline"}


def doc_dom_id(doc_id: str) -> str:
    return f"rag-doc-{safe_id(doc_id)}"


def passage_dom_id(passage_id: str) -> str:
    return f"rag-p-{safe_id(passage_id)}"


def _spans(doc: Document) -> list[tuple[int, int, str]]:
    """(start, end, opening tag) for passages and styled lines, non-overlapping, in order."""
    items: list[tuple[int, int, str]] = []
    for p in doc.passages:
        items.append((p.start, p.end,
                      f'<span class="rag-psg" id="{passage_dom_id(p.passage_id)}" '
                      f'data-start="{p.start}" data-end="{p.end}">'))
    for line in doc.lines:
        if line.kind in _STYLED_KINDS and line.end > line.start:
            items.append((line.start, line.end, f'<span class="rag-line rag-k-{line.kind}">'))
    items.sort(key=lambda item: (item[0], -item[1]))
    kept: list[tuple[int, int, str]] = []
    for item in items:
        # Overlaps should not happen (passages come from body lines only); if they do, the later
        # span is dropped rather than breaking the one-character-once rule.
        if not kept or item[0] >= kept[-1][1]:
            kept.append(item)
    return kept


def document_html(doc: Document, active: bool) -> str:
    text = doc.text
    out: list[str] = []
    pos = 0
    for start, end, tag in _spans(doc):
        out.append(esc_exact(text[pos:start]))
        out.append(f"{tag}{esc_exact(text[start:end])}</span>")
        pos = end
    out.append(esc_exact(text[pos:]))
    meta = " · ".join(esc(x) for x in (doc.source, doc.published) if x)
    hidden = "" if active else " hidden"
    return (f'<section class="rag-doc" id="{doc_dom_id(doc.doc_id)}"{hidden}>'
            f'<div class="rag-doc-meta">{meta} · {len(doc.passages)} passages · '
            f'<code>{esc(doc.doc_id)}</code></div>'
            f'<div class="rag-text">{"".join(out)}</div></section>')


def viewer_html(docs: Sequence[Document], active: str | None = None) -> str:
    """All documents, `active` (default: the first) shown; a tab strip switches in the page."""
    if not docs:
        return ('<div class="rag-viewer rag-empty">No article is loaded yet; add one in the '
                '“Add article” tab.</div>')
    if active not in {d.doc_id for d in docs}:
        active = docs[0].doc_id
    tabs = "".join(
        f'<a class="rag-doc-tab{" rag-active" if d.doc_id == active else ""}" '
        f'href="#rag-doc:{esc(d.doc_id)}" title="{esc(d.title)}">{esc(d.title)}</a>'
        for d in docs)
    body = "".join(document_html(d, active=(d.doc_id == active)) for d in docs)
    return (f'<div class="rag-viewer"><nav class="rag-doc-tabs">{tabs}</nav>'
            f'<div class="rag-docs">{body}</div></div>')
