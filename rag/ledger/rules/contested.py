"""Contested: one source denies another's claim, or two sources give accounts of the same matter
that cannot both hold.

Every finding needs positive evidence in the text: a denial cue, or opposite polarity on the
same matter. Similarity only decides *which* claims a rule links, never whether there is a
discrepancy at all: a false alarm costs the reader's trust, so when in doubt a rule is silent.
"""
from __future__ import annotations

import re

from rag.ledger.attribution import ANAPHORIC, Extracted
from rag.ledger.attribution import TOLL_NOUNS as FIGURE_NOUNS
from rag.ledger.countries import state_of
from rag.ledger.polarity import clash
from rag.ledger.rules.context import LedgerContext
from rag.ledger.rules.text import (
    different_sides,
    modal,
    opposed,
    says,
    short,
    side_key,
    tokens,
    who,
)
from rag.ledger.sides import body_kind
from rag.lexicon import words

# cosine floors on MiniLM vectors of claim contents (see tests/ledger and the multi-genre gold
# in eval/multigenre): a denial far from everything denies nothing we know of
DENIAL_SIM = 0.40          # a stand-alone denial and the claim it rejects
PROPAGATE_SIM = 0.45       # another claim of the denied side's version of the same matter
FRAME_SIM = 0.45           # opposing sides' versions of the same event
CONTRADICTION_SIM = 0.20   # two accounts worth reading clause by clause for a clash
WEAK_CLASH_SIM = 0.35      # a clash without a shared argument word needs closer meaning
CORROBORATE_SIM = 0.72
# what a court or a body rules on, named with its owner ('a defence request')
RULED_NOUNS = words("reporting", "ruled_nouns")
PROPAGATE_WINDOW = 3       # passages: a side's version is told in consecutive sentences
# what a version of a violent incident talks about: the counter-version rule reads only these
_INCIDENT = re.compile(r"\b(kill\w*|death\w*|dead|died|fire|strikes?|attack\w*|casualt\w*|"
                       r"shell\w*|bomb\w*|raid\w*)\b", re.IGNORECASE)


def denials(ctx: LedgerContext) -> None:
    """A source denies, rejects or disputes another's claim: in the same sentence ('– a claim
    the company rejected'), pointing back ('rejected the mayor's account'), or stand-alone
    ('denied that its vessel rammed the boat') linked to the claim it answers by meaning."""
    # notes of silence ("did not respond to a request for comment") are never what is denied
    silent = {j for j, o in enumerate(ctx.items) if o.cue == "no comment"}
    for i, d in enumerate(ctx.items):
        if d.stance != "denies":
            continue
        targets = [ctx.index[id(t)] for t in d.targets if id(t) in ctx.index]
        sims = {t: 1.0 for t in targets}
        if not targets:
            named = named_target(ctx, i)
            if named is not None:
                targets, sims = [named], {named: 0.9}
        if not targets:
            # "X reported ..., but Y denied ...": the other speaker's claim in the sentence
            same = [j for j, o in enumerate(ctx.items)
                    if o.passage.passage_id == d.passage.passage_id and o.start < d.start
                    and o.stance != "denies" and different_sides(o, d)]
            if same:
                targets, sims = [same[-1]], {same[-1]: 0.9}
        if not targets:
            accused = _accusation_of(ctx, i)
            if accused is not None:
                targets, sims = [accused], {accused: 0.85}
        if not targets and _denies_charges(ctx, i):
            # "pleaded not guilty to fraud": the charge the accusing side laid out before
            accusers = [j for j, o in enumerate(ctx.items)
                        if o.passage.doc_id == d.passage.doc_id and o.start < d.start
                        and 0 <= d.passage.ordinal - o.passage.ordinal <= 4
                        and o.stance == "asserts" and different_sides(o, d)
                        and (o.side_kind == "prosecution"
                             or o.cue.lower().startswith(("accus", "alleg", "charg")))]
            if accusers:
                last = ctx.items[accusers[-1]]
                group = [j for j in accusers if side_key(ctx.items[j]) == side_key(last)
                         and last.passage.ordinal - ctx.items[j].passage.ordinal <= 1]
                _deny_together(ctx, i, group)
                continue
        if not targets and _anaphoric(ctx, i):
            # "rejected the accusation": the other side's claim just before it
            before = [j for j, o in enumerate(ctx.items)
                      if o.passage.doc_id == d.passage.doc_id and o.start < d.start
                      and 0 <= d.passage.ordinal - o.passage.ordinal <= 2
                      and o.stance != "denies" and different_sides(o, d) and o.kind != "outlet"]
            if before:
                # an accusation first, then the nearest sentence; the denial answers what
                # that side said there, all of it ("rejected the allegation")
                best = max(before, key=lambda j: (
                    ctx.items[j].cue.lower().startswith(("accus", "blam", "alleg")),
                    ctx.items[j].passage.ordinal, ctx.sim(i, j), ctx.items[j].start))
                side = side_key(ctx.items[best])
                group = [j for j in before if side_key(ctx.items[j]) == side
                         and ctx.items[best].passage.ordinal - ctx.items[j].passage.ordinal <= 1]
                _deny_together(ctx, i, sorted(group))
                continue
        if not targets:
            for j, sim in ctx.pairs.neighbours[i]:
                other = ctx.items[j]
                if other.stance == "denies" or sim < DENIAL_SIM or not different_sides(d, other) \
                        or other.kind == "outlet" or not ctx.same_event(d, other):
                    continue
                if other.passage.doc_id == d.passage.doc_id and other.start > d.start:
                    continue      # a denial answers what was said before it
                targets, sims = [j], {j: sim}
                break
        for t in [t for t in targets if t not in silent]:
            target = ctx.items[t]
            confidence = 0.9 if d.in_sentence_denial else 0.45 + 0.5 * sims[t]
            ctx.add("contested", "denial",
                    f"{says(target)} {short(ctx.claim(t).text)}; {who(d)} denies this.",
                    confidence, [t, i])
            _propagate(ctx, t, i, confidence)


# "3% on the table, not 4%", "rather than 40", "instead of the 12 it reported": the figure
# after these words is the one the speaker rejects
_REJECTED_FIGURE = re.compile(r"\b(?:not|rather than|instead of|never)\s+(?:the\s+|a\s+|an\s+)?$",
                              re.IGNORECASE)


def corrections(ctx: LedgerContext) -> None:
    """'There is 3% on the table, not 4%': a speaker who names a figure only to reject it
    answers whoever gave that figure (another side's claim of the same value and unit about
    the same event), even without a denial verb."""
    for i, it in enumerate(ctx.items):
        if it.stance == "denies" or it.kind == "outlet" or modal(it, ctx.sents):
            continue
        text = it.passage.text
        figures = ctx.claim(i).quantities
        for q in figures:
            if q.value is None or q.approximate or not _REJECTED_FIGURE.search(
                    text[:q.start - it.passage.start]):
                continue      # "not more than 300" bounds a figure; it rejects none
            # "growth would be 2%, not 4%": the rejected figure counts what its replacement does
            counts = q.counts or next((o.counts for o in figures
                                       if o is not q and o.unit == q.unit and o.counts), "")
            givers = [j for j, o in enumerate(ctx.items)
                      if j != i and different_sides(it, o) and o.stance == "asserts"
                      and ctx.same_event(it, o) and o.cue != "no comment"
                      and ctx.when(j) <= ctx.when(i)
                      and not modal(o, ctx.sents)
                      and any(p.value == q.value and p.unit == q.unit
                              and (not p.counts or not counts or p.counts == counts)
                              and not _REJECTED_FIGURE.search(
                                  o.passage.text[:p.start - o.passage.start])
                              for p in ctx.claim(j).quantities)]
            if not givers:
                continue
            j = max(givers, key=lambda g: (ctx.sim(i, g), ctx.when(g)))
            ctx.add("contested", "correction",
                    f"{says(ctx.items[j])} {short(ctx.claim(j).text)}; {who(it)} rejects that "
                    f"figure: {short(ctx.claim(i).text, 90)}.", 0.8, [j, i])


def _deny_together(ctx: LedgerContext, i: int, group: list[int]) -> None:
    """One finding for a pointing-back denial and every claim of the side it answers."""
    d = ctx.items[i]
    first = ctx.items[group[-1]]
    ctx.add("contested", "denial",
            f"{says(first)} {short(ctx.claim(group[-1]).text)}; {who(d)} rejects this.",
            0.8, [*group, i])


def _accusation_of(ctx: LedgerContext, i: int) -> int | None:
    """'X accused Northvale of sitting on test results. Northvale denied withholding
    information.': a denial right after an accusation aimed at the denier answers it."""
    d = ctx.items[i]
    names = {re.sub(r"[’']s$", "", w) for w in re.findall(r"[A-Z][\w’'-]+",
                                                         f"{d.source} {d.party}")
             if w.lower() not in ("the", "a")}
    for j in range(i - 1, -1, -1):
        o = ctx.items[j]
        if o.passage.doc_id != d.passage.doc_id or d.passage.ordinal - o.passage.ordinal > 2:
            break
        if o.cue.lower().startswith(("accus", "blam", "alleg", "charg")) and \
                different_sides(o, d) and any(n in ctx.claim(j).text for n in names):
            return j
    return None


def named_target(ctx: LedgerContext, i: int) -> int | None:
    """'rejected the mayor's account', 'dismissed the union's claims', 'rejected a defence
    request': the denial names whose claim it answers; the nearest earlier claim of that source
    (or one told just after it, 'X had argued that ...', when that one is closer in meaning)."""
    d = ctx.items[i]
    pointed = [t for t in tokens(d, ctx.sents)
               if t.lemma_.lower() in ANAPHORIC | RULED_NOUNS]
    owners = [c for t in pointed for c in t.children if c.dep_ == "poss"]
    # "a defence request", "the union claim": a noun modifier that names a kind of side
    kind_owners = [c for t in pointed for c in t.children
                   if c.dep_ in ("compound", "amod") and c.i < t.i and body_kind(c.text)]
    if not owners and not kind_owners:
        return None
    figure = any(t.lemma_.lower() in FIGURE_NOUNS for t in pointed)
    owner_token = owners[0] if owners else kind_owners[0]
    owner = " ".join(t.text for t in owner_token.subtree).lower()
    owner = re.sub(r"[’']s$", "", owner).removeprefix("the ").strip()
    if not owner or owner in ("its", "their", "his", "her"):
        return None
    kind = body_kind(owner) if not owners else ""

    def owned(j: int, o: Extracted) -> bool:
        return j != i and o.stance != "denies" and o.cue != "no comment" and \
            (owner in o.source.lower() or owner in side_key(o)
             or (bool(kind) and o.side_kind == kind)) and different_sides(o, d) and \
            (not figure or bool(ctx.claim(j).quantities))

    candidates = [j for j, o in enumerate(ctx.items)
                  if o.passage.doc_id == d.passage.doc_id and owned(j, o)]
    if not candidates:
        # "dismissed the mayor's account": the account may be in an earlier report
        candidates = [j for j, o in enumerate(ctx.items)
                      if o.passage.doc_id != d.passage.doc_id and ctx.same_event(o, d)
                      and owned(j, o)]
    if not candidates:
        return None
    before = [j for j in candidates if ctx.items[j].start < d.start]
    pool = before or candidates
    if kind:
        # "rejected a defence request ... Keller had argued that ...": the request may be told
        # in the sentences right after the ruling
        pool = before + [j for j in candidates if ctx.items[j].start > d.start
                         and ctx.items[j].passage.doc_id == d.passage.doc_id
                         and ctx.items[j].passage.ordinal - d.passage.ordinal <= 1]
    return max(pool, key=lambda j: (ctx.sim(i, j), -abs(ctx.items[j].start - d.start)))


def _propagate(ctx: LedgerContext, target: int, denial: int, confidence: float) -> None:
    """Other statements of the denied version ('Turkish soldiers ... in the battle formations of
    terrorist groups') are contested by the same denial.

    Similarity alone cannot tell them apart from everything else the side said about the
    matter, so the other claim must also be about the denier's own people (its subject names
    the denier's state) and be told next to the denied one (or, in another document, be very
    close in meaning)."""
    base, d = ctx.items[target], ctx.items[denial]
    if not (base.side_kind == "state" and d.side_kind == "state"):
        return
    for j, sim in ctx.pairs.neighbours[target]:
        other = ctx.items[j]
        if j == denial or other.party != base.party or other.stance != "asserts" \
                or sim < PROPAGATE_SIM or other.neutral:
            continue
        same_doc = other.passage.doc_id == base.passage.doc_id
        near = same_doc and abs(other.passage.ordinal - base.passage.ordinal) <= PROPAGATE_WINDOW
        if not (near or (not same_doc and sim >= CORROBORATE_SIM
                         and ctx.same_event(base, other))):
            continue
        if d.party not in _subject_states(ctx, j) or modal(other, ctx.sents):
            continue
        ctx.add("contested", "denial",
                f"{says(other)} {short(ctx.claim(j).text)}; {who(d)} denies {base.party}'s "
                f"account.", confidence * (0.6 + 0.4 * sim), [j, denial])


def framings(ctx: LedgerContext) -> None:
    """Opposing states' versions of one violent incident, each naming the other: competing
    accounts even without a denial verb (a war report's usual shape)."""
    for i, j, sim in ctx.pairs.pairs():
        a, b = ctx.items[i], ctx.items[j]
        if sim < FRAME_SIM or (i, j) in ctx.linked or not opposed(a, b) \
                or not ctx.same_event(a, b) or a.side_kind != "state" or b.side_kind != "state":
            continue
        if a.stance != "asserts" or b.stance != "asserts":
            continue
        if not (b.party in _mentions(ctx, i) and a.party in _mentions(ctx, j)):
            continue
        if not (_INCIDENT.search(ctx.claim(i).text) and _INCIDENT.search(ctx.claim(j).text)):
            continue
        if modal(a, ctx.sents) or modal(b, ctx.sents):
            continue
        first, second = (i, j) if (a.passage.ordinal, a.start) <= (b.passage.ordinal,
                                                                  b.start) else (j, i)
        x, y = ctx.items[first], ctx.items[second]
        ctx.add("contested", "counter_version",
                f"Competing versions: {says(x)} {short(ctx.claim(first).text, 90)}, while "
                f"{says(y)} {short(ctx.claim(second).text, 90)}.", 0.35 + 0.5 * sim,
                [first, second])


def contradictions(ctx: LedgerContext) -> None:
    """Two sources' accounts of the same matter that cannot both hold, with no denial verb:
    'the sprinklers did not activate' / 'all fire-safety systems were working'. Candidates come
    by meaning; the decision is polarity, negation and antonymy on a shared matter
    (rag.ledger.polarity)."""
    cross = [(i, j, sim) for i, j, sim in ctx.pairs.pairs()
             if ctx.items[i].passage.doc_id != ctx.items[j].passage.doc_id]
    for i, j, sim in sorted(ctx.document_pairs() + cross):
        a, b = ctx.items[i], ctx.items[j]
        if sim < CONTRADICTION_SIM or (i, j) in ctx.linked or not different_sides(a, b):
            continue
        if not ctx.same_event(a, b) or "outlet" in (a.side_kind, b.side_kind):
            continue
        if a.stance == "denies" or b.stance == "denies" or a.disclaimer_of or b.disclaimer_of \
                or "no comment" in (a.cue, b.cue):
            continue
        if modal(a, ctx.sents) or modal(b, ctx.sents):
            continue
        found = clash(tokens(a, ctx.sents), tokens(b, ctx.sents))
        if found is None or (found < 1.0 and sim < WEAK_CLASH_SIM):
            continue
        first, second = (i, j) if ctx.when(i) <= ctx.when(j) else (j, i)
        x, y = ctx.items[first], ctx.items[second]
        ctx.add("contested", "contradiction",
                f"Accounts that cannot both hold: {says(x)} {short(ctx.claim(first).text, 90)}, "
                f"but {says(y)} {short(ctx.claim(second).text, 90)}.",
                0.45 + 0.4 * sim * found, [first, second])


def _denies_charges(ctx: LedgerContext, i: int) -> bool:
    """A plea ('pleaded not guilty to fraud') or a denial of a bare charge ('denies fraud'):
    it answers an accusation, not a statement of fact."""
    d = ctx.items[i]
    if d.cue.lower().startswith("plead"):
        return True
    toks = [t for t in tokens(d, ctx.sents) if not t.is_punct]
    return 0 < len(toks) <= 4 and not any(t.pos_ in ("VERB", "AUX") for t in toks) \
        and not any(t.lemma_.lower() in ANAPHORIC for t in toks)


def _anaphoric(ctx: LedgerContext, i: int) -> bool:
    words = re.findall(r"[a-z]+", ctx.claim(i).text.lower())
    return 0 < len(words) <= 6 and any(w.rstrip("s") in {a.rstrip("s") for a in ANAPHORIC}
                                       for w in words[-3:])


def _mentions(ctx: LedgerContext, i: int) -> set[str]:
    return {s for t in tokens(ctx.items[i], ctx.sents) for s in [state_of(t.text)] if s}


def _subject_states(ctx: LedgerContext, i: int) -> set[str]:
    """States named in the subjects of the claim's clauses ('Turkish troops were ...')."""
    found: set[str] = set()
    for token in tokens(ctx.items[i], ctx.sents):
        if token.dep_ in ("nsubj", "nsubjpass"):
            found |= {state_of(t.text) for t in token.subtree} - {""}
    return found
