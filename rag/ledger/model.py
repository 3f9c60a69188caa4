"""The Ledger: every claim in the corpus and the discrepancies between them.

Computed at ingest time and stored as JSON beside the index so readers load it instantly.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rag.records import Claim, Discrepancy, Quantity


@dataclass(frozen=True)
class Corroboration:
    """Claims from different documents that agree on the same matter (raises confidence)."""

    id: str
    summary: str
    confidence: float
    claims: tuple[Claim, ...]
    relation: str = "agrees"

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "summary": self.summary, "confidence": round(self.confidence, 3),
                "relation": self.relation, "claims": [c.to_dict() for c in self.claims]}


@dataclass
class Ledger:
    claims: list[Claim] = field(default_factory=list)
    discrepancies: list[Discrepancy] = field(default_factory=list)
    # cross-document agreement; an added key of the JSON contract, empty for one article
    corroborations: list[Corroboration] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"claims": [c.to_dict() for c in self.claims],
                "discrepancies": [d.to_dict() for d in self.discrepancies],
                "corroborations": [c.to_dict() for c in self.corroborations]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Ledger:
        claims = {c["id"]: claim_from_dict(c) for c in data.get("claims", [])}
        discrepancies = [
            Discrepancy(id=d["id"], kind=d["kind"], summary=d["summary"],
                        confidence=float(d["confidence"]), relation=d.get("relation", ""),
                        claims=tuple(claims.get(c["id"]) or claim_from_dict(c)
                                     for c in d["claims"]))
            for d in data.get("discrepancies", [])
        ]
        corroborations = [
            Corroboration(id=c["id"], summary=c["summary"], confidence=float(c["confidence"]),
                          relation=c.get("relation", "agrees"),
                          claims=tuple(claims.get(x["id"]) or claim_from_dict(x)
                                       for x in c["claims"]))
            for c in data.get("corroborations", [])
        ]
        return cls(claims=list(claims.values()), discrepancies=discrepancies,
                   corroborations=corroborations)

    def for_passages(self, passage_ids: set[str]) -> list[Discrepancy]:
        """Discrepancies that involve at least one of the given passages."""
        return [d for d in self.discrepancies
                if any(c.passage_id in passage_ids for c in d.claims)]

    def save(self, path: Path) -> None:
        # write-then-rename: a reader never sees a half-written ledger
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=1), "utf-8")
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> Ledger:
        if not path.exists():
            return cls()
        return cls.from_dict(json.loads(path.read_text("utf-8")))


def claim_from_dict(data: dict[str, Any]) -> Claim:
    quantities = tuple(Quantity(**q) for q in data.get("quantities", []))
    known = {k: v for k, v in data.items() if k in Claim.__dataclass_fields__}
    known["quantities"] = quantities
    return Claim(**known)
