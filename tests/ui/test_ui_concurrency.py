"""Uploads and questions at the same time, against the real app (`python app.py`):

- 5 different articles uploaded at once from 5 gradio_client clients while 20 questions are
  asked from other clients: every upload lands, each document's passages are in Chroma exactly
  once (ids compared with the manifest), the ledger covers every document, no question fails,
  and every answer comes from one consistent version of the index;
- another process writing beside the app: refused in the embedded mode (the app's in-memory
  vector index could not see it), and with Chroma as a server it reaches the app's answers and
  ledger as soon as it has finished.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from rag import audit
from tests.ui.conftest import ROOT, RunningApp, start_app, stop_app

pytestmark = pytest.mark.slow

TOWNS = ["Arden", "Brisk", "Corle", "Dunmore", "Elsby"]
QUESTIONS = {
    "How many Turkish soldiers were killed?": "33",
    "How many regime troops did Turkey say it killed?": "309",
    "Who could not confirm the reported deaths?": "Al Jazeera",
    "How many wounded troops were being treated in hospitals?": "32",
}

# Run after the app stopped, in a process of its own: what Chroma and the files hold.
INSPECT = r"""
import json, sys
from rag.config import load_config
from rag.ledger.persistence import LedgerFiles
from rag.store import PassageStore
config = load_config()
store = PassageStore(config)
ledger = LedgerFiles(config.index_dir, disabled_rules=config.ledger_disabled_rules)
out = {"current": ledger.is_current(store.versions()),
       "ledger_docs": sorted({c.doc_id for c in ledger.read().claims}), "docs": {}}
for doc_id, meta in store.manifest()["documents"].items():
    rows = store.collection.get(where={"article_id": doc_id}, include=["metadatas"])
    out["docs"][doc_id] = {
        "expected": sorted(p.passage_id for p in store.document(doc_id).passages),
        "stored": rows["ids"], "shas": sorted({m["doc_sha"] for m in rows["metadatas"]}),
        "sha": meta["sha256"], "n_passages": meta["n_passages"]}
print(json.dumps(out))
"""


def storm_article(n: int, town: str) -> str:
    dead = 10 + n
    return (f"Storm kills {dead} in {town}\n\n"
            f"Rescuers in {town} searched collapsed homes after the storm.\n\n"
            f"The {town} fire service said {dead} people were killed when the storm hit the "
            f"town on Sunday night.\n\n"
            f"The regional governor said {dead + 4} people had died, a higher toll than the "
            f"fire service gave.\n\n"
            f"The mayor of {town} denied that warnings had been ignored.\n\n"
            f"Source: {town} Courier\n")


@pytest.fixture(scope="module")
def busy_app(seed_index: Path, tmp_path_factory: pytest.TempPathFactory
             ) -> Iterator[RunningApp]:
    workdir = tmp_path_factory.mktemp("busy-app")
    index = workdir / "index"
    shutil.copytree(seed_index, index)
    app = start_app(workdir, index)
    yield app
    stop_app(app)


def inspect(index: Path) -> dict:
    env = {**os.environ, "RAG_INDEX_DIR": str(index)}
    done = subprocess.run([sys.executable, "-c", INSPECT], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_five_uploads_while_twenty_questions_are_asked(busy_app: RunningApp,
                                                       tmp_path: Path) -> None:
    from gradio_client import Client, handle_file

    paths = []
    for n, town in enumerate(TOWNS):
        path = tmp_path / f"storm-{town.lower()}.txt"
        path.write_text(storm_article(n, town), "utf-8")
        paths.append(path)
    reference = Client(busy_app.url, verbose=False)
    expected = {q: reference.predict(q, api_name="/chat") for q in QUESTIONS}

    uploads_done = threading.Event()

    def upload(path: Path) -> dict:
        return Client(busy_app.url, verbose=False).predict(
            handle_file(str(path)), f"{path.stem} desk", api_name="/add_article")

    def ask(i: int) -> tuple[str, dict, bool]:
        question = list(QUESTIONS)[i % len(QUESTIONS)]
        time.sleep(0.3 * (i % 5))   # spread over the uploads rather than all before them
        answer = Client(busy_app.url, verbose=False).predict(question, api_name="/chat")
        return question, answer, uploads_done.is_set()

    with ThreadPoolExecutor(max_workers=25) as pool:
        asked = [pool.submit(ask, i) for i in range(20)]
        uploaded = [pool.submit(upload, p) for p in paths]
        uploads = [f.result() for f in uploaded]
        uploads_done.set()
        answers = [f.result() for f in asked]   # raises if any question failed

    assert sorted(u["documents"][0]["doc_id"] for u in uploads) == sorted(p.stem for p in paths)
    assert all(u["documents"][0]["status"] == "added" for u in uploads)
    overlapped = sum(1 for _, _, after in answers if not after)
    assert overlapped >= 10, "the questions did not run while the uploads did"
    # Every answer comes from one whole version of the index: the one before the uploads or
    # one after some of them (with several outlets loaded, sentences name their outlet).
    settled = {q: reference.predict(q, api_name="/chat") for q in QUESTIONS}
    for question, answer, _ in answers:
        assert answer["question"] == question
        assert QUESTIONS[question] in answer["answer"]
        assert answer["answer"] in {expected[question]["answer"], settled[question]["answer"]}
        assert answer["citations"] == expected[question]["citations"]   # storms never answer

    after = reference.predict("How many people did the Corle fire service say were killed?",
                              api_name="/chat")
    assert {c["doc_id"] for c in after["citations"]} == {"storm-corle"}
    ledger = reference.predict(api_name="/ledger")
    assert {p.stem for p in paths} <= {c["doc_id"] for c in ledger["claims"]}
    entries = [e for e in audit.read(busy_app.index_dir) if e["doc_id"].startswith("storm-")]
    assert sorted(e["doc_id"] for e in entries) == sorted(p.stem for p in paths)
    assert all(e["action"] == "added" and e["via"] == "api" for e in entries)

    stop_app(busy_app)   # Chroma's files are read by another process below
    state = inspect(busy_app.index_dir)
    assert state["current"]
    assert {p.stem for p in paths} <= set(state["ledger_docs"])
    assert {p.stem for p in paths} <= set(state["docs"])
    for doc_id, d in state["docs"].items():
        assert sorted(d["stored"]) == d["expected"], doc_id       # each passage exactly once
        assert len(d["stored"]) == len(set(d["stored"])) == d["n_passages"]
        assert d["shas"] == [d["sha"]]                            # no other version's rows


def test_the_cli_does_not_write_under_a_running_app_in_embedded_mode(
        seed_index: Path, tmp_path: Path) -> None:
    # Embedded Chroma keeps vectors in each process's memory: passages `rag ingest` wrote
    # beside the app would be invisible to the app's search until a restart. So it refuses.
    index = tmp_path / "index"
    shutil.copytree(seed_index, index)
    app = start_app(tmp_path, index)
    try:
        path = tmp_path / "in" / "storm-brisk.txt"
        path.parent.mkdir()
        path.write_text(storm_article(1, "Brisk"), "utf-8")
        before = (index / "manifest.json").read_bytes()
        env = {**os.environ, "RAG_INDEX_DIR": str(index)}
        done = subprocess.run([sys.executable, "-m", "rag", "ingest", str(path)], cwd=ROOT,
                              env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 2
        assert done.stderr.startswith(f"error: the index at {index} is open in another process")
        assert "RAG_CHROMA_HOST" in done.stderr and done.stderr.count("\n") == 1
        assert (index / "manifest.json").read_bytes() == before
        # reading beside the app is fine
        asked = subprocess.run([sys.executable, "-m", "rag", "ask", "How many Turkish soldiers "
                                "were killed?"], cwd=ROOT, env=env, capture_output=True,
                               text=True, timeout=600)
        assert asked.returncode == 0 and "33" in asked.stdout
    finally:
        stop_app(app)
    env = {**os.environ, "RAG_INDEX_DIR": str(index)}   # with the app stopped, it may
    done = subprocess.run([sys.executable, "-m", "rag", "ingest", str(path)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr


@pytest.mark.server
def test_an_ingest_by_another_process_reaches_the_app(tmp_path: Path) -> None:
    """With Chroma as a server (the set-up for several processes), `rag ingest` beside the app
    reaches the app's answers and ledger as soon as it has finished."""
    from gradio_client import Client

    from rag.testing import chroma_server

    with chroma_server(tmp_path / "chroma") as chroma:
        server = {"RAG_CHROMA_HOST": "127.0.0.1", "RAG_CHROMA_PORT": str(chroma.port)}
        index = tmp_path / "index"
        env = {**os.environ, "RAG_INDEX_DIR": str(index), **server}
        subprocess.run([sys.executable, "-m", "rag", "documents"], cwd=ROOT, env=env,
                       check=True, capture_output=True, timeout=600)   # the shipped article
        app = start_app(tmp_path, index, server)
        try:
            client = Client(app.url, verbose=False)
            question = "How many people did the Brisk fire service say were killed?"
            before = client.predict(question, api_name="/chat")
            assert not any(c["doc_id"] == "storm-brisk" for c in before["citations"])
            path = tmp_path / "in" / "storm-brisk.txt"
            path.parent.mkdir()
            path.write_text(storm_article(1, "Brisk"), "utf-8")
            done = subprocess.run([sys.executable, "-m", "rag", "ingest", str(path)], cwd=ROOT,
                                  env=env, capture_output=True, text=True, timeout=600)
            assert done.returncode == 0, done.stderr
            after = client.predict(question, api_name="/chat")
            assert {c["doc_id"] for c in after["citations"]} == {"storm-brisk"}
            assert "11" in after["answer"]
            claims = client.predict(api_name="/ledger")["claims"]
            assert "storm-brisk" in {c["doc_id"] for c in claims}
            entry = audit.read(index)[-1]
            assert (entry["doc_id"], entry["via"], entry["action"]) == ("storm-brisk", "cli",
                                                                        "added")
        finally:
            stop_app(app)
