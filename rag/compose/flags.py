"""Flags: when a cited passage takes part in a ledger discrepancy, say so and show each side."""
from __future__ import annotations

from rag.compose.citations import CitationBook, markers
from rag.records import Discrepancy, Flag, Passage

_LEADS = {
    "contested": "This is contested",
    "unverified": "This is unverified",
    "numeric": "The figures do not add up",
}


def flag_sentence(discrepancy: Discrepancy, book: CitationBook,
                  passages: dict[str, Passage]) -> tuple[str, Flag] | None:
    """One sentence: what is disputed (the ledger's summary names each side), citing every side."""
    sides = [c for c in discrepancy.claims if c.passage_id in passages]
    if not sides:
        return None
    numbers = [book.cite(passages[c.passage_id]) for c in sides]
    summary = discrepancy.summary.strip().rstrip(".")
    lead = _LEADS.get(discrepancy.kind, "Note")
    if discrepancy.relation == "update":   # a later, higher count: not a contradiction
        lead = "The figure was updated"
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

    ordered = sorted(discrepancies, key=order)
    sentences: list[str] = []
    flags: list[Flag] = []
    for discrepancy in ordered[:limit]:
        made = flag_sentence(discrepancy, book, passages)
        if made:
            sentences.append(made[0])
            flags.append(made[1])
    return sentences, flags
