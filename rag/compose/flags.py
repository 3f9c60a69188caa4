"""Flags: when a cited passage takes part in a ledger discrepancy, say so and show each side."""
from __future__ import annotations

import re

from rag.citations import CitationBook, markers
from rag.compose.phrasing import lower_first
from rag.ledger.cues import cue_verb
from rag.records import Claim, Discrepancy, Flag, Passage

_LEADS = {
    "contested": "This is contested",
    "unverified": "This is unverified",
    "numeric": "The figures do not add up",
}


MAX_CLAIM_WORDS = 24
SIDE_DISPUTE_CONFIDENCE = 0.7


def _content(claim: Claim) -> str:
    """The claim's own words, shortened for a one-line flag."""
    text = claim.text.strip().rstrip(".,;:")
    inner = text[1:-1]
    if len(text) > 2 and text[0] in "“\"" and text[-1] in "”\"" and not any(
            q in inner for q in "“”\""):   # drop quotes only when they wrap the whole claim
        text = inner.rstrip(".,;:")
    words = text.split()
    if len(words) > MAX_CLAIM_WORDS:
        text = " ".join(words[:MAX_CLAIM_WORDS - 2]) + " …"
    return lower_first(text) or text


def side_name(claim: Claim) -> str:
    """Who a side is, as the ledger gives it: the speaker, and the side they speak for when the
    speaker's words do not already say it ("The company (Calloway Chemical Logistics)",
    "Keller, for Penrith", "Judge Annika Vosberg (court)")."""
    source = re.split(r",\s+(?:who|which|because)\b", (claim.source or "the article").strip())[0]
    party = (claim.party or "").strip()
    if not party or party.lower() in ("anonymous", "other") or party.lower() in source.lower():
        return source
    if claim.side_kind == "defence":
        return f"{source}, for {party}"
    if party[0].isupper() or len(party.split()) == 1:
        return f"{source} ({party})"
    return source


def _side(claim: Claim, n: int, outlet: str = "", relation: str = "") -> str:
    source = side_name(claim)
    if outlet and outlet not in source:
        source = f"{source} (in {outlet})"
    if claim.stance == "denies":
        return f"{source} disputes this [{n}]"
    if claim.stance == "unconfirmed" and (
            "outlet" in (claim.side_kind, claim.source_kind) or relation == "not_confirmed"
            or re.search(r"\b(confirm|verify|corroborate)", claim.cue or "")):
        return f"{source} says it could not confirm this [{n}]"
    if claim.stance == "unconfirmed":
        return f"this rests on {source}: {_content(claim)} [{n}]"
    return f"{source} {cue_verb(claim.cue) or 'says'} {_content(claim)} [{n}]"


def flag_sentence(discrepancy: Discrepancy, book: CitationBook,
                  passages: dict[str, Passage]) -> tuple[str, Flag] | None:
    """Say what is disputed, each side with its own citation: "X says ... [2]; Y denies this [3]".

    Discrepancies with one side (an anonymous source, a malformed number) use the ledger's
    summary instead, citing the passage it rests on.
    """
    sides = [c for c in discrepancy.claims if c.passage_id in passages]
    if not sides:
        return None
    numbers = [book.cite(passages[c.passage_id]) for c in sides]
    summary = discrepancy.summary.strip().rstrip(".")
    lead = _LEADS.get(discrepancy.kind, "Note")
    if discrepancy.relation == "update":   # a later count: not a contradiction
        lead = "Update"
    distinct = {(c.source, c.stance) for c in sides}
    if len(distinct) > 1 and discrepancy.relation != "update":
        parts = []
        across_documents = len({c.doc_id for c in sides}) > 1
        seen: set[tuple[str, str]] = set()
        for claim, n in zip(sides, numbers):
            if (claim.source, claim.stance) in seen:
                continue
            seen.add((claim.source, claim.stance))
            parts.append(_side(claim, n, book.outlet(claim.doc_id) if across_documents else "",
                               discrepancy.relation))
        text = f"{lead}: " + "; ".join(parts) + "."
    else:
        text = f"{lead}: {summary} {markers(numbers)}."
    unique = tuple(dict.fromkeys(numbers))
    return text, Flag(kind=discrepancy.kind, discrepancy_id=discrepancy.id, summary=summary,
                      citations=unique)


def flags_for(discrepancies: list[Discrepancy], book: CitationBook,
              passages: dict[str, Passage], primary: list[str],
              limit: int = 3) -> tuple[list[str], list[Flag]]:
    """Flags for the answer's passages: those touching the best passage first, then by
    confidence; at most `limit`, so the answer stays readable (the panel lists them all)."""
    rank = {pid: i for i, pid in enumerate(primary)}

    def order(d: Discrepancy) -> tuple[int, float, str]:
        first = min((rank[c.passage_id] for c in d.claims if c.passage_id in rank),
                    default=len(rank))
        return first, -d.confidence, d.id

    # Disputes touching the best passage always show; others only when the ledger is confident,
    # so a passage added for context does not bury the answer under side disputes.
    primary_id = primary[0] if primary else ""
    relevant = [d for d in discrepancies
                if any(c.passage_id == primary_id for c in d.claims)
                or d.confidence >= SIDE_DISPUTE_CONFIDENCE]
    ordered = sorted(relevant, key=order)
    sentences: list[str] = []
    flags: list[Flag] = []
    for discrepancy in ordered[:limit]:
        made = flag_sentence(discrepancy, book, passages)
        if made:
            sentences.append(made[0])
            flags.append(made[1])
    return sentences, flags
