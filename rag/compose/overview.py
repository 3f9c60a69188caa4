""""What is disputed here?": an overview answered from the ledger, not from retrieval.

Every discrepancy of the documents in scope in one sentence, each side with its own citation,
most confident first. With several documents loaded they are grouped by event: documents the
ledger links (a discrepancy or a corroboration across them means they report the same event)
form one group, introduced by the headline of its earliest report.
"""
from __future__ import annotations

import re

from rag.citations import CitationBook
from rag.compose.flags import flag_sentence
from rag.ledger.model import Ledger
from rag.records import Claim, Discrepancy, Flag, Passage

_OVERVIEW = re.compile(
    r"^\s*(what|which (claims|points|figures|facts)?)\s*(is|are|was|were)\s+(being\s+)?"
    r"(disputed|contested|in dispute|unverified|unconfirmed|contradictory|in doubt)\b|"
    r"\bwhere do (the )?(sources|accounts|reports|outlets) (disagree|differ|conflict)\b|"
    r"\bwhat do (the )?(sources|accounts|reports|outlets|sides) (disagree|differ) (on|about)\b|"
    r"^\s*(list|show)( me)? (the |all )?(discrepancies|disputes|disputed claims)\b|"
    r"^\s*what are the (discrepancies|disputes|disputed (claims|points))\b",
    re.IGNORECASE)
MAX_ITEMS = 12   # the panel lists them all; a chat answer stays readable
OVERVIEW_QUESTION = "What is disputed in this article?"


def is_overview(question: str) -> bool:
    return bool(_OVERVIEW.search(question))


def _events(discrepancies: list[Discrepancy], ledger: Ledger, documents: list[str]
            ) -> list[list[str]]:
    """Documents grouped by event: linked by any cross-document discrepancy or corroboration."""
    parent = {d: d for d in documents}

    def root(d: str) -> str:
        while parent[d] != d:
            parent[d] = parent[parent[d]]
            d = parent[d]
        return d

    linked: list[tuple[Claim, ...]] = [d.claims for d in discrepancies]
    linked += [c.claims for c in ledger.corroborations]
    for claims in linked:
        docs = [c.doc_id for c in claims if c.doc_id in parent]
        for other in docs[1:]:
            parent[root(other)] = root(docs[0])
    groups: dict[str, list[str]] = {}
    for d in documents:
        groups.setdefault(root(d), []).append(d)
    return list(groups.values())


def overview(ledger: Ledger, book: CitationBook, passages: dict[str, Passage],
             titles: dict[str, str], documents: tuple[str, ...] = ()) -> tuple[str, list[Flag]]:
    """(answer text, flags): one sentence per discrepancy, both sides cited."""
    in_scope = [d for d in ledger.discrepancies
                if any(c.passage_id in passages for c in d.claims)
                and (not documents or any(c.doc_id in documents for c in d.claims))]
    if not in_scope:
        loaded = "the loaded articles" if len(titles) > 1 else "the article"
        return (f"The ledger finds nothing disputed, unverified or numerically inconsistent in "
                f"{loaded}.", [])
    ordered = sorted(in_scope, key=lambda d: (-d.confidence, d.id))
    docs = sorted({c.doc_id for d in ordered for c in d.claims},
                  key=lambda doc: (min(p.ordinal for p in passages.values()
                                       if p.doc_id == doc) if doc else 0, doc))
    events = _events(ordered, ledger, docs)
    event_of = {doc: i for i, group in enumerate(events) for doc in group}
    by_event: dict[int, list[Discrepancy]] = {}
    for d in ordered:
        by_event.setdefault(event_of[d.claims[0].doc_id], []).append(d)
    # events with the most confident discrepancy first
    order = sorted(by_event, key=lambda e: (-by_event[e][0].confidence, e))
    lines: list[str] = []
    flags: list[Flag] = []
    shown = 0
    for e in order:
        items = by_event[e]
        if len(order) > 1:
            heading = titles.get(sorted(events[e])[0], sorted(events[e])[0])
            reports = len(events[e])
            lines.append(f"On “{heading}”" + (f" ({reports} reports)" if reports > 1 else "")
                         + ":")
        for d in items:
            if shown >= MAX_ITEMS:
                break
            made = flag_sentence(d, book, passages)
            if made is None:
                continue
            lines.append(f"- {made[0]}")
            flags.append(made[1])
            shown += 1
    total = len(ordered)
    lead = (f"The ledger finds {total} point{'s' if total != 1 else ''} in dispute or "
            f"unconfirmed" + (f" (the {shown} most confident are shown; the Discrepancies "
                              f"tab lists all)" if shown < total else "")
            + ", most confident first:")
    return "\n".join([lead, *lines]), flags
