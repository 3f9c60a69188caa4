"""Questions answered while articles are uploaded, against the real app (`python app.py`).

Starts the app over a temporary copy of an index of the shipped article, then
1. idle: ASKERS clients ask questions for a few seconds with no upload running (the baseline);
2. load: UPLOADS clients each upload a different synthetic article at the same moment, while
   the ASKERS clients keep asking until the last upload has finished (at least QUESTIONS in all).
Each client is its own connection (gradio_client for questions and `/add_article`; the page's
own upload event, as a browser sends it, with `--route page`).

Printed: questions per second answered during the uploads and when idle, question latency
p50 / p95 / max, failed questions, how long each upload took, and a check of the index after
the app has stopped: every uploaded article in the manifest, each document's passages in Chroma
exactly once (ids compared with the manifest), and a ledger built over every document.

`--app-root DIR` runs another checkout of the project (e.g. an older commit, to measure what
broke before a change); `--route page` then works on any version, `--route api` needs
`/add_article`. A benchmark, not a test: it never asserts on time.

    .venv/bin/python bench/concurrent_load.py                  # 5 uploads, >= 20 questions
    .venv/bin/python bench/concurrent_load.py --route page --app-root /tmp/old-checkout
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, fmt, log, percentile, table
from synth import write_corpus

from rag.testing import free_port

QUESTIONS = [
    "How many Turkish soldiers were killed?",
    "How many regime troops did Turkey say it killed?",
    "What did Russia say about the Turkish soldiers?",
    "Who could not confirm the reported deaths?",
    "How many wounded troops were being treated in hospitals?",
]

# Run by the app-root's own Python code after the app stopped: what the index holds.
VERIFY = r"""
import json, sys
from rag.config import load_config
from rag.ledger.persistence import LedgerFiles
from rag.store import PassageStore
config = load_config()
store = PassageStore(config)
manifest = store.manifest()["documents"]
docs = {}
for doc_id in sorted(manifest):
    expected = [p.passage_id for p in store.document(doc_id).passages]
    rows = store.collection.get(where={"article_id": doc_id}, include=["metadatas"])
    live = [i for i, m in zip(rows["ids"], rows["metadatas"])
            if m.get("doc_sha") == manifest[doc_id]["sha256"]]
    docs[doc_id] = {"expected": len(expected), "stored": len(live),
                    "same_ids": sorted(live) == sorted(expected),
                    "leftover_rows": len(rows["ids"]) - len(live)}
ledger_files = LedgerFiles(config.index_dir, disabled_rules=config.ledger_disabled_rules)
ledger = ledger_files.read()
print(json.dumps({"docs": docs,
                  "ledger_current": ledger_files.is_current(store.versions()),
                  "ledger_docs": sorted({c.doc_id for c in ledger.claims})}))
"""


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)     # seconds, answered questions
    finished_at: list[float] = field(default_factory=list)   # monotonic time of each answer
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, started: float, error: str | None) -> None:
        now = time.monotonic()
        with self.lock:
            if error is None:
                self.latencies.append(now - started)
                self.finished_at.append(now)
            else:
                self.failures.append(error)


def app_env(app_root: Path, index: Path, port: int, extra: dict[str, str]) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(app_root), "RAG_INDEX_DIR": str(index),
            "RAG_APP_HOST": "127.0.0.1", "RAG_APP_PORT": str(port), "HF_HUB_OFFLINE": "1",
            "GRADIO_ANALYTICS_ENABLED": "False", "PYTHONUNBUFFERED": "1", **extra}


def start_app(app_root: Path, index: Path, workdir: Path, extra: dict[str, str]
              ) -> tuple[subprocess.Popen, str]:
    port = free_port()
    out = open(workdir / "app.log", "wb")
    process = subprocess.Popen([sys.executable, str(app_root / "app.py")], cwd=app_root,
                               env=app_env(app_root, index, port, extra), stdout=out,
                               stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"app exited with {process.returncode}; see {workdir / 'app.log'}")
        try:
            with urllib.request.urlopen(url + "/", timeout=2):
                return process, url
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("the app did not start within 300 s")


def stop_app(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=30)


def page_upload(url: str, path: Path, source: str) -> str:
    """Upload as the browser does: POST the file, then join the queue for the page's upload
    event and read its result from the event stream. Returns the status text shown."""
    import httpx

    with httpx.Client(base_url=url, timeout=900) as http:
        config = http.get("/config").json()
        props = {c["id"]: c.get("props", {}) for c in config["components"]}
        upload_id = next(i for i, p in props.items() if p.get("elem_id") == "rag-upload")
        fn_index, dep = next((i, d) for i, d in enumerate(config["dependencies"])
                             if [upload_id, "upload"] in [list(t) for t in d["targets"]])
        with open(path, "rb") as handle:
            sent = http.post("/gradio_api/upload",
                             files={"files": (path.name, handle, "text/plain")})
        sent.raise_for_status()
        file_data = {"path": sent.json()[0], "orig_name": path.name,
                     "meta": {"_type": "gradio.FileData"}}
        data = [file_data if cid == upload_id else
                source if props[cid].get("elem_id") == "rag-upload-source" else
                props[cid].get("value") for cid in dep["inputs"]]
        session = uuid.uuid4().hex[:11]
        http.post("/gradio_api/queue/join", json={
            "data": data, "fn_index": fn_index, "trigger_id": upload_id,
            "session_hash": session, "event_data": None}).raise_for_status()
        with http.stream("GET", f"/gradio_api/queue/data?session_hash={session}") as events:
            for line in events.iter_lines():
                if line.startswith("data:"):
                    message = json.loads(line[5:])
                    if message.get("msg") == "process_completed":
                        if not message.get("success", True):
                            raise RuntimeError(str(message.get("output"))[:300])
                        return str(message["output"]["data"][0])
    raise RuntimeError("the event stream ended without a result")


def api_upload(url: str, path: Path, source: str) -> str:
    from gradio_client import Client, handle_file

    result = Client(url, verbose=False).predict(handle_file(str(path)), source,
                                                api_name="/add_article")
    return json.dumps(result)


def asker(url: str, run: Run, stop: threading.Event, offset: int, minimum: int,
          total: list[int], total_lock: threading.Lock) -> None:
    from gradio_client import Client

    client = Client(url, verbose=False)
    n = offset
    while True:
        with total_lock:
            if stop.is_set() and total[0] >= minimum:
                return
            total[0] += 1
        question = QUESTIONS[n % len(QUESTIONS)]
        n += 1
        started = time.monotonic()
        try:
            answer = client.predict(question, api_name="/chat")
            ok = isinstance(answer, dict) and answer.get("question") == question
            run.record(started, None if ok else f"unexpected answer {str(answer)[:120]}")
        except Exception as exc:  # noqa: BLE001 - every failure is counted and shown
            run.record(started, f"{type(exc).__name__}: {str(exc)[:200]}")


def ask_for(url: str, seconds: float, askers: int, minimum: int) -> tuple[Run, float]:
    run, stop, total, total_lock = Run(), threading.Event(), [0], threading.Lock()
    threads = [threading.Thread(target=asker, args=(url, run, stop, i, minimum, total,
                                                    total_lock)) for i in range(askers)]
    started = time.monotonic()
    for t in threads:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join()
    return run, time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--uploads", type=int, default=5)
    parser.add_argument("--questions", type=int, default=20, help="at least this many asked "
                        "while the uploads run")
    parser.add_argument("--askers", type=int, default=4, help="question clients at once")
    parser.add_argument("--idle-seconds", type=float, default=20.0)
    parser.add_argument("--route", choices=["api", "page"], default="api")
    parser.add_argument("--app-root", type=Path, default=ROOT)
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                        help="extra environment for the app (repeatable)")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--nice", type=int, default=10)
    args = parser.parse_args()
    os.nice(args.nice)
    app_root = args.app_root.resolve()
    extra = dict(item.split("=", 1) for item in args.env)
    upload = api_upload if args.route == "api" else page_upload

    workdir = Path(tempfile.mkdtemp(prefix="rag-load-"))
    try:
        index = workdir / "index"
        log(f"building the seed index with {app_root}")
        subprocess.run([sys.executable, "-c", "from rag.engine import Engine; Engine().close()"],
                       cwd=app_root, env=app_env(app_root, index, 0, extra), check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        articles = [path for _, path in write_corpus(workdir / "articles", args.uploads, seed=15)]
        process, url = start_app(app_root, index, workdir, extra)
        log(f"app at {url}; warming up")
        from gradio_client import Client

        Client(url, verbose=False).predict(QUESTIONS[0], api_name="/chat")
        idle, idle_s = ask_for(url, args.idle_seconds, args.askers, 1)
        log(f"idle: {len(idle.latencies)} answers in {idle_s:.1f} s")

        results: dict[str, str] = {}
        upload_errors: dict[str, str] = {}
        upload_seconds: dict[str, float] = {}

        def one_upload(path: Path) -> None:
            started = time.monotonic()
            try:
                results[path.stem] = upload(url, path, f"Outlet {path.stem[:12]}")
            except Exception as exc:  # noqa: BLE001
                upload_errors[path.stem] = f"{type(exc).__name__}: {str(exc)[:300]}"
            upload_seconds[path.stem] = time.monotonic() - started

        load, stop, total, total_lock = Run(), threading.Event(), [0], threading.Lock()
        askers = [threading.Thread(target=asker, args=(url, load, stop, i, args.questions,
                                                       total, total_lock))
                  for i in range(args.askers)]
        uploaders = [threading.Thread(target=one_upload, args=(p,)) for p in articles]
        window_start = time.monotonic()
        for t in askers + uploaders:
            t.start()
        for t in uploaders:
            t.join()
        window = time.monotonic() - window_start
        stop.set()
        for t in askers:
            t.join()
        in_window = sum(1 for t in load.finished_at if t <= window_start + window)
        log(f"uploads done in {window:.1f} s; {len(load.latencies)} answers, "
            f"{len(load.failures)} failures")
        # After the uploads: does the app answer about them?
        after = Client(url, verbose=False).predict("How many people were killed?",
                                                   api_name="/chat")
        stop_app(process)

        checked = subprocess.run([sys.executable, "-c", VERIFY], cwd=app_root,
                                 env=app_env(app_root, index, 0, extra), capture_output=True,
                                 text=True, check=True)
        state = json.loads(checked.stdout.strip().splitlines()[-1])
        uploaded = {p.stem.lower() for p in articles}
        landed = uploaded & set(state["docs"])
        broken = {d: v for d, v in state["docs"].items()
                  if not (v["same_ids"] and v["stored"] == v["expected"])}
        figures = {
            "route": args.route, "app_root": str(app_root), "uploads": len(articles),
            "askers": args.askers,
            "idle_qps": len(idle.latencies) / idle_s,
            "idle_p50_ms": percentile(idle.latencies, 50) * 1000,
            "idle_p95_ms": percentile(idle.latencies, 95) * 1000,
            "upload_window_s": window,
            "load_qps": in_window / window,
            "load_questions": len(load.latencies) + len(load.failures),
            "load_p50_ms": percentile(load.latencies, 50) * 1000,
            "load_p95_ms": percentile(load.latencies, 95) * 1000,
            "load_max_ms": max(load.latencies, default=float("nan")) * 1000,
            "failed_questions": load.failures + idle.failures,
            "upload_seconds": upload_seconds, "upload_errors": upload_errors,
            "upload_results": results,
            "uploads_landed": len(landed), "docs_with_wrong_passages": broken,
            "ledger_current": state["ledger_current"],
            "uploads_in_ledger": len(uploaded & set(state["ledger_docs"])),
            "answer_after_uploads_cites": sorted({c["doc_id"] for c in after["citations"]}),
        }
        print(table(["", "idle", "while uploading"], [
            ["questions answered / s", fmt(figures["idle_qps"], ".2f"),
             fmt(figures["load_qps"], ".2f")],
            ["latency p50 (ms)", fmt(figures["idle_p50_ms"], ",.0f"),
             fmt(figures["load_p50_ms"], ",.0f")],
            ["latency p95 (ms)", fmt(figures["idle_p95_ms"], ",.0f"),
             fmt(figures["load_p95_ms"], ",.0f")],
            ["questions asked / failed", f"{len(idle.latencies) + len(idle.failures)} / "
             f"{len(idle.failures)}", f"{figures['load_questions']} / {len(load.failures)}"],
        ]))
        print()
        print(f"{len(articles)} uploads through the {args.route} route in {window:.1f} s "
              f"(each {', '.join(f'{s:.1f}' for s in upload_seconds.values())} s); "
              f"{len(upload_errors)} failed")
        print(f"index after stop: {len(landed)}/{len(articles)} uploads in the manifest, "
              f"{len(broken)} documents whose Chroma rows differ from the manifest, "
              f"ledger current: {state['ledger_current']}, uploads with ledger claims: "
              f"{figures['uploads_in_ledger']}/{len(articles)}")
        for error in (load.failures + idle.failures)[:5]:
            print(f"  failed question: {error}")
        for name, error in upload_errors.items():
            print(f"  failed upload {name}: {error}")
        if args.json:
            args.json.write_text(json.dumps(figures, indent=1))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
