"""Fixtures for the app tests: `python app.py` in a subprocess on a free port over a temporary
index, and Debian's chromium driven by Playwright.

The index over the shipped article is built once per session (ingest plus the ledger take tens
of seconds) and copied for every app, so each app starts from the same state and a test that
uploads cannot disturb another module.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from rag.testing import free_port, stop_process

if TYPE_CHECKING:
    from gradio_client import Client
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
# No sandbox in containers, no GPU, nothing that phones home.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
START_TIMEOUT_S = 300


def app_env(index_dir: Path, port: int, extra: dict[str, str] | None = None) -> dict[str, str]:
    return {**os.environ, "RAG_INDEX_DIR": str(index_dir), "RAG_APP_HOST": "127.0.0.1",
            "RAG_APP_PORT": str(port), "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False",
            "PYTHONUNBUFFERED": "1", **(extra or {})}


@dataclass
class RunningApp:
    url: str
    process: subprocess.Popen
    index_dir: Path
    log: Path

    def log_tail(self, n: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])


def wait_until_serving(app: RunningApp, timeout_s: float = START_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if app.process.poll() is not None:
            raise RuntimeError(f"app.py exited with {app.process.returncode}:\n{app.log_tail()}")
        try:
            with urllib.request.urlopen(app.url + "/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise TimeoutError(f"app.py did not serve within {timeout_s} s:\n{app.log_tail()}")


def start_app(workdir: Path, index_dir: Path, env: dict[str, str] | None = None) -> RunningApp:
    """`python app.py` over `index_dir`; `env` adds or overrides RAG_* settings."""
    port = free_port()
    log = workdir / "app.log"
    with open(log, "wb") as out:
        process = subprocess.Popen([sys.executable, str(ROOT / "app.py")], cwd=ROOT,
                                   env=app_env(index_dir, port, env), stdout=out,
                                   stderr=subprocess.STDOUT)
    app = RunningApp(url=f"http://127.0.0.1:{port}", process=process, index_dir=index_dir,
                     log=log)
    try:
        wait_until_serving(app)
    except Exception:
        stop_app(app)
        raise
    return app


def stop_app(app: RunningApp) -> None:
    stop_process(app.process, timeout_s=15)


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index over the shipped article, built in a child process so no client holds it open."""
    path = tmp_path_factory.mktemp("ui-seed") / "index"
    env = app_env(path, 0)
    subprocess.run([sys.executable, "-c", "from rag.engine import Engine; Engine().close()"],
                   cwd=ROOT, env=env, check=True, timeout=START_TIMEOUT_S)
    return path


@pytest.fixture(scope="module")
def app(seed_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    """The real `python app.py`, started once per test module over a copy of the seed index."""
    workdir = tmp_path_factory.mktemp("ui-app")
    index_dir = workdir / "index"
    shutil.copytree(seed_index, index_dir)
    running = start_app(workdir, index_dir)
    yield running
    stop_app(running)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"Debian chromium is missing at {CHROMIUM}; the project's setup installs it "
                    "(apt-get install chromium). Never `playwright install` here.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture()
def page(browser: Browser, app: RunningApp) -> Iterator[Page]:
    """A fresh tab on the app, ready when the article viewer shows passages."""
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    tab = context.new_page()
    tab.goto(app.url)
    tab.wait_for_selector(".rag-psg", timeout=60_000)   # never networkidle: Gradio keeps a socket
    yield tab
    context.close()


@pytest.fixture(scope="module")
def client(app: RunningApp) -> Client:
    from gradio_client import Client

    return Client(app.url, verbose=False)
