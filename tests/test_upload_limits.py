"""The per-client upload limit, and the one desk every upload route goes through (page and API):
read-only first, then the limit, then the engine's own checks; each refusal is one line and
changes nothing; what is added is audited with the user and address."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import gradio as gr
import pytest

from rag import audit
from rag.ui.limits import RateLimiter
from rag.ui.upload import UploadDesk
from tests.conftest import ROOT

FERRY = ROOT / "tests" / "data" / "ferry"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_limit_is_a_sliding_minute_per_client() -> None:
    clock = Clock()
    limiter = RateLimiter(2, 60.0, clock=clock)
    assert limiter.acquire("ann") == 0.0
    clock.now += 10
    assert limiter.acquire("ann") == 0.0
    clock.now += 10
    assert limiter.acquire("ann") == pytest.approx(40.0)   # the first start ages out at +60
    assert limiter.acquire("bob") == 0.0                    # per client
    clock.now += 40
    assert limiter.acquire("ann") == 0.0
    assert limiter.acquire("ann") == pytest.approx(10.0)   # refusals were not counted


def test_zero_means_no_limit() -> None:
    limiter = RateLimiter(0)
    assert all(limiter.acquire("ann") == 0.0 for _ in range(100))


def request(user: str | None, host: str) -> gr.Request:
    """What the desk reads from Gradio's request: the signed-in name and the address (the
    desk reads nothing else, so a stand-in with those two serves)."""
    return cast(gr.Request, SimpleNamespace(username=user, client=SimpleNamespace(host=host)))


@pytest.fixture()
def engine(index_env: Path, tmp_path: Path):
    from rag.config import load_config
    from rag.engine import Engine

    first = tmp_path / "first"
    first.mkdir()
    shutil.copy(FERRY / "north-wire-2031-05-01.txt", first)
    engine = Engine(load_config(), auto_ingest=False)
    engine.ingest([first])
    return engine


def manifest(engine) -> str:
    return json.dumps(engine.store.manifest(), sort_keys=True)


def test_the_desk_limits_each_address_and_audits_the_page(engine) -> None:
    desk = UploadDesk(engine, uploads_per_minute=1)
    first = desk.add(str(FERRY / "north-wire-2031-05-02.txt"), None, request(None, "10.0.0.7"),
                     "page")
    assert first.ok, first.message
    before = manifest(engine)
    second = desk.add(str(FERRY / "south-post-2031-05-01.txt"), None,
                      request(None, "10.0.0.7"), "page")
    assert not second.ok
    assert re.fullmatch(r"south-post-2031-05-01\.txt: upload limit reached \(1 per minute "
                        r"per address, RAG_UPLOADS_PER_MINUTE\); try again in \d+ s\. "
                        r"Nothing was changed\.", second.message), second.message
    assert 'role="alert"' in second.html()
    assert manifest(engine) == before
    other = desk.add(str(FERRY / "south-post-2031-05-01.txt"), "South Post",
                     request(None, "10.0.0.8"), "page")
    assert other.ok
    entries = audit.read(engine.store.root)[-2:]
    assert [(e["user"], e["via"], e["client"], e["doc_id"], e["source"]) for e in entries] == [
        ("anonymous", "page", "10.0.0.7", "north-wire-2031-05-02", "North Wire"),
        ("anonymous", "page", "10.0.0.8", "south-post-2031-05-01", "South Post")]


def test_a_signed_in_user_is_limited_as_a_user_anywhere(engine) -> None:
    desk = UploadDesk(engine, uploads_per_minute=1)
    assert desk.add(str(FERRY / "north-wire-2031-05-02.txt"), None, request("ann", "10.0.0.7"),
                    "page").ok
    moved = desk.add(str(FERRY / "south-post-2031-05-01.txt"), None,
                     request("ann", "10.0.0.99"), "api")
    assert not moved.ok and "per user" in moved.message
    entry = audit.read(engine.store.root)[-1]
    assert (entry["user"], entry["via"], entry["client"]) == ("ann", "page", "10.0.0.7")


def test_a_read_only_desk_refuses_before_anything_else(engine) -> None:
    from rag.engine import Engine

    reader = UploadDesk(Engine(engine.config, read_only=True), uploads_per_minute=1)
    before = manifest(engine)
    for _ in range(3):   # read-only is said every time, not "limit reached"
        result = reader.add(str(FERRY / "south-post-2031-05-01.txt"), None,
                            request(None, "10.0.0.7"), "page")
        assert not result.ok and "read-only (RAG_APP_READONLY=1)" in result.message
    assert manifest(engine) == before


def test_refused_files_are_said_in_one_line_and_change_nothing(engine,
                                                               tmp_path: Path) -> None:
    desk = UploadDesk(engine, uploads_per_minute=10)
    big = tmp_path / "gradio-tmp" / "big.txt"
    big.parent.mkdir()
    big.write_bytes(b"Officials said people died. " * (engine.config.max_file_bytes // 20))
    before = manifest(engine)
    result = desk.add(str(big), None, request(None, "10.0.0.7"), "page")
    assert not result.ok and "over the limit" in result.message and "RAG_MAX_FILE_BYTES" in \
        result.message
    assert str(big.parent) not in result.message and "\n" not in result.message
    assert manifest(engine) == before
