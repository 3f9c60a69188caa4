"""The users file behind the app's login: salted scrypt hashes, the `rag users` command, and
the login check Gradio calls (slow to guess, closed when the file breaks)."""
from __future__ import annotations

import asyncio
import inspect
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from rag.config import load_config
from rag.errors import AuthError, InputError
from rag.ui.access import LoginCheck, login_for
from rag.users import UserFile, verify_password
from tests.conftest import ROOT

PASSWORD = "correct horse battery"


def rag_users(*args: str, password: str | None = None, env: dict[str, str] | None = None
              ) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rag", "users", *args], cwd=ROOT,
                          input=None if password is None else password + "\n",
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


def test_hashes_are_salted_per_user_and_never_plain_text(tmp_path: Path) -> None:
    users = UserFile(tmp_path / "users.json")
    users.add("ann", PASSWORD)
    users.add("bob", PASSWORD)
    raw = (tmp_path / "users.json").read_text("utf-8")
    assert PASSWORD not in raw
    records = json.loads(raw)["users"]
    assert records["ann"]["kdf"] == "scrypt" and records["ann"]["n"] >= 2 ** 14
    assert records["ann"]["salt"] != records["bob"]["salt"]
    assert records["ann"]["hash"] != records["bob"]["hash"]   # same password, other salt
    assert stat.S_IMODE((tmp_path / "users.json").stat().st_mode) == 0o600
    assert verify_password(records["ann"], PASSWORD)
    assert not verify_password(records["ann"], PASSWORD + "!")


def test_check_accepts_only_the_right_name_and_password(tmp_path: Path) -> None:
    users = UserFile(tmp_path / "users.json")
    users.add("ann", PASSWORD)
    assert users.check("ann", PASSWORD)
    assert not users.check("ann", "wrong password")
    assert not users.check("nobody", PASSWORD)
    assert not users.check("ANN", PASSWORD)


def test_adding_twice_needs_replace_and_remove_works(tmp_path: Path) -> None:
    users = UserFile(tmp_path / "users.json")
    users.add("ann", PASSWORD)
    with pytest.raises(InputError, match="already exists"):
        users.add("ann", "another password")
    assert users.check("ann", PASSWORD)
    assert users.add("ann", "another password", replace=True) == "replaced"
    assert users.check("ann", "another password") and not users.check("ann", PASSWORD)
    users.remove("ann")
    assert users.names() == []
    with pytest.raises(InputError, match="no user"):
        users.remove("ann")


@pytest.mark.parametrize("name,password,message", [
    ("ann", "short", "at least 8"),
    ("ann", " " * 12, "only spaces"),
    ("", PASSWORD, "user name"),
    ("ann smith", PASSWORD, "user name"),
    ("-ann", PASSWORD, "user name"),
])
def test_bad_names_and_passwords_are_refused(tmp_path: Path, name: str, password: str,
                                             message: str) -> None:
    users = UserFile(tmp_path / "users.json")
    with pytest.raises(InputError, match=message):
        users.add(name, password)
    assert not (tmp_path / "users.json").exists()


@pytest.mark.parametrize("content,message", [
    (None, "does not exist"),
    ("not json", "not JSON"),
    ('{"ann": "plain text password"}', "expected format"),
    ('{"format": "rag-users/1", "users": {"ann": {"password": "x"}}}', "no salted hash"),
])
def test_an_unusable_users_file_is_a_one_line_error(tmp_path: Path, content: str | None,
                                                    message: str) -> None:
    path = tmp_path / "users.json"
    if content is not None:
        path.write_text(content, "utf-8")
    with pytest.raises(AuthError, match=message) as error:
        UserFile(path).names()
    assert "\n" not in str(error.value) and str(path) in str(error.value)


def test_rag_users_add_reads_the_password_from_stdin(tmp_path: Path) -> None:
    path = tmp_path / "team" / "users.json"
    done = rag_users("add", "ann", "--file", str(path), password=PASSWORD)
    assert done.returncode == 0, done.stderr
    assert "added user ann" in done.stdout
    assert PASSWORD not in done.stdout + done.stderr
    assert UserFile(path).check("ann", PASSWORD)
    # RAG_APP_AUTH names the file when --file is not given
    env = {"RAG_APP_AUTH": str(path)}
    assert rag_users("add", "bob", password="bobs password", env=env).returncode == 0
    listed = rag_users("list", "--json", env=env)
    assert json.loads(listed.stdout)["users"] == ["ann", "bob"]
    again = rag_users("add", "ann", password="x" * 10, env=env)
    assert again.returncode == 2 and again.stderr.startswith("error: ")
    assert "already exists" in again.stderr and again.stderr.count("\n") == 1
    short = rag_users("add", "cy", password="short", env=env)
    assert short.returncode == 2 and "at least 8" in short.stderr
    assert rag_users("remove", "bob", env=env).returncode == 0
    assert UserFile(path).names() == ["ann"]


def test_rag_users_without_a_file_says_how_to_name_one(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "RAG_APP_AUTH"}
    done = subprocess.run([sys.executable, "-m", "rag", "users", "list"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "RAG_APP_AUTH" in done.stderr


def test_login_check_slows_guessing_and_fails_closed(tmp_path: Path) -> None:
    path = tmp_path / "users.json"
    users = UserFile(path)
    users.add("ann", PASSWORD)
    check = LoginCheck(users, max_failures=3, window_s=300)
    assert asyncio.run(check.authenticate("ann", PASSWORD))
    for _ in range(3):
        assert not asyncio.run(check.authenticate("ann", "guess"))
    assert not asyncio.run(check.authenticate("ann", PASSWORD))   # locked, even if right
    users.add("bob", "bobs password")
    assert asyncio.run(check.authenticate("bob", "bobs password"))   # other names are not
    path.write_text("garbage", "utf-8")                   # the file breaks while running
    assert not LoginCheck(users).check("ann", PASSWORD)


def test_gradio_awaits_the_login(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Gradio calls a plain callable without awaiting it; a coroutine object is truthy, so an
    # async check it does not recognise as one would let every password in.
    path = tmp_path / "users.json"
    UserFile(path).add("ann", PASSWORD)
    monkeypatch.setenv("RAG_APP_AUTH", str(path))
    auth = login_for(load_config())
    assert inspect.iscoroutinefunction(auth)
    assert asyncio.run(auth("ann", PASSWORD)) is True
    assert asyncio.run(auth("ann", "wrong password")) is False
