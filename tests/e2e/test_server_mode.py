"""The same code path against a `chroma run` server (RAG_CHROMA_HOST/RAG_CHROMA_PORT)."""
from __future__ import annotations

from pathlib import Path

import pytest

from rag.errors import IndexUnavailable
from rag.testing import chroma_server, free_port
from tests.conftest import copy_article


@pytest.mark.server
def test_ingest_and_retrieve_through_a_chroma_server(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from rag.config import load_config
    from rag.engine import Engine

    monkeypatch.setenv("RAG_INDEX_DIR", str(tmp_path / "index"))
    with chroma_server(tmp_path / "server-data") as server:
        monkeypatch.setenv("RAG_CHROMA_HOST", "127.0.0.1")
        monkeypatch.setenv("RAG_CHROMA_PORT", str(server.port))
        config = load_config()
        assert config.server_mode
        engine = Engine(config, auto_ingest=False)
        result = engine.ingest([copy_article(tmp_path / "in")])
        assert engine.store.count() == result[0]["n_passages"]
        assert type(engine.store.collection._client).__name__ != "PersistentClient"
        hits = engine.retrieve("Which warships did Russia deploy?", 5)
        assert any("Kalibr" in h.passage.text for h in hits[:3])
        again = engine.ingest([copy_article(tmp_path / "in")])
        assert again[0]["status"] == "unchanged"
        assert engine.store.count() == result[0]["n_passages"]
    # the embedded default keeps no trace of the server's data
    assert not (tmp_path / "index" / "chroma").exists()


def test_unreachable_server_gives_a_clear_error(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from rag.config import load_config
    from rag.engine import Engine

    monkeypatch.setenv("RAG_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("RAG_CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("RAG_CHROMA_PORT", str(free_port()))
    with pytest.raises(IndexUnavailable) as error:
        Engine(load_config(), auto_ingest=False)
    assert "not reachable" in str(error.value)
