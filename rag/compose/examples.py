"""Example questions made from what is loaded, never written for one article.

The page offers a few one-click questions; they must fit the article(s) in the index, so they
are read off the ledger and the text:
- the ledger's most confident dispute: "What does the company say about the sprinklers?";
- a headline figure: "How many people were injured?";
- always "What is disputed in this article?" (answered from the ledger, rag.compose.overview).
"""
from __future__ import annotations

import re

from rag.compose.nlp import parse
from rag.compose.overview import OVERVIEW_QUESTION
from rag.ledger.model import Ledger
from rag.records import Claim, Discrepancy, Passage

MAX_EXAMPLES = 4
_PRONOUNS = {"it", "they", "he", "she", "we", "i", "you", "this", "that", "these", "those",
             "them", "him", "her", "us", "there", "which", "who", "what"}
_GENERIC_PARTIES = {"anonymous", "other", "organisation", "person", ""}


def _side_label(claim: Claim) -> str:
    """How a question names a side: its proper name, or "the company", "the union"..."""
    party = (claim.party or "").strip()
    if party and party.lower() not in _GENERIC_PARTIES:
        if party[0].isupper():
            return party
        if len(party.split()) == 1:
            return f"the {party}"
    source = (claim.source or "").strip()
    if source and source[0].isupper() and len(source.split()) <= 4 and "," not in source:
        return source
    if claim.side_kind and claim.side_kind not in _GENERIC_PARTIES:
        return f"the {claim.side_kind}"
    return ""


def _topic(text: str, side: str) -> str:
    """The thing a claim is about: its first noun phrase that is not the speaker or a pronoun
    ("the sprinklers", "turnout")."""
    doc = parse(text[:300])
    side_words = {w.lower() for w in re.findall(r"\w+", side)}
    for chunk in doc.noun_chunks:
        words = [t for t in chunk if not t.is_punct]
        if not words or chunk.root.lower_ in _PRONOUNS or chunk.root.pos_ == "PRON":
            continue
        if {t.lower_ for t in words} & side_words or chunk.root.ent_type_ in ("PERSON",):
            continue
        if any(t.like_num for t in words) or len(words) > 5:
            continue
        phrase = doc[words[0].i:words[-1].i + 1].text   # as written: "fire-safety"
        phrase = re.sub(r"^(a|an|some|all|any|its|their|his|her|our)\s+", "the ", phrase,
                        flags=re.IGNORECASE)
        if not phrase.lower().startswith("the ") and chunk.root.pos_ != "PROPN":
            phrase = "the " + phrase
        return phrase
    return ""


def dispute_question(discrepancy: Discrepancy) -> str:
    """"What does <side> say about <topic>?" for the side that makes the disputed claim."""
    for claim in discrepancy.claims:
        if claim.stance != "asserts":
            continue
        side = _side_label(claim)
        topic = _topic(claim.text, side)
        if side and topic:
            return f"What does {side} say about {topic}?"
    return ""


def figure_question(passages: list[Passage]) -> str:
    """A question about the first figure the article leads with: "How many people were
    injured?" (counts with what happened to them), or "How much ...?" for money."""
    from rag.compose.focus import figures_in

    for passage in passages[:4]:
        for figure in figures_in([passage.clean_text]):
            if figure.unit == "money" and figure.noun:
                return f"How much {figure.noun} does the article report?"
            if figure.unit in ("", ) and figure.noun and figure.event:
                noun = figure.noun if figure.noun.endswith("s") or figure.noun == "people" \
                    else figure.noun + "s"
                return f"How many {noun} were {figure.event}?"
    for passage in passages[:4]:
        for figure in figures_in([passage.clean_text]):
            if figure.unit == "" and figure.noun and figure.noun.isalpha():
                noun = figure.noun if figure.noun.endswith("s") or figure.noun == "people" \
                    else figure.noun + "s"
                return f"How many {noun} does the article count?"
    return ""


def example_questions(ledger: Ledger, passages: dict[str, Passage],
                      documents: list[str]) -> list[str]:
    """Up to MAX_EXAMPLES questions about `documents` (most relevant first: pass the newest
    article first). Always ends with the overview question."""
    chosen: list[str] = []
    wanted = set(documents)
    by_doc: dict[str, list[Passage]] = {}
    for p in passages.values():
        by_doc.setdefault(p.doc_id, []).append(p)
    disputes = sorted((d for d in ledger.discrepancies
                       if any(c.doc_id in wanted for c in d.claims)),
                      key=lambda d: (d.kind != "contested", -d.confidence, d.id))
    for doc in documents:
        ordered = sorted(by_doc.get(doc, []), key=lambda p: p.ordinal)
        question = figure_question(ordered)
        if question and question not in chosen:
            chosen.append(question)
            break
    for discrepancy in disputes:
        if len(chosen) >= MAX_EXAMPLES - 1:
            break
        question = dispute_question(discrepancy)
        if question and question not in chosen:
            chosen.append(question)
    overview = OVERVIEW_QUESTION if len(documents) <= 1 else \
        "What is disputed in these articles?"
    return [*chosen[:MAX_EXAMPLES - 1], overview]
