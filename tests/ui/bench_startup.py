"""Benchmark (not a test): time from `python app.py` to a ready page, and /chat latency.

    .venv/bin/python tests/ui/bench_startup.py [--runs 5]

A ready page means chromium shows article passages in the viewer. The index is built once
first (warm machine: the model files and the index are on disk and in the page cache).
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    START_TIMEOUT_S,
    RunningApp,
    app_env,
    stop_app,
    wait_until_serving,
)

from rag.testing import free_port

QUESTIONS = ["How many Turkish soldiers were killed?",
             "How many regime troops did Turkey say it killed?",
             "Who could not confirm the reported deaths?",
             "What did Russia say about the Turkish soldiers?"]


def start(index: Path, workdir: Path) -> tuple[RunningApp, float]:
    port = free_port()
    started = time.perf_counter()
    log = workdir / f"app-{port}.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, str(ROOT / "app.py")], cwd=ROOT,
                                env=app_env(index, port), stdout=out, stderr=subprocess.STDOUT)
    return RunningApp(f"http://127.0.0.1:{port}", proc, index, log), started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from gradio_client import Client
    from playwright.sync_api import sync_playwright

    workdir = Path(tempfile.mkdtemp(prefix="rag-bench-"))
    seed = workdir / "seed"
    subprocess.run([sys.executable, "-c", "from rag.engine import Engine; Engine().close()"],
                   cwd=ROOT, env=app_env(seed, 0), check=True, timeout=START_TIMEOUT_S)
    http_s, page_s = [], []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for i in range(args.runs):
            index = workdir / f"index-{i}"
            shutil.copytree(seed, index)
            app, started = start(index, workdir)
            try:
                wait_until_serving(app)
                http_s.append(time.perf_counter() - started)
                page = browser.new_page()
                page.goto(app.url)
                page.wait_for_selector(".rag-psg", timeout=120_000)
                page_s.append(time.perf_counter() - started)
                page.close()
                if i == args.runs - 1:
                    latency(app.url, Client)
            finally:
                stop_app(app)
        browser.close()
    print(f"startup over {args.runs} runs (s): HTTP 200 median {statistics.median(http_s):.1f} "
          f"[{', '.join(f'{x:.1f}' for x in http_s)}]; page ready median "
          f"{statistics.median(page_s):.1f} [{', '.join(f'{x:.1f}' for x in page_s)}]")
    shutil.rmtree(workdir, ignore_errors=True)


def latency(url: str, client_cls: type) -> None:
    client = client_cls(url, verbose=False)
    first = time.perf_counter()
    client.predict(QUESTIONS[0], api_name="/chat")
    print(f"first /chat after start: {1000 * (time.perf_counter() - first):.0f} ms")
    wall, server = [], []
    for i in range(20):
        t = time.perf_counter()
        result = client.predict(QUESTIONS[i % len(QUESTIONS)], api_name="/chat")
        wall.append(1000 * (time.perf_counter() - t))
        server.append(result["latency_ms"])
    wall.sort()
    print(f"/chat sequential x20 (ms): client p50 {statistics.median(wall):.0f} p95 "
          f"{wall[18]:.0f}; engine latency_ms p50 {statistics.median(server):.0f}")
    t = time.perf_counter()
    with ThreadPoolExecutor(20) as pool:
        list(pool.map(lambda q: client_cls(url, verbose=False).predict(q, api_name="/chat"),
                      [QUESTIONS[i % len(QUESTIONS)] for i in range(20)]))
    print(f"/chat 20 concurrent clients: all answered in {time.perf_counter() - t:.1f} s wall")


if __name__ == "__main__":
    main()
