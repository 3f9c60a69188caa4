"""Helpers for the ledger tests: short articles written to a folder, and lookups."""
from __future__ import annotations

from pathlib import Path

from rag.document import build_document
from rag.ledger.model import Ledger
from rag.reader import read_article
from rag.records import Document


def write_article(folder: Path, name: str, headline: str, paragraphs: list[str],
                  outlet: str = "Test Wire", standfirst: str = "A short summary of the events.",
                  extra_lines: list[str] | None = None) -> Path:
    """An article in the shipped layout: headline, standfirst, body lines, source line."""
    lines = [headline, standfirst, *paragraphs, *(extra_lines or []), f"Source: {outlet}"]
    path = folder / name
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return path


def make_doc(folder: Path, name: str, paragraphs: list[str], published: str | None = None,
             **kwargs) -> Document:
    path = write_article(folder, name, kwargs.pop("headline", "Headline of the test story"),
                         paragraphs, **kwargs)
    return build_document(read_article(path, 5_000_000), published=published)


def claim_with(ledger: Ledger, fragment: str):
    found = [c for c in ledger.claims if fragment in c.text]
    assert found, f"no claim contains {fragment!r}: {[c.text for c in ledger.claims]}"
    return found[0]


def flagged(ledger: Ledger, kind: str, *fragments: str) -> list:
    """Discrepancies of `kind` whose claims cover every fragment."""
    return [d for d in ledger.discrepancies if d.kind == kind and
            all(any(f in c.text for c in d.claims) for f in fragments)]
