"""Add an article from the page (an uploaded file or a URL): ingest through Engine.ingest, or
explain the refusal.

Engine.ingest reads and checks the whole file (or fetches the whole page) before writing
anything, so a refused input (empty, binary, not UTF-8, too big, wrong type, a scan, a private
address, a timeout) leaves the index exactly as it was.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rag.errors import RagError
from rag.ui.escape import esc

if TYPE_CHECKING:
    from rag.engine import Engine

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class UploadResult:
    ok: bool
    message: str
    doc_ids: tuple[str, ...] = ()   # what was added or replaced, to show it in the viewer

    def html(self) -> str:
        cls = "rag-status-ok" if self.ok else "rag-status-error"
        role = "status" if self.ok else "alert"
        return f'<div class="rag-status {cls}" role="{role}">{esc(self.message)}</div>'


def _friendly(message: str, path: str) -> str:
    # Gradio stores uploads under a random temp folder; the user knows the file by its name.
    return message.replace(path, Path(path).name)


def ingest_upload(engine: Engine, path: str | None, source: str | None = None) -> UploadResult:
    if not path:
        return UploadResult(False, "Choose a .txt, .md, .html, .pdf or .docx file to add.")
    try:
        results = engine.ingest([path], source=(source or "").strip() or None)
    except RagError as exc:
        return UploadResult(False, _friendly(str(exc), path))
    except Exception:  # the page must say something rather than hang
        log.exception("upload of %s failed", path)
        return UploadResult(False, f"{Path(path).name}: could not be added (internal error; "
                                   "see the server log). Nothing was changed.")
    return _added(results)


def ingest_url(engine: Engine, url: str | None, source: str | None = None) -> UploadResult:
    """Fetch a page (or a PDF / Word file) by its address and add it."""
    url = (url or "").strip()
    if not url:
        return UploadResult(False, "Enter the address of a page, starting with https://.")
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", url):
        return UploadResult(False, f"{url}: not a full address; it must start with http:// or "
                                   "https://")
    try:
        results = engine.ingest([url], source=(source or "").strip() or None)
    except RagError as exc:
        return UploadResult(False, str(exc))
    except Exception:
        log.exception("fetching %s failed", url)
        return UploadResult(False, f"{url}: could not be added (internal error; see the server "
                                   "log). Nothing was changed.")
    return _added(results)


def _added(results: list[dict]) -> UploadResult:
    parts = []
    for r in results:
        verb = {"added": "Added", "replaced": "Replaced", "unchanged": "Already loaded (unchanged)",
                "metadata_updated": "Updated the source of"}.get(r["status"], r["status"])
        dated = f", {r['published']}" if r.get("published") else ""
        parts.append(f"{verb}: {r.get('title') or r['doc_id']} ({r['n_passages']} passages, "
                     f"source {r.get('source') or 'unknown'}{dated}).")
    return UploadResult(True, " ".join(parts), tuple(r["doc_id"] for r in results))
