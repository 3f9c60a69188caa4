"""Follow-up questions: "What did Turkey say about that?" is read against the earlier turns."""
from __future__ import annotations

import re

from rag.compose.terms import content_terms
from rag.records import Turn

_ANAPHORA = re.compile(
    r"\b(that|this|these|those|it|its|they|them|their|he|him|his|she|her|the same|the claim|"
    r"the figure|the number|the toll|the strike|the attack|the statement|the denial|"
    r"the other side)\b", re.IGNORECASE)
_FOLLOWUP_OPENERS = re.compile(r"^\s*(and|but|so|also|what about|how about|why|who else|"
                               r"anything else|and what|what else)\b", re.IGNORECASE)


def is_followup(question: str) -> bool:
    return bool(_ANAPHORA.search(question) or _FOLLOWUP_OPENERS.match(question)
                or len(content_terms(question)) <= 1)


def retrieval_query(question: str, history: list[Turn]) -> str:
    """The text to retrieve with: the question, plus the previous question when it refers back.

    Only the earlier *question* is added, not the earlier answer: answers quote passages, and
    adding them would pull retrieval back to the passages already shown.
    """
    if not history or not is_followup(question):
        return question
    previous_question = history[-1][0]
    return f"{previous_question} {question}"
