"""PDF text with pdfplumber: reading order across columns, paragraphs, headings and pages.

pdfplumber (over pdfminer.six) gives every character with its position, font and size; the
reading order, paragraphs and running headers are rebuilt here from that geometry, because
neither library gets them right on its own (see bench/ingest_formats.py for the comparison with
pypdf):
- columns: a vertical gutter that no word crosses splits a page into columns, read left to right;
  lines that cross the gutter (a title, a full-width caption) are read where they stand;
- running headers and footers ("Page 2 of 3", the report's name on every page) are dropped when
  they repeat across pages or are page numbers;
- paragraphs end on extra vertical space, an indent, a change of font or a short last line; a
  paragraph cut by a column or page end without closing punctuation runs on;
- Chromium prints an unbroken soft hyphen as a zero-width space glyph ("munici pality"):
  such zero-advance spaces are dropped before words are formed;
- a line-end hyphen is settled by textfix.join_lines (split word or compound).
A PDF without a text layer (a scan) is refused: there is no OCR here.
"""
from __future__ import annotations

import io
import itertools
import logging
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from rag.errors import InputError
from rag.extract.dates import first_date, pdf_date
from rag.extract.model import Extracted, PageMeta, TextBuilder
from rag.extract.textfix import clean_chars, join_lines_with_starts, word_forms

log = logging.getLogger(__name__)

MARGIN = 0.09            # top and bottom share of the page where running headers live
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?$",
                          re.IGNORECASE)
_TERMINAL = re.compile(r"[.!?:;…][\"'”’»)\]]*$|[\"”’»]$")
_CID = re.compile(r"\(cid:\d+\)")
_BOLD = re.compile(r"bold|black|heavy|semibold|,b\b|-b\b", re.IGNORECASE)


@dataclass
class Line:
    page: int
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    column: int          # -1: spans the columns
    col_x0: float        # the column's left and right edges
    col_x1: float
    first_in_column: bool = False
    last_in_column: bool = False


@dataclass
class Paragraph:
    lines: list[Line] = field(default_factory=list)

    @property
    def size(self) -> float:
        return self.lines[0].size

    @property
    def bold(self) -> bool:
        return all(line.bold for line in self.lines)

    def words(self) -> int:
        return sum(len(line.text.split()) for line in self.lines)


def extract_pdf(data: bytes, name: str, max_pages: int) -> Extracted:
    import pdfplumber
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PdfminerException as exc:
        raise InputError(f"{name}: {_open_error(exc)}") from None
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds on broken files
        raise InputError(f"{name}: not a readable PDF ({_short(exc)})") from None
    with pdf:
        try:
            n_pages = len(pdf.pages)
            if n_pages == 0:
                raise InputError(f"{name}: the PDF has no pages")
            if n_pages > max_pages:
                raise InputError(f"{name}: the PDF has {n_pages:,} pages, over the limit of "
                                 f"{max_pages:,} (RAG_MAX_PDF_PAGES)")
            pages = []
            for page in pdf.pages:
                pages.append(_page_rows(page))
                page.close()      # drop pdfminer's cached objects: long PDFs stay small
            metadata = dict(pdf.metadata or {})
        except InputError:
            raise
        except PdfminerException as exc:
            raise InputError(f"{name}: {_open_error(exc)}") from None
        except Exception as exc:  # noqa: BLE001
            raise InputError(f"{name}: the PDF is damaged and cannot be read "
                             f"({_short(exc)})") from None
    chars = sum(len(w["text"]) for page in pages for row in page.rows for w in row)
    if chars == 0:
        raise InputError(f"{name}: the PDF has no text layer (a scan or images only); run OCR "
                         f"on it first, this tool does not read images")
    unmapped = sum(len(_CID.findall(w["text"])) for page in pages for row in page.rows
                   for w in row)
    if unmapped * 8 > chars:
        raise InputError(f"{name}: the PDF's fonts carry no Unicode map, so its text cannot be "
                         f"read (glyph numbers instead of letters)")
    _drop_running_rows(pages)
    lines = [line for number, page in enumerate(pages, 1)
             for line in _reading_order(page.rows, _gutters(page.rows), number)]
    return _build(lines, metadata, len(pages), name)


def _open_error(exc: Exception) -> str:
    cause = exc.args[0] if exc.args else exc
    kind = type(cause).__name__
    if kind in ("PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning"):
        return "the PDF is password-protected; save an unprotected copy and add that"
    return f"not a readable PDF ({_short(cause)})"


def _short(exc: object) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]


# ---- one page: characters -> words -> rows -> lines in reading order -----------------------------
@dataclass
class PageRows:
    rows: list[list[dict[str, Any]]]    # words grouped by height on the page, top to bottom
    height: float


def _page_rows(page: Any) -> PageRows:
    chars = [c for c in page.chars if c.get("upright", True)]
    drop = _zero_width_spaces(chars)
    if drop:
        page = page.filter(lambda obj: obj.get("object_type") != "char"
                           or (obj["x0"], obj["top"], obj["text"]) not in drop)
    words = page.extract_words(x_tolerance=1.5, y_tolerance=2.5, keep_blank_chars=False,
                               use_text_flow=False, return_chars=True)
    words = [w for w in words if w["upright"] and w["text"].strip()]
    for w in words:   # keep what the layout needs, not every character's record
        w["size"] = float(statistics.median(c["size"] for c in w["chars"]))
        w["bold"] = all(_BOLD.search(c["fontname"]) for c in w["chars"])
        del w["chars"]
    return PageRows(_rows(words), float(page.height))


def _zero_width_spaces(chars: list[dict[str, Any]]) -> set[tuple[float, float, str]]:
    """Spaces whose next glyph starts where they start: printed nothing (soft hyphens)."""
    drop = set()
    for here, after in itertools.pairwise(chars):
        if here["text"] in (" ", "\u00ad") and abs(after["top"] - here["top"]) < 1 and \
                after["x0"] < here["x0"] + 0.5 * (here["x1"] - here["x0"]):
            drop.add((here["x0"], here["top"], here["text"]))
    return drop


def _rows(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Words grouped by baseline position (two columns' lines at one height share a row)."""
    rows: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (w["bottom"], w["x0"])):
        if rows and abs(rows[-1][0]["bottom"] - word["bottom"]) <= 0.3 * _size(word):
            rows[-1].append(word)
        else:
            rows.append([word])
    return [sorted(row, key=lambda w: w["x0"]) for row in rows]


def _size(word: dict[str, Any]) -> float:
    return float(word["size"])


def _bold(word: dict[str, Any]) -> bool:
    return bool(word["bold"])


def _gutters(rows: list[list[dict[str, Any]]]) -> list[tuple[float, float]]:
    """Vertical bands no more than a few words cross, with text on both sides: column gaps."""
    words = [w for row in rows for w in row]
    if not words:
        return []
    left = min(w["x0"] for w in words)
    right = max(w["x1"] for w in words)
    span = right - left
    if span <= 0 or len(words) < 40:
        return []
    bins = [0] * (int(span) + 1)
    for w in words:
        for x in range(int(w["x0"] - left), min(len(bins), int(w["x1"] - left) + 1)):
            bins[x] += 1
    allowed = max(2, len(words) // 100)     # a title or a full-width caption may cross
    gutters: list[tuple[float, float]] = []
    x = int(span * 0.2)
    while x < int(span * 0.8):
        if bins[x] <= allowed:
            start = x
            while x < len(bins) and bins[x] <= allowed:
                x += 1
            g0, g1 = left + start, left + x
            if g1 - g0 >= 8:
                on_left = sum(1 for w in words if w["x1"] <= g0)
                on_right = sum(1 for w in words if w["x0"] >= g1)
                if min(on_left, on_right) >= 0.2 * len(words):
                    gutters.append((g0, g1))
        x += 1
    return gutters


def _reading_order(rows: list[list[dict[str, Any]]], gutters: list[tuple[float, float]],
                   page: int) -> list[Line]:
    if not rows:
        return []
    edges = [float("-inf")] + [g for gutter in gutters for g in gutter] + [float("inf")]
    columns = [(edges[i], edges[i + 1]) for i in range(0, len(edges), 2)]

    def column_of(word: dict[str, Any]) -> int:
        centre = (word["x0"] + word["x1"]) / 2
        return next(i for i, (a, b) in enumerate(columns)
                    if a <= centre <= b or i == len(columns) - 1)

    def crosses(row: list[dict[str, Any]]) -> bool:
        return any(w["x0"] < g0 and w["x1"] > g1 for w in row for g0, g1 in gutters)

    # The columns begin at the first row with text right of a gutter; rows above it (a title,
    # an issuer, a date line) are read across the page.
    first_multi = next((i for i, row in enumerate(rows)
                        if not crosses(row) and any(column_of(w) > 0 for w in row)), len(rows))
    col_edges: dict[int, tuple[float, float]] = {}
    for row in rows:
        for w in row:
            c = column_of(w)
            a, b = col_edges.get(c, (w["x0"], w["x1"]))
            col_edges[c] = (min(a, w["x0"]), max(b, w["x1"]))
    page_x0 = min(w["x0"] for row in rows for w in row)
    page_x1 = max(w["x1"] for row in rows for w in row)

    ordered: list[Line] = []
    band: dict[int, list[Line]] = {}

    def flush() -> None:
        for c in sorted(band):
            lines = band[c]
            lines[0].first_in_column = True
            lines[-1].last_in_column = True
            ordered.extend(lines)
        band.clear()

    for i, row in enumerate(rows):
        if not gutters or crosses(row) or i < first_multi:
            flush()
            ordered.append(_line(row, page, -1, page_x0, page_x1))
            continue
        by_column: dict[int, list[dict[str, Any]]] = {}
        for w in row:
            by_column.setdefault(column_of(w), []).append(w)
        for c, words in by_column.items():
            band.setdefault(c, []).append(_line(words, page, c, *col_edges[c]))
    flush()
    if not gutters and ordered:
        ordered[0].first_in_column = True
        ordered[-1].last_in_column = True
    return ordered


def _line(words: list[dict[str, Any]], page: int, column: int, col_x0: float,
          col_x1: float) -> Line:
    sizes = [_size(w) for w in words]
    return Line(page=page, text=clean_chars(" ".join(w["text"] for w in words)),
                x0=words[0]["x0"], x1=words[-1]["x1"], top=min(w["top"] for w in words),
                bottom=max(w["bottom"] for w in words), size=round(statistics.median(sizes), 1),
                bold=all(_bold(w) for w in words), column=column, col_x0=col_x0, col_x1=col_x1)


# ---- running headers and footers -----------------------------------------------------------------
def _drop_running_rows(pages: list[PageRows]) -> None:
    """Drop page numbers and rows repeated in the top or bottom margin of several pages."""
    def text(row: list[dict[str, Any]]) -> str:
        return " ".join(w["text"] for w in row)

    def key(row: list[dict[str, Any]]) -> str:
        return re.sub(r"\d+", "#", clean_chars(text(row)).lower()).strip()

    margins: list[tuple[int, int]] = []     # (page index, row index) in a margin
    for p, page in enumerate(pages):
        for r, row in enumerate(page.rows):
            top = min(w["top"] for w in row)
            bottom = max(w["bottom"] for w in row)
            if top < page.height * MARGIN or bottom > page.height * (1 - MARGIN):
                margins.append((p, r))
    counts = Counter(key(pages[p].rows[r]) for p, r in margins)
    repeated = {k for k, n in counts.items() if n >= 2 and n >= 0.5 * len(pages)}
    drop = {(p, r) for p, r in margins if key(pages[p].rows[r]) in repeated
            or _PAGE_NUMBER.match(text(pages[p].rows[r]).strip())}
    for p, page in enumerate(pages):
        page.rows = [row for r, row in enumerate(page.rows) if (p, r) not in drop]


# ---- paragraphs, headings, the stored text -------------------------------------------------------
def _paragraphs(lines: list[Line], body_size: float, pitch: float) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    for line in lines:
        if paragraphs and not _starts_paragraph(paragraphs[-1], line, body_size, pitch):
            paragraphs[-1].lines.append(line)
        else:
            paragraphs.append(Paragraph([line]))
    return paragraphs


def _starts_paragraph(current: Paragraph, line: Line, body_size: float, pitch: float) -> bool:
    prev = current.lines[-1]
    if abs(line.size - prev.size) > 0.6 or line.bold != prev.bold:
        return True
    if line.page != prev.page or line.column != prev.column or line.top < prev.top:
        # a column or page turned: the paragraph runs on only if it was cut mid-sentence
        return not (prev.last_in_column and line.first_in_column
                    and _runs_on(prev, line, body_size))
    if line.top - prev.top > (pitch + 0.3 * body_size) * max(line.size, body_size) / body_size:
        return True                      # extra space between paragraphs
    width = max(1.0, prev.col_x1 - prev.col_x0)
    if prev.x1 < prev.col_x0 + 0.6 * width and not prev.text.endswith(("-", "\u2010", ",")):
        return True                      # a line that stops well short: a title, a date line
    if line.x0 - line.col_x0 > 0.8 * line.size and prev.x0 - prev.col_x0 < 0.3 * line.size:
        return True                      # a first-line indent
    short = prev.x1 < prev.col_x1 - 0.15 * width
    return short and bool(_TERMINAL.search(prev.text))


def _runs_on(prev: Line, line: Line, body_size: float) -> bool:
    if abs(prev.size - body_size) > 0.6 or prev.bold:
        return False
    if prev.text.endswith(("-", "\u2010", "\u00ad")):
        return True
    if not _TERMINAL.search(prev.text):
        return True
    full = prev.x1 >= prev.col_x1 - 0.05 * max(1.0, prev.col_x1 - prev.col_x0)
    return full and line.text[:1].islower()


def _build(lines: list[Line], metadata: dict[str, Any], n_pages: int, name: str) -> Extracted:
    sizes = Counter(round(line.size * 2) / 2 for line in lines for _ in line.text)
    body_size = sizes.most_common(1)[0][0]
    steps = [b.top - a.top for a, b in itertools.pairwise(lines)
             if a.page == b.page and a.column == b.column and abs(a.size - body_size) < 0.6
             and abs(b.size - body_size) < 0.6 and 0 < b.top - a.top < 3 * body_size]
    pitch = statistics.median(steps) if steps else body_size * 1.2
    paragraphs = _paragraphs(lines, body_size, pitch)
    vocabulary = word_forms(line.text for line in lines)

    builder = TextBuilder()
    title = ""
    largest = max(p.size for p in paragraphs)
    for _i, para in enumerate(paragraphs):
        text, starts = join_lines_with_starts([ln.text for ln in para.lines], vocabulary)
        if not text:
            continue
        if not title and para.lines[0].page == 1 and para.size >= 1.3 * body_size and \
                para.size == largest and para.words() <= 30:
            hint = "h1"
            title = text
        elif para.words() <= 15 and len(para.lines) <= 2 and (
                para.bold or para.size >= 1.15 * body_size) and not _TERMINAL.search(text):
            hint = "h2"
        else:
            hint = ""
        breaks = [(starts[k], ln.page) for k, ln in enumerate(para.lines)
                  if k and ln.page != para.lines[k - 1].page]
        builder.add(text, hint, page=para.lines[0].page, page_breaks=breaks)
    builder.mark_page(n_pages, builder.length)   # trailing pages without text still count
    meta_title = _clean_meta(metadata.get("Title"))
    first_page = " ".join(ln.text for ln in lines if ln.page == 1)[:3000]
    published = first_date(first_page)
    origin = "first page" if published else ""
    if not published:
        published = pdf_date(metadata.get("CreationDate"))
        origin = "pdf metadata" if published else ""
    meta = PageMeta(title=title or meta_title or "", author=_clean_meta(metadata.get("Author")),
                    published=published or "", date_origin=origin)
    import pdfplumber
    return Extracted(kind="pdf", text=builder.text, blocks=builder.blocks, meta=meta,
                     page_starts=builder.page_starts[:n_pages],
                     extractor=f"pdfplumber {pdfplumber.__version__}")


def _clean_meta(value: object) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        return ""
    value = clean_chars(value).strip()
    # Word and print drivers put file names and "Untitled" where a title should be
    if re.match(r"^(untitled|microsoft word - |document\d*$)|\.(docx?|pdf|html?)$", value, re.I):
        return ""
    return value
