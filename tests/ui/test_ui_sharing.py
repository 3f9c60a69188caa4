"""The app shared with a team, as `python app.py` with the real settings:

- on a non-loopback address it refuses to start without a login, or starts openly only with
  RAG_APP_ALLOW_OPEN=1 and a warning in its log;
- with RAG_APP_AUTH every route asks for a login (page, API, file upload), uploads are
  limited per user per minute and by the same size on every route, and the audit log names
  the user;
- with RAG_APP_READONLY=1 nothing can be added by any route, and questions, the ledger and the
  exports still work.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from rag import audit
from rag.users import UserFile
from tests.ui.conftest import ROOT, RunningApp, app_env, free_port, start_app, stop_app

pytestmark = pytest.mark.slow

LIMIT = 4000                 # RAG_MAX_FILE_BYTES of the login app
DOC_LIMIT = 8000             # its RAG_MAX_DOCUMENT_BYTES: Gradio takes nothing bigger
PER_MINUTE = 2               # RAG_UPLOADS_PER_MINUTE of the login app
PASSWORDS = {"ann": "ann's long password", "bob": "bob's long password",
             "cy": "cy's long password"}


def article(title: str, town: str, dead: int, pad_to: int | None = None) -> str:
    text = (f"{title}\n\nOfficials in {town} said {dead} people were killed when a storm hit "
            f"the town on Sunday.\n\nThe regional governor said rescue teams were still "
            f"searching for survivors in {town}.\n\nSource: Example Wire\n")
    if pad_to is not None:
        filler = f"\nResidents of {town} described the night as the worst they remembered."
        while len(text.encode()) + len(filler.encode()) <= pad_to:
            text += filler
        text += "x" * (pad_to - len(text.encode()))   # exact size: the tail is one word
        assert len(text.encode()) == pad_to
    return text


def manifest(app: RunningApp) -> dict:
    return json.loads((app.index_dir / "manifest.json").read_text("utf-8"))["documents"]


def login(url: str, name: str) -> httpx.Client:
    http = httpx.Client(base_url=url, timeout=120)
    answer = http.post("/login", data={"username": name, "password": PASSWORDS[name]})
    assert answer.status_code == 200, answer.text
    return http


# ---- refusing to start ------------------------------------------------------------------------
def test_an_open_app_on_a_shared_address_does_not_start(tmp_path: Path) -> None:
    index = tmp_path / "index"
    env = app_env(index, free_port(), {"RAG_APP_HOST": "0.0.0.0"})
    env.pop("RAG_APP_AUTH", None)
    env.pop("RAG_APP_ALLOW_OPEN", None)
    done = subprocess.run([sys.executable, str(ROOT / "app.py")], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.startswith("error: refusing to listen on 0.0.0.0:")
    assert "RAG_APP_AUTH" in done.stderr and "RAG_APP_ALLOW_OPEN=1" in done.stderr
    assert done.stderr.count("\n") == 1
    assert not index.exists()   # refused before the index was even opened


def test_a_missing_users_file_does_not_start_an_open_app(tmp_path: Path) -> None:
    env = app_env(tmp_path / "index", free_port(),
                  {"RAG_APP_HOST": "0.0.0.0", "RAG_APP_AUTH": str(tmp_path / "none.json")})
    done = subprocess.run([sys.executable, str(ROOT / "app.py")], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "does not exist" in done.stderr
    assert "rag users add" in done.stderr


# ---- with a login ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def auth_app(seed_index: Path, tmp_path_factory: pytest.TempPathFactory
             ) -> Iterator[RunningApp]:
    workdir = tmp_path_factory.mktemp("auth-app")
    users = workdir / "users.json"
    for name, password in PASSWORDS.items():
        UserFile(users).add(name, password)
    index = workdir / "index"
    shutil.copytree(seed_index, index)
    app = start_app(workdir, index, {
        "RAG_APP_HOST": "0.0.0.0", "RAG_APP_AUTH": str(users),
        "RAG_MAX_FILE_BYTES": str(LIMIT), "RAG_MAX_DOCUMENT_BYTES": str(DOC_LIMIT),
        "RAG_UPLOADS_PER_MINUTE": str(PER_MINUTE)})
    yield app
    stop_app(app)


def test_every_route_needs_a_login(auth_app: RunningApp) -> None:
    from gradio_client import Client

    with httpx.Client(base_url=auth_app.url, timeout=60) as anonymous:
        assert anonymous.get("/config").status_code == 401
        sent = anonymous.post("/gradio_api/upload",
                              files={"files": ("a.txt", b"Officials said 3 died.", "text/plain")})
        assert sent.status_code == 401
        wrong = anonymous.post("/login", data={"username": "ann", "password": "guess-guess"})
        assert wrong.status_code == 400
    with pytest.raises(Exception, match="credentials"):
        Client(auth_app.url, verbose=False)
    # the refusal's type differs between gradio_client's login paths; its message does not
    with pytest.raises(Exception):  # noqa: B017
        Client(auth_app.url, auth=("ann", "not the password"), verbose=False)
    client = Client(auth_app.url, auth=("ann", PASSWORDS["ann"]), verbose=False)
    answer = client.predict("How many Turkish soldiers were killed?", api_name="/chat")
    assert "33" in answer["answer"]
    assert "failed login for 'ann'" in auth_app.log.read_text(errors="replace")


def test_uploads_are_audited_and_limited_per_user(auth_app: RunningApp, tmp_path: Path) -> None:
    from gradio_client import Client, handle_file

    ann = Client(auth_app.url, auth=("ann", PASSWORDS["ann"]), verbose=False)
    for n, town in enumerate(["Arden", "Brisk"]):
        path = tmp_path / f"storm-{town.lower()}.txt"
        path.write_text(article(f"Storm kills {n + 3} in {town}", town, n + 3), "utf-8")
        result = ann.predict(handle_file(str(path)), "Example Wire", api_name="/add_article")
        assert result["documents"][0]["status"] == "added"
    before = manifest(auth_app)
    third = tmp_path / "storm-corle.txt"
    third.write_text(article("Storm kills 9 in Corle", "Corle", 9), "utf-8")
    with pytest.raises(Exception, match="upload limit reached") as refused:
        ann.predict(handle_file(str(third)), None, api_name="/add_article")
    assert f"{PER_MINUTE} per minute per user" in str(refused.value)
    assert manifest(auth_app) == before
    # the limit is per user: bob is not held back by ann
    bob = Client(auth_app.url, auth=("bob", PASSWORDS["bob"]), verbose=False)
    assert bob.predict(handle_file(str(third)), None,
                       api_name="/add_article")["documents"][0]["doc_id"] == "storm-corle"
    lines = [e for e in audit.read(auth_app.index_dir) if e["doc_id"].startswith("storm-")]
    assert [(e["user"], e["via"], e["action"], e["doc_id"]) for e in lines] == [
        ("ann", "api", "added", "storm-arden"), ("ann", "api", "added", "storm-brisk"),
        ("bob", "api", "added", "storm-corle")]
    assert all(e["client"] == "127.0.0.1" and e["time"].endswith("Z") for e in lines)


def test_the_same_size_limit_on_every_route(auth_app: RunningApp, tmp_path: Path) -> None:
    from gradio_client import Client, handle_file

    exact = tmp_path / "storm-exact.txt"
    exact.write_text(article("Storm kills 4 in Dunmore", "Dunmore", 4, pad_to=LIMIT), "utf-8")
    over = tmp_path / "storm-over.txt"
    over.write_text(article("Storm kills 5 in Elsby", "Elsby", 5, pad_to=LIMIT + 1), "utf-8")
    huge = tmp_path / "storm-huge.txt"
    huge.write_text(article("Storm kills 6 in Fenmoor", "Fenmoor", 6, pad_to=DOC_LIMIT + 1),
                    "utf-8")
    said = f"{LIMIT + 1:,} bytes, over the limit of {LIMIT:,} bytes (RAG_MAX_FILE_BYTES)"
    before = manifest(auth_app)
    cy = Client(auth_app.url, auth=("cy", PASSWORDS["cy"]), verbose=False)
    # the API: the reader's limit for a text file, with the reader's message
    with pytest.raises(Exception) as refused:
        cy.predict(handle_file(str(over)), None, api_name="/add_article")
    assert said in str(refused.value) and "storm-over.txt" in str(refused.value)
    # the command line: the same limit, the same words
    env = {**os.environ, "RAG_INDEX_DIR": str(tmp_path / "cli-index"),
           "RAG_MAX_FILE_BYTES": str(LIMIT)}
    cli = subprocess.run([sys.executable, "-m", "rag", "ingest", str(over)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=300)
    assert cli.returncode == 2 and said in cli.stderr
    # past the largest limit of any format, Gradio itself takes nothing (page and API alike)
    with pytest.raises(Exception, match=f"maximum file size of {DOC_LIMIT} bytes"):
        cy.predict(handle_file(str(huge)), None, api_name="/add_article")
    http = login(auth_app.url, "cy")
    try:
        with open(huge, "rb") as handle:
            sent = http.post("/gradio_api/upload",
                             files={"files": (huge.name, handle, "text/plain")})
    finally:
        http.close()
    assert sent.status_code == 413
    assert manifest(auth_app) == before
    # exactly the limit is accepted
    added = cy.predict(handle_file(str(exact)), None, api_name="/add_article")
    assert added["documents"][0]["doc_id"] == "storm-exact"


# ---- read-only -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def readonly_app(seed_index: Path, tmp_path_factory: pytest.TempPathFactory
                 ) -> Iterator[RunningApp]:
    workdir = tmp_path_factory.mktemp("readonly-app")
    index = workdir / "index"
    shutil.copytree(seed_index, index)
    app = start_app(workdir, index, {"RAG_APP_READONLY": "1", "RAG_APP_HOST": "0.0.0.0",
                                     "RAG_APP_ALLOW_OPEN": "1"})
    yield app
    stop_app(app)


def test_allow_open_starts_with_a_warning(readonly_app: RunningApp) -> None:
    log = readonly_app.log.read_text(errors="replace")
    warning = next(line for line in log.splitlines() if "RAG_APP_ALLOW_OPEN=1" in line)
    assert "WARNING" in warning and "WITHOUT a login" in warning
    assert "add or replace" not in warning   # read-only: nothing can be added anyway


def test_read_only_has_no_way_to_add(readonly_app: RunningApp, tmp_path: Path) -> None:
    from gradio_client import Client, handle_file

    before = manifest(readonly_app)
    with httpx.Client(base_url=readonly_app.url, timeout=60) as http:
        config = http.get("/config").json()
    ids = {c.get("props", {}).get("elem_id") for c in config["components"]}
    assert "rag-tab-add" not in ids and "rag-upload" not in ids
    assert not any(target[1] == "upload" for d in config["dependencies"]
                   for target in d["targets"])
    assert config["max_file_size"] == 50 * 1024 * 1024   # the largest limit of any format
    name = f"probe-{uuid.uuid4().hex[:8]}"
    path = tmp_path / f"{name}.txt"
    path.write_text(article("Storm kills 3 in Arden", "Arden", 3), "utf-8")
    client = Client(readonly_app.url, verbose=False)
    with pytest.raises(Exception, match=r"read-only \(RAG_APP_READONLY=1\): articles cannot be "
                                        "added"):
        client.predict(handle_file(str(path)), None, api_name="/add_article")
    assert manifest(readonly_app) == before
    assert not list((readonly_app.index_dir / "docs").glob(f"{name}*"))
    # the refused file was not kept in Gradio's upload folder either
    from gradio.utils import get_upload_folder
    assert not list(Path(get_upload_folder()).rglob(f"{name}.txt"))


def test_read_only_still_answers_and_exports(readonly_app: RunningApp) -> None:
    from gradio_client import Client

    client = Client(readonly_app.url, verbose=False)
    answer = client.predict("How many Turkish soldiers were killed?", api_name="/chat")
    assert "33" in answer["answer"] and answer["citations"]
    ledger = client.predict(api_name="/ledger")
    assert ledger["claims"] and ledger["discrepancies"]
    with httpx.Client(base_url=readonly_app.url, timeout=60) as http:
        config = http.get("/config").json()
        exports = next(c for c in config["components"]
                       if c.get("props", {}).get("elem_id") == "rag-exports")
        files = exports["props"]["value"]
        assert sorted(Path(f["path"]).name for f in files) == ["ledger.csv", "ledger.json",
                                                              "ledger.md"]
        for f in files:
            got = http.get(f["url"])
            assert got.status_code == 200 and got.content
        downloaded = next(f for f in files if f["path"].endswith(".json"))
        assert json.loads(http.get(downloaded["url"]).text) == ledger
