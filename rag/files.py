"""Small file helpers shared by the index's owners (the store, the ledger's persistence): a
cheap stamp that changes when a file is replaced, and a write that reaches the disk before
the rename that publishes it."""
from __future__ import annotations

import os
from pathlib import Path

Stamp = tuple[int, int, int] | None   # (inode, mtime_ns, size) of a file, None if absent


def file_stamp(path: Path) -> Stamp:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


def write_durably(path: Path, data: bytes) -> None:
    """Write and fsync, so a rename that follows never exposes a file the disk did not hold
    (a full disk fails here, before anything is switched)."""
    with open(path, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
