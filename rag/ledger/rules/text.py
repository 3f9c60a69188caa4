"""How findings name their sides and quote their claims, and small readings of a claim's
tokens that several rule families share."""
from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from rag.ledger.attribution import Extracted
from rag.ledger.cues import cue_verb

_MODALS = {"will", "would", "could", "may", "might", "should", "can", "must"}
_FORECAST = {"expect", "likely", "forecast", "predict", "project", "set", "due"}
# sentence-initial words that read wrong capitalised after "X says ..."
_LOWER_FIRST = {"despite", "the", "a", "an", "all", "we", "it", "they", "there", "this", "that",
                "these", "those", "in", "on", "at", "some", "any", "our", "its", "his", "her",
                "their", "nearly", "more", "after", "before", "since", "when", "if", "as", "no",
                "none", "every", "each", "shares", "only", "about", "around"}


def short(text: str, limit: int = 110) -> str:
    text = " ".join(text.split()).strip()
    first = text.split(" ", 1)[0].strip("“”\"‘’")
    if first.lower() in _LOWER_FIRST and first[:1].isupper():
        at = text.index(first[0])
        text = text[:at] + text[at].lower() + text[at + 1:]
    if text.count("“") != text.count("”") or (text.startswith("“") and text.endswith("”")):
        text = text.replace("“", "").replace("”", "")   # a half quotation reads as an error
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:–- ") + "…"


def who(item: Extracted) -> str:
    """The source, with the side it speaks for when the name does not say it."""
    source = item.source
    side = item.party
    if side and side.lower() not in source.lower() and not item.neutral \
            and item.side_kind not in ("anonymous", "other", "person") \
            and not source.lower().endswith(side.lower()):
        return f"{source} ({side})"
    return source


def says(item: Extracted) -> str:
    """'Russia says', 'Turkish officials say', 'X accused', 'X put': the verb a summary needs."""
    if cue_verb(item.cue):
        return f"{who(item)} {item.cue}"
    last = item.source.split()[-1] if item.source.split() else ""
    plural = last.islower() and last.endswith("s") and not last.endswith("ss")
    return f"{who(item)} {'say' if plural else 'says'}"


def side_key(item: Extracted) -> str:
    return re.sub(r"\s+", " ", (item.party or item.source).lower()).strip()


def different_sides(a: Extracted, b: Extracted) -> bool:
    """Two claims whose sources speak for different bodies (any kind of body). An anonymous
    source is nobody's side but its own."""
    if a.source == b.source and a.passage.doc_id == b.passage.doc_id:
        return False
    if "anonymous" in (a.side_kind, b.side_kind) and a.side_kind != b.side_kind:
        return True
    return bool(side_key(a) and side_key(b) and side_key(a) != side_key(b))


def opposed(a: Extracted, b: Extracted) -> bool:
    """Two sources on different sides of a dispute: different bodies, neither an outlet nor an
    international body or monitor (whose word is nobody's version)."""
    return not (a.neutral or b.neutral) and different_sides(a, b) and bool(a.party and b.party)


def tokens(item: Extracted, sents: dict[str, Doc]) -> list[Token]:
    sent = sents[item.passage.passage_id]
    lo, hi = item.start - item.passage.start, item.end - item.passage.start
    return [t for t in sent if lo <= t.idx < hi]


def modal(item: Extracted, sents: dict[str, Doc]) -> bool:
    """A prediction or threat ('would end badly', 'will attack'), not a report of events."""
    toks = tokens(item, sents)
    roots = [t for t in toks if t.head not in toks or t.head is t]
    if any(c.dep_ == "aux" and c.lower_ in _MODALS for r in roots for c in r.children):
        return True
    # "was expected to fall", "is likely to rise": a forecast, whatever its tense
    return any(t.lemma_.lower() in _FORECAST and any(c.dep_ == "xcomp" for c in t.children)
               for t in toks)
