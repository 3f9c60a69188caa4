"""The composer's access to the shared spaCy pipeline: one parse at a time.

The app answers questions concurrently and a spaCy Language object is not safe to call from
several threads at once, so every parse in rag.compose goes through this lock.
"""
from __future__ import annotations

import threading
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

_LOCK = threading.Lock()


@lru_cache(maxsize=8192)
def parse(text: str) -> Doc:
    """The parse of a text; cached, since the same passages are checked for many questions
    (a Doc is only read afterwards, never changed)."""
    from rag.nlp import get_nlp

    nlp = get_nlp()
    with _LOCK:
        return nlp(text)


def parse_all(texts: list[str]) -> list[Doc]:
    return [parse(t) for t in texts]
