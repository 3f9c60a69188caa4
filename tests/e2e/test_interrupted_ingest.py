"""An ingest killed part-way leaves an index that opens, answers, and can be completed."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ARTICLE, ROOT


def _write_corpus(folder: Path, n: int) -> None:
    folder.mkdir(parents=True)
    body = ARTICLE.read_text("utf-8")
    for i in range(n):
        # distinct files so each is a separate document with its own passages
        (folder / f"copy-{i:02d}.txt").write_text(body.replace("33 Turkish", f"{i + 1} Turkish"),
                                                  "utf-8")


@pytest.mark.slow
def test_killed_ingest_leaves_a_working_index(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    _write_corpus(corpus, 12)
    index = tmp_path / "index"
    # one document per manifest switch, so a kill lands between documents of the call
    env = {**os.environ, "RAG_INDEX_DIR": str(index), "HF_HUB_OFFLINE": "1",
           "RAG_INGEST_CHUNK_DOCS": "1"}
    process = subprocess.Popen([sys.executable, "-m", "rag", "ingest", str(corpus)], env=env,
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    manifest = index / "manifest.json"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:
        if manifest.exists() and len(json.loads(manifest.read_text("utf-8"))["documents"]) >= 2:
            break
        time.sleep(0.05)
    assert process.poll() is None, "ingest finished before it could be interrupted"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()

    from rag.config import load_config
    from rag.engine import Engine

    monkeypatch.setenv("RAG_INDEX_DIR", str(index))
    engine = Engine(load_config(), auto_ingest=False)
    done = engine.documents()
    assert 2 <= len(done) < 12
    for meta in done:
        text = engine.document_text(meta["doc_id"])
        for p in engine.document(meta["doc_id"]).passages:
            assert text[p.start:p.end] == p.text
    hits = engine.retrieve("How many Turkish soldiers were killed?", 5)
    assert hits and all(h.passage.doc_id in {d["doc_id"] for d in done} for h in hits)
    assert not engine.ask("How many Turkish soldiers were killed?").abstained

    results = engine.ingest([corpus])   # completing the job
    assert len(engine.documents()) == 12
    assert sum(r["status"] == "unchanged" for r in results) == len(done)
    stored = engine.store.count()
    assert stored == sum(d["n_passages"] for d in engine.documents())
