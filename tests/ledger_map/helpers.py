"""Small hand-written ledgers in the JSON contract, for map and timeline tests."""
from __future__ import annotations

from typing import Any


def claim(cid: str, doc: str, source: str, *, party: str = "", kind: str = "government",
          stance: str = "asserts", text: str = "", start: int = 0,
          figures: list[tuple[float | None, str, str, str]] = (),  # type: ignore[assignment]
          side_kind: str | None = None) -> dict[str, Any]:
    """A claim dict; `figures` are (value, raw, counts, scope)."""
    text = text or f"{source} says something"
    data = {"id": cid, "doc_id": doc, "source": source, "cue": "said", "text": text,
            "start": start, "end": start + len(text), "stance": stance, "passage_id": "",
            "source_kind": kind, "party": party,
            "quantities": [{"value": v, "raw": raw, "start": start, "end": start + len(raw),
                            "counts": counts, "scope": scope, "approximate": False,
                            "well_formed": v is not None} for v, raw, counts, scope in figures]}
    if side_kind is not None:
        data["side_kind"] = side_kind
    return data


def finding(fid: str, kind: str, relation: str, claims: list[dict[str, Any]],
            confidence: float = 0.8, summary: str = "") -> dict[str, Any]:
    return {"id": fid, "kind": kind, "relation": relation, "confidence": confidence,
            "summary": summary or f"{relation} between {len(claims)} claims", "claims": claims}


def ledger(claims: list[dict[str, Any]], discrepancies: list[dict[str, Any]] = (),  # type: ignore[assignment]
           corroborations: list[dict[str, Any]] = ()) -> dict[str, Any]:  # type: ignore[assignment]
    return {"claims": claims, "discrepancies": list(discrepancies),
            "corroborations": [{k: v for k, v in c.items() if k != "kind"}
                               for c in corroborations]}


KILLED = ("people killed", "event:explosion@saturday")


def ferry() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The shape of tests/data/ferry: a toll of 22 from two outlets, 31 a day later, a denial."""
    docs = [{"doc_id": "nw-1", "source": "North Wire", "published": "2031-05-01", "title": "a"},
            {"doc_id": "nw-2", "source": "North Wire", "published": "2031-05-02", "title": "b"},
            {"doc_id": "sp-1", "source": "South Post", "published": "2031-05-01", "title": "c"}]
    a = claim("c1", "nw-1", "The port authority", kind="other", start=10,
              figures=[(22.0, "22", *KILLED)])
    b = claim("c2", "nw-2", "The port authority", kind="other", start=20,
              figures=[(31.0, "31", *KILLED)])
    c = claim("c3", "sp-1", "The port authority", kind="other", start=30,
              figures=[(22.0, "22", *KILLED)])
    mine = claim("c4", "nw-1", "The Norwegian coastguard", party="Norway", start=40)
    deny = claim("c5", "sp-1", "Sweden's foreign ministry", party="Sweden", stance="denies",
                 start=50)
    data = ledger([a, b, c, mine, deny],
                  [finding("dsc-deny", "contested", "denial", [mine, deny], 0.95),
                   finding("dsc-up1", "numeric", "update", [a, b], 0.6),
                   finding("dsc-up2", "numeric", "update", [c, b], 0.6)],
                  [finding("agr-22", "", "agrees", [a, c], 0.8)])
    return data, docs
