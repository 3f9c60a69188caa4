"""Turn a raw article into a Document: classified lines and body sentence passages."""
from __future__ import annotations

import datetime
import hashlib
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from rag.blocks import Block, split_blocks
from rag.classify import classify_blocks
from rag.errors import InputError
from rag.reader import RawArticle, is_url
from rag.records import Document, Line, Passage
from rag.sentences import sentence_spans

# Sentences longer than this are cut at clause boundaries so one passage stays citable.
MAX_PASSAGE_CHARS = 1200


def doc_id_for(path: Path | str) -> str:
    if isinstance(path, str) and is_url(path):
        # a fetched page: the last path segment names the story ("/2025/03/14/dam-breach.html")
        parts = urlsplit(path)
        segments = [unquote(s) for s in parts.path.split("/") if s]
        stem = Path(segments[-1]).stem if segments else (parts.hostname or "")
        if segments and re.fullmatch(r"(index|default|article|story)?", stem.lower()):
            stem = segments[-2] if len(segments) > 1 else (parts.hostname or stem)
    else:
        stem = Path(path).stem
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return slug[:80].strip("-") or "article"


_NAME_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})$")


def date_from_name(path: Path) -> str | None:
    """The publication date a file name ends in ("north-wire-2031-05-02.txt" -> "2031-05-02"),
    or None. The convention lets a folder of articles be ingested with their dates in one call;
    an explicit --published always wins."""
    match = _NAME_DATE.search(path.stem)
    if not match:
        return None
    try:
        return datetime.date.fromisoformat(match.group(1)).isoformat()
    except ValueError:   # "2031-13-45" is not a date: ingest without one
        return None


def passage_id_for(doc_id: str, ordinal: int, start: int, text: str) -> str:
    # Content- and position-addressed: an unchanged file keeps its ids; a sentence whose text or
    # offsets changed gets a new id, so a stored passage never carries stale offsets.
    digest = hashlib.sha1(f"{start}:{text}".encode()).hexdigest()[:10]
    return f"{doc_id}:{ordinal:04d}:{digest}"


def _chunk(start: int, end: int) -> list[tuple[int, int]]:
    if end - start <= MAX_PASSAGE_CHARS:
        return [(start, end)]
    pieces = []
    while end - start > MAX_PASSAGE_CHARS:
        pieces.append((start, start + MAX_PASSAGE_CHARS))
        start += MAX_PASSAGE_CHARS
    pieces.append((start, end))
    return pieces


def _blocks(raw: RawArticle) -> list[Block]:
    if raw.extracted is None:
        return split_blocks(raw.text, raw.fmt)
    # extracted text is stored as it is: a block's characters are its own offsets
    return [Block(raw.text[b.start:b.end], tuple(range(b.start, b.end)),
                  tuple(range(b.start + 1, b.end + 1)), b.hint)
            for b in raw.extracted.blocks if b.end > b.start]


def build_document(raw: RawArticle, doc_id: str | None = None, source: str | None = None,
                   published: str | None = None) -> Document:
    blocks = _blocks(raw)
    kinds = classify_blocks(blocks)
    extracted = raw.extracted
    doc_id = doc_id or doc_id_for(raw.path)
    lines: list[Line] = []
    passages: list[Passage] = []
    clean: dict[int, str] = {}   # line index -> its text with markup removed (HTML, Markdown)
    paragraph = 0
    for block, kind in zip(blocks, kinds):
        clean[len(lines)] = block.clean
        start, end = block.start, block.end
        lines.append(Line(kind=kind, start=start, end=end, text=raw.text[start:end]))
        if kind != "body":
            continue
        for s_start, s_end in sentence_spans(block.clean):
            for c_start, c_end in _chunk(s_start, s_end):
                r_start, r_end = block.raw_span(c_start, c_end)
                text = raw.text[r_start:r_end]
                passages.append(Passage(
                    passage_id=passage_id_for(doc_id, len(passages), r_start, text), doc_id=doc_id,
                    ordinal=len(passages), paragraph=paragraph, start=r_start, end=r_end,
                    text=text, clean_text=block.clean[c_start:c_end],
                    paragraph_text=block.clean,
                    page=extracted.page_at(r_start) if extracted else None,
                    page_end=extracted.page_at(r_end - 1) if extracted else None))
        paragraph += 1
    if not passages:
        raise InputError(f"{raw.path}: no article body found (only headings, captions or links)")
    meta = extracted.meta if extracted else None
    # Title and source come from the visible text: a line's raw span still holds inline markup
    # (`<h1>Blast <img src=x> kills 3</h1>` spans the <img> tag).
    title = (meta.title if meta and meta.title else
             next((clean[i] for i, ln in enumerate(lines) if ln.kind == "headline"), doc_id))
    detected_source = next((_source_name(clean[i]) for i, ln in enumerate(lines)
                            if ln.kind == "source_line"), "")
    # --source / --published win; then what the document says about itself
    outlet = source or (meta.source if meta else "") or detected_source or (
        meta.author if meta else "") or doc_id
    return Document(doc_id=doc_id, path=str(raw.path), sha256=raw.sha256, text=raw.text,
                    title=title, source=outlet,
                    published=published or (meta.published if meta else None) or date_from_name(
                        Path(raw.path)) or None,
                    lines=lines, passages=passages, fmt=raw.fmt,
                    author=meta.author if meta else "", url=meta.url if meta else "",
                    extracted=extracted, original=raw.original)


def _source_name(line: str) -> str:
    value = line.split(":", 1)[1].strip() if ":" in line else line.strip()
    return value.split(",")[0].strip()   # "Al Jazeera, News Agencies" -> "Al Jazeera"
