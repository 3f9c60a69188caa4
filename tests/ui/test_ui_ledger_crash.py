"""A process killed (SIGKILL) while it rebuilds the ledger after an ingest: the next start of
the app finds the ledger stale, rebuilds it, and nothing is lost."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rag import audit
from tests.conftest import ARTICLE
from tests.ui.conftest import ROOT, start_app, stop_app
from tests.ui.test_ui_concurrency import inspect

pytestmark = pytest.mark.slow

N_DOCS = 6


def write_corpus(folder: Path) -> list[str]:
    folder.mkdir(parents=True)
    body = ARTICLE.read_text("utf-8")
    for i in range(N_DOCS):   # distinct documents, each with the article's claims
        (folder / f"copy-{i:02d}.txt").write_text(
            body.replace("33 Turkish", f"{i + 40} Turkish"), "utf-8")
    return [f"copy-{i:02d}" for i in range(N_DOCS)]


def read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text("utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def kill_during_ledger_rebuild(index: Path, corpus: Path, new: list[str]) -> None:
    """Start `rag ingest` and SIGKILL it once the new documents are in the manifest and the
    ledger rebuild has begun (their parses are cached) but has not been saved."""
    env = {**os.environ, "RAG_INDEX_DIR": str(index), "HF_HUB_OFFLINE": "1"}
    process = subprocess.Popen([sys.executable, "-m", "rag", "ingest", str(corpus)], cwd=ROOT,
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 600
    try:
        while time.monotonic() < deadline and process.poll() is None:
            documents = read_json(index / "manifest.json").get("documents", {})
            parsed = any((index / "ledger-cache").glob(f"{new[0]}.*.spacy"))
            saved = read_json(index / "ledger.corpus.json")
            if set(new) <= set(documents) and parsed and not set(new) & set(saved):
                os.kill(process.pid, signal.SIGKILL)
                break
            time.sleep(0.02)
    finally:
        if process.poll() is None and time.monotonic() >= deadline:
            process.kill()
        process.wait()
    assert process.returncode == -signal.SIGKILL, "the ingest ended before it could be killed"


def test_a_kill_during_the_ledger_rebuild_loses_nothing(seed_index: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    shutil.copytree(seed_index, index)
    new = write_corpus(tmp_path / "corpus")
    kill_during_ledger_rebuild(index, tmp_path / "corpus", new)

    # On disk: the documents went in, the ledger is the one from before them.
    documents = read_json(index / "manifest.json")["documents"]
    assert set(new) <= set(documents)
    assert read_json(index / "ledger.corpus.json") != {d: m["sha256"]
                                                       for d, m in documents.items()}
    assert not set(new) & {c["doc_id"] for c in read_json(index / "ledger.json")["claims"]}
    assert {e["doc_id"] for e in audit.read(index)} >= set(new)   # written at the switch

    app = start_app(tmp_path, index)   # the next start
    try:
        log = app.log.read_text(errors="replace")
        assert "does not match its documents" in log and "rebuilding it" in log
        from gradio_client import Client

        client = Client(app.url, verbose=False)
        ledger = client.predict(api_name="/ledger")
        assert set(new) <= {c["doc_id"] for c in ledger["claims"]}
        answer = client.predict("How many Turkish soldiers were killed?", api_name="/chat")
        assert answer["citations"] and not answer["abstained"]
    finally:
        stop_app(app)
    state = inspect(index)
    assert state["current"]
    assert set(new) | {"aljazeera-idlib-2020-02-28"} == set(state["docs"])
    for doc_id, d in state["docs"].items():
        assert sorted(d["stored"]) == d["expected"], doc_id
        assert d["shas"] == [d["sha"]]
