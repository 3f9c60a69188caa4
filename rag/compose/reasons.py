"""Why the composer abstains: one name per reason, instead of matching free text.

The values are the reasons' opening words as rag.compose.answerability writes them (most add the
terms found: "names not in the article: China"), so `Abstention.of(reason)` names any reason it
or the composer produces, and the answer's wording is chosen on the name
(`tests/compose/test_reasons.py` fails when a reason is written that has no name here).
"""
from __future__ import annotations

from enum import StrEnum


class Abstention(StrEnum):
    NO_PASSAGE = "no passage matches the question"
    UNKNOWN_NAMES = "names not in the article"
    NEVER_MENTIONED = "the article never mentions"
    OTHER_SUBJECT = "the best passage is not about"
    NO_VALUE = "the article gives no"
    UNNAMED_ROLE = "the article does not name the"
    NO_OUTCOME = "the article does not say what"
    NOTHING_STANDS_OUT = "no sentence stands out"
    ONLY_INSTRUCTIONS = "the question holds only instructions"

    @classmethod
    def of(cls, reason: str) -> Abstention | None:
        """The reason's name; None for a reason this list does not know (worded generically)."""
        return next((kind for kind in cls if reason.startswith(kind.value)), None)
