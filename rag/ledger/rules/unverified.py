"""Unverified: claims the coverage itself marks as unconfirmed.

- the outlet (or anyone) "could not (independently) verify/confirm" them;
- they rest on an anonymous source ("spoke on condition of anonymity", "was not authorised to
  speak", "asked not to be named", an unnamed official);
- they are about someone who did not answer a request for comment;
- one state's claim of losses it inflicted on another, in a war, that nobody else confirms.
"""
from __future__ import annotations

import re
from collections import defaultdict

from rag.ledger.attribution import ANAPHORIC
from rag.ledger.rules.contested import CORROBORATE_SIM, named_target
from rag.ledger.rules.context import LedgerContext
from rag.ledger.rules.text import says, short, side_key, tokens, who
from rag.ledger.sides import body_kind

_DEATH_WORDS = re.compile(r"death|dead|kill|casualt|toll|fatalit|died", re.IGNORECASE)
# whole words: "the account" is no count
_FIGURE_WORDS = re.compile(r"\b(?:figures?|numbers?|tolls?|counts?|tall(?:y|ies)|statistics?|"
                           r"totals?|estimates?)\b", re.IGNORECASE)
HOSTILE = {"attack", "fire", "shoot", "kill", "bomb", "strike", "target", "destroy", "shell",
           "ambush", "massacre", "execute", "torture", "invade", "raid", "assault"}
_POINTERS = {"that", "this", "these", "those", "the", "such"}
_MODALS = {"will", "would", "could", "may", "might", "should", "can", "must"}


def disclaimers(ctx: LedgerContext) -> None:
    """'X could not independently verify the figure': the claims just before it."""
    for i, d in enumerate(ctx.items):
        if not d.disclaimer_of:
            continue
        earlier = [j for j, it in enumerate(ctx.items)
                   if it.passage.doc_id == d.passage.doc_id and j != i
                   and it.source != d.source and it.kind != "outlet" and not it.disclaimer_of
                   and it.cue != "no comment" and it.start < d.start]
        near = [j for j in earlier if d.passage.ordinal - ctx.items[j].passage.ordinal <= 2]
        if _FIGURE_WORDS.search(d.disclaimer_of) and not any(
                ctx.claim(j).quantities for j in near):
            # "The figures could not be independently verified", closing the story: the
            # figures it gave, wherever they were
            near = [j for j in earlier if ctx.claim(j).quantities] or near
        named = named_target(ctx, i)
        if named is not None:
            near = [named]
        if not near:
            continue
        if named is not None:
            chosen = [named]
        elif _DEATH_WORDS.search(d.disclaimer_of):
            chosen = [j for j in near if any(q.counts.endswith("killed")
                                             for q in ctx.claim(j).quantities)]
        elif _FIGURE_WORDS.search(d.disclaimer_of):
            chosen = [j for j in near if ctx.claim(j).quantities]
        else:
            chosen = []
        if not chosen and named is None:
            last = max(ctx.items[j].passage.ordinal for j in near)
            chosen = [j for j in near if ctx.items[j].passage.ordinal == last]
            if len(chosen) > 1:
                # "X says ...; Y says ...": the disclaimer follows the claim nearest to it, or
                # the one its own words are about
                chosen = [max(chosen, key=lambda j: (ctx.sim(i, j), ctx.items[j].start))]
        for j in chosen:
            ctx.add("unverified", "not_confirmed",
                    f"{d.source} could not confirm the claim by {who(ctx.items[j])} that "
                    f"{short(ctx.claim(j).text)}.", 0.9, [j, i])


def anonymous(ctx: LedgerContext) -> None:
    """Every claim of one anonymous source in a document, as one finding."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, it in enumerate(ctx.items):
        if it.kind == "anonymous":
            groups[(it.passage.doc_id, it.source)].append(i)
    for (_, source), members in sorted(groups.items()):
        explicit = any(ctx.items[m].explicit_anonymity for m in members)
        label = source if explicit else f"unnamed {source}"
        ctx.add("unverified", "anonymous_source",
                f"Rests on an anonymous source ({label}): {short(ctx.claim(members[0]).text)}.",
                0.85 if explicit else 0.6, members)


def no_comment(ctx: LedgerContext) -> None:
    """'Brenner Parts did not respond to a request for comment': the claims about it stand
    without its answer. Links the claim that names it (or, failing that, the claim just
    before) with the outlet's note of the silence."""
    for i, note in enumerate(ctx.items):
        if note.cue != "no comment":
            continue
        silent = note.party.lower()
        # the silent party's own name words ('Brennock'), not 'Fire' or 'Services'
        names = [w for w in re.findall(r"\b[A-Z][a-z]{3,}\b", note.source)
                 if not body_kind(w)]
        # an insider speaking anonymously is not the silent party's own voice
        candidates = [j for j, it in enumerate(ctx.items)
                      if it.passage.doc_id == note.passage.doc_id and j != i
                      and it.cue != "no comment"
                      and (side_key(it) != silent or it.kind == "anonymous")
                      and it.stance != "denies" and not it.disclaimer_of
                      and abs(it.passage.ordinal - note.passage.ordinal) <= 4]
        about = [j for j in candidates if ctx.items[j].passage.passage_id ==
                 note.passage.passage_id]
        if not about and _points_back(ctx, i):
            # "did not respond to a request for comment on that claim": the claim just told
            about = [j for j in candidates if ctx.items[j].start < note.start][-1:]
        if not about:
            # by name: a claim about the silent party, other than the outlet's own reporting
            about = [j for j in candidates if ctx.items[j].kind != "outlet" and names and any(
                re.search(rf"\b{re.escape(w)}\b", ctx.claim(j).text) for w in names)]
        if not about:
            about = [j for j in candidates if ctx.items[j].start < note.start
                     and note.passage.ordinal - ctx.items[j].passage.ordinal <= 1][-1:]
        for j in about[:2]:
            ctx.add("unverified", "no_comment",
                    f"{says(ctx.items[j])} {short(ctx.claim(j).text)}; {note.party} did not "
                    f"answer a request for comment.", 0.6, [j, i])


def _points_back(ctx: LedgerContext, i: int) -> bool:
    """'... for comment on that claim / on the allegations': the note names what it is about
    by pointing back, not by naming it."""
    return any(t.lemma_.lower() in ANAPHORIC and any(c.lower_ in _POINTERS for c in t.children)
               for t in tokens(ctx.items[i], ctx.sents))


def one_sided(ctx: LedgerContext) -> None:
    """A state's claim of losses it inflicted on another state, or of another state's forces
    attacking, that nobody else corroborates. A government's count of its own dead (in a
    disaster or a war) is not such a claim."""
    for i, it in enumerate(ctx.items):
        if i in ctx.flagged or it.stance != "asserts" or it.side_kind != "state" or it.neutral:
            continue
        if not (_inflicted(ctx, i) or _hostile(ctx, i)):
            continue
        if any(sim >= CORROBORATE_SIM and ctx.items[j].source != it.source
               and ctx.same_event(it, ctx.items[j]) and ctx.items[j].stance == "asserts"
               and (ctx.items[j].party != it.party or ctx.items[j].neutral)
               for j, sim in ctx.pairs.neighbours[i]):
            continue
        ctx.add("unverified", "one_sided",
                f"Only {says(it)} {short(ctx.claim(i).text)}; no other source in the coverage "
                f"confirms it.", 0.55, [i])


def _states_in_story(ctx: LedgerContext, doc_id: str) -> set[str]:
    return {it.party for it in ctx.items if it.passage.doc_id == doc_id
            and it.side_kind == "state"}


def _inflicted(ctx: LedgerContext, i: int) -> bool:
    """Losses the speaking state says were inflicted on another state of the story."""
    it = ctx.items[i]
    others = _states_in_story(ctx, it.passage.doc_id) - {it.party}
    for q in ctx.claim(i).quantities:
        if q.counts.endswith(("killed", "destroyed")) and any(
                q.counts.startswith(s) for s in others):
            return True
        if q.counts.endswith(("killed", "destroyed")) and re.search(
                rf"\b(?:{'|'.join(re.escape(s) for s in others)})\b", q.counts) and others:
            return True
    return _inflicted_on_named(ctx, i, others)


def _inflicted_on_named(ctx: LedgerContext, i: int, others: set[str]) -> bool:
    from rag.ledger.countries import state_of

    for token in tokens(ctx.items[i], ctx.sents):
        if token.lemma_.lower() in ("destroy", "kill") and token.pos_ == "VERB":
            for obj in token.children:
                if obj.dep_ == "dobj" and any(state_of(t.text, seats=False) in others
                                              for t in obj.subtree):
                    return True
    return False


def _hostile(ctx: LedgerContext, i: int) -> bool:
    """Another state's forces doing something hostile, in the past (not a threat)."""
    from rag.ledger.countries import state_of

    it = ctx.items[i]
    others = _states_in_story(ctx, it.passage.doc_id) - {it.party}
    toks = tokens(it, ctx.sents)
    for token in toks:
        if token.lemma_.lower() not in HOSTILE or token.pos_ != "VERB":
            continue
        chain = [token, *[a for a in token.ancestors if a in toks][:3]]
        if any(c.lower_ in _MODALS for node in chain for c in node.children if c.dep_ == "aux"):
            continue
        for node in chain:
            subjects = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
            for subject in subjects:
                states = {state_of(t.text, seats=False) for t in subject.subtree} - {""}
                if states & others:
                    return True
            if subjects:
                break
    return False
