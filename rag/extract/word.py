"""Word (.docx) files with python-docx: paragraphs, headings, lists, tables, pages, metadata.

The ZIP container is checked before python-docx opens it (declared sizes, compression ratios,
entry count, encryption, the parts a Word file must have), so a zip bomb or a renamed file is
refused with its reason instead of filling memory. python-docx's own `Paragraph.text` and
`Document.iter_inner_content()` skip tracked insertions (w:ins) and content controls (w:sdt),
where real documents keep text, so paragraph text is read from the XML here; python-docx gives
the styles and the core properties. Pages: Word records where it last broke pages
(w:lastRenderedPageBreak); without those, hard page breaks and section breaks count.
"""
from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from rag.errors import InputError
from rag.extract.dates import first_date, iso_date
from rag.extract.model import Extracted, PageMeta, TextBuilder
from rag.extract.textfix import clean_chars, collapse_spaces

MAX_UNPACKED_BYTES = 200 * 1024 * 1024   # all parts together, as the ZIP declares them
MAX_RATIO = 100                           # XML compresses 5-20x; a bomb thousands of times
MAX_ENTRIES = 5000
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SKIPPED = {f"{_W}del", f"{_W}moveFrom", f"{_W}instrText", f"{_W}delText",
            f"{_W}footnoteReference", f"{_W}endnoteReference", f"{_W}commentReference"}
_CONTAINERS = {f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}ins", f"{_W}moveTo",
               f"{_W}smartTag", f"{_W}fldSimple", f"{_W}hyperlink", f"{_W}r", f"{_W}dir",
               f"{_W}bdo"}
_ENCRYPTED_OLE = "EncryptedPackage".encode("utf-16-le")


def check_container(data: bytes, name: str) -> None:
    """Refuse what is not a sound .docx before any part is decompressed."""
    if not data.startswith(b"PK\x03\x04"):
        raise InputError(f"{name}: {_what_it_is(data)}")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise InputError(f"{name}: not a readable .docx (damaged ZIP container: {exc})") from None
    if len(entries) > MAX_ENTRIES:
        raise InputError(f"{name}: the .docx holds {len(entries):,} parts (over {MAX_ENTRIES:,}); "
                         f"refused as a possible zip bomb")
    unpacked = sum(e.file_size for e in entries)
    if unpacked > MAX_UNPACKED_BYTES:
        raise InputError(f"{name}: the .docx would unpack to {unpacked:,} bytes (over "
                         f"{MAX_UNPACKED_BYTES:,}); refused as a possible zip bomb")
    for entry in entries:
        if entry.file_size > 1024 * 1024 and \
                entry.file_size > MAX_RATIO * max(1, entry.compress_size):
            raise InputError(f"{name}: part {entry.filename} is compressed "
                             f"{entry.file_size // max(1, entry.compress_size):,} to 1; refused "
                             f"as a possible zip bomb")
        if entry.flag_bits & 0x1:
            raise InputError(f"{name}: the .docx is encrypted; save an unprotected copy")
    names = {e.filename for e in entries}
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        other = ("an Excel workbook" if "xl/workbook.xml" in names else
                 "a PowerPoint file" if "ppt/presentation.xml" in names else
                 "an OpenDocument file" if "mimetype" in names else "a ZIP archive")
        raise InputError(f"{name}: not a Word document ({other} with a .docx name)")


def _what_it_is(data: bytes) -> str:
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        if _ENCRYPTED_OLE in data[:1024 * 1024]:
            return "the Word file is password-protected; save an unprotected copy"
        return "an old binary Word .doc (Word 97-2003), not .docx; save it as .docx"
    if data.startswith(b"%PDF"):
        return "a PDF with a .docx name; rename it to .pdf"
    if data.startswith(b"{\\rtf"):
        return "an RTF file with a .docx name; save it as .docx"
    if not data.strip():
        return "file is empty"
    return "not a Word .docx file (no ZIP container)"


def extract_docx(data: bytes, name: str) -> Extracted:
    check_container(data, name)
    import docx
    from docx.text.paragraph import Paragraph as DocxParagraph

    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
    except Exception as exc:  # noqa: BLE001 - broken XML, missing parts, wrong content types
        raise InputError(f"{name}: the Word file is damaged and cannot be read "
                         f"({str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__})"
                         ) from None

    rendered = any(True for _ in body.iter(f"{_W}lastRenderedPageBreak"))
    builder = TextBuilder()
    state = {"page": 1, "pending": False}
    title = ""

    def add(text: str, hint: str, breaks: list[int]) -> None:
        # breaks: offsets in `text` where a new page starts; -1 = before the text
        page_breaks = []
        if state["pending"] or -1 in breaks:
            state["page"] += 1
            state["pending"] = False
        start_page = state["page"]
        for offset in sorted(b for b in breaks if b >= 0):
            if offset >= len(text):
                state["pending"] = True
                continue
            state["page"] += 1
            if offset == 0:
                start_page = state["page"]
            else:
                page_breaks.append((offset, state["page"]))
        if text:
            builder.add(text, hint, page=start_page, page_breaks=page_breaks)

    def paragraph(p: Any) -> None:
        nonlocal title
        text, breaks = _paragraph_text(p, rendered)
        style = _style_name(DocxParagraph(p, document))
        hint = _hint(style, p)
        if hint == "h1":
            if title:
                hint = "h2"
            elif text:
                title = text
        add(text, hint, breaks)

    def table(tbl: Any) -> None:
        for tr in tbl.iter(f"{_W}tr"):
            cells = []
            breaks: list[int] = []
            for tc in tr.iter(f"{_W}tc"):
                parts = [_paragraph_text(p, rendered) for p in tc.iter(f"{_W}p")]
                cells.append(" ".join(t for t, _ in parts if t))
                breaks += [-1 for _, b in parts if b]
            add(" | ".join(c for c in cells if c), "table", breaks[:1])

    def walk(element: Any) -> None:
        for child in element:
            if child.tag == f"{_W}p":
                paragraph(child)
            elif child.tag == f"{_W}tbl":
                table(child)
            elif child.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
                walk(child)

    walk(body)
    builder.mark_page(state["page"], builder.length)
    props = document.core_properties
    first_text = builder.text[:1500]
    published = first_date(first_text)
    origin = "document text" if published else ""
    if not published:
        published = iso_date(props.created) or ""
        origin = "document properties" if published else ""
    meta = PageMeta(title=title or (props.title or "").strip(), author=(props.author or "").strip(),
                    source=_company(data), published=published, date_origin=origin)
    import importlib.metadata as md

    return Extracted(kind="docx", text=builder.text, blocks=builder.blocks, meta=meta,
                     page_starts=builder.page_starts,
                     extractor=f"python-docx {md.version('python-docx')}")


def _style_name(paragraph: Any) -> str:
    try:
        return (paragraph.style.name or "") if paragraph.style is not None else ""
    except Exception:  # noqa: BLE001 - a style id the styles part does not define
        return ""


def _hint(style: str, p: Any) -> str:
    lowered = style.lower()
    if lowered == "title":
        return "h1"
    if lowered.startswith("heading"):
        return "h2"
    if lowered.startswith("list") or p.find(f"{_W}pPr/{_W}numPr") is not None:
        return "li"
    if "quote" in lowered:
        return "quote"
    if lowered == "caption":
        return "caption"
    return ""


def _paragraph_text(p: Any, rendered: bool) -> tuple[str, list[int]]:
    """Visible text of one w:p (tracked insertions kept, deletions and field codes dropped) and
    the offsets where pages break inside it (-1: before it)."""
    parts: list[str] = []
    breaks: list[int] = []
    length = 0

    def visit(element: Any) -> None:
        nonlocal length
        for child in element:
            tag = child.tag
            if tag in _SKIPPED:
                continue
            piece = ""
            if tag == f"{_W}t":
                piece = child.text or ""
            elif tag in (f"{_W}tab", f"{_W}ptab", f"{_W}cr"):
                piece = " "
            elif tag == f"{_W}br":
                kind = child.get(f"{_W}type")
                if kind == "page" and not rendered:
                    breaks.append(length)
                elif kind not in ("page", "column"):
                    piece = " "
            elif tag == f"{_W}noBreakHyphen":
                piece = "-"
            elif tag == f"{_W}lastRenderedPageBreak" and rendered:
                breaks.append(length)
            elif tag in _CONTAINERS:
                visit(child)
            if piece:
                parts.append(piece)
                length += len(piece)

    ppr = p.find(f"{_W}pPr")
    if ppr is not None and not rendered and ppr.find(f"{_W}pageBreakBefore") is not None:
        breaks.append(-1)
    visit(p)
    raw = "".join(parts)
    text = collapse_spaces(clean_chars(raw))
    mapped = [-1 if b < 0 else _offset_after(text, _solid(clean_chars(raw[:b]))) for b in breaks]
    if ppr is not None and not rendered:
        sect = ppr.find(f"{_W}sectPr")
        if sect is not None:
            kind = sect.find(f"{_W}type")
            if kind is None or kind.get(f"{_W}val") in (None, "nextPage", "oddPage", "evenPage"):
                mapped.append(len(text))    # the next section starts on a new page
    return text, mapped


def _solid(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def _offset_after(text: str, solid: int) -> int:
    """Offset in `text` of the character after its first `solid` non-space characters."""
    seen = 0
    for i, ch in enumerate(text):
        if not ch.isspace():
            if seen == solid:
                return i
            seen += 1
    return len(text)


def _company(data: bytes) -> str:
    """docProps/app.xml <Company>: the organisation that issued the file (python-docx has no
    accessor for it)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            app = archive.read("docProps/app.xml").decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile):
        return ""
    match = re.search(r"<(?:\w+:)?Company>([^<]*)</(?:\w+:)?Company>", app)
    if not match:
        return ""
    import html

    return collapse_spaces(html.unescape(match.group(1)))
