"""What the answer composer reads, handed to it by the Engine: a retriever and a read-only view
of the corpus (live passages, documents, ledger).

The composer never sees the Engine, the store or the index folder: it cannot ingest, and the
import graph stays one-way (engine -> answer, never back).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import numpy as np

    from rag.ledger.model import Ledger
    from rag.records import Passage, ScoredPassage


class Retriever(Protocol):
    def retrieve(self, question: str, k: int,
                 vector: np.ndarray | None = None) -> list[ScoredPassage]:
        """The top-k passages; `vector` is the question's embedding when the caller has it."""
        ...


@dataclass(frozen=True)
class Corpus:
    """A snapshot of the corpus at one manifest version (the Engine takes a new one after an
    ingest, together with a new composer)."""

    passages: tuple[Passage, ...]          # every live passage, document then reading order
    documents: tuple[dict[str, Any], ...]  # manifest entries: doc_id, source, published, ...
    ledger: Ledger
