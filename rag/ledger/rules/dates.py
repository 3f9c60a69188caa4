"""Dates: two sides give different dates for a one-time happening, without a denial verb: when
someone first learned or was first told of something ('first told about the cracks in March'
/ 'learned of the problem that November'). Only predicates of a first time qualify (learning,
finding out, being first told): a warning or a meeting can happen on many days."""
from __future__ import annotations

import re

from spacy.tokens import Token

from rag.ledger.attribution import Extracted
from rag.ledger.rules.context import LedgerContext
from rag.ledger.rules.text import different_sides, modal, says, short, tokens
from rag.lexicon import words

DATE_SIM = 0.3     # two claims about the same matter, told in different words
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")


def dates(ctx: LedgerContext) -> None:
    found: dict[int, list[tuple[str, str, str]]] = {}
    for i, it in enumerate(ctx.items):
        if it.stance == "asserts" and it.kind != "outlet" and not modal(it, ctx.sents):
            found[i] = [(month, year, _learner(it, subject))
                        for month, year, subject in _first_dates(tokens(it, ctx.sents))]
    for i, j, sim in sorted(ctx.document_pairs()):
        if not (found.get(i) and found.get(j)) or sim < DATE_SIM or (i, j) in ctx.linked:
            continue
        a, b = ctx.items[i], ctx.items[j]
        if not different_sides(a, b) or "outlet" in (a.side_kind, b.side_kind):
            continue
        if any(_differ(x, y) for x in found[i] for y in found[j]):
            ctx.add("contested", "dates",
                    f"Different dates: {says(a)} {short(ctx.claim(i).text, 90)}, but {says(b)} "
                    f"{short(ctx.claim(j).text, 90)}.", 0.45 + 0.4 * sim, [i, j])


def _learner(item: Extracted, subject: str) -> str:
    """Who learned: the subject's words, a pronoun ('it learned') read as the speaker."""
    if subject.lower() in ("it", "we", "they", "he", "she", "i", ""):
        return f"{item.party} {item.source}".lower()
    return subject.lower()


def _first_dates(claim_tokens: list[Token]) -> list[tuple[str, str, str]]:
    """(month, year, subject) of each first-time predicate of the claim that carries a date."""
    allowed = {t.i for t in claim_tokens}
    onset = words("polarity", "onset_predicates")
    repeatable = words("polarity", "first_time_predicates")
    out: list[tuple[str, str, str]] = []
    for token in claim_tokens:
        lemma = token.lemma_.lower()
        if token.pos_ != "VERB" or not (lemma in onset or (lemma in repeatable and any(
                c.lower_ == "first" for c in token.children))):
            continue
        nested = {t.i for c in token.children if c.dep_ in ("ccomp", "advcl", "conj")
                  for t in c.subtree}
        nested |= {t.i for t in token.subtree if t.dep_ in ("relcl", "acl")
                   for t in t.subtree}
        when = [t for t in token.subtree if t.i in allowed and t.i not in nested
                and t.ent_type_ == "DATE"]
        text = " ".join(t.lower_ for t in when)
        month = next((m for m in _MONTHS if re.search(rf"\b{m}\b", text)), "")
        year = next(iter(re.findall(r"\b(?:19|20)\d\d\b", text)), "")
        subject = next((" ".join(t.text for t in c.subtree) for c in token.children
                        if c.dep_ in ("nsubj", "nsubjpass")), "")
        if month or year:
            out.append((month, year, subject))
    return out


def _differ(x: tuple[str, str, str], y: tuple[str, str, str]) -> bool:
    """Different dates for one learner ('Norrvik was first told' / the company: 'it learned');
    two bodies that each learned on their own day do not disagree."""
    names = {w for w in re.findall(r"[a-z]{3,}", x[2]) if w not in ("the", "and")}
    if not names & set(re.findall(r"[a-z]{3,}", y[2])):
        return False
    if x[1] and y[1] and x[1] != y[1]:
        return True
    return bool(x[0] and y[0] and x[0] != y[0])
