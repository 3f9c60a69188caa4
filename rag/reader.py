"""Read an article safely: refuse what cannot be an article before anything is written.

Plain text and Markdown are decoded (strict UTF-8) and indexed as they are. HTML fragments keep
the hand-written markup stripper (offsets into the file). Whole saved pages, PDFs and Word files
go through rag.extract: their stored text is the extracted text, with the page's metadata.
URLs are fetched by rag.fetch and then read the same way, by the type the server declares.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rag.errors import InputError

if TYPE_CHECKING:
    from rag.config import Config
    from rag.extract.model import Extracted

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
DOCUMENT_SUFFIXES = (".pdf", ".docx")
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + DOCUMENT_SUFFIXES
DEFAULT_MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_PDF_PAGES = 500
# Control characters that never occur in text; a few of them mean the file is binary.
_TEXT_CONTROLS = {"\n", "\r", "\t", "\f", "\v"}
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]{1,15}:")


@dataclass(frozen=True)
class RawArticle:
    path: Path | str   # a file, or the URL a page was fetched from
    text: str          # what offsets index: the decoded file, or the extracted text
    sha256: str        # of the raw bytes: an unchanged file is recognised before extraction
    fmt: str           # "text" | "markdown" | "html" (fragment) | "page" | "pdf" | "docx"
    extracted: Extracted | None = None   # web pages, PDF, Word: blocks, pages, metadata
    original: bytes | None = None        # the raw file of an extracted document (kept beside it)


@dataclass(frozen=True)
class ReadLimits:
    max_file_bytes: int                            # text, Markdown and HTML
    max_document_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES   # PDF and Word
    max_pdf_pages: int = DEFAULT_MAX_PDF_PAGES


def article_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        return "html"
    if suffix in (".md", ".markdown"):
        return "markdown"
    if suffix in (".pdf", ".docx"):
        return suffix[1:]
    return "text"


def is_url(item: str | Path) -> bool:
    """A URL-like argument (any scheme: file: and ftp: are refused later, with a reason)."""
    text = str(item)
    return isinstance(item, str) and bool(_URL.match(text)) and not Path(text).exists()


def expand_paths(paths: Sequence[str | Path]) -> list[Path | str]:
    """Files as given, directories expanded to the articles they hold (sorted, stable); URLs are
    passed through as strings."""
    found: list[Path | str] = []
    for raw in paths:
        if is_url(raw):
            found.append(str(raw))
            continue
        path = Path(raw)
        if not path.exists():
            raise InputError(f"{path}: no such file or directory")
        if path.is_dir():
            inside = sorted(p for p in path.iterdir()
                            if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
            if not inside:
                raise InputError(
                    f"{path}: directory holds no articles ({', '.join(SUPPORTED_SUFFIXES)})")
            found.extend(inside)
        else:
            found.append(path)
    return found


def decode_article(data: bytes, name: str, max_bytes: int) -> str:
    """Strict checks on raw bytes; every refusal names the problem in one line."""
    _check_size(data, name, max_bytes, "RAG_MAX_FILE_BYTES")
    if not data.strip():
        raise InputError(f"{name}: file is empty or only whitespace")
    if b"\x00" in data[:65536]:
        raise InputError(f"{name}: looks like a binary file (contains NUL bytes), not an article")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset "
                         f"{exc.start}); convert the file to UTF-8") from None
    _check_controls(text, name)
    return text


def _check_size(data: bytes, name: str, limit: int, setting: str) -> None:
    if len(data) > limit:
        raise InputError(f"{name}: file is {len(data):,} bytes, over the limit of {limit:,} "
                         f"bytes ({setting})")


def _check_controls(text: str, name: str) -> None:
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in _TEXT_CONTROLS)
    if controls > max(8, len(text[:65536]) // 100):
        raise InputError(f"{name}: looks like a binary file ({controls} control characters)")


def read_limits(config: Config) -> ReadLimits:
    """The size and page limits of `config` (RAG_MAX_FILE_BYTES, RAG_MAX_DOCUMENT_BYTES,
    RAG_MAX_PDF_PAGES)."""
    return ReadLimits(config.max_file_bytes, config.max_document_bytes, config.max_pdf_pages)


def read_article(path: Path, max_bytes: int, limits: ReadLimits | None = None) -> RawArticle:
    limits = limits or ReadLimits(max_file_bytes=max_bytes)
    if not path.is_file():
        raise InputError(f"{path}: not a file")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise InputError(f"{path}: unsupported file type {path.suffix or '(none)'!r}; "
                         f"use {', '.join(SUPPORTED_SUFFIXES)}")
    fmt = article_format(path)
    limit, setting = ((limits.max_document_bytes, "RAG_MAX_DOCUMENT_BYTES")
                      if fmt in ("pdf", "docx") else (limits.max_file_bytes, "RAG_MAX_FILE_BYTES"))
    size = path.stat().st_size
    if size > limit:  # refuse before reading 50 MB into memory
        raise InputError(f"{path}: file is {size:,} bytes, over the limit of {limit:,} bytes "
                         f"({setting})")
    return read_bytes(path.read_bytes(), fmt, path, limits)


def read_item(item: Path | str, config: Config) -> RawArticle:
    """A file or a URL (as expand_paths returns them), read with the configured limits."""
    if isinstance(item, str):
        return read_url(item, config)
    return read_article(item, config.max_file_bytes, read_limits(config))


def read_url(url: str, config: Config) -> RawArticle:
    """Fetch a page (or a PDF / Word file) and read it as a saved one of its type."""
    from rag.fetch import fetch

    fetched = fetch(url, timeout_s=config.url_timeout_s, max_bytes=config.url_max_bytes,
                    allow_private=config.allow_private_urls)
    return read_bytes(fetched.data, fetched.kind, url, read_limits(config),
                      charset=fetched.charset, url=fetched.url)


def read_bytes(data: bytes, fmt: str, origin: Path | str, limits: ReadLimits, *,
               charset: str | None = None, url: str | None = None) -> RawArticle:
    """Check and read raw bytes of a known format (`origin`, a path or the URL asked for, names
    them in messages; `url` is where a fetched page finally came from)."""
    name = str(origin)
    sha256 = hashlib.sha256(data).hexdigest()
    url = url or (origin if isinstance(origin, str) else None)
    if fmt in ("pdf", "docx"):
        _check_size(data, name, limits.max_document_bytes, "RAG_MAX_DOCUMENT_BYTES")
        if not data.strip():
            raise InputError(f"{name}: file is empty")
        from rag.extract import extract

        extracted = extract(data, fmt, name, url=url, max_pdf_pages=limits.max_pdf_pages)
        return _extracted(origin, fmt, extracted, data)
    if fmt == "html":
        from rag.extract.webpage import decode_page, is_whole_page

        _check_size(data, name, limits.max_file_bytes, "RAG_MAX_FILE_BYTES")
        if not data.strip():
            raise InputError(f"{name}: file is empty or only whitespace")
        if b"\x00" in data[:65536] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise InputError(f"{name}: looks like a binary file (contains NUL bytes), not an "
                             f"article")
        text = decode_page(data, name, charset)
        _check_controls(text, name)
        if is_whole_page(text):
            from rag.extract.webpage import extract_page

            return _extracted(origin, "page", extract_page(text, name, url), data)
        return RawArticle(path=origin, text=text, sha256=sha256, fmt="html")
    text = decode_article(data, name, limits.max_file_bytes)
    return RawArticle(path=origin, text=text, sha256=sha256, fmt=fmt)


def _extracted(origin: Path | str, fmt: str, extracted: Extracted, data: bytes) -> RawArticle:
    """An extracted document is identified by what was extracted (text, blocks, pages,
    metadata), not by its bytes: a page fetched again with other advertisements is unchanged."""
    if not extracted.text.strip():
        raise InputError(f"{origin}: no text found in the {fmt.upper()} file")
    return RawArticle(path=origin, text=extracted.text, sha256=extracted.fingerprint(), fmt=fmt,
                      extracted=extracted, original=data)
