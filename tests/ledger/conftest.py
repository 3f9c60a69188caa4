"""Shared fixtures: real spaCy, the bundled MiniLM, and short articles written to tmp_path."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from rag.document import build_document
from rag.ledger.build import build_ledger
from rag.ledger.model import Ledger
from rag.reader import read_article
from rag.records import Document

ARTICLE = Path(__file__).resolve().parents[2] / "data" / "articles" / \
    "aljazeera-idlib-2020-02-28.txt"


@pytest.fixture(scope="session")
def embed() -> Callable[[list[str]], np.ndarray]:
    from rag.embedding import get_embedder

    return get_embedder().embed


@pytest.fixture(scope="session")
def article_doc() -> Document:
    return build_document(read_article(ARTICLE, 5_000_000))


@pytest.fixture(scope="session")
def article_ledger(article_doc: Document, embed) -> Ledger:
    return build_ledger([article_doc], embed=embed)
