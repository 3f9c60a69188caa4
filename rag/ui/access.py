"""Who may use the app: the login (RAG_APP_AUTH) and the refusal to listen openly.

The app refuses to start on an address other people can reach (anything but loopback) unless
users must log in, or RAG_APP_ALLOW_OPEN=1 says an open app is intended; that case is logged as
a warning. The login is Gradio's own (`launch(auth=...)`, a cookie after the login form; the
gradio_client passes `auth=(name, password)`), checked against the users file of scrypt hashes.
"""
from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable

from rag.config import Config, ConfigError
from rag.errors import AuthError
from rag.users import UserFile

log = logging.getLogger(__name__)

_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


def is_loopback(host: str) -> bool:
    """True when `host` only ever means this machine (127.0.0.0/8, ::1, localhost).

    A name is resolved and counts as loopback only if every address it has is; anything that
    cannot be resolved counts as reachable by others (refusing is the safe mistake).
    """
    name = host.strip().strip("[]").lower()
    if name in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(name, None)
    except OSError:
        return False
    return bool(infos) and all(ipaddress.ip_address(str(info[4][0]).split("%")[0]).is_loopback
                               for info in infos)


def check_exposure(host: str, port: int, config: Config, login: bool, read_only: bool) -> None:
    """Refuse an open app on a shared address; warn when it is opened on purpose."""
    if login or is_loopback(host):
        return
    if not config.app_allow_open:
        raise ConfigError(
            f"refusing to listen on {host}:{port} without a login: anyone who reaches that "
            "address could use the app and add articles to the shared index. Set "
            "RAG_APP_AUTH=FILE (users from `rag users add NAME`), or RAG_APP_ALLOW_OPEN=1 "
            "if an open app on this network is intended")
    log.warning("RAG_APP_ALLOW_OPEN=1: listening on %s:%d WITHOUT a login; anyone who can "
                "reach this address can ask questions%s", host, port,
                "" if read_only else " and add or replace articles in the index")


class LoginCheck:
    """Gradio's `auth` callable: the users file, with guessing made slow.

    - async: Gradio awaits it on its event loop, so the scrypt work (~0.1 s, 32 MiB) runs in a
      worker thread instead of stalling every other request;
    - at most `parallel` checks at once, so a flood of logins cannot exhaust memory;
    - after `max_failures` wrong passwords for one name within `window_s`, that name is
      refused without checking until the window has passed (logged).
    """

    def __init__(self, users: UserFile, max_failures: int = 10, window_s: float = 300.0,
                 parallel: int = 2) -> None:
        self.users = users
        self.max_failures = max_failures
        self.window_s = window_s
        self._slots = threading.BoundedSemaphore(parallel)
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent_failures(self, name: str, now: float) -> deque[float]:
        failures = self._failures.setdefault(name, deque())
        while failures and now - failures[0] > self.window_s:
            failures.popleft()
        return failures

    def check(self, name: str, password: str) -> bool:
        now = time.monotonic()
        with self._lock:
            if len(self._recent_failures(name, now)) >= self.max_failures:
                log.warning("login refused for %r: %d wrong passwords in %.0f s", name,
                            self.max_failures, self.window_s)
                return False
        with self._slots:
            try:
                ok = self.users.check(name, password)
            except AuthError as exc:   # the file vanished or broke while running: fail closed
                log.error("login refused: %s", exc)
                return False
        with self._lock:
            if ok:
                self._failures.pop(name, None)
            else:
                self._recent_failures(name, now).append(now)
        if not ok:
            log.warning("failed login for %r", name)
        return ok

    async def authenticate(self, username: str, password: str) -> bool:
        """What Gradio calls. It must be a coroutine *function* (Gradio tests that with
        inspect.iscoroutinefunction and otherwise calls it without awaiting, and a coroutine
        object is truthy: every password would pass), so pass this bound method, not the
        object."""
        return await asyncio.to_thread(self.check, username, password)


def login_for(config: Config) -> Callable[[str, str], Awaitable[bool]] | None:
    """Gradio's `auth` for RAG_APP_AUTH, after making sure the users file is usable now."""
    if config.app_auth is None:
        return None
    users = UserFile(config.app_auth)
    if not users.names():
        raise AuthError(f"users file {config.app_auth} has no users; add one with "
                        "`rag users add NAME`")
    return LoginCheck(users).authenticate
