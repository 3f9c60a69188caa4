"""Whether two accounts of the same matter cannot both hold: opposite polarity on the same (or
an equivalent) predicate about a shared thing, or antonymous predicates about a shared thing.

Reads clauses off the spaCy parse of each claim. A clause is a predicate (a verb, or an
adjective said of something), its polarity (negated by 'not', 'never', 'no', 'nobody', or
governed by 'no evidence that ...') and the content words of its arguments. The words live in
`rag/lexicon/polarity.json`.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Token

from rag.lexicon import classes, load, words


@dataclass(frozen=True)
class Clause:
    predicate: str          # lemma
    negated: bool
    arguments: frozenset[str]   # lemmas of the content words the predicate is said of
    # how it happened ('started deliberately'): a negation may deny only that
    manner: frozenset[str] = frozenset()
    # "named" (a name is the subject), "others" ('none of them'), or ""
    subject: str = ""


@cache
def _antonyms() -> set[frozenset[str]]:
    return {frozenset(pair) for pair in load("polarity")["antonyms"]}


def _same_class(a: str, b: str) -> bool:
    table = classes("polarity", "predicate_classes")
    return a == b or (a in table and table.get(a) == table.get(b))


def _negated(token: Token, allowed: set[int]) -> bool:
    negators = words("polarity", "negators")
    if any(c.dep_ == "neg" or (c.lower_ in negators and c.dep_ in ("advmod", "det", "preconj")
                               and not _bound(c))
           for c in token.children):
        return True
    for child in token.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj"):
            if child.lower_ in words("polarity", "negative_subjects"):
                return True
            if any(d.dep_ == "det" and d.lower_ in ("no", "neither") and not _bound(d)
                   for d in child.children):
                return True
            # "not a single box", "not one vote": a negated quantifier on the argument
            if any(d.dep_ == "neg" or (d.lower_ == "not" and d.i < child.i)
                   for d in child.children):
                return True
    # "(found) no evidence that any crash was caused by ...": the clause under a denied noun
    node = token
    for _ in range(3):
        head = node.head
        if head is node:
            break
        if head.lemma_.lower() in words("polarity", "evidence_nouns") and any(
                d.lower_ in ("no", "little") and d.dep_ == "det" for d in head.children):
            return True
        if head.lemma_.lower() in words("polarity", "evidence_nouns") and any(
                d.dep_ == "neg" for d in head.head.children):
            return True      # "did not find evidence that ..."
        node = head
    return False


def _bound(token: Token) -> bool:
    """'no more than', 'no fewer than': a bound on a figure, not a negation."""
    following = token.doc[token.i + 1].lower_ if token.i + 1 < len(token.doc) else ""
    return token.lower_ == "no" and following in ("more", "less", "fewer", "longer", "later",
                                                   "earlier", "greater")


def _content(token: Token, allowed: set[int]) -> frozenset[str]:
    light = words("polarity", "light_words")
    out: set[str] = set()
    for child in token.children:
        if child.dep_ in ("neg", "aux", "auxpass", "mark", "punct", "cc"):
            continue
        for t in child.subtree:
            if t.i in allowed and t.pos_ in ("NOUN", "PROPN", "ADJ", "VERB") \
                    and t.lemma_.lower() not in light and len(t.lemma_) > 2 and t.i != token.i:
                out.add(t.lemma_.lower())
                if "-" in t.text:
                    out |= {p.lower() for p in t.text.split("-") if len(p) > 2}
    return frozenset(out)


def clauses(claim_tokens: list[Token]) -> list[Clause]:
    allowed = {t.i for t in claim_tokens}
    out: list[Clause] = []
    for token in claim_tokens:
        if token.pos_ == "VERB" or (token.pos_ == "AUX" and token.dep_ in ("ROOT", "ccomp",
                                                                           "conj")):
            predicate = _phrasal(token) or token.lemma_.lower()
            if predicate in words("polarity", "light_predicates"):
                # "received no warning", "was given no warning": the noun is the predicate
                nouns = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass", "attr")
                         and c.pos_ == "NOUN" and _same_class(c.lemma_.lower(),
                                                              c.lemma_.lower())]
                if nouns and classes("polarity", "predicate_classes").get(
                        nouns[0].lemma_.lower()):
                    predicate = nouns[0].lemma_.lower()
            if predicate == "be":
                # "the systems were working" is a verb; "the seals were intact" an adjective
                attrs = [c for c in token.children if c.dep_ in ("acomp", "attr")]
                if attrs:
                    predicate = attrs[0].lemma_.lower()
            out.append(Clause(predicate, _negated(token, allowed), _content(token, allowed),
                              _manner(token), _subject_kind(token)))
        elif token.pos_ == "ADJ" and token.dep_ in ("oprd", "acomp", "amod", "advcl") and \
                any(token.lemma_.lower() in pair for pair in _antonyms()):
            args = frozenset({token.head.lemma_.lower()}) if token.dep_ == "amod" else \
                _content(token.head, allowed)
            out.append(Clause(token.lemma_.lower(), _negated(token, allowed), args))
    return out


@cache
def _known_predicates() -> frozenset[str]:
    return frozenset(classes("polarity", "predicate_classes")) | frozenset(
        w for pair in load("polarity")["antonyms"] for w in pair)


def _phrasal(token: Token) -> str:
    """'kept out', 'shut down', 'turned away': the verb with its particle, when the lexicon
    knows the pair as a predicate of its own."""
    for child in token.children:
        if child.dep_ in ("prt", "prep", "advmod") and child.i == token.i + 1:
            pair = f"{token.lemma_.lower()} {child.lower_}"
            if pair in _known_predicates():
                return pair
    return ""


def _manner(token: Token) -> frozenset[str]:
    """Adverbs of manner on the predicate ('deliberately', 'properly'), not of time or degree."""
    return frozenset(c.lemma_.lower() for c in token.children
                     if c.dep_ == "advmod" and c.pos_ == "ADV" and c.lower_.endswith("ly")
                     and c.lower_ not in words("polarity", "negators")
                     and c.lower_ not in words("polarity", "not_manner"))


def _subject_kind(token: Token) -> str:
    """'Vollan tested positive' is said of a name; 'none of them tested positive' of a group
    the story sets apart ('at least 12 athletes ate the same meals and none of them ...')."""
    for child in token.children:
        if child.dep_ not in ("nsubj", "nsubjpass"):
            continue
        if child.pos_ == "PROPN" or child.ent_type_ in ("PERSON", "ORG"):
            return "named"
        if child.lower_ in words("polarity", "negative_subjects") and any(
                c.lower_ == "of" for c in child.children):
            return "others"
    return ""


def _compatible(x: Clause, y: Clause) -> bool:
    """Whether two clauses can be about the same happening at all."""
    if {x.subject, y.subject} == {"named", "others"}:
        return False
    # "no sign it had been started deliberately" denies the manner, not that it started
    if x.negated and not y.negated and x.manner - y.manner:
        return False
    if y.negated and not x.negated and y.manner - x.manner:
        return False
    return True


def clash(a: list[Token], b: list[Token]) -> float | None:
    """Strength (0-1) of the strongest clash between two claims' clauses, or None.

    A clash needs both a shared matter (an argument word in common, or the same predicate) and
    one of: opposite polarity on the same or an equivalent predicate; antonymous predicates
    with the same polarity."""
    best: float | None = None
    for x in clauses(a):
        for y in clauses(b):
            if not _compatible(x, y):
                continue
            shared = x.arguments & y.arguments
            antonym = frozenset((x.predicate, y.predicate)) in _antonyms()
            if x.negated != y.negated and _same_class(x.predicate, y.predicate):
                strength = 1.0 if shared else 0.5
            elif x.negated == y.negated and antonym:
                strength = 1.0 if shared else 0.0
            else:
                strength = 0.0
            if strength and (best is None or strength > best):
                best = strength
    return best
