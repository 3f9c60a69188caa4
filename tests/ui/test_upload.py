"""The upload handler over a real Engine: bad files are refused with the reader's message and
change nothing; a good file is added and its claims reach the ledger."""
from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from rag.config import load_config
from rag.ui.page_state import page_state
from rag.ui.upload import ingest_upload

if TYPE_CHECKING:
    from rag.engine import Engine

LIMIT = 4096


@pytest.fixture(scope="module")
def ui_engine(seed_index: Path, tmp_path_factory: pytest.TempPathFactory
              ) -> Iterator[Engine]:
    from rag.engine import Engine

    index = tmp_path_factory.mktemp("ui-upload") / "index"
    shutil.copytree(seed_index, index)
    config = dataclasses.replace(load_config(), index_dir=index, max_file_bytes=LIMIT)
    engine = Engine(config)
    yield engine
    engine.close()


def snapshot(engine: Engine) -> tuple[list[tuple[str, str]], dict]:
    return (sorted((d["doc_id"], d["sha256"]) for d in engine.documents()),
            engine.ledger().to_dict())


@pytest.mark.parametrize("name,data,expected", [
    ("empty.txt", b"", "empty"),
    ("blank.md", b"  \n\n \t", "empty"),
    ("binary.txt", b"\x00\x01\x02PK\x03\x04" * 20, "binary"),
    ("latin1.txt", "Caf\u00e9 officials said 12 people died.".encode("latin-1"), "UTF-8"),
    ("big.txt", b"Officials said people died. " * 400, "over the limit"),
    ("report.pdf", b"%PDF-1.4 officials said", "not a readable PDF"),
    ("statement.docx", b"%PDF-1.4 officials said", "a PDF with a .docx name"),
    ("memo.doc", b"\xd0\xcf\x11\xe0 officials said", "unsupported file type"),
    ("captions.txt", b"\n", "empty"),
])
def test_bad_file_is_refused_and_changes_nothing(ui_engine: Engine, tmp_path: Path, name: str,
                                                 data: bytes, expected: str) -> None:
    path = tmp_path / "gradio-tmp" / name
    path.parent.mkdir()
    path.write_bytes(data)
    before = snapshot(ui_engine)
    result = ingest_upload(ui_engine, str(path))
    assert not result.ok
    assert expected.lower() in result.message.lower()
    assert str(path.parent) not in result.message     # the user sees the file name only
    assert name in result.message
    assert 'role="alert"' in result.html()
    assert snapshot(ui_engine) == before


def test_no_file_chosen(ui_engine: Engine) -> None:
    assert not ingest_upload(ui_engine, None).ok


def test_good_file_is_added_and_the_page_updates(ui_engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "second-report.txt"
    path.write_text("Clashes near Saraqeb\n\nSource: Example Wire\n\n"
                    "The Syrian Observatory for Human Rights said 16 fighters were killed near "
                    "Saraqeb on Saturday. Turkey denied that its troops took part in the "
                    "fighting.\n", "utf-8")
    result = ingest_upload(ui_engine, str(path), source="Example Wire")
    assert result.ok, result.message
    assert "Added" in result.message
    state = page_state(ui_engine)
    assert "second-report" in {d["doc_id"] for d in state.documents}
    assert "Clashes near Saraqeb" in state.notice and "rag-doc-second-report" in state.viewer
    assert "Example Wire" in state.sources
    again = ingest_upload(ui_engine, str(path), source="Example Wire")
    assert again.ok and "unchanged" in again.message


def test_add_by_url_fetches_a_page_and_refusals_change_nothing(ui_engine: Engine) -> None:
    from rag.ui.upload import ingest_url
    from tests.fixture_server import serve_fixtures

    before = snapshot(ui_engine)
    assert not ingest_url(ui_engine, "  ").ok
    assert "http://" in ingest_url(ui_engine, "www.example.com/story").message
    assert "only http:// and https://" in ingest_url(ui_engine, "file:///etc/passwd").message
    with serve_fixtures() as base:
        url = f"{base}/files/northgate-courier-tram-vote.html"
        refused = ingest_url(ui_engine, url)      # the app does not reach loopback by default
        assert not refused.ok and "RAG_ALLOW_PRIVATE_URLS" in refused.message
        assert snapshot(ui_engine) == before
        limited = ui_engine.config
        # what RAG_ALLOW_PRIVATE_URLS=1 gives the app (and room for a whole saved page)
        allowed = dataclasses.replace(limited, allow_private_urls=True, max_file_bytes=5 << 20)
        ui_engine.config = ui_engine.store.config = allowed
        try:
            result = ingest_url(ui_engine, url)
        finally:
            ui_engine.config = ui_engine.store.config = limited
    assert result.ok, result.message
    assert "Northgate Courier, 2025-04-02" in result.message
    assert result.doc_ids == ("northgate-courier-tram-vote",)   # named by the URL path
