"""Shared fixtures: real Chroma, the real bundled model, temporary index folders."""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from rag.testing import engine_at

if TYPE_CHECKING:
    from rag.engine import Engine

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
# One ONNX export of the embedding model for the whole session (child processes inherit it),
# instead of one in every temporary index folder.
if "RAG_MODEL_CACHE" not in os.environ:
    os.environ["RAG_MODEL_CACHE"] = tempfile.mkdtemp(prefix="rag-test-models-")
    atexit.register(shutil.rmtree, os.environ["RAG_MODEL_CACHE"], ignore_errors=True)

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "data" / "articles" / "aljazeera-idlib-2020-02-28.txt"
ARTICLE_SHA256 = "072618bd2597d8ebb822f9aa9466d34f4abbd5ba1d2d307a6fd6629c8b4925d4"
# Four reports of one ferry blast by three outlets over three days
FERRY = ROOT / "tests" / "data" / "ferry"
FERRY_LAST = "south-post-2031-05-01"   # the report the write-path tests ingest themselves


@pytest.fixture(scope="session")
def article_text() -> str:
    return ARTICLE.read_bytes().decode("utf-8")


@pytest.fixture(scope="session")
def shared_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One index over the shipped article, built once per test session (read-only use)."""
    return tmp_path_factory.mktemp("shared-index")


@pytest.fixture(scope="session")
def engine(shared_index: Path) -> Engine:
    """An Engine over the shipped article; tests must not ingest into it."""
    return engine_at(shared_index)


@pytest.fixture()
def index_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty index folder selected through RAG_INDEX_DIR."""
    index = tmp_path / "index"
    monkeypatch.setenv("RAG_INDEX_DIR", str(index))
    monkeypatch.delenv("RAG_CHROMA_HOST", raising=False)
    monkeypatch.delenv("RAG_CHROMA_PORT", raising=False)
    return index


@pytest.fixture()
def fresh_engine(index_env: Path) -> Engine:
    """An Engine on an empty private index (no auto-ingest)."""
    return engine_at(index_env, auto_ingest=False)


@pytest.fixture()
def ferry_engine(index_env: Path, tmp_path: Path) -> Engine:
    """An engine over three of the four ferry reports; the tests ingest FERRY_LAST."""
    first = tmp_path / "first"
    first.mkdir()
    for path in FERRY.glob("*.txt"):
        if path.stem != FERRY_LAST:
            shutil.copy(path, first / path.name)
    engine = engine_at(index_env, auto_ingest=False)
    engine.ingest([first])
    return engine


def copy_article(dest_dir: Path, name: str = "article.txt") -> Path:
    dest_dir.mkdir(parents=True, exist_ok=True)
    target = dest_dir / name
    shutil.copyfile(ARTICLE, target)
    return target
