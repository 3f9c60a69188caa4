"""The audit log: who added, replaced or re-sourced which document, and when.

One JSON object per line in `audit.jsonl` beside the index (RAG_INDEX_DIR), appended under the
index's write lock right after each manifest switch, so every document version that ever
entered the index has its line. An ingest rolled back after the switch (a full disk) appends a
`rolled_back` line for the same document rather than rewriting history.
"""
from __future__ import annotations

import getpass
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

AUDIT_LOG = "audit.jsonl"


@dataclass(frozen=True)
class Actor:
    """Who asked for a write: a signed-in app user, an address, or the OS user of the CLI."""
    user: str
    via: str                      # "page", "api", "cli", "library"
    client: str | None = None     # the client's address, when it came over the network

    @classmethod
    def local(cls, via: str) -> Actor:
        try:
            user = getpass.getuser()
        except (KeyError, OSError):   # no login name (a container without /etc/passwd entry)
            user = f"uid {os.getuid()}"
        return cls(user=user, via=via)


def append(root: Path, entries: list[dict[str, Any]]) -> None:
    """Append entries, one line each, and fsync: a line is either whole on disk or absent.

    O_APPEND makes each write land at the end even with several writer processes; the lines
    of one call go out in a single write.
    """
    if not entries:
        return
    data = "".join(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n" for e in entries)
    fd = os.open(Path(root) / AUDIT_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        size = os.fstat(fd).st_size   # writers hold the index lock: nobody appends meanwhile
        try:
            view = memoryview(data.encode("utf-8"))
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        except OSError:
            os.ftruncate(fd, size)    # never leave half a line (a full disk) for the next one
            raise
    finally:
        os.close(fd)


def read(root: Path) -> list[dict[str, Any]]:
    path = Path(root) / AUDIT_LOG
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
