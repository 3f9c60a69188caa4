"""Extractors for formats whose text is not the file itself: saved web pages, PDF, Word.

Each returns an `Extracted` (text, blocks, pages, metadata); the text becomes the stored document
text that citations index. Every refusal is an InputError naming the file and the reason.
"""
from __future__ import annotations

from rag.extract.model import Extracted, PageMeta, TextBlock

__all__ = ["Extracted", "PageMeta", "TextBlock", "extract"]


def extract(data: bytes, kind: str, name: str, *, url: str | None = None,
            charset: str | None = None, max_pdf_pages: int = 2000) -> Extracted:
    """Dispatch on `kind` ("html", "pdf", "docx"); `data` is the raw file."""
    if kind == "html":
        from rag.extract.webpage import decode_page, extract_page

        return extract_page(decode_page(data, name, charset), name, url)
    if kind == "pdf":
        from rag.extract.pdf import extract_pdf

        return extract_pdf(data, name, max_pdf_pages)
    if kind == "docx":
        from rag.extract.word import extract_docx

        return extract_docx(data, name)
    raise ValueError(f"no extractor for {kind!r}")
