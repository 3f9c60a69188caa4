"""Flags: when a cited passage takes part in a ledger discrepancy, say so and show each side."""
from __future__ import annotations

from rag.compose.citations import CitationBook, markers
from rag.records import Claim, Discrepancy, Flag, Passage

_LEADS = {
    "contested": "This is contested",
    "unverified": "This is unverified",
    "numeric": "The figures do not add up",
}
_STANCE_VERBS = {"asserts": "says so", "denies": "denies it",
                 "unconfirmed": "says it could not be confirmed"}


def _side(claim: Claim, n: int) -> str:
    verb = _STANCE_VERBS.get(claim.stance, "says so")
    return f"{claim.source or 'the article'} {verb} [{n}]"


def flag_sentence(discrepancy: Discrepancy, book: CitationBook,
                  passages: dict[str, Passage]) -> tuple[str, Flag] | None:
    sides = [c for c in discrepancy.claims if c.passage_id in passages]
    if not sides:
        return None
    numbers = [book.cite(passages[c.passage_id]) for c in sides]
    summary = discrepancy.summary.strip().rstrip(".")
    lead = _LEADS.get(discrepancy.kind, "Note")
    if discrepancy.relation == "update":   # a later, higher count: not a contradiction
        lead = "The figure was updated"
    if discrepancy.kind == "contested" and len({c.source for c in sides}) > 1:
        seen: set[tuple[str, str]] = set()
        parts = []
        for claim, n in zip(sides, numbers):
            key = (claim.source, claim.stance)
            if key not in seen:
                seen.add(key)
                parts.append(_side(claim, n))
        text = f"{lead}: {summary}; " + "; ".join(parts) + "."
    else:
        text = f"{lead}: {summary} {markers(numbers)}."
    unique = tuple(dict.fromkeys(numbers))
    return text, Flag(kind=discrepancy.kind, discrepancy_id=discrepancy.id, summary=summary,
                      citations=unique)


def flags_for(discrepancies: list[Discrepancy], book: CitationBook,
              passages: dict[str, Passage], limit: int = 3) -> tuple[list[str], list[Flag]]:
    ordered = sorted(discrepancies, key=lambda d: (-d.confidence, d.id))
    sentences: list[str] = []
    flags: list[Flag] = []
    for discrepancy in ordered[:limit]:
        made = flag_sentence(discrepancy, book, passages)
        if made:
            sentences.append(made[0])
            flags.append(made[1])
    return sentences, flags
