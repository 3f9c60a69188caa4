"""Saved news pages, PDF and Word: the story without the page furniture, exact offsets, pages,
metadata read from the document, and every bad file refused with its reason.

The fixtures (tests/data/formats/) are invented articles on four invented site templates, a
two-column PDF printed by chromium and a Word file; gold.json holds what a reader sees in each
(scripts/make_format_fixtures.py wrote both).
"""
from __future__ import annotations

import hashlib
import html
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from rag.document import build_document
from rag.errors import InputError
from rag.evaluation.extraction import ExtractionScore, normalise, score_document
from rag.extract.textfix import join_lines
from rag.reader import ReadLimits, read_article
from rag.records import Document
from tests.conftest import ARTICLE

FORMATS = Path(__file__).resolve().parent / "data" / "formats"
GOLD = json.loads((FORMATS / "gold.json").read_text("utf-8"))
PAGES = [name for name, g in GOLD.items() if g["kind"] == "html"]
REPORT = "ostervik-situation-report.pdf"
WIRE = "courier-wire-tram-vote.pdf"
STATEMENT = "ostervik-municipality-statement.docx"


def load(name: str | Path) -> Document:
    return build_document(read_article(FORMATS / name, 5 << 20))


@pytest.fixture(scope="module")
def docs() -> dict[str, Document]:
    return {name: load(name) for name in GOLD}


# ---- the story, not the page ---------------------------------------------------------------------
def test_pages_precision_and_recall_at_least_098(docs: dict[str, Document]) -> None:
    total = ExtractionScore()
    for name in PAGES:
        score = score_document(docs[name], GOLD[name])
        print(f"{name}: precision {score.precision:.3f} recall {score.recall:.3f} "
              f"({score.passages} passages, {score.sentences} gold sentences)")
        total = total.add(score)
    assert total.passages > 50 and total.sentences > 50
    assert total.precision >= 0.98, total.off_story
    assert total.recall >= 0.98, total.missed


@pytest.mark.parametrize("name", list(GOLD))
def test_no_boilerplate_sentence_becomes_a_passage(docs: dict[str, Document], name: str) -> None:
    score = score_document(docs[name], GOLD[name])
    assert score.leaks == []
    assert score.off_story == []
    checked = [b for b in GOLD[name]["boilerplate"] if len(b.split()) >= 3]
    assert checked, "the fixture must carry boilerplate to test"


@pytest.mark.parametrize("name", list(GOLD))
def test_metadata_is_read_from_the_document(docs: dict[str, Document], name: str) -> None:
    doc, gold = docs[name], GOLD[name]
    assert doc.title == gold["title"]
    assert doc.published == gold["published"]
    assert doc.author == gold["author"]
    if "source" in gold:
        assert doc.source == gold["source"]
    if gold["kind"] == "html":
        assert doc.url == gold["url"]


def test_every_passage_is_an_exact_span_of_the_stored_text(docs: dict[str, Document]) -> None:
    for doc in docs.values():
        assert doc.passages
        for p in doc.passages:
            assert doc.text[p.start:p.end] == p.text == p.text.strip()


def test_web_page_passages_map_back_to_the_raw_html(docs: dict[str, Document]) -> None:
    for name in PAGES:
        raw = (FORMATS / name).read_text("utf-8")
        doc = docs[name]
        for p in doc.passages:
            span = doc.raw_span(p.start, p.end)
            assert span is not None, (name, p.text)
            visible = html.unescape(re.sub(r"<[^>]+>", "", raw[span[0]:span[1]]))
            assert normalise(visible) == normalise(p.text), (name, p.text)


def test_headline_repeated_in_the_story_is_not_kept_twice(docs: dict[str, Document]) -> None:
    doc = docs["harbour-gazette-ferry-strike.html"]
    assert doc.text.count("Ferry crews strike over staffing as Easter traffic peaks") == 1
    kinds = {ln.text: ln.kind for ln in doc.lines}
    assert kinds["Queues at Lindholm"] == "section_heading"          # a bold-only crosshead
    assert kinds["Also read: Nordlinjen orders two electric ferries"] == "related_link"


def test_video_caption_and_read_next_teaser_stay_out(docs: dict[str, Document]) -> None:
    text = docs["coastline-daily-ostervik-toll-video.html"].text
    assert "Drone footage" not in text
    assert "one in five large dams" not in text
    assert "ADVERTISEMENT" not in text


# ---- PDF -----------------------------------------------------------------------------------------
def test_pdf_two_columns_are_read_in_order_with_pages(docs: dict[str, Document]) -> None:
    doc = docs[REPORT]
    assert doc.fmt == "pdf" and len(doc.page_starts) == 3
    body = [normalise(p) for p in GOLD[REPORT]["body"]]
    text = normalise(doc.text)
    positions = [text.find(p) for p in body if text.find(p) >= 0]
    # the paragraph cut by a page end mid-sentence is joined again; the one that ended a page
    # with a full stop stays two paragraphs, but both halves are there
    assert len(positions) >= len(body) - 1
    assert positions == sorted(positions), "columns read out of order"
    pages = {p.text: (p.page, p.page_end) for p in doc.passages}
    assert pages["The next situation report will be issued on 18 March at 18:00, or earlier if "
                 "the situation changes significantly."] == (3, 3)
    assert pages["This report covers the period from 06:00 on 14 March to 18:00 on 16 March."] \
        == (1, 1)
    spanning = [t for t, (a, b) in pages.items() if a != b]
    assert spanning == ["Representatives of the police, the rescue service, the dam authority "
                        "and the insurers' association will answer questions."]


def test_pdf_hyphenation_ligatures_and_running_headers(docs: dict[str, Document]) -> None:
    text = docs[REPORT].text
    assert "municipality" in text and "munici pality" not in text and "munici-" not in text
    assert "load-bearing walls" in text                 # a compound keeps its hyphen
    assert "Staff" in text and "\ufb00" not in text     # the ﬀ ligature spelled out
    assert "Page 2 of 3" not in text
    assert GOLD[REPORT]["boilerplate"][0] not in text   # the running header
    assert sum(1 for ln in docs[REPORT].lines if ln.kind == "section_heading") >= 8


def test_single_column_pdf_with_indented_paragraphs(docs: dict[str, Document]) -> None:
    doc = docs[WIRE]
    assert doc.extracted is not None
    paragraphs = [b for b in doc.extracted.blocks if not b.hint]
    assert len(paragraphs) == 1 + len(GOLD[WIRE]["body"])     # the byline line, then the story
    assert "COURIER WIRE" not in doc.text and "– 2 –" not in doc.text
    assert doc.passages[-1].page == 2


def test_pdf_date_comes_from_the_first_page_not_the_print_time(docs: dict[str, Document]) -> None:
    # the file's CreationDate is 2025-03-16 17:12; its first page says "Issued 16 March 2025"
    extracted = docs[REPORT].extracted
    assert extracted is not None and extracted.meta.date_origin == "first page"


# ---- Word ----------------------------------------------------------------------------------------
def test_docx_paragraphs_lists_headings_and_page_break(docs: dict[str, Document]) -> None:
    doc = docs[STATEMENT]
    kinds = {ln.text: ln.kind for ln in doc.lines}
    assert kinds["Transport to school"] == "section_heading"
    assert kinds["Statement on the reopening of schools after the Halden flood"] == "headline"
    assert "PRESS RELEASE" not in doc.text                   # the page header is not the story
    bullets = [p for p in doc.passages if p.text.startswith("Buses leave")]
    assert len(bullets) == 2 and all(p.page == 1 for p in bullets)
    after = next(p for p in doc.passages if p.text.startswith("The municipality has hired"))
    assert after.page == 2 and len(doc.page_starts) == 2


def _docx_with(body_xml: str) -> bytes:
    """The fixture statement with its body replaced (python-docx wrote the rest)."""
    source = zipfile.ZipFile(FORMATS / STATEMENT)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                text = re.sub(r"<w:body>.*<w:sectPr", f"<w:body>{body_xml}<w:sectPr", text,
                              flags=re.S)
                data = text.encode("utf-8")
            target.writestr(item, data)
    return out.getvalue()


def test_docx_tracked_insertions_count_and_deletions_do_not(tmp_path: Path) -> None:
    # python-docx's Paragraph.text drops runs inside <w:ins>; Word shows them
    path = tmp_path / "tracked.docx"
    path.write_bytes(_docx_with(
        '<w:p><w:r><w:t xml:space="preserve">The council said </w:t></w:r>'
        '<w:ins w:id="1" w:author="Ed"><w:r><w:t xml:space="preserve">on Friday </w:t></w:r>'
        '</w:ins><w:del w:id="2" w:author="Ed"><w:r><w:delText>on Thursday </w:delText></w:r>'
        '</w:del><w:r><w:t>that 40 homes were lost.</w:t></w:r></w:p>'
        '<w:p><w:r><w:t>Repairs will take six months, engineers told the council.</w:t></w:r>'
        '</w:p>'))
    doc = build_document(read_article(path, 5 << 20))
    assert next(p.text for p in doc.passages) == \
        "The council said on Friday that 40 homes were lost."


# ---- refusals ------------------------------------------------------------------------------------
def _bad(tmp: Path) -> dict[str, tuple[Path, str]]:
    report = (FORMATS / REPORT).read_bytes()
    (tmp / "truncated.pdf").write_bytes(report[: len(report) // 3])
    (tmp / "notes.pdf").write_bytes(b"These are my notes, not a PDF at all.\n")
    (tmp / "report.docx").write_bytes(report)
    (tmp / "legacy.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    (tmp / "archive.docx").write_bytes(_zip({"notes.txt": b"hello", "data.csv": b"a,b"}))
    (tmp / "sheet.docx").write_bytes(_zip({"[Content_Types].xml": b"<Types/>",
                                           "xl/workbook.xml": b"<workbook/>"}))
    (tmp / "bomb.docx").write_bytes(_zip_bomb())
    (tmp / "empty.pdf").write_bytes(b"")
    return {
        "no article body": (FORMATS / "page-not-found.html", "no article body found"),
        "scanned PDF": (FORMATS / "scanned-notice.pdf", "no text layer"),
        "password PDF": (FORMATS / "password-protected-report.pdf", "password-protected"),
        "truncated PDF": (tmp / "truncated.pdf", "not a readable PDF"),
        "text named .pdf": (tmp / "notes.pdf", "not a readable PDF"),
        "empty PDF": (tmp / "empty.pdf", "empty"),
        "PDF named .docx": (tmp / "report.docx", "a PDF with a .docx name"),
        "old .doc named .docx": (tmp / "legacy.docx", "old binary Word .doc"),
        "zip named .docx": (tmp / "archive.docx", "not a Word document"),
        "workbook named .docx": (tmp / "sheet.docx", "an Excel workbook"),
        "zip bomb": (tmp / "bomb.docx", "zip bomb"),
    }


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _zip_bomb() -> bytes:
    """A .docx whose document.xml unpacks to 300 MB of spaces (about 300 KB on disk)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("word/document.xml", "w") as part:
            block = b" " * (1 << 20)
            for _ in range(300):
                part.write(block)
    return out.getvalue()


@pytest.mark.parametrize("case", ["no article body", "scanned PDF", "password PDF",
                                  "truncated PDF", "text named .pdf", "empty PDF",
                                  "PDF named .docx", "old .doc named .docx", "zip named .docx",
                                  "workbook named .docx", "zip bomb"])
def test_bad_files_are_refused_with_one_line_naming_file_and_reason(tmp_path: Path,
                                                                   case: str) -> None:
    path, expected = _bad(tmp_path)[case]
    with pytest.raises(InputError) as error:
        build_document(read_article(path, 5 << 20))
    message = str(error.value)
    assert expected in message, message
    assert message.startswith(str(path)) and "\n" not in message


def test_pdf_and_docx_have_their_own_size_limit(tmp_path: Path) -> None:
    limits = ReadLimits(max_file_bytes=5 << 20, max_document_bytes=10_000)
    with pytest.raises(InputError, match="RAG_MAX_DOCUMENT_BYTES"):
        read_article(FORMATS / REPORT, 5 << 20, limits)
    with pytest.raises(InputError, match="RAG_MAX_PDF_PAGES"):
        read_article(FORMATS / REPORT, 5 << 20, ReadLimits(5 << 20, max_pdf_pages=2))


# ---- dates: htmldate as the fallback, and its guesses refused ------------------------------------
def _page(tmp: Path, extra: str) -> Path:
    body = " ".join(f"<p>The harbour board said on Monday that sentence {i} of the story was "
                    f"checked twice by the editors before publication.</p>" for i in range(6))
    path = tmp / "undated.html"
    path.write_text(f"<!DOCTYPE html><html><head><title>Harbour board report</title></head>"
                    f"<body><article><h1>Harbour board report</h1>{body}</article>{extra}"
                    f"</body></html>", "utf-8")
    return path


def test_date_in_the_text_only_is_found_by_htmldate(tmp_path: Path) -> None:
    # no meta tag, no JSON-LD, no date element: trafilatura's metadata pass finds nothing
    doc = build_document(read_article(_page(tmp_path, "<div>Filed from the harbour, 3 June "
                                                       "2024, 14:02</div>"), 5 << 20))
    assert doc.published == "2024-06-03"
    assert doc.extracted is not None and doc.extracted.meta.date_origin == "htmldate"


def test_a_copyright_year_is_not_a_publication_date(tmp_path: Path) -> None:
    doc = build_document(read_article(_page(tmp_path, "<footer>© 2024 Harbour Board</footer>"),
                                      5 << 20))
    assert doc.published is None


def test_source_and_published_flags_override_the_page() -> None:
    raw = read_article(FORMATS / PAGES[0], 5 << 20)
    doc = build_document(raw, source="Override Wire", published="2020-01-02")
    assert (doc.source, doc.published) == ("Override Wire", "2020-01-02")


# ---- line joins ----------------------------------------------------------------------------------
@pytest.mark.parametrize("lines,joined", [
    (["the munici-", "pality of Kask"], "the municipality of Kask"),
    (["the munici\u2010", "pality"], "the municipality"),
    (["a load-", "bearing wall"], "a load-bearing wall"),
    (["a truck-", "mounted gun"], "a truck-mounted gun"),        # two words: a compound
    (["an open-", "door policy"], "an open-door policy"),
    (["under-", "standing"], "understanding"),                   # one word: a split
    (["Twenty-", "one people"], "Twenty-one people"),
    (["the Turkey-", "backed fighters"], "the Turkey-backed fighters"),
    (["a 14-", "hour shift"], "a 14-hour shift"),
    (["soft\u00ad", "ware"], "software"),
    (["end of line", "next line"], "end of line next line"),
])
def test_line_end_hyphens(lines: list[str], joined: str) -> None:
    assert join_lines(lines) == joined


def test_document_vocabulary_settles_a_hyphen() -> None:
    assert join_lines(["a cross-", "border raid"], {"cross-border"}) == "a cross-border raid"
    assert join_lines(["the pre-", "war years"], {"prewar"}) == "the prewar years"


# ---- the shipped article does not change ---------------------------------------------------------
def test_shipped_article_passages_and_offsets_are_unchanged() -> None:
    # digests recorded from the code before web pages, PDF and Word were supported
    doc = build_document(read_article(ARTICLE, 10**7))
    rows = [[p.passage_id, p.start, p.end, p.paragraph, p.text] for p in doc.passages]
    lines = [[ln.kind, ln.start, ln.end] for ln in doc.lines]
    assert len(rows) == 55
    assert hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest() == \
        "de501f3a37646f9c4554f42ee411b786fc8eb352cd609ab943c9f495825c05c0"
    assert hashlib.sha256(json.dumps(lines).encode()).hexdigest() == \
        "6fd008f1a75439fec976e9a85857a453e5c6930f874ef1535eb4e861bcd04dc1"
    assert doc.metadata()["sha256"] == \
        "072618bd2597d8ebb822f9aa9466d34f4abbd5ba1d2d307a6fd6629c8b4925d4"
    assert "format" not in doc.metadata() and all(p.page is None for p in doc.passages)


def test_a_page_in_its_declared_legacy_encoding(tmp_path: Path, docs: dict[str, Document]) -> None:
    name = "meridian-herald-ostervik-dam.html"
    text = (FORMATS / name).read_text("utf-8").replace('<meta charset="utf-8">',
                                                       '<meta charset="windows-1252">')
    path = tmp_path / name
    path.write_bytes(text.replace("©", "(c)").encode("cp1252"))
    doc = build_document(read_article(path, 5 << 20))
    assert [p.text for p in doc.passages] == [p.text for p in docs[name].passages]
    first = doc.passages[1]
    span = doc.raw_span(first.start, first.end)
    assert span and normalise(html.unescape(re.sub(r"<[^>]+>", "", text[slice(*span)]))) == \
        first.text
    latin = tmp_path / "undeclared.html"
    latin.write_bytes(text.replace('<meta charset="windows-1252">', "").encode("cp1252"))
    with pytest.raises(InputError, match=r"not valid UTF-8 .* no charset declared"):
        read_article(latin, 5 << 20)
