"""A full disk during an ingest: one clear line, and the index exactly as it was.

Every write an ingest makes is failed in turn with ENOSPC (the article copy, the Chroma write,
the manifest, the ledger cache, the ledger, the audit log), for a new document and for a
replacement; then a real tiny filesystem (tmpfs) is filled up, where the system can mount one.
"""
from __future__ import annotations

import errno
import hashlib
import os
import shutil
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import rag.audit
import rag.store
from rag.errors import DiskFullError
from rag.ledger.cache import LedgerCache
from rag.ledger.model import Ledger
from rag.store import PassageStore
from tests.conftest import FERRY, FERRY_LAST

NEW_DOC = FERRY_LAST


def no_space(*_args: object, **_kwargs: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def half_then_full(real: Callable) -> Callable:
    """Chroma (SQLite) running out of space half-way through a write."""
    def write(store: PassageStore, rows: list) -> None:
        real(store, rows[: len(rows) // 2])
        raise RuntimeError("Error executing plan: Internal error: database or disk is full")
    return write


def guarded_write_bytes(real: Callable) -> Callable:
    def write_bytes(path: Path, data: bytes) -> int:
        if path.parent.name == "docs":
            no_space()
        return real(path, data)
    return write_bytes


def guarded_durable(real: Callable) -> Callable:
    def write(path: Path, data: bytes) -> None:
        if path.name.startswith("manifest"):
            no_space()
        real(path, data)
    return write


FAULTS: dict[str, Callable[[pytest.MonkeyPatch], None]] = {
    "article copy": lambda mp: mp.setattr(Path, "write_bytes", guarded_write_bytes(
        Path.write_bytes)),
    "chroma write": lambda mp: mp.setattr(PassageStore, "add_passages", half_then_full(
        PassageStore.add_passages)),
    "manifest": lambda mp: mp.setattr(rag.store, "write_durably", guarded_durable(
        rag.store.write_durably)),
    "ledger cache": lambda mp: mp.setattr(LedgerCache, "_write", no_space),
    "ledger": lambda mp: mp.setattr(Ledger, "save", no_space),
    "audit log": lambda mp: mp.setattr(rag.audit.os, "fsync", no_space),
}


def snapshot(store: PassageStore) -> dict:
    """Everything an ingest may touch (the audit log is checked on its own)."""
    root = store.root
    files = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_file() and relative.parts[0] not in ("chroma", "ledger-cache") \
                and path.name not in (rag.audit.AUDIT_LOG, ".ingest.lock"):
            files[str(relative)] = hashlib.sha256(path.read_bytes()).hexdigest()
    rows = store.collection.get(include=["metadatas"])
    return {"files": files,
            "chroma": sorted(zip(rows["ids"], (m["doc_sha"] for m in rows["metadatas"])))}


def replacement(tmp_path: Path) -> Path:
    """A changed version of a document already in the index."""
    path = tmp_path / "change" / "north-wire-2031-05-01.txt"
    path.parent.mkdir()
    path.write_text((FERRY / path.name).read_text("utf-8").replace("22", "24"), "utf-8")
    return path


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("kind", ["new", "replacement"])
def test_a_full_disk_leaves_the_index_as_it_was(ferry_engine, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch, fault: str,
                                                kind: str) -> None:
    engine = ferry_engine
    path = FERRY / f"{NEW_DOC}.txt" if kind == "new" else replacement(tmp_path)
    before = snapshot(engine.store)
    view = engine.view()
    audit_before = rag.audit.read(engine.store.root)
    with monkeypatch.context() as patch:
        FAULTS[fault](patch)
        with pytest.raises(DiskFullError) as error:
            engine.ingest([path])
    message = str(error.value)
    assert message.startswith("no space left on the disk holding the index")
    assert str(engine.store.root) in message and "the index is as it was" in message
    assert "\n" not in message
    assert snapshot(engine.store) == before
    assert engine.view() is view
    # the audit log only ever grows: a document that got in and was taken out again says so
    after = rag.audit.read(engine.store.root)
    assert after[:len(audit_before)] == audit_before
    added = after[len(audit_before):]
    assert [e["action"] for e in added] in ([], ["added" if kind == "new" else "replaced",
                                                 "rolled_back"])
    # and once there is space again, the same file goes in
    result = engine.ingest([path])
    assert result[0]["status"] == ("added" if kind == "new" else "replaced")
    assert result[0]["doc_id"] in {c.doc_id for c in engine.ledger().claims}


def test_the_upload_page_shows_the_disk_full_message(ferry_engine,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    engine = ferry_engine
    from rag.ui.upload import UploadDesk

    before = snapshot(engine.store)
    monkeypatch.setattr(Ledger, "save", no_space)
    result = UploadDesk(engine, 10).add(str(FERRY / f"{NEW_DOC}.txt"), None, None, "page")
    assert not result.ok and "no space left" in result.message
    assert 'role="alert"' in result.html()
    assert snapshot(engine.store) == before


# ---- a real tiny filesystem --------------------------------------------------------------------
@pytest.fixture()
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "tiny"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(folder: Path, leave: int) -> Path:
    """A file taking all free space but `leave` bytes."""
    filler = folder / "filler.bin"
    free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
    with open(filler, "wb") as out:
        chunk = b"\0" * (1 << 20)
        remaining = max(0, free - leave)
        while remaining > 0:
            try:
                remaining -= out.write(chunk[:remaining])
            except OSError:
                break
    return filler


def test_a_real_full_filesystem(tiny_disk: Path, tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    from rag.config import load_config
    from rag.engine import Engine

    index = tiny_disk / f"index-{uuid.uuid4().hex[:6]}"
    monkeypatch.setenv("RAG_INDEX_DIR", str(index))
    engine = Engine(load_config(), auto_ingest=False)
    first = tmp_path / "first"
    first.mkdir()
    for path in FERRY.glob("north-*.txt"):
        shutil.copy(path, first / path.name)
    engine.ingest([first])
    answer = engine.ask("How many people were killed in the ferry blast?")
    before = snapshot(engine.store)
    # Room for nothing; the new document, its passages and its ledger must not fit.
    filler = fill(tiny_disk, leave=0)
    with pytest.raises(DiskFullError, match="no space left on the disk holding the index"):
        engine.ingest([FERRY / f"{NEW_DOC}.txt", FERRY / "east-times-2031-05-03.txt"])
    filler.unlink()
    assert snapshot(engine.store) == before
    assert engine.ask("How many people were killed in the ferry blast?").answer == answer.answer
    result = engine.ingest([FERRY / f"{NEW_DOC}.txt"])
    assert result[0]["status"] == "added"
    assert NEW_DOC in {c.doc_id for c in engine.ledger().claims}
