"""Add an article from the app: every route (the page's upload, the page's "Add by URL", the
`/add_article` API) comes through `UploadDesk`, so each applies the same rules in the same order:

1. read-only instance (RAG_APP_READONLY=1): refused, nothing read;
2. per-client limit on additions per minute (RAG_UPLOADS_PER_MINUTE);
3. Engine.ingest: size (RAG_MAX_FILE_BYTES, RAG_MAX_DOCUMENT_BYTES), type, encoding and content
   checks on the whole file (or the whole fetched page) before anything is written; a failure
   while writing (a full disk) rolls back. Either way a refused input leaves the index exactly
   as it was, and the message says why in one line;
4. the audit log records who (signed-in user, or the address) added or replaced what.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rag.audit import Actor
from rag.engine import READ_ONLY_MESSAGE
from rag.errors import RagError
from rag.ui.escape import esc
from rag.ui.limits import RateLimiter

if TYPE_CHECKING:
    import gradio as gr

    from rag.engine import Engine

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class UploadResult:
    ok: bool
    message: str
    doc_ids: tuple[str, ...] = ()   # what was added or replaced, to show it in the viewer
    documents: tuple[dict[str, Any], ...] = field(default=())   # Engine.ingest's results

    def html(self) -> str:
        cls = "rag-status-ok" if self.ok else "rag-status-error"
        role = "status" if self.ok else "alert"
        return f'<div class="rag-status {cls}" role="{role}">{esc(self.message)}</div>'


def _friendly(message: str, path: str) -> str:
    # Gradio stores uploads under a random temp folder; the user knows the file by its name.
    return message.replace(path, Path(path).name)


def ingest_upload(engine: Engine, path: str | None, source: str | None = None,
                  actor: Actor | None = None) -> UploadResult:
    if not path:
        return UploadResult(False, "Choose a .txt, .md, .html, .pdf or .docx file to add.")
    try:
        results = engine.ingest([path], source=(source or "").strip() or None,
                                actor=actor or Actor(user="anonymous", via="page"))
    except RagError as exc:
        return UploadResult(False, _friendly(str(exc), path))
    except Exception:  # the page must say something rather than hang
        log.exception("upload of %s failed", path)
        return UploadResult(False, f"{Path(path).name}: could not be added (internal error; "
                                   "see the server log). Nothing was changed.")
    return _added(results)


def ingest_url(engine: Engine, url: str | None, source: str | None = None,
               actor: Actor | None = None) -> UploadResult:
    """Fetch a page (or a PDF / Word file) by its address and add it."""
    url = (url or "").strip()
    if not url:
        return UploadResult(False, "Enter the address of a page, starting with https://.")
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", url):
        return UploadResult(False, f"{url}: not a full address; it must start with http:// or "
                                   "https://")
    try:
        results = engine.ingest([url], source=(source or "").strip() or None,
                                actor=actor or Actor(user="anonymous", via="page"))
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
    documents = tuple({k: r.get(k) for k in ("doc_id", "status", "n_passages", "title", "source",
                                             "published", "format")} for r in results)
    return UploadResult(True, " ".join(parts), tuple(r["doc_id"] for r in results), documents)


def actor_for(request: gr.Request | None, via: str) -> Actor:
    """The signed-in user (when the app has a login) and the client's address."""
    user = getattr(request, "username", None) if request is not None else None
    client = getattr(getattr(request, "client", None), "host", None)
    return Actor(user=user or "anonymous", via=via, client=client)


class UploadDesk:
    def __init__(self, engine: Engine, uploads_per_minute: int) -> None:
        self.engine = engine
        self.limiter = RateLimiter(uploads_per_minute)

    @property
    def read_only(self) -> bool:
        return self.engine.read_only

    def _refusal(self, name: str, request: gr.Request | None, via: str
                 ) -> tuple[UploadResult | None, Actor]:
        """Read-only or over the limit (an UploadResult saying so), else None and the actor."""
        actor = actor_for(request, via)
        if self.read_only:
            return UploadResult(False, READ_ONLY_MESSAGE), actor
        key = f"user:{actor.user}" if actor.user != "anonymous" else f"address:{actor.client}"
        wait = self.limiter.acquire(key)
        if not wait:
            return None, actor
        log.warning("%s refused: %s over %d uploads per minute", name, key,
                    self.limiter.per_window)
        return UploadResult(False, f"{name}: upload limit reached ({self.limiter.per_window} "
                                   f"per minute per "
                                   f"{'user' if key.startswith('user:') else 'address'}, "
                                   f"RAG_UPLOADS_PER_MINUTE); try again in {wait:.0f} s. "
                                   "Nothing was changed."), actor

    def add(self, path: str | None, source: str | None, request: gr.Request | None,
            via: str) -> UploadResult:
        """An uploaded file (page or API)."""
        if not path and not self.read_only:
            return UploadResult(False, "Choose a .txt, .md, .html, .pdf or .docx file to add.")
        refused, actor = self._refusal(Path(path or "").name, request, via)
        return refused or ingest_upload(self.engine, path, source, actor)

    def add_url(self, url: str | None, source: str | None, request: gr.Request | None,
                via: str) -> UploadResult:
        """A page fetched by its address (the page's "Add by URL")."""
        if not (url or "").strip() and not self.read_only:
            return UploadResult(False, "Enter the address of a page, starting with https://.")
        refused, actor = self._refusal((url or "").strip(), request, via)
        return refused or ingest_url(self.engine, url, source, actor)
