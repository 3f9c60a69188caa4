"""Ingest: idempotent, replaces changed files, refuses bad input without touching the index."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from rag.errors import InputError
from tests.conftest import ARTICLE, copy_article


def snapshot(engine) -> tuple[list[str], str, int]:
    """What must not change when an input is refused: stored ids, manifest, passage count."""
    ids = sorted(engine.store.collection.get(include=[])["ids"])
    manifest = json.dumps(engine.store.manifest(), sort_keys=True)
    return ids, manifest, engine.store.count()


def test_ingest_then_reingest_unchanged_adds_nothing(fresh_engine, tmp_path: Path) -> None:
    path = copy_article(tmp_path / "in")
    first = fresh_engine.ingest([path])
    assert first[0]["status"] == "added"
    before = snapshot(fresh_engine)
    again = fresh_engine.ingest([path])
    assert again[0]["status"] == "unchanged"
    assert snapshot(fresh_engine) == before
    assert before[2] == first[0]["n_passages"] > 40


def test_changed_file_replaces_its_passages(fresh_engine, tmp_path: Path) -> None:
    path = copy_article(tmp_path / "in")
    fresh_engine.ingest([path])
    old_ids = set(snapshot(fresh_engine)[0])
    text = path.read_text("utf-8").replace("At least 33 Turkish soldiers",
                                           "At least 34 Turkish soldiers")
    path.write_text(text, "utf-8")
    result = fresh_engine.ingest([path])
    assert result[0]["status"] == "replaced"
    new_ids = set(snapshot(fresh_engine)[0])
    assert len(new_ids) == result[0]["n_passages"]
    assert old_ids != new_ids
    doc_text = fresh_engine.document_text(result[0]["doc_id"])
    assert doc_text == text
    for p in fresh_engine.passages():
        assert doc_text[p.start:p.end] == p.text
    assert any("34 Turkish soldiers" in p.text for p in fresh_engine.passages())
    assert not any("33 Turkish soldiers" in p.text for p in fresh_engine.passages())


def test_shipped_article_is_ingested_on_first_use(index_env: Path) -> None:
    from rag.config import load_config
    from rag.engine import Engine

    engine = Engine(load_config())
    docs = engine.documents()
    assert [d["doc_id"] for d in docs] == ["aljazeera-idlib-2020-02-28"]
    copy = index_env / docs[0]["copy"]
    assert copy.read_bytes() == ARTICLE.read_bytes()


def _bad_inputs(tmp: Path) -> dict[str, tuple[Path, str]]:
    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / "empty.txt").write_bytes(b"")
    (tmp / "blank.txt").write_bytes(b"  \n\t\n  ")
    (tmp / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (tmp / "latin1.txt").write_bytes("Caf\xe9 cr\xe8me said the officials.".encode("latin-1"))
    with open(tmp / "huge.txt", "wb") as handle:
        handle.write(b"Officials said the toll rose. " * (50 * 1024 * 1024 // 30 + 1))
    (tmp / "nobody").mkdir(exist_ok=True)
    (tmp / "nobody" / "notes.csv").write_text("a,b\n", "utf-8")
    (tmp / "only-headline.txt").write_text("A headline without a body\n", "utf-8")
    (tmp / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    return {
        "missing": (tmp / "does-not-exist.txt", "no such file"),
        "empty dir": (tmp / "nobody", "holds no articles"),
        "empty": (tmp / "empty.txt", "empty"),
        "whitespace": (tmp / "blank.txt", "empty"),
        "binary": (tmp / "binary.txt", "binary"),
        "non-utf8": (tmp / "latin1.txt", "UTF-8"),
        "50 MB": (tmp / "huge.txt", "over the limit"),
        "no body": (tmp / "only-headline.txt", "no article body"),
        "wrong type": (tmp / "image.png", "unsupported file type"),
    }


@pytest.mark.parametrize("case", ["missing", "empty dir", "empty", "whitespace", "binary",
                                  "non-utf8", "50 MB", "no body", "wrong type"])
def test_bad_input_is_refused_and_changes_nothing(fresh_engine, tmp_path: Path,
                                                  case: str) -> None:
    fresh_engine.ingest([copy_article(tmp_path / "good")])
    before = snapshot(fresh_engine)
    path, expected = _bad_inputs(tmp_path / "bad")[case]
    with pytest.raises(InputError) as error:
        fresh_engine.ingest([path])
    message = str(error.value)
    assert expected in message and "\n" not in message
    assert snapshot(fresh_engine) == before


def test_one_bad_file_in_a_batch_changes_nothing(fresh_engine, tmp_path: Path) -> None:
    before = snapshot(fresh_engine)
    good = copy_article(tmp_path / "good")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(InputError):
        fresh_engine.ingest([good, bad])
    assert snapshot(fresh_engine) == before


@pytest.mark.parametrize("question,expected", [
    ("", "empty"), ("   \n ", "empty"), ("x" * 1_000_000, "limit"), ("why\x00", "NUL"),
    ("caf\udce9?", "UTF-8"), ("?!… ——", "no words")])
def test_bad_questions_get_a_clear_message(engine, question: str, expected: str) -> None:
    before = snapshot(engine)
    with pytest.raises(InputError) as error:
        engine.ask(question)
    assert expected in str(error.value)
    assert snapshot(engine) == before
