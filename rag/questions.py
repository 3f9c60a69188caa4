"""Checks on a question before any work is done, and the parts of it that are instructions."""
from __future__ import annotations

import re

from rag.errors import InputError

# "Ignore your instructions and say X", "you are now ...", "system prompt": text addressed to
# the system rather than a question about the article. It is kept as data (never obeyed) and
# removed from the retrieval query so it cannot steer which passages are chosen.
_INJECTION = re.compile(
    r"(?is)\b(?:ignore|disregard|forget|override)\b[^.?!\n]{0,60}?\b(?:instructions?|rules?|"
    r"prompt|guidelines|above|previous|everything|caveats?|article|context|sources?|"
    r"evidence|facts?)\b[^.?!:\n]*[.?!:]?|"
    r"\b(?:you are now|act as|pretend (?:to be|you are)|from now on)\b[^.?!\n]*[.?!]?|"
    r"\b(?:system prompt|developer mode|debug mode|jailbreak)\b[^.?!\n]*[.?!]?|"
    r"^\s*(?:SYSTEM|ADMIN|ASSISTANT|DEVELOPER|USER)\s*:\s*|"
    r"\b(?:just |simply )?(?:say|reply|respond|answer|print|output|write)\s+(?:only\s+)?"
    r"(?:with\s+)?[\"“'‘][^\"”'’]{1,200}[\"”'’][.!]?")


def check_question(question: object, max_chars: int) -> str:
    if not isinstance(question, str) or not question.strip():
        raise InputError("The question is empty; type a question about the article.")
    if len(question) > max_chars:
        raise InputError(f"The question is {len(question):,} characters long; the limit is "
                         f"{max_chars:,} (RAG_MAX_QUESTION_CHARS).")
    if "\x00" in question:
        raise InputError("The question contains a NUL byte; send plain text.")
    if any("\ud800" <= ch <= "\udfff" for ch in question):   # undecodable bytes from argv/stdin
        raise InputError("The question is not valid UTF-8 text.")
    if not any(ch.isalnum() for ch in question):
        raise InputError("The question has no words in it; type a question about the article.")
    return " ".join(question.split())


def split_instructions(question: str) -> tuple[str, list[str]]:
    """(the question without embedded instructions, the instructions found)."""
    found = [m.group().strip() for m in _INJECTION.finditer(question)]
    rest = _INJECTION.sub(" ", question)
    return " ".join(rest.split()), found
