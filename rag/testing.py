"""Support shared by the tests and the benchmarks (never used by the application itself):
a free loopback port, a real `chroma run` server, and an Engine over a given index folder.

One copy of each, so a test and a benchmark measure the same thing the same way.
"""
from __future__ import annotations

import dataclasses
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from rag.net import free_port

if TYPE_CHECKING:
    from rag.engine import Engine

HEARTBEAT = "/api/v2/heartbeat"
__all__ = ["ChromaServer", "chroma_server", "engine_at", "free_port", "stop_process"]


def stop_process(process: subprocess.Popen[bytes], timeout_s: float = 20.0) -> None:
    """Terminate a child we started, and kill it if it does not exit in time."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout_s)


class ChromaServer:
    """`chroma run` on 127.0.0.1 over `path`, ready when constructed; always ended by `stop()`
    (its own session, stopped by its pid: nothing else is touched)."""

    def __init__(self, path: Path, log_path: Path, timeout_s: float = 60.0) -> None:
        self.path = Path(path)
        self.port = free_port()
        self.log: IO[bytes] = open(log_path, "wb")
        chroma = Path(sys.executable).parent / "chroma"   # ships inside the chromadb wheel
        self.proc = subprocess.Popen(
            [str(chroma), "run", "--path", str(self.path), "--host", "127.0.0.1",
             "--port", str(self.port)],
            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            self._wait_ready(timeout_s)
        except Exception:
            self.stop()
            raise

    def _wait_ready(self, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        url = f"http://127.0.0.1:{self.port}{HEARTBEAT}"
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"chroma run exited with {self.proc.returncode}; "
                                   f"see {self.log.name}")
            try:
                with urllib.request.urlopen(url, timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"chroma run not ready after {timeout_s:.0f} s; see {self.log.name}")

    @property
    def pid(self) -> int:
        return self.proc.pid

    def stop(self) -> None:
        stop_process(self.proc)
        self.log.close()


@contextmanager
def chroma_server(path: Path, log_path: Path | None = None) -> Iterator[ChromaServer]:
    """A running server for the duration of the block (log beside `path` by default)."""
    server = ChromaServer(path, log_path or Path(path).parent / "chroma-server.log")
    try:
        yield server
    finally:
        server.stop()


def engine_at(index_dir: Path, auto_ingest: bool = True, **settings: Any) -> Engine:
    """An Engine over `index_dir`: the environment's configuration (RAG_*), with the index folder
    and any Config field in `settings` replaced, without touching os.environ."""
    from rag.config import load_config
    from rag.engine import Engine

    config = dataclasses.replace(load_config(), index_dir=Path(index_dir).resolve(), **settings)
    return Engine(config, auto_ingest=auto_ingest)
