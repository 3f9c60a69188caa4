"""Fixtures for the LLM tests: the replay server, the bundled embedder, the test article."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from rag.config import Config
from rag.records import Passage
from tests.llm.llm_replay import RecordedServer, article_passages, openai_config


@pytest.fixture
def server() -> Iterator[RecordedServer]:
    with RecordedServer() as srv:
        yield srv


@pytest.fixture(scope="session")
def embed():
    from rag.embedding import get_embedder

    embedder = get_embedder()
    return embedder.embed


@pytest.fixture
def passages() -> list[Passage]:
    return article_passages()


@pytest.fixture
def make_config(monkeypatch: pytest.MonkeyPatch):
    def make(base_url: str, timeout_s: float = 10.0) -> Config:
        return openai_config(monkeypatch, base_url, timeout_s)
    return make
