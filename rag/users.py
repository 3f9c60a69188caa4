"""The users file behind the app's login (RAG_APP_AUTH=FILE): names and salted scrypt hashes.

Never a password in plain text: each user gets a random 16-byte salt and the scrypt hash of the
password (hashlib.scrypt, the memory-hard KDF of the standard library). The cost parameters are
stored with each hash, so raising them later needs no migration: old hashes still verify with
their own parameters and `rag users add --replace` rewrites them with the new ones.

The file is JSON, written by `rag users add` through a temporary file and a rename, readable by
its owner only (0600), and re-read by the app whenever it changes, so adding or removing a user
needs no restart.
"""
from __future__ import annotations

import base64
import fcntl
import hashlib
import hmac
import json
import os
import re
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rag.errors import AuthError, InputError

FORMAT = "rag-users/1"
# scrypt cost: N=2^15, r=8, p=1 takes 32 MiB and ~0.1 s per check, above the scrypt paper's
# interactive-login setting (2^14); the memory cost is what makes GPU guessing expensive.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 15, 8, 1
SALT_BYTES = 16
HASH_BYTES = 32
MIN_PASSWORD_CHARS = 8
MAX_PASSWORD_CHARS = 1024
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")


def check_name(name: str) -> str:
    if not _NAME.fullmatch(name or ""):
        raise InputError(f"user name {name!r} must be 1-64 letters, digits or . _ @ - "
                         "(starting with a letter or digit)")
    return name


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_CHARS:
        raise InputError(f"password must have at least {MIN_PASSWORD_CHARS} characters")
    if len(password) > MAX_PASSWORD_CHARS:
        raise InputError(f"password must have at most {MAX_PASSWORD_CHARS} characters")
    if not password.strip():
        raise InputError("password must not be only spaces")
    return password


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    # maxmem: scrypt needs 128 * r * n bytes; the default cap (32 MiB) is just too small
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=length,
                          maxmem=256 * r * n + 1024 * 1024)


def hash_password(password: str) -> dict[str, Any]:
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, HASH_BYTES)
    return {"kdf": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P, "salt": _b64(salt),
            "hash": _b64(digest)}


def verify_password(record: dict[str, Any], password: str) -> bool:
    """True when `password` hashes to the record's hash (constant-time comparison)."""
    try:
        if record.get("kdf") != "scrypt":
            return False
        expected = base64.b64decode(record["hash"])
        salt = base64.b64decode(record["salt"])
        n, r, p = int(record["n"]), int(record["r"]), int(record["p"])
    except (KeyError, TypeError, ValueError):
        return False
    if len(password) > MAX_PASSWORD_CHARS:
        return False
    return hmac.compare_digest(_scrypt(password, salt, n, r, p, len(expected)), expected)


# Checked against when the name is unknown, so a wrong name costs as long as a wrong password
# and response times do not reveal which names exist.
_DUMMY = {"kdf": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P,
          "salt": _b64(b"\0" * SALT_BYTES), "hash": _b64(b"\0" * HASH_BYTES)}


class UserFile:
    """One users file; reads are cached until the file changes on disk."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._stamp: tuple[int, int, int] | None = None
        self._users: dict[str, dict[str, Any]] = {}

    # ---- reading --------------------------------------------------------------------------
    def users(self) -> dict[str, dict[str, Any]]:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            raise AuthError(f"users file {self.path} does not exist; create it with "
                            f"`rag users add NAME` (RAG_APP_AUTH={self.path})") from None
        except OSError as exc:
            raise AuthError(f"users file {self.path} cannot be read ({exc.strerror})") from None
        stamp = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        with self._lock:
            if stamp == self._stamp:
                return self._users
        users = self._parse()
        with self._lock:
            self._users, self._stamp = users, stamp
        return users

    def _parse(self) -> dict[str, dict[str, Any]]:
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except OSError as exc:
            raise AuthError(f"users file {self.path} cannot be read ({exc.strerror})") from None
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise AuthError(f"users file {self.path} is not a users file written by "
                            "`rag users add` (not JSON)") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT \
                or not isinstance(data.get("users"), dict):
            raise AuthError(f"users file {self.path} is not a users file written by "
                            f"`rag users add` (expected format {FORMAT!r})")
        for name, record in data["users"].items():
            if not isinstance(record, dict) or "hash" not in record or "salt" not in record:
                raise AuthError(f"users file {self.path}: user {name!r} has no salted hash")
        return data["users"]

    def names(self) -> list[str]:
        return sorted(self.users())

    def check(self, name: str, password: str) -> bool:
        record = self.users().get(name)
        ok = verify_password(record or _DUMMY, password)
        return ok and record is not None

    # ---- writing (the `rag users` commands) ------------------------------------------------
    @contextmanager
    def _editing(self) -> Iterator[dict[str, dict[str, Any]]]:
        """Read-modify-write under an exclusive lock, so two `rag users add` never lose one."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_name(self.path.name + ".lock"), "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            users = dict(self._parse()) if self.path.exists() else {}
            yield users
            tmp = self.path.with_name(self.path.name + ".tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump({"format": FORMAT, "users": users}, out, indent=1, sort_keys=True)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, 0o600)   # O_CREAT's mode does not apply to an existing tmp file
            os.replace(tmp, self.path)

    def add(self, name: str, password: str, replace: bool = False) -> str:
        """Add a user (or set a new password with replace=True); returns "added"/"replaced"."""
        check_name(name)
        check_password(password)
        record = {**hash_password(password),
                  "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        with self._editing() as users:
            if name in users and not replace:
                raise InputError(f"user {name!r} already exists in {self.path}; use --replace "
                                 "to set a new password")
            status = "replaced" if name in users else "added"
            users[name] = record
        return status

    def remove(self, name: str) -> None:
        with self._editing() as users:
            if name not in users:
                raise InputError(f"no user {name!r} in {self.path}")
            del users[name]
