"""How a claim's reporting verb reads in a sentence about it (a summary, an answer's flag).

Kept apart from the rules, which import spaCy: the answer composer needs only this table.
"""
from __future__ import annotations

# Reporting verbs whose object is a noun phrase, not a clause: "put the turnout at 18,000" and
# "accused Baltmar of ..." cannot follow "says"; each with the present tense a flag reads in.
_NOUN_PHRASE_CUES = {
    "accused": "accuses", "accuses": "accuses", "accuse": "accuses",
    "blamed": "blames", "blames": "blames", "blame": "blames",
    "put": "puts", "puts": "puts", "gave": "gives", "gives": "gives", "give": "gives",
    "vowed": "vows", "vows": "vows", "pleaded": "pleads", "pleads": "pleads",
    "alleged": "alleges", "alleges": "alleges", "urged": "urges", "urges": "urges",
    "called": "calls", "calls": "calls", "promised": "promises", "promises": "promises",
    "offered": "offers", "offers": "offers",
}


def cue_verb(cue: str) -> str:
    """"puts" for a claim cued by "put" ("put the turnout at 18,000"), "accuses" for
    "accused": the verb the claim's words must follow; "" when "says" reads right."""
    first = cue.split()[0].lower() if cue.split() else ""
    return _NOUN_PHRASE_CUES.get(first, "")
