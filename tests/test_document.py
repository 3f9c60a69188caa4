"""Parsing: exact offsets, line classes, and page furniture that must never become a passage."""
from __future__ import annotations

from pathlib import Path

from rag.document import build_document
from rag.reader import read_article
from tests.conftest import ARTICLE

FURNITURE = [
    "33 Turkish soldiers killed in Syrian air raid in Idlib",                       # headline
    "Russia deploys warships to Syria’s coast",                                     # standfirst
    "Turkey vows to drive Syrian forces back from Idlib",                           # related link
    "Retaliatory strikes",                                                          # heading
    "‘Greater escalation’",                                                         # heading
    "A Turkey-backed Syrian fighter fires a truck-mounted gun",                     # caption
    "Syrians fleeing attacks in Idlib find shelter in caves",                       # related link
    "Syria’s war: Doctors take precautions to protect hospitals",                   # related link
    "INTERACTIVE: Syria control map",                                               # related link
    "Source: Al Jazeera, News Agencies",                                            # source line
]


def _doc():
    return build_document(read_article(ARTICLE, 10**7))


def test_every_passage_is_an_exact_span_of_the_file(article_text: str) -> None:
    doc = _doc()
    assert doc.text == article_text
    assert len(doc.passages) > 40
    for p in doc.passages:
        assert article_text[p.start:p.end] == p.text
        assert p.text.strip() == p.text and p.text


def test_passages_cover_the_body_in_order_without_overlap() -> None:
    doc = _doc()
    ends = [p.end for p in doc.passages]
    starts = [p.start for p in doc.passages]
    assert all(e <= s for e, s in zip(ends, starts[1:]))
    assert [p.ordinal for p in doc.passages] == list(range(len(doc.passages)))


def test_page_furniture_never_becomes_a_passage() -> None:
    doc = _doc()
    for furniture in FURNITURE:
        assert not any(furniture in p.text for p in doc.passages), furniture
    kinds = {ln.kind for ln in doc.lines}
    assert {"headline", "standfirst", "section_heading", "photo_caption", "related_link",
            "source_line", "body"} <= kinds


def test_metadata_from_furniture() -> None:
    doc = _doc()
    assert doc.title == "33 Turkish soldiers killed in Syrian air raid in Idlib"
    assert doc.source == "Al Jazeera"


def test_quotes_split_into_sentences_keep_their_marks() -> None:
    doc = _doc()
    texts = [p.text for p in doc.passages]
    assert "“All refugees, including Syrians, are now welcome to cross into the European Union.”" \
        in texts
    assert any(t.startswith("He urged de-escalation") for t in texts)


def test_passage_ids_are_stable(tmp_path: Path) -> None:
    assert [p.passage_id for p in _doc().passages] == [p.passage_id for p in _doc().passages]


def test_html_fragment_offsets_map_back_to_the_raw_file(tmp_path: Path) -> None:
    # a fragment (no <html>, <head> or <body>): the hand-written stripper, offsets into the file
    page = tmp_path / "story.html"
    page.write_text(
        "<script>alert('x')</script>"
        "<h1>Storm hits coast</h1><p>At least 12 people died, officials said. Rescuers "
        "&amp; volunteers searched <b>all night</b>.</p>"
        "<figure><figcaption>Rescuers at work [Photo/AP]</figcaption></figure>"
        "<p><a href='/x'>Read more about storms</a></p>", "utf-8")
    doc = build_document(read_article(page, 10**6))
    raw = page.read_text("utf-8")
    assert doc.text == raw and doc.fmt == "html"
    assert [p.clean_text for p in doc.passages] == [
        "At least 12 people died, officials said.",
        "Rescuers & volunteers searched all night."]
    for p in doc.passages:
        assert raw[p.start:p.end] == p.text
    assert "alert" not in " ".join(p.clean_text for p in doc.passages)
    assert doc.title == "Storm hits coast"


def test_whole_html_page_is_extracted_with_a_map_to_the_raw_file(tmp_path: Path) -> None:
    # a whole page: trafilatura's text is the document text; the raw map finds each character
    page = tmp_path / "story.html"
    page.write_text(
        "<html><head><title>Storm hits coast</title><script>alert('x')</script></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        "<article><h1>Storm hits coast</h1><p>At least 12 people died when the storm reached "
        "the coast on Monday night, officials said. Rescuers &amp; volunteers searched "
        "<b>all night</b> for the missing.</p><p>The harbour will stay closed until Thursday, "
        "the port authority said in a statement.</p></article>"
        "<footer><p>&copy; 2025 Example Wire. All rights reserved.</p></footer></body></html>",
        "utf-8")
    doc = build_document(read_article(page, 10**6))
    raw = page.read_text("utf-8")
    assert doc.fmt == "page" and doc.title == "Storm hits coast"
    assert doc.text.startswith("Storm hits coast\n\n")
    assert [p.clean_text for p in doc.passages] == [
        "At least 12 people died when the storm reached the coast on Monday night, officials "
        "said.",
        "Rescuers & volunteers searched all night for the missing.",
        "The harbour will stay closed until Thursday, the port authority said in a statement."]
    for p in doc.passages:
        assert doc.text[p.start:p.end] == p.text
        span = doc.raw_span(p.start, p.end)
        assert span is not None
        in_raw = raw[span[0]:span[1]]
        assert in_raw.startswith(p.text[:10]) and in_raw.endswith(p.text[-8:])
    second = doc.passages[1]
    span = doc.raw_span(second.start, second.end)
    assert span is not None
    assert raw[span[0]:span[1]] == \
        "Rescuers &amp; volunteers searched <b>all night</b> for the missing."
    assert "alert" not in doc.text and "rights reserved" not in doc.text


def test_markdown_headings_and_links_are_furniture(tmp_path: Path) -> None:
    page = tmp_path / "story.md"
    page.write_text("# Flood in the valley\n\nThe river rose two metres overnight, the mayor "
                    "said.\n\n## Aftermath\n\n[Read: earlier floods](http://example.invalid)\n\n"
                    "Schools will stay **closed** on Monday.\n", "utf-8")
    doc = build_document(read_article(page, 10**6))
    raw = page.read_text("utf-8")
    assert [p.clean_text for p in doc.passages] == [
        "The river rose two metres overnight, the mayor said.",
        "Schools will stay closed on Monday."]
    assert all(raw[p.start:p.end] == p.text for p in doc.passages)


def test_inline_markup_never_reaches_the_title_or_source(tmp_path: Path) -> None:
    # An uploaded fragment showed "Ferry <img src=x onerror=alert(1)> blast" as its title: the
    # title was the headline line's raw span, inline tags and all.
    fragment = tmp_path / "ferry.html"
    fragment.write_text(
        "<h1>Ferry <img src=x onerror=alert(1)> blast kills <b>22</b></h1>"
        "<p>The port authority said 22 people were killed in the explosion on Saturday.</p>"
        "<p>Source: <a href='/nw'>North Wire</a>, agencies</p>", "utf-8")
    doc = build_document(read_article(fragment, 10**6))
    assert doc.fmt == "html"   # the hand-written stripper's path, not a whole page's
    assert doc.title == "Ferry blast kills 22"
    assert doc.source == "North Wire"
    headline = next(ln for ln in doc.lines if ln.kind == "headline")
    assert "<img" in headline.text   # the line itself stays an exact span of the file
