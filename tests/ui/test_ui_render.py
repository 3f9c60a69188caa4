"""Rendering: escaping, clickable markers, flags by kind, the viewer's exact text, the panel."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from rag.document import build_document
from rag.reader import RawArticle
from rag.records import Document
from rag.ui.answer_view import answer_html, link_markers, question_html
from rag.ui.article_view import viewer_html
from rag.ui.ledger_view import ALL, filter_discrepancies, panel_html, source_choices

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'


class Tree(HTMLParser):
    """Collects tags, attributes and the text inside a chosen element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Tree:
    tree = Tree()
    tree.feed(html)
    tree.close()
    return tree


def assert_inert(html: str) -> None:
    tags = {t for t, _ in parse(html).tags}
    assert "script" not in tags and "img" not in tags
    assert not any(k.startswith("on") for _, attrs in parse(html).tags for k in attrs)


def flag(kind: str, discrepancy_id: str, citations: list[int]) -> dict:
    return {"kind": kind, "discrepancy_id": discrepancy_id, "summary": kind.upper(),
            "citations": citations}


def answer(**over: object) -> dict:
    base = {"question": "q", "answer": "Thirty-three died [1]. Turkey says 309 [2, 3].",
            "abstained": False, "latency_ms": 12.0,
            "citations": [{"n": n, "doc_id": "doc", "passage_id": f"doc:{n}", "text": f"t{n}",
                           "start": 10 * n, "end": 10 * n + 2, "source": "Outlet"}
                          for n in (1, 2, 3)],
            "flags": [flag("contested", "d1", [2, 3]), flag("unverified", "d2", [2]),
                      flag("numeric", "d3", [1])]}
    base.update(over)
    return base


def test_question_and_answer_escape_markup() -> None:
    html = question_html(SCRIPT + IMG) + answer_html(
        answer(answer=f"{SCRIPT} {IMG} [1]",
               citations=[{"n": 1, "doc_id": "d", "passage_id": "p", "text": IMG + SCRIPT,
                           "start": 0, "end": 5}],
               flags=[{"kind": "contested", "discrepancy_id": "x\"><img src=x>",
                       "summary": SCRIPT, "citations": [1]}]), {"d": SCRIPT})
    assert_inert(html)
    assert SCRIPT in "".join(parse(html).text) and IMG in "".join(parse(html).text)


def test_chat_html_has_no_blank_line_for_markdown_to_break() -> None:
    html = answer_html(answer(answer="one\n\ntwo [1]"), {})
    assert "\n" not in html and "&#10;&#10;two" in html


def test_markers_become_links_to_exact_offsets() -> None:
    html = answer_html(answer(), {"doc": "Title"})
    hrefs = {a["href"] for t, a in parse(html).tags
             if t == "a" and "rag-cite" in (a.get("class") or "")}
    assert {"#rag-cite:doc:10:12", "#rag-cite:doc:20:22", "#rag-cite:doc:30:32"} <= hrefs


def test_unknown_marker_stays_text() -> None:
    assert link_markers("see [7]", {}) == "see [7]"


def test_flags_are_distinct_per_kind_and_link_to_the_panel() -> None:
    tags = parse(answer_html(answer(), {})).tags
    classes = " ".join(a.get("class") or "" for _, a in tags)
    for kind in ("contested", "unverified", "numeric"):
        assert f"rag-flag-{kind}" in classes
    hrefs = {a.get("href") for t, a in tags if t == "a"}
    assert {"#rag-disc:d1", "#rag-disc:d2", "#rag-disc:d3"} <= hrefs


def test_abstention_lists_related_passages() -> None:
    html = answer_html(answer(abstained=True, answer="The article does not say.", flags=[],
                              citations=[], related=[{"n": 1, "doc_id": "doc", "passage_id": "p",
                                                      "text": "close", "start": 1, "end": 6}]), {})
    assert "rag-abstained" in html and "Closest passages" in html and "close" in html


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
        assert span["id"].startswith("rag-p-") and ":" not in span["id"]
        assert (int(span["data-start"]), int(span["data-end"])) == (passage.start, passage.end)


def claim(id_: str, doc_id: str, source: str, cue: str, stance: str, text: str, start: int,
          end: int) -> dict:
    return {"id": id_, "doc_id": doc_id, "source": source, "cue": cue, "stance": stance,
            "text": text, "start": start, "end": end}


LEDGER = {"claims": [], "discrepancies": [
    {"id": "c1", "kind": "contested", "summary": "A vs B", "confidence": 0.8, "relation": "denial",
     "claims": [claim("k1", "doc", "Russia", "said", "asserts", SCRIPT, 1, 5),
                claim("k2", "doc", "Turkey", "denied", "denies", "no", 7, 9)]},
    {"id": "u1", "kind": "unverified", "summary": IMG, "confidence": 0.6, "relation": "",
     "claims": [claim("k3", "doc2", "officials", "", "unconfirmed", "x", 3, 4)]},
]}
DOCS = [{"doc_id": "doc", "title": "T1", "source": "Al Jazeera"},
        {"doc_id": "doc2", "title": "T2", "source": "Reuters"}]


@pytest.mark.parametrize("kind,source,expected", [
    (ALL, ALL, ["c1", "u1"]), ("contested", ALL, ["c1"]), ("numeric", ALL, []),
    (ALL, "Turkey", ["c1"]), (ALL, "Reuters", ["u1"]), ("unverified", "Russia", []),
])
def test_panel_filters_by_kind_and_source(kind: str, source: str, expected: list[str]) -> None:
    assert [d["id"] for d in filter_discrepancies(LEDGER, kind, source, DOCS)] == expected
    html = panel_html(LEDGER, DOCS, kind, source)
    ids = [a["id"] for t, a in parse(html).tags if t == "article"]
    assert ids == [f"rag-d-{i}" for i in expected]


def test_panel_shows_both_sides_with_links_and_escapes() -> None:
    html = panel_html(LEDGER, DOCS)
    assert_inert(html)
    hrefs = [a["href"] for t, a in parse(html).tags if t == "a"]
    assert hrefs == ["#rag-cite:doc:1:5", "#rag-cite:doc:7:9", "#rag-cite:doc2:3:4"]
    text = "".join(parse(html).text)
    assert "Russia" in text and "Turkey" in text and SCRIPT in text and IMG in text


def test_source_choices_include_speakers_and_outlets() -> None:
    assert source_choices(LEDGER, DOCS) == [ALL, "Al Jazeera", "officials", "Reuters", "Russia",
                                            "Turkey"]


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
    span = next(a for t, a in tree.tags if t == "span" and a.get("id", "").endswith(
        last.passage_id.split(":")[-1]))
    assert span["data-page"] == "3" and span["title"] == "p. 3"
    assert "PDF, 3 pages" in html and "2025-03-16" in html


def test_answer_card_shows_the_page_of_a_cited_passage() -> None:
    cited = [{"n": 1, "doc_id": "report", "passage_id": "report:1", "text": "Buses run.",
              "start": 5, "end": 15, "source": "Crisis Staff", "page": 3, "page_end": 3},
             {"n": 2, "doc_id": "report", "passage_id": "report:2", "text": "It spans.",
              "start": 20, "end": 29, "source": "Crisis Staff", "page": 2, "page_end": 3}]
    html = answer_html(answer(answer="Buses run (p. 3) [1]. It spans (pp. 2–3) [2].",
                              citations=cited, flags=[]), {"report": "Situation report"})
    assert "(p. 3)" in html and 'title="p. 3: Buses run."' in html
    items = parse(html).text
    assert "p. 3" in items and "pp. 2–3" in items
