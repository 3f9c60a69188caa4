"""The article viewer: each document's original text, every passage in its own span.

The viewer shows the document text citations index (the decoded file; for web pages, PDFs and
Word files the extracted text), not a cleaned copy, so a highlight of [start:end] is exactly the
cited characters. Every character is emitted exactly once, escaped with `esc_exact`, so the text
content of a document's `.rag-text` element equals that text and the page script can map
offsets to DOM positions by counting characters. Page starts of PDFs and Word files are empty
elements whose "p. N" label is CSS generated content: visible, but not part of the text.
"""
from __future__ import annotations

from collections.abc import Sequence

from rag.records import Document, page_label
from rag.ui.escape import esc, esc_exact, safe_id

# Non-body lines get a class so headlines, captions and links look different from the body.
_STYLED_KINDS = {"headline", "standfirst", "section_heading", "photo_caption", "related_link",
                 "source_line", "byline", "dateline", "table_row"}


def doc_dom_id(doc_id: str) -> str:
    return f"rag-doc-{safe_id(doc_id)}"


def passage_dom_id(passage_id: str) -> str:
    return f"rag-p-{safe_id(passage_id)}"


def _spans(doc: Document) -> list[tuple[int, int, str]]:
    """(start, end, opening tag) for passages and styled lines, non-overlapping, in order."""
    items: list[tuple[int, int, str]] = []
    for p in doc.passages:
        page = page_label(p.page, p.page_end)
        paged = f' data-page="{p.page}" title="{esc(page)}"' if page else ""
        items.append((p.start, p.end,
                      f'<span class="rag-psg" id="{passage_dom_id(p.passage_id)}" '
                      f'data-start="{p.start}" data-end="{p.end}"{paged}>'))
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


def _page_marks(doc: Document) -> list[tuple[int, str]]:
    marks = []
    for number, start in enumerate(doc.page_starts, 1):
        if number > 1 and start == doc.page_starts[number - 2]:
            continue   # a page without text: the next page's mark stands for both
        marks.append((start, f'<span class="rag-page" data-page="{number}" '
                             f'aria-label="page {number}"></span>'))
    return marks


def _with_marks(text: str, start: int, end: int, marks: list[tuple[int, str]]) -> str:
    """text[start:end] escaped, with the page marks that fall inside it."""
    out: list[str] = []
    pos = start
    for at, mark in marks:
        if start <= at < end:
            out.append(esc_exact(text[pos:at]))
            out.append(mark)
            pos = at
    out.append(esc_exact(text[pos:end]))
    return "".join(out)


def document_html(doc: Document, active: bool) -> str:
    text = doc.text
    marks = _page_marks(doc)
    out: list[str] = []
    pos = 0
    for start, end, tag in _spans(doc):
        out.append(_with_marks(text, pos, start, marks))
        out.append(f"{tag}{_with_marks(text, start, end, marks)}</span>")
        pos = end
    out.append(_with_marks(text, pos, len(text), marks))
    pages = len(doc.page_starts)
    kind = {"pdf": "PDF", "docx": "Word", "page": "web page"}.get(doc.fmt, "")
    form = f"{kind}, {pages} page{'s' if pages != 1 else ''}" if kind and pages else kind
    meta = " · ".join(esc(x) for x in (doc.source, doc.published,
                                        f"by {doc.author}" if doc.author else "", form) if x)
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
