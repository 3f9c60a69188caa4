"""Numeric: figures that cannot all be right, and figures that are not numbers at all.

Any two figures that count the same thing (rag.ledger.quantities: what is counted, in which
unit) over comparable scopes, from different sources, are compared; across reports of one event
the same count is either an update (rules/update.py) or a conflict.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from rag.ledger.quantities import comparable_scopes, event_class_names, values_conflict
from rag.ledger.rules.context import LedgerContext
from rag.ledger.rules.text import who
from rag.ledger.rules.update import is_update
from rag.records import Quantity

Figure = tuple[int, Quantity]


def malformed(ctx: LedgerContext) -> None:
    for i, it in enumerate(ctx.items):
        for q in ctx.claim(i).quantities:
            if not q.well_formed:
                ctx.add("numeric", "malformed_number",
                        f"'{q.raw}' ({q.counts or 'a figure'}) reported by {it.source} is not a "
                        f"well-formed number{_readings(q.raw)}.", 0.9, [i])


def figure_pairs(ctx: LedgerContext) -> Iterator[tuple[Figure, Figure]]:
    """Pairs of figures for the same thing, in the same unit, over comparable scopes, about
    one event (same document, or documents that share a place), from different sources or
    documents. Each pair once, in a stable order."""
    blocks: dict[tuple[str, str], list[Figure]] = defaultdict(list)
    for i, _ in enumerate(ctx.items):
        for q in ctx.claim(i).quantities:
            if q.well_formed and q.counts and q.value is not None and _says_what_happened(q):
                blocks[(q.counts, q.unit)].append((i, q))
    seen: set[tuple[int, int, int, int]] = set()
    for key in sorted(blocks):
        groups: dict[str, list[Figure]] = defaultdict(list)
        for member in blocks[key]:
            doc_id = ctx.items[member[0]].passage.doc_id
            for group in {"doc:" + doc_id} | {"place:" + p for p in ctx.places.get(doc_id, set())}:
                groups[group].append(member)
        for group in sorted(groups):
            members = groups[group]
            for x in range(len(members)):
                for y in range(x + 1, len(members)):
                    a, b = members[x], members[y]
                    mark = (a[0], a[1].start, b[0], b[1].start)
                    if mark in seen or a[0] == b[0]:
                        continue
                    seen.add(mark)
                    ia, ib = ctx.items[a[0]], ctx.items[b[0]]
                    same_doc = ia.passage.doc_id == ib.passage.doc_id
                    if same_doc and _same_voice(ia.source, ib.source):
                        continue      # a source repeating or refining itself
                    if not comparable_scopes(a[1].scope, b[1].scope, same_doc):
                        continue
                    yield a, b


def _says_what_happened(q: Quantity) -> bool:
    """A headcount is comparable only with what happened to those counted ('17 injured',
    '2,150 on strike'): '64 firefighters at the scene' and 'two firefighters among the injured'
    count different groups. Money and percentages say what they measure by themselves."""
    if q.unit:
        return True
    return q.counts.split()[-1] in event_class_names()


def conflicting_figures(ctx: LedgerContext) -> None:
    for (i, qa), (j, qb) in figure_pairs(ctx):
        a, b = ctx.items[i], ctx.items[j]
        same_doc = a.passage.doc_id == b.passage.doc_id
        what = _what(qa)
        if qa.value != qb.value and is_update(ctx, (i, qa), (j, qb)):
            continue      # a later report's new figure ("rose to 19"), whatever its bounds
        if not values_conflict(qa, qb):
            if not same_doc and qa.value == qb.value:
                ctx.agree(f"{ctx.outlet(a)} and {ctx.outlet(b)} both report {qa.raw} {what}.",
                          0.8, [i, j])
            continue
        approximate = qa.approximate or qb.approximate
        where = "" if same_doc else f" ({ctx.outlet(a)} / {ctx.outlet(b)})"
        ctx.add("numeric", "conflicting_figures",
                f"Different figures for {what}: {who(a)} gives {qa.raw}, {who(b)} gives "
                f"{qb.raw}{where}.", 0.7 if approximate else 0.8, [i, j])


def _same_voice(x: str, y: str) -> bool:
    def norm(text: str) -> str:
        return re.sub(r"^(the|a|an)\s+", "", text.lower()).strip()
    return norm(x) == norm(y)


def _what(q: Quantity) -> str:
    counts = re.sub(r"\s*\[[^\]]*\]$", "", q.counts)
    unit = {"%": " (per cent)", "": "", "days": " (length)"}.get(q.unit, f" ({q.unit})")
    return f"{counts}{unit}{_scope_words(q.scope)}"


def _scope_words(scope: str) -> str:
    kind, _, value = scope.partition(":")
    value = value.replace("_", " ").replace("@", " on ")
    return {"since": f", since {value}", "month": f", in {value}", "period": f", {value}",
            "event": f", in one {value}", "day": f", on {value}",
            "place": f", {value}"}.get(kind, "")


def _readings(raw: str) -> str:
    digits = re.sub(r"\D", "", raw)
    if not digits:
        return ""
    options = sorted({int(digits[:-1] or 0), int(digits)})
    if len(options) < 2:
        return ""
    return f" (perhaps {options[0]:,} or {options[1]:,})"
