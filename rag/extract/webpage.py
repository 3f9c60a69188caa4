"""Saved news pages: the story and its metadata with trafilatura, dates with htmldate.

trafilatura finds the story among navigation, banners, "most read" lists, related links, comments
and footers, and reads title, author, site name and date from JSON-LD, OpenGraph and meta tags.
What it gets wrong on real pages is handled here:
- a page with no story (an error page, a section front) still yields its few sentences through
  trafilatura's fallbacks, cookie banner included: refused unless enough running text remains;
- boxes inside the story container ("Advertisement", newsletter sign-ups, cookie notices) stay
  in its output: dropped by their wording; "Read more:" links are left to the classifier;
- the headline is sometimes repeated as the first paragraph: dropped;
- with no date in the metadata, htmldate's text search ends in guesses ("© 2025" becomes
  2025-01-01): a date that is only a year or a month is not kept.
The stored text is the headline, then the story's blocks; every character is mapped back to the
raw page where it can be found (rag.extract.align).
"""
from __future__ import annotations

import codecs
import datetime as dt
import logging
import re
from typing import Any

from rag.errors import InputError
from rag.extract.align import VisibleText, align_block
from rag.extract.dates import iso_date
from rag.extract.model import Extracted, PageMeta, TextBuilder
from rag.extract.textfix import clean_chars, collapse_spaces

log = logging.getLogger(__name__)

WHOLE_PAGE = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
MIN_BODY_WORDS = 20      # running text below this is a notice, not a story
ERROR_PAGE_WORDS = 80    # an error page's title ("Page not found") with less text than this
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_COOKIE = re.compile(
    r"\b(?:we|this (?:web)?site|our (?:site|partners))\b[^.]{0,60}\b(?:use|uses|store)\b[^.]{0,40}"
    r"\bcookies\b|\bby (?:clicking|continuing|using)\b[^.]{0,80}\b(?:agree|consent|accept)",
    re.IGNORECASE)
_FURNITURE = re.compile(
    r"^(?:advertisement|advert|sponsored(?: content)?|story continues below(?: advertisement)?|"
    r"continue reading below|skip (?:advert|advertisement)|listen to this article|"
    r"\d+ min(?:ute)?s? read)$", re.IGNORECASE)
_SIGN_UP = re.compile(r"^(?:sign up|subscribe|get)\b.{0,120}\b(?:newsletter|inbox|emails?)\b",
                      re.IGNORECASE)
_ERROR_TITLE = re.compile(r"\b(?:404|not found|page not found|no longer available|access denied"
                          r"|error)\b|couldn.t find", re.IGNORECASE)
_TERMINAL = re.compile(r"[.!?…][\"'”’»)\]]*$")


def is_whole_page(text: str) -> bool:
    """A saved page (doctype, <html>, <head> or <body>), as opposed to an HTML fragment."""
    return bool(WHOLE_PAGE.search(text[:65536]))


def decode_page(data: bytes, name: str, declared: str | None = None) -> str:
    """Decode a page by its BOM, the HTTP charset, or its <meta charset>; else strict UTF-8."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _decode(data, codec, name)
    match = _META_CHARSET.search(data[:8192])
    charset = declared or (match.group(1).decode("ascii", "replace") if match else None)
    if charset:
        try:
            codecs.lookup(charset)
        except LookupError:
            charset = None
    return _decode(data, charset or "utf-8", name, declared=bool(charset))


def _decode(data: bytes, charset: str, name: str, declared: bool = True) -> str:
    try:
        return data.decode(charset)
    except UnicodeDecodeError as exc:
        if not declared:
            raise InputError(f"{name}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset "
                             f"{exc.start}) and no charset declared; convert the file to UTF-8"
                             ) from None
        raise InputError(f"{name}: not valid {charset} (byte 0x{data[exc.start]:02x} at offset "
                         f"{exc.start}), the encoding the page declares") from None


def extract_page(raw: str, name: str, url: str | None = None) -> Extracted:
    import trafilatura

    today = dt.date.today().isoformat()
    try:
        doc = trafilatura.bare_extraction(
            raw, url=url, with_metadata=True, include_comments=False, include_tables=True,
            include_images=False, include_formatting=True, include_links=False,
            date_extraction_params={"original_date": True, "extensive_search": False,
                                    "max_date": today})
    except Exception as exc:  # noqa: BLE001 - a parser crash on a hostile page is a refusal
        log.warning("trafilatura failed on %s: %r", name, exc)
        doc = None
    if isinstance(doc, dict):   # only with as_dict=True, which is not asked for
        doc = None
    if doc is None or doc.body is None:
        raise InputError(f"{name}: no article body found in the page (only navigation, links "
                         f"or notices)")
    title = collapse_spaces(clean_chars(doc.title or ""))
    blocks = [(text, hint) for text, hint in _body_blocks(doc.body) if not _is_furniture(text)]
    if blocks and title and blocks[0][0].casefold() == title.casefold():
        blocks = blocks[1:]       # the headline repeated as the story's first line
    running = sum(len(text.split()) for text, hint in blocks
                  if hint in ("", "quote") and _TERMINAL.search(text))
    if _ERROR_TITLE.search(title) and running < ERROR_PAGE_WORDS:
        raise InputError(f"{name}: no article body found in the page: it looks like an error "
                         f"page ({title!r})")
    if running < MIN_BODY_WORDS:
        raise InputError(f"{name}: no article body found in the page: only {running} words of "
                         f"running text outside navigation, links and notices")

    visible = VisibleText(raw)
    builder = TextBuilder()
    cursor = 0
    for text, hint in ([(title, "h1")] if title else []) + blocks:
        runs, after = align_block(visible, text, 0 if hint == "h1" else cursor)
        if hint != "h1":
            cursor = after
        builder.add(text, hint, raw_runs=runs)
    meta = PageMeta(title=title, source=_clean(doc.sitename) or _clean(doc.hostname),
                    author=_clean(doc.author), url=_clean(doc.url) or (url or ""),
                    **_date(doc, raw, url, today))
    return Extracted(kind="html", text=builder.text, blocks=builder.blocks, meta=meta,
                     raw_runs=builder.raw_runs, extractor=f"trafilatura {trafilatura.__version__}")


def _clean(value: Any) -> str:
    return collapse_spaces(clean_chars(value)) if isinstance(value, str) else ""


def _body_blocks(body: Any) -> list[tuple[str, str]]:
    """(text, hint) for each paragraph-like element of trafilatura's output tree."""
    for lb in body.iter("lb"):    # a line break inside a paragraph reads as a space
        lb.tail = " " + (lb.tail or "")
    blocks: list[tuple[str, str]] = []

    def text_of(element: Any) -> str:
        return collapse_spaces(clean_chars("".join(element.itertext())))

    for element in body:
        tag = element.tag
        if tag == "graphic":
            continue
        if tag == "list":
            for item in element.iter("item"):
                own = collapse_spaces(clean_chars((item.text or "") + "".join(
                    "".join(child.itertext()) + (child.tail or "")
                    for child in item if child.tag != "list")))
                if own:
                    blocks.append((own, "li"))
            continue
        if tag == "table":
            for row in element.iter("row"):
                cells = [text_of(cell) for cell in row if text_of(cell)]
                if cells:
                    blocks.append((" | ".join(cells), "table"))
            continue
        text = text_of(element)
        if not text:
            continue
        hint = {"head": "h2", "quote": "quote"}.get(tag, "")
        if tag == "p" and _only_bold(element, text):
            hint = "h2"        # a bold-only line inside the story: a crosshead
        blocks.append((text, hint))
    return blocks


def _only_bold(element: Any, text: str) -> bool:
    children = list(element)
    return (len(children) == 1 and children[0].tag == "hi"
            and "#b" in (children[0].get("rend") or "") and not (element.text or "").strip()
            and not (children[0].tail or "").strip() and len(text.split()) <= 12
            and not _TERMINAL.search(text))


def _is_furniture(text: str) -> bool:
    if _FURNITURE.match(text.strip()):
        return True
    words = len(text.split())
    if words <= 60 and _COOKIE.search(text):
        return True
    return words <= 30 and bool(_SIGN_UP.match(text))


def _date(doc: Any, raw: str, url: str | None, today: str) -> dict[str, str]:
    """The page's own date (metadata), else htmldate's search of the page, else nothing."""
    date = iso_date(doc.date)
    if date:
        return {"published": date, "date_origin": "page metadata"}
    try:
        from htmldate import find_date
        from lxml import html as lxml_html

        tree = lxml_html.document_fromstring(raw)   # a tree: find_date would fetch a URL string
        found = find_date(tree, url=url, extensive_search=True, original_date=True,
                          max_date=today)
    except Exception as exc:  # noqa: BLE001
        log.info("htmldate failed: %r", exc)
        found = None
    date = iso_date(found)
    if date and _day_is_written(date, raw, url):
        return {"published": date, "date_origin": "htmldate"}
    return {"published": "", "date_origin": ""}


def _day_is_written(date: str, raw: str, url: str | None) -> bool:
    """htmldate pads a year or a month to YYYY-01-01 / YYYY-MM-01: keep a first-of-month date
    only when the page or its address writes that day."""
    year, month, day = date.split("-")
    if day != "01":
        return True
    months = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]
    name = months[int(month) - 1]
    patterns = [rf"\b0?1(?:st)?\s+{name[:3]}\w*\.?,?\s+{year}",
                rf"\b{name[:3]}\w*\.?\s+0?1(?:st)?,?\s+{year}",
                rf"{year}-{month}-01", rf"{year}/{month}/01", rf"\b01[./]{month}[./]{year}"]
    haystack = raw + " " + (url or "")
    return any(re.search(p, haystack, re.IGNORECASE) for p in patterns)
