"""Turn a raw article into a Document: classified lines and body sentence passages."""
from __future__ import annotations

import datetime
import hashlib
import re
from pathlib import Path

from rag.blocks import split_blocks
from rag.classify import classify_blocks
from rag.errors import InputError
from rag.reader import RawArticle
from rag.records import Document, Line, Passage
from rag.sentences import sentence_spans

# Sentences longer than this are cut at clause boundaries so one passage stays citable.
MAX_PASSAGE_CHARS = 1200


def doc_id_for(path: Path) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    return slug or "article"


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
    digest = hashlib.sha1(f"{start}:{text}".encode("utf-8")).hexdigest()[:10]
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


def build_document(raw: RawArticle, doc_id: str | None = None, source: str | None = None,
                   published: str | None = None) -> Document:
    blocks = split_blocks(raw.text, raw.fmt)
    kinds = classify_blocks(blocks)
    doc_id = doc_id or doc_id_for(raw.path)
    lines: list[Line] = []
    passages: list[Passage] = []
    paragraph = 0
    for block, kind in zip(blocks, kinds):
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
                    paragraph_text=block.clean))
        paragraph += 1
    if not passages:
        raise InputError(f"{raw.path}: no article body found (only headings, captions or links)")
    title = next((ln.text.strip() for ln in lines if ln.kind == "headline"), doc_id)
    detected_source = next((_source_name(ln.text) for ln in lines if ln.kind == "source_line"), "")
    return Document(doc_id=doc_id, path=str(raw.path), sha256=raw.sha256, text=raw.text,
                    title=title, source=source or detected_source or doc_id,
                    published=published or date_from_name(Path(raw.path)), lines=lines,
                    passages=passages)


def _source_name(line: str) -> str:
    value = line.split(":", 1)[1].strip() if ":" in line else line.strip()
    return value.split(",")[0].strip()   # "Al Jazeera, News Agencies" -> "Al Jazeera"
