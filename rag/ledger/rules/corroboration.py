"""Corroboration: two documents' sources saying the same thing about one event. It is not a
discrepancy; it lowers the weight of an unverified finding that an independent source backs."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from rag.ledger.rules.contested import CORROBORATE_SIM
from rag.ledger.rules.context import LedgerContext
from rag.ledger.rules.text import short


def corroborations(ctx: LedgerContext) -> None:
    for i, j, sim in ctx.pairs.pairs():
        a, b = ctx.items[i], ctx.items[j]
        if sim < CORROBORATE_SIM or (i, j) in ctx.linked or a.stance != b.stance:
            continue
        if a.passage.doc_id == b.passage.doc_id or a.stance != "asserts":
            continue
        if _figures(ctx, i) != _figures(ctx, j) or not ctx.same_event(a, b):
            continue      # "22 killed" and "40 injured" read alike but do not agree
        ctx.agree(f"{ctx.outlet(a)} and {ctx.outlet(b)} agree: {short(ctx.claim(i).text, 90)}.",
                  sim, [i, j])


def weigh(ctx: LedgerContext) -> None:
    """An unverified claim that another document's independent source confirms is less of a
    concern: keep the finding (the outlet still could not confirm it) at lower confidence."""
    backed: dict[str, set[str]] = defaultdict(set)
    for agreement in ctx.agreements.values():
        a, b = agreement.claims[0], agreement.claims[1]
        if a.source != b.source:
            backed[a.id].add(b.doc_id)
            backed[b.id].add(a.doc_id)
    for did, d in list(ctx.found.items()):
        if d.kind != "unverified":
            continue
        main = [c for c in d.claims if c.stance != "unconfirmed" or c.source_kind == "anonymous"]
        if main and all(backed.get(c.id) for c in main):
            ctx.found[did] = replace(
                d, confidence=round(d.confidence * 0.5, 3),
                summary=d.summary.rstrip(".") + "; another outlet's independent source gives "
                                                "the same account.")


def _figures(ctx: LedgerContext, i: int) -> set[tuple[str, float | None]]:
    return {(q.counts, q.value) for q in ctx.claim(i).quantities}
