"""Readers see the old index or the new one, never a half-built one, and never wait for a
writer; writes are serialised by one lock; a read-only engine writes nothing."""
from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from rag.errors import ReadOnlyError
from rag.ledger.model import Ledger
from rag.ledger.persistence import LedgerFiles, Versions
from rag.records import Document
from rag.ui.page_state import page_state
from tests.conftest import FERRY, FERRY_LAST

NEW_DOC = FERRY_LAST
NEW_QUESTION = "What did Sweden say about the mine claim?"


def gate_ledger(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """Hold the next ledger rebuild until released (the real rebuild then runs)."""
    started, release = threading.Event(), threading.Event()
    real = LedgerFiles.rebuild

    def gated(self: LedgerFiles, documents: list[Document], versions: Versions) -> Ledger:
        started.set()
        assert release.wait(300)
        return real(self, documents, versions)

    monkeypatch.setattr(LedgerFiles, "rebuild", gated)
    return started, release


def test_questions_see_the_old_index_until_the_new_one_is_complete(
        ferry_engine, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = ferry_engine
    old_view = engine.view()
    old_docs = {d["doc_id"] for d in engine.documents()}
    old_ledger = engine.ledger().to_dict()
    engine.ask("How many people were killed in the ferry blast?")   # warm: composer built
    started, release = gate_ledger(monkeypatch)
    writer = threading.Thread(target=engine.ingest, args=([FERRY / f"{NEW_DOC}.txt"],))
    writer.start()
    try:
        assert started.wait(300)
        # Mid-ingest: the new document's passages are in Chroma and the manifest on disk already
        # names it; only its ledger is missing. Readers must not see any of it yet.
        on_disk = json.loads((engine.store.root / "manifest.json").read_text("utf-8"))
        assert NEW_DOC in on_disk["documents"]
        assert engine.store.stored_ids([NEW_DOC])[NEW_DOC]

        answers: list = []
        reader = threading.Thread(target=lambda: answers.append(engine.ask(NEW_QUESTION)))
        reader.start()
        reader.join(120)
        assert not reader.is_alive(), "a question waited for the writer"
        assert all(c.doc_id != NEW_DOC for c in answers[0].citations)
        assert {d["doc_id"] for d in engine.documents()} == old_docs
        assert engine.ledger().to_dict() == old_ledger
        hits = engine.retrieve("Sweden rejects mine claim after the ferry disaster", 10)
        assert hits and all(h.passage.doc_id != NEW_DOC for h in hits)
        state = page_state(engine)
        assert {d["doc_id"] for d in state.documents} == old_docs
        assert NEW_DOC not in state.viewer
    finally:
        release.set()
        writer.join(300)
    assert not writer.is_alive()

    new_view = engine.view()
    assert new_view is not old_view and new_view.warmed   # swapped in ready to answer
    assert NEW_DOC in {d["doc_id"] for d in engine.documents()}
    assert NEW_DOC in {c.doc_id for c in engine.ledger().claims}
    answer = engine.ask(NEW_QUESTION)
    assert NEW_DOC in {c.doc_id for c in answer.citations}
    # a view taken before the write is still whole: a question in flight finishes on it
    assert NEW_DOC not in old_view.doc_ids()
    assert {p.doc_id for p in old_view.passages()} == old_docs
    assert old_view.ledger().to_dict() == old_ledger


def test_writers_queue_on_one_lock(ferry_engine, monkeypatch: pytest.MonkeyPatch,
                                   tmp_path: Path) -> None:
    engine = ferry_engine
    started, release = gate_ledger(monkeypatch)
    other = tmp_path / "other.txt"
    other.write_text("Harbour reopens in Kristiansand\n\nThe port authority said the harbour "
                     "of Kristiansand reopened on Monday after divers cleared the wreck.\n",
                     "utf-8")
    first = threading.Thread(target=engine.ingest, args=([FERRY / f"{NEW_DOC}.txt"],))
    first.start()
    assert started.wait(300)
    started.clear()
    second = threading.Thread(target=engine.ingest, args=([other],))
    second.start()
    second.join(3)
    # the second writer has not reached its ledger step, nor even its manifest switch
    assert not started.is_set()
    on_disk = json.loads((engine.store.root / "manifest.json").read_text("utf-8"))
    assert "other" not in on_disk["documents"]
    release.set()
    first.join(300)
    second.join(300)
    assert {NEW_DOC, "other"} <= {d["doc_id"] for d in engine.documents()}
    assert {NEW_DOC, "other"} <= {c.doc_id for c in engine.ledger().claims}


def test_a_failed_write_is_rolled_back_and_readers_never_see_it(
        ferry_engine, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = ferry_engine
    before = engine.view()

    def broken(self: LedgerFiles, documents: list[Document], versions: Versions) -> Ledger:
        raise RuntimeError("the ledger builder crashed")

    monkeypatch.setattr(LedgerFiles, "rebuild", broken)
    with pytest.raises(RuntimeError, match="crashed"):
        engine.ingest([FERRY / f"{NEW_DOC}.txt"])
    assert engine.view() is before
    assert NEW_DOC not in {d["doc_id"] for d in engine.store.documents()}
    assert not engine.store.stored_ids([NEW_DOC])[NEW_DOC]
    assert not list((engine.store.root / "docs").glob(f"{NEW_DOC}.*"))


def test_read_only_engine_refuses_every_ingest(ferry_engine, tmp_path: Path) -> None:
    from rag.engine import Engine

    reader = Engine(ferry_engine.config, read_only=True)
    before = json.dumps(reader.store.manifest(), sort_keys=True)
    with pytest.raises(ReadOnlyError, match="read-only"):
        reader.ingest([FERRY / f"{NEW_DOC}.txt"])
    with pytest.raises(ReadOnlyError):
        reader.ingest_shipped()
    assert json.dumps(reader.store.manifest(), sort_keys=True) == before
    assert reader.ask("How many people were killed in the ferry blast?").citations
    assert page_state(reader).exports   # the ledger exports still work


def test_read_only_engine_does_not_fill_an_empty_index(index_env: Path) -> None:
    from rag.config import load_config
    from rag.engine import Engine

    engine = Engine(load_config(), read_only=True)   # auto_ingest would add data/articles
    assert engine.documents() == []
    assert not (index_env / "manifest.json").exists()
