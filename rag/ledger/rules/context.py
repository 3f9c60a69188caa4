"""What every rule reads and writes: the claims being linked, their documents and parses, the
candidate pairs, and the findings so far (one per kind and claim set)."""
from __future__ import annotations

import hashlib
from collections.abc import Iterable

import numpy as np
from spacy.tokens import Doc

from rag.ledger.attribution import Extracted
from rag.ledger.model import Corroboration
from rag.ledger.pairing import PairIndex
from rag.records import Claim, Discrepancy, DiscrepancyKind, Document, Relation


def discrepancy_id(kind: str, claims: Iterable[Claim]) -> str:
    # the same finding keeps its id across runs and rebuilds: kind plus the sorted claim ids
    key = kind + "|" + "|".join(sorted(c.id for c in claims))
    return "dsc-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


class LedgerContext:
    """Shared state of one ledger build; rules are functions of it (see rules/__init__.py)."""

    def __init__(self, items: list[Extracted], docs: dict[str, Document],
                 sents: dict[str, Doc], pairs: PairIndex,
                 places: dict[str, set[str]] | None = None,
                 vectors: np.ndarray | None = None) -> None:
        self.items, self.docs, self.sents, self.pairs = items, docs, sents, pairs
        self.vectors = vectors      # unit vectors of the claims, in `items` order
        self.places = places or {}
        self.index = {id(it): i for i, it in enumerate(items)}
        self.found: dict[str, Discrepancy] = {}
        self.agreements: dict[str, Corroboration] = {}
        self.linked: set[tuple[int, int]] = set()   # claim pairs already in a finding
        self.flagged: set[int] = set()              # claims already in a finding
        self.order = {doc_id: n for n, doc_id in enumerate(docs)}

    def claim(self, i: int) -> Claim:
        claim = self.items[i].claim
        assert claim is not None   # the builder keeps only items that became claims
        return claim

    def sim(self, i: int, j: int) -> float:
        """Cosine of any two claims (the candidate index only knows near neighbours)."""
        if self.vectors is None:
            return self.pairs.sim(i, j)
        return float(self.vectors[i] @ self.vectors[j])

    def document_pairs(self) -> list[tuple[int, int, float]]:
        """Every pair of claims inside one document, with its cosine: a document holds a few
        dozen claims, so its rules can afford to read all of them, not just near neighbours."""
        by_doc: dict[str, list[int]] = {}
        for i, it in enumerate(self.items):
            by_doc.setdefault(it.passage.doc_id, []).append(i)
        out: list[tuple[int, int, float]] = []
        for members in by_doc.values():
            if self.vectors is None:
                continue
            block = self.vectors[members] @ self.vectors[members].T
            for x in range(len(members)):
                for y in range(x + 1, len(members)):
                    out.append((members[x], members[y], float(block[x, y])))
        return out

    def same_event(self, a: Extracted, b: Extracted) -> bool:
        """Claims of one document are about its event; across documents, only when both
        documents name a common place (a town, a region, a site). Identical wording about
        different explosions in different towns must never be compared."""
        da, db = a.passage.doc_id, b.passage.doc_id
        return da == db or bool(self.places.get(da, set()) & self.places.get(db, set()))

    def add(self, kind: DiscrepancyKind, relation: Relation, summary: str, confidence: float,
            members: list[int]) -> None:
        claims = tuple(self.claim(m) for m in members)
        did = discrepancy_id(kind, claims)
        if did in self.found:
            return
        self.found[did] = Discrepancy(id=did, kind=kind, summary=summary,
                                      confidence=round(min(max(confidence, 0.0), 0.99), 3),
                                      claims=claims, relation=relation)
        for a in members:
            self.flagged.add(a)
            for b in members:
                self.linked.add((min(a, b), max(a, b)))

    def agree(self, summary: str, confidence: float, members: list[int]) -> None:
        claims = tuple(self.claim(m) for m in members)
        cid = "agr-" + discrepancy_id("agrees", claims)[4:]
        if cid not in self.agreements:
            self.agreements[cid] = Corroboration(cid, summary, round(confidence, 3), claims)

    def outlet(self, item: Extracted) -> str:
        return self.docs[item.passage.doc_id].source

    def when(self, i: int) -> tuple[str, int, int]:
        """When a claim was reported: publication date, then ingest order, then position."""
        it = self.items[i]
        doc = self.docs[it.passage.doc_id]
        return (doc.published or "", self.order[doc.doc_id], it.start)

    def result(self) -> tuple[list[Discrepancy], list[Corroboration]]:
        order = {"contested": 0, "numeric": 1, "unverified": 2}
        position = {c.id: (c.doc_id, c.start) for it in self.items
                    for c in [it.claim] if c is not None}
        found = sorted(self.found.values(),
                       key=lambda d: (order[d.kind], position[d.claims[0].id], d.id))
        return found, sorted(self.agreements.values(), key=lambda c: c.id)
