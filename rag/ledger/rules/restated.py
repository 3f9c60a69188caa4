"""Restated: a summary paragraph that opens an article tells, in short, a dispute the body
then tells in full. The finding read off the summary is the same finding as the body's: when
the body's finding links the same other claim and a claim of the same side close in meaning,
the summary's finding is dropped, so one matter is reported once."""
from __future__ import annotations

from rag.ledger.rules.context import LedgerContext
from rag.ledger.rules.text import side_key

RESTATE_SIM = 0.5      # a summary's sentence and the body's fuller version of it


def restatements(ctx: LedgerContext) -> None:
    at = {it.claim.id: i for i, it in enumerate(ctx.items) if it.claim is not None}
    for did, found in list(ctx.found.items()):
        members = [at[c.id] for c in found.claims if c.id in at]
        summary = [m for m in members if ctx.items[m].passage.paragraph == 0
                   and _has_body(ctx, m)]
        rest = {m for m in members if m not in summary}
        if not summary or not rest:
            continue
        for other_id, other in ctx.found.items():
            if other_id == did or other.kind != found.kind or other_id not in ctx.found:
                continue
            theirs = {at[c.id] for c in other.claims if c.id in at}
            if not rest & theirs:
                continue
            body = [t for t in theirs - rest if ctx.items[t].passage.paragraph > 0]
            if all(any(side_key(ctx.items[t]) == side_key(ctx.items[s])
                       and ctx.sim(s, t) >= RESTATE_SIM for t in body) for s in summary):
                del ctx.found[did]
                break


def _has_body(ctx: LedgerContext, i: int) -> bool:
    """The document goes on past its opening paragraph (a one-paragraph note is all body)."""
    doc = ctx.docs[ctx.items[i].passage.doc_id]
    return any(p.paragraph > 1 for p in doc.passages)
