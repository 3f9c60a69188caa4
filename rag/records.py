"""The records that flow between stages: documents, passages, claims, discrepancies, answers.

Every span is a pair of character offsets into the document's stored text, so
`document.text[start:end] == span text` always. For plain text, Markdown and HTML fragments that
text is the decoded original file (strict UTF-8, no newline translation); for saved web pages,
PDFs and Word files it is the extracted text (rag.extract), stored as the document's copy.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from rag.extract.model import Extracted

LineKind = Literal[
    "headline", "standfirst", "body", "section_heading", "photo_caption", "related_link",
    "source_line", "byline", "dateline", "table_row", "blank",
]
Stance = Literal["asserts", "denies", "unconfirmed"]
DiscrepancyKind = Literal["contested", "unverified", "numeric"]
# The finer label of a discrepancy ("" when none), and "agrees" for a corroboration.
Relation = Literal[
    "", "denial", "counter_version", "contradiction", "nli_contradiction", "not_confirmed",
    "anonymous_source", "no_comment", "one_sided", "malformed_number", "update",
    "conflicting_figures", "correction", "dates", "agrees",
]
Turn = tuple[str, str]   # (question, answer) of an earlier turn in a conversation


@dataclass(frozen=True)
class Line:
    """One line of an article with what the classifier decided it is."""

    kind: LineKind
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Passage:
    """One body sentence: the unit that is embedded, retrieved and cited."""

    passage_id: str
    doc_id: str
    ordinal: int           # position of the sentence in the document (0-based)
    paragraph: int         # index of the body paragraph it belongs to (0-based)
    start: int
    end: int
    text: str              # == document text[start:end], always
    clean_text: str        # text with markup removed (same as text for .txt); used for display
    paragraph_text: str    # the whole paragraph (clean), kept as context for ranking
    page: int | None = None        # page (1-based) where the passage starts: PDF, Word
    page_end: int | None = None    # page where it ends (a sentence may run on to the next)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Document:
    """A parsed article: its original text, line classes and body passages."""

    doc_id: str
    path: str
    sha256: str
    text: str
    title: str
    source: str
    published: str | None
    lines: list[Line] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    fmt: str = "text"              # text | markdown | html | page | pdf | docx
    author: str = ""
    url: str = ""
    # web pages, PDF, Word: blocks, pages, metadata and the map back to the raw file
    extracted: Extracted | None = field(default=None, repr=False, compare=False)
    # the raw file of an extracted document, kept beside its text at ingest (not when read back)
    original: bytes | None = field(default=None, repr=False, compare=False)

    @property
    def page_starts(self) -> list[int]:
        return self.extracted.page_starts if self.extracted else []

    def metadata(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "doc_id": self.doc_id, "path": self.path, "sha256": self.sha256, "title": self.title,
            "source": self.source, "published": self.published, "n_passages": len(self.passages),
            "n_chars": len(self.text),
        }
        if self.fmt in ("page", "pdf", "docx"):   # plain formats keep their manifest as it was
            data.update({"format": "html" if self.fmt == "page" else self.fmt,
                         "author": self.author, "url": self.url,
                         "n_pages": len(self.page_starts) or None})
        return data

    def raw_span(self, start: int, end: int) -> tuple[int, int] | None:
        """[start, end) of text[start:end] in the raw file: the same offsets for formats stored
        as they are; for a saved web page, offsets into the decoded HTML where the extracted
        characters were found; None where no map exists (PDF, Word) or a character is lost."""
        if self.extracted is None:
            return start, end
        return self.extracted.raw_span(start, end)


@dataclass(frozen=True)
class Quantity:
    """A number found in a claim, with what it counts and over which scope."""

    value: float | None     # None when the number is malformed
    raw: str                # the exact characters, e.g. "nearly one million", "309"
    start: int
    end: int
    counts: str             # normalised thing counted, e.g. "soldiers_killed", "civilians_killed"
    scope: str              # normalised scope: "single_strike", "since:February", "month:February"
    approximate: bool = False   # "nearly", "at least", "more than", ...
    well_formed: bool = True
    unit: str = ""          # "" for a count, "%" for a percentage, a currency code for money


@dataclass(frozen=True)
class Claim:
    """Who said what, where: one attributed (or outlet-voiced) statement in a document."""

    id: str
    doc_id: str
    source: str            # who says it, e.g. "Turkish Defence Minister Hulusi Akar"
    cue: str               # reporting expression, e.g. "said", "denied", "could not confirm"
    text: str              # == document text[start:end]
    start: int
    end: int
    stance: Stance
    passage_id: str = ""
    source_kind: str = ""  # person | government | military | media | monitor | un | anonymous |
                           # outlet | ...
    party: str = ""        # the side the source speaks for: a company, an agency, a state...
    side_kind: str = ""    # what that side is: company, agency, union, court, state, outlet...
    quantities: tuple[Quantity, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["quantities"] = [asdict(q) for q in self.quantities]
        return data


@dataclass(frozen=True)
class Discrepancy:
    """Where sources disagree, or a claim stands unconfirmed, with the claims on each side."""

    id: str
    kind: DiscrepancyKind
    summary: str
    confidence: float
    claims: tuple[Claim, ...]
    relation: Relation = ""   # optional finer label: "denial", "counter_version", "update", ...

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "kind": self.kind, "summary": self.summary,
            "confidence": round(self.confidence, 3), "relation": self.relation,
            "claims": [c.to_dict() for c in self.claims],
        }


@dataclass(frozen=True)
class ScoredPassage:
    """A retrieved passage with its fused score and the ranks that produced it."""

    passage: Passage
    score: float
    dense_rank: int | None = None
    sparse_rank: int | None = None
    dense_score: float | None = None


@dataclass(frozen=True)
class Citation:
    n: int
    doc_id: str
    passage_id: str
    text: str
    start: int
    end: int
    source: str = ""       # outlet of the document, for multi-document answers
    page: int | None = None        # PDF / Word: the page the cited passage starts on
    page_end: int | None = None    # and the page it ends on

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def page_label(page: int | None, page_end: int | None = None) -> str:
    """"p. 3", "pp. 3–4", or "" for documents without pages."""
    if page is None:
        return ""
    if page_end is not None and page_end != page:
        return f"pp. {page}–{page_end}"
    return f"p. {page}"


@dataclass(frozen=True)
class Flag:
    kind: DiscrepancyKind
    discrepancy_id: str
    summary: str
    citations: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "discrepancy_id": self.discrepancy_id,
                "summary": self.summary, "citations": list(self.citations)}


@dataclass
class Answer:
    question: str
    answer: str
    abstained: bool
    citations: list[Citation] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    latency_ms: float = 0.0
    retrieved: list[ScoredPassage] = field(default_factory=list)   # not in the JSON contract
    related: list[Citation] = field(default_factory=list)          # offered when abstaining

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question, "answer": self.answer, "abstained": self.abstained,
            "citations": [c.to_dict() for c in self.citations],
            "flags": [f.to_dict() for f in self.flags],
            "latency_ms": round(self.latency_ms, 1),
            "retrieved": [
                {"passage_id": s.passage.passage_id, "doc_id": s.passage.doc_id,
                 "start": s.passage.start, "end": s.passage.end, "score": round(s.score, 5)}
                for s in self.retrieved
            ],
            "related": [c.to_dict() for c in self.related],
        }
