"""Ledger files for download: JSON (the `rag ledger --json` shape), CSV and Markdown.

CSV and Markdown come from rag.ledger.export, the same code as `rag ledger --format csv|md`, so
the page and the CLI hand out identical files.

Files go to the system temp dir, which Gradio serves without extra `allowed_paths`, in a folder
named by a hash of the ledger: every page load reuses the files of an unchanged ledger instead
of piling up copies, and a download never mixes two versions of the ledger.
"""
from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path

from rag.ledger.export import to_csv, to_markdown
from rag.ledger.model import Ledger

EXPORT_NAMES = ("ledger.json", "ledger.csv", "ledger.md")


def to_json(ledger: Ledger) -> str:
    return json.dumps(ledger.to_dict(), ensure_ascii=False, indent=2)


def write_exports(ledger: Ledger) -> list[str]:
    """Write ledger.json, ledger.csv and ledger.md (once per ledger version); return the paths."""
    as_json = to_json(ledger)
    digest = hashlib.sha256(as_json.encode("utf-8")).hexdigest()[:16]
    folder = Path(tempfile.gettempdir()) / f"rag-ledger-{digest}"
    paths = [folder / name for name in EXPORT_NAMES]
    if all(p.exists() for p in paths):
        return [str(p) for p in paths]
    # write into a private folder, then rename: concurrent page loads never see half a file
    staging = Path(tempfile.mkdtemp(prefix="rag-ledger-tmp-"))
    for name, content in zip(EXPORT_NAMES, (as_json, to_csv(ledger), to_markdown(ledger))):
        (staging / name).write_text(content, encoding="utf-8")
    try:
        staging.rename(folder)
    except OSError:   # another request won the race with identical content
        for p in staging.iterdir():
            p.unlink()
        staging.rmdir()
    return [str(p) for p in paths]
