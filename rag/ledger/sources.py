"""Who a source is: its kind (person, government, media, monitor, anonymous...) and its party.

The party is the side a source speaks for (Turkey, Russia, Syria...). It is read from the
source's own description ("Russia's defence ministry", "a senior Russian lawmaker"), from
well-known seats of power used as metonyms ("the Kremlin"), or, for a bare name, from how the
article introduces that person elsewhere ("Turkish President Recep Tayyip Erdogan").
"""
from __future__ import annotations

import re

from spacy.tokens import Span

from rag.ledger.quantities import _DEMONYMS

# Seats of power and capitals stand for their state in news prose ("the Kremlin said").
_METONYMS = {
    "kremlin": "Russia", "moscow": "Russia", "ankara": "Turkey", "damascus": "Syria",
    "white house": "United States", "pentagon": "United States", "washington": "United States",
    "state department": "United States", "tehran": "Iran", "beijing": "China",
    "downing street": "United Kingdom", "elysee": "France", "kyiv": "Ukraine", "kiev": "Ukraine",
}
_COUNTRY_ALIASES = {"us": "United States", "usa": "United States", "u.s.": "United States",
                    "united states": "United States", "uk": "United Kingdom", "britain":
                    "United Kingdom"}
# Bodies that speak for no belligerent: their word is not one side's version.
_NEUTRAL = re.compile(r"\b(UN|U\.N\.|United Nations|Secretary[- ]General|UNHCR|UNICEF|OCHA|"
                      r"Red Cross|Red Crescent|ICRC|WHO|Amnesty|Human Rights Watch|"
                      r"Observatory|monitor|watchdog|activists?|NATO|European Union|EU)\b")
_MONITOR = re.compile(r"\b(Observatory|monitor|watchdog|rights group|activists?|"
                      r"Human Rights Watch|Amnesty)\b", re.IGNORECASE)
_UN = re.compile(r"\b(UN|U\.N\.|United Nations|Secretary[- ]General|UNHCR|UNICEF|OCHA)\b")
_MEDIA = re.compile(r"\b(news agency|agency|television|TV|media|newspaper|daily|broadcaster|"
                    r"channel|outlet|reports?|radio|press)\b", re.IGNORECASE)
_GOVERNMENT = re.compile(r"\b(ministry|department|government|kremlin|presidency|office|cabinet|"
                         r"army|military|forces|fleet|command|spokesm[ae]n|spokeswoman|"
                         r"minister|president|governor|official|officials|lawmaker|ambassador|"
                         r"commander|general|authorities|prime minister|parliament)\b",
                         re.IGNORECASE)
# Anonymous sourcing spelled out, and the bare unnamed sources that amount to it.
EXPLICIT_ANONYMITY = re.compile(
    r"anonymity|anonymous|not authori[sz]ed to|declined to be (?:named|identified)|"
    r"on condition (?:that|of)|unnamed|speaking privately|who asked not to be named",
    re.IGNORECASE)
_UNNAMED_HEADS = {"official", "source", "diplomat", "officer", "aide", "insider", "person",
                  "people", "member", "figure", "resident"}


_COUNTRIES = {v.lower(): v for v in _DEMONYMS.values()
              if v not in ("regime", "government", "opposition")}


def normalise_party(word: str) -> str:
    key = word.lower().strip()
    key = re.sub(r"(’s|'s)$", "", key)
    key = re.sub(r"^the\s+", "", key)
    if key in _COUNTRIES:
        return _COUNTRIES[key]
    if key in _METONYMS:
        return _METONYMS[key]
    if key in _COUNTRY_ALIASES:
        return _COUNTRY_ALIASES[key]
    country = _DEMONYMS.get(key)
    if country and country not in ("regime", "government", "opposition"):
        return country
    return ""


def _head_part(span: Span) -> Span:
    """The description without trailing clauses ('..., reporting from the Turkish border')."""
    for token in span:
        if token.dep_ in ("acl", "relcl") and token.i > span.start:
            return span.doc[span.start:token.i]
    return span


def party_in(span: Span) -> str:
    """The first state named in a source description, or '' when there is none."""
    span = _head_part(span)
    text = span.text
    for key, country in _METONYMS.items():
        if re.search(rf"\b{re.escape(key)}\b", text, re.IGNORECASE):
            return country
    for ent in span.ents:
        if ent.label_ in ("GPE", "NORP"):
            # only states known by name or demonym: a province or a city ("officials in
            # Sindh") is a place, not a side, and must never make two sources "opposed"
            party = normalise_party(ent.text)
            if party:
                return party
    for token in span:
        party = normalise_party(token.text)
        if party:
            return party
    return ""


def source_kind(span: Span, outlet: str, relayed: bool = False) -> str:
    text = span.text
    if outlet and outlet.lower() in text.lower():
        # the outlet itself, or its own correspondent ("Al Jazeera's Hashem Ahelbarra")
        return "outlet" if not any(e.label_ == "PERSON" for e in span.ents) else "reporter"
    if is_anonymous(span, relayed):
        return "anonymous"
    if _UN.search(text):
        return "un"
    if _MONITOR.search(text):
        return "monitor"
    if _MEDIA.search(text) and span.root.ent_type_ != "PERSON":
        return "media"
    if any(e.label_ == "PERSON" for e in span.ents):
        return "person"
    if _GOVERNMENT.search(text) or any(e.label_ in ("GPE", "NORP") for e in span.ents):
        return "government"
    if any(e.label_ == "ORG" for e in span.ents):
        return "organisation"
    return "other"


def is_anonymous(span: Span, relayed: bool = False) -> bool:
    """Anonymous sourcing: spelled out ('who requested anonymity'), a single unnamed person
    ('an official', 'a source close to...'), any 'sources', or unnamed officials whose words
    reach the outlet only through other media ('media reports cited Turkish officials').

    A plain 'officials said' in the outlet's own reporting is ordinary attribution, not
    anonymity: flagging every one would bury the real cases."""
    if EXPLICIT_ANONYMITY.search(span.text):
        return True
    if any(e.label_ in ("PERSON", "ORG") for e in span.ents):
        return False
    heads = [t for t in span if t.head.i == t.i or t.head.i < span.start or t.head.i >= span.end]
    head = heads[0] if heads else span.root
    lemma = head.lemma_.lower()
    if lemma not in _UNNAMED_HEADS:
        return False
    if lemma == "source" or relayed:
        return True
    plural = head.tag_ in ("NNS", "NNPS")
    return not plural and any(t.lower_ in ("a", "an", "one", "another") for t in head.lefts)


def is_neutral(kind: str, text: str) -> bool:
    return kind in ("un", "monitor", "outlet", "reporter") or bool(_NEUTRAL.search(text))


def party_from_context(name: str, texts: list[str]) -> str:
    """Party of a bare name from how the article introduces it elsewhere.

    Looks a few words around each other mention ("Turkish President Recep Tayyip Erdogan",
    "Defence Minister Hulusi Akar and Turkish commanders"): a state named right there is the
    person's side far more often than not.
    """
    surname = name.split()[-1].rstrip("’'s") if name.split() else ""
    if len(surname) < 3:
        return ""
    for text in texts:
        for match in re.finditer(rf"\b{re.escape(surname)}\b", text):
            before = text[max(0, match.start() - 60):match.start()].split()[-5:]
            after = text[match.end():match.end() + 30].split()[:3]
            for word in list(reversed(before)) + after:
                party = normalise_party(word.strip(",.;:“”\"‘’()"))
                if party:
                    return party
    return ""
