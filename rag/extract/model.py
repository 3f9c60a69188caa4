"""What an extractor returns: the text a reader sees, its blocks, pages and metadata.

For web pages, PDFs and Word files the stored document text is *this* text (not the raw file):
citations index it exactly. Each block keeps a markup hint for the classifier, `page_starts`
says where each page begins, and `raw_runs` maps characters back to the raw file where the
format allows it (web pages: offsets into the decoded HTML). The record is saved as JSON beside
the stored text, so reading a document back needs no extractor and gives the same passages.
"""
from __future__ import annotations

import bisect
import json
from dataclasses import asdict, dataclass, field
from typing import Any

LAYOUT_VERSION = 1


@dataclass(frozen=True)
class TextBlock:
    start: int          # [start, end) in Extracted.text
    end: int
    hint: str = ""      # "h1" (title), "h2" (heading), "li", "quote", "caption", "table", ""


@dataclass(frozen=True)
class PageMeta:
    title: str = ""
    source: str = ""        # outlet / site name / issuing organisation
    author: str = ""
    published: str = ""     # YYYY-MM-DD, or "" when the document does not say
    url: str = ""
    date_origin: str = ""   # where the date came from, e.g. "metadata", "htmldate", "first page"


@dataclass
class Extracted:
    kind: str                               # "html" | "pdf" | "docx"
    text: str
    blocks: list[TextBlock]
    meta: PageMeta = field(default_factory=PageMeta)
    page_starts: list[int] = field(default_factory=list)   # text offset where page i+1 begins
    raw_runs: list[tuple[int, int, int, int]] = field(default_factory=list)
    # (text_start, length, raw_start, raw_end), web pages only: text[t:t+n] came from
    # raw[raw_start:raw_end], character for character when the lengths agree, else as a whole
    # (an entity such as &rsquo; decoded to one character)
    extractor: str = ""                     # library and version, for the record

    # ---- pages --------------------------------------------------------------------------------
    @property
    def n_pages(self) -> int:
        return len(self.page_starts)

    def page_at(self, offset: int) -> int | None:
        """1-based page holding text[offset], or None for formats without pages."""
        if not self.page_starts:
            return None
        return max(1, bisect.bisect_right(self.page_starts, offset))

    # ---- raw map ------------------------------------------------------------------------------
    def raw_span(self, start: int, end: int) -> tuple[int, int] | None:
        """Raw [start, end) covering text[start:end] when both ends map back to the raw file."""
        first = self._raw_char(start)
        last = self._raw_char(end - 1)
        if first is None or last is None or last[1] < first[0]:
            return None
        return first[0], last[1]

    def _raw_char(self, offset: int) -> tuple[int, int] | None:
        i = bisect.bisect_right(self._run_starts(), offset) - 1
        if i < 0:
            return None
        t, n, r0, r1 = self.raw_runs[i]
        if offset >= t + n:
            return None
        if r1 - r0 == n:
            return r0 + offset - t, r0 + offset - t + 1
        return r0, r1

    def _run_starts(self) -> list[int]:
        cached = getattr(self, "_starts_cache", None)
        if cached is None or len(cached) != len(self.raw_runs):
            cached = [run[0] for run in self.raw_runs]
            object.__setattr__(self, "_starts_cache", cached)
        return cached

    # ---- storage ------------------------------------------------------------------------------
    def fingerprint(self) -> str:
        """sha256 of what a reader sees: text, blocks, pages and metadata (not the raw map)."""
        import hashlib

        data = json.dumps([self.kind, self.text, asdict(self.meta),
                           [[b.start, b.end, b.hint] for b in self.blocks], self.page_starts],
                          ensure_ascii=False)
        return hashlib.sha256(data.encode("utf-8")).hexdigest()

    def layout_json(self) -> str:
        """Everything but the text (stored beside it as the document copy)."""
        return json.dumps({
            "version": LAYOUT_VERSION, "kind": self.kind, "extractor": self.extractor,
            "meta": asdict(self.meta), "blocks": [[b.start, b.end, b.hint] for b in self.blocks],
            "page_starts": self.page_starts, "raw_runs": [list(r) for r in self.raw_runs],
        }, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_layout(cls, text: str, layout: str) -> Extracted:
        data: dict[str, Any] = json.loads(layout)
        return cls(kind=data["kind"], text=text,
                   blocks=[TextBlock(s, e, h) for s, e, h in data["blocks"]],
                   meta=PageMeta(**data["meta"]), page_starts=list(data["page_starts"]),
                   raw_runs=[(int(a), int(b), int(c), int(d)) for a, b, c, d in data["raw_runs"]],
                   extractor=data.get("extractor", ""))


class TextBuilder:
    """Assemble the stored text block by block (one block per paragraph, a blank line between),
    recording block spans and page starts as it goes."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.blocks: list[TextBlock] = []
        self.page_starts: list[int] = []
        self.raw_runs: list[tuple[int, int, int, int]] = []

    def add(self, text: str, hint: str = "", page: int | None = None,
            raw_runs: list[tuple[int, int, int, int]] | None = None,
            page_breaks: list[tuple[int, int]] | None = None) -> None:
        """Add one block. `raw_runs` are relative to the block's text; `page_breaks` are
        (offset in the block, page) for a block that runs on to another page."""
        if not text:
            return
        if self.parts:
            self.parts.append("\n\n")
            self.length += 2
        start = self.length
        if page is not None:
            self.mark_page(page, start)
        for offset, later_page in page_breaks or []:
            self.mark_page(later_page, start + offset)
        self.parts.append(text)
        self.length += len(text)
        self.blocks.append(TextBlock(start, self.length, hint))
        for t, n, r0, r1 in raw_runs or []:
            self.raw_runs.append((start + t, n, r0, r1))

    def mark_page(self, page: int, offset: int) -> None:
        """Pages up to `page` start at `offset` at the latest (pages without text, or pages
        after the last text, start where the next text would)."""
        while len(self.page_starts) < page:
            # a page without text (a photo page) starts where the next text starts
            self.page_starts.append(offset)

    @property
    def text(self) -> str:
        return "".join(self.parts)
