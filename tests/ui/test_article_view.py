"""The article viewer: the file's exact text, inert, with passages at their offsets."""
from __future__ import annotations

from pathlib import Path

import pytest

from rag.document import build_document
from rag.reader import RawArticle
from rag.records import Document
from rag.ui.article_view import viewer_html
from tests.ui.markup import IMG, SCRIPT, assert_inert, parse


def document(tmp_path: Path, name: str, text: str, fmt: str = "text") -> Document:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return build_document(RawArticle(path=path, text=text, sha256="0" * 64, fmt=fmt))


HOSTILE = (f"Headline with {SCRIPT}\r\n\r\nOfficials said {IMG} 12 people died on Monday.\r\n\r\n"
           "Police said the toll could rise. Witnesses disputed that.\r\n")


@pytest.mark.parametrize("name,fmt,text", [
    ("hostile.txt", "text", HOSTILE),
    ("hostile.html", "html", f"<html><body><h1>Title {SCRIPT}</h1><p>Officials said {IMG} 12 "
                             "people died.</p>\n<p>Police said the toll could rise.</p>"
                             "</body></html>"),
])
def test_viewer_text_is_the_file_exactly_and_inert(tmp_path: Path, name: str, fmt: str,
                                                   text: str) -> None:
    doc = document(tmp_path, name, text, fmt)
    html = viewer_html([doc])
    assert_inert(html)
    tree = parse(html.split('<div class="rag-text">', 1)[1])
    assert "".join(tree.text) == text          # offsets in the page == offsets in the file
    spans = [a for t, a in tree.tags if t == "span" and a.get("class") == "rag-psg"]
    assert len(spans) == len(doc.passages)
    for span, passage in zip(spans, doc.passages):
        assert str(span["id"]).startswith("rag-p-") and ":" not in str(span["id"])
        assert (int(str(span["data-start"])), int(str(span["data-end"]))) == \
            (passage.start, passage.end)


def test_viewer_shows_the_requested_document_first_otherwise(tmp_path: Path) -> None:
    docs = [document(tmp_path, "a.txt", "Alpha said 1 died.\n"),
            document(tmp_path, "b.txt", "Beta said 2 died.\n")]
    hidden = lambda html: [a["id"] for t, a in parse(html).tags  # noqa: E731
                           if t == "section" and "hidden" in a]
    assert hidden(viewer_html(docs)) == ["rag-doc-b"]
    assert hidden(viewer_html(docs, active="b")) == ["rag-doc-a"]
    assert hidden(viewer_html(docs, active="gone")) == ["rag-doc-b"]


def test_pdf_viewer_marks_pages_without_changing_the_text() -> None:
    from rag.reader import read_article

    formats = Path(__file__).resolve().parents[1] / "data" / "formats"
    doc = build_document(read_article(formats / "ostervik-situation-report.pdf", 5 << 20))
    html = viewer_html([doc])
    assert_inert(html)
    tree = parse(html.split('<div class="rag-text">', 1)[1])
    assert "".join(tree.text) == doc.text      # page marks carry no text: offsets still count
    marks = [a for t, a in tree.tags if t == "span" and a.get("class") == "rag-page"]
    assert [m["data-page"] for m in marks] == ["1", "2", "3"]
    last = doc.passages[-1]
    span = next(a for t, a in tree.tags if t == "span" and (a.get("id") or "").endswith(
        last.passage_id.split(":")[-1]))
    assert span["data-page"] == "3" and span["title"] == "p. 3"
    assert "PDF, 3 pages" in html and "2025-03-16" in html
