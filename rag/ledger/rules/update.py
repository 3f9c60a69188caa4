"""Update: across reports of one event, a later different figure for the same count is an
update, not a conflict, when the later report says so ('rose to 33', 'climbed to', 'revised')
or carries a later date, or when the same outlet or the same named source gives it. Two reports
of the same time that disagree are a conflict (rules/numeric.py)."""
from __future__ import annotations

import re

from rag.ledger.rules.context import LedgerContext
from rag.records import Quantity

_UPDATE_CUE = re.compile(r"\b(?:rose|risen|rising|climbed|climbing|jumped|increased|went up|"
                         r"revised|updated|raised|grew|has now|now stands|now at|fell to|"
                         r"dropped to|lowered|corrected|later|latest|new (?:toll|figure|count))\b",
                         re.IGNORECASE)


def _says_update(ctx: LedgerContext, i: int) -> bool:
    return bool(_UPDATE_CUE.search(ctx.items[i].passage.text))


def is_update(ctx: LedgerContext, first: tuple[int, Quantity], second: tuple[int, Quantity]) \
        -> bool:
    """Whether two different figures for one count are an update; records it when so."""
    (i, qa), (j, qb) = first, second
    a, b = ctx.items[i], ctx.items[j]
    if a.passage.doc_id == b.passage.doc_id:
        return False
    older, newer = sorted([(i, qa), (j, qb)], key=lambda m: ctx.when(m[0]))
    old_doc = ctx.docs[ctx.items[older[0]].passage.doc_id]
    new_doc = ctx.docs[ctx.items[newer[0]].passage.doc_id]
    later_date = bool(old_doc.published and new_doc.published
                      and new_doc.published > old_doc.published)
    same_voice = ctx.outlet(a) == ctx.outlet(b) or (
        a.source.lower().removeprefix("the ") == b.source.lower().removeprefix("the ")
        and a.kind != "outlet")
    if not (later_date or same_voice or _says_update(ctx, newer[0])):
        return False
    if not later_date and not same_voice and old_doc.published == new_doc.published:
        return False        # two reports of the same day that disagree: a conflict
    old, new = ctx.items[older[0]], ctx.items[newer[0]]
    what = re.sub(r"\s*\[[^\]]*\]$", "", qa.counts)
    if ctx.outlet(old) == ctx.outlet(new):
        summary = (f"{ctx.outlet(old)} updated its figure for {what}: first {older[1].raw}"
                   f"{_dated(old_doc.published)}, later {newer[1].raw}"
                   f"{_dated(new_doc.published)}.")
    else:
        summary = (f"Updated figure for {what}: {old.source} gave {older[1].raw} (reported by "
                   f"{ctx.outlet(old)}{_dated(old_doc.published)}), later {newer[1].raw} "
                   f"(reported by {ctx.outlet(new)}{_dated(new_doc.published)}).")
    ctx.add("numeric", "update", summary, 0.6, [older[0], newer[0]])
    return True


def _dated(published: str | None) -> str:
    return f", {published}" if published else ""
