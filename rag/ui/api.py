"""The gradio_client API: `/chat`, `/ledger`, `/ledger_map` and `/add_article`, plain functions
returning JSON data.

No `from __future__ import annotations` here: gr.api reads these type hints at runtime to build
the API schema.
"""
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr
from gradio.data_classes import FileData

from rag.errors import RagError
from rag.ledger_map.graph import with_figures
from rag.ledger_map.view import filtered
from rag.ui.map_view import MapCache
from rag.ui.settings import MAX_HISTORY_TURNS

if TYPE_CHECKING:
    from rag.engine import Engine
    from rag.ui.upload import UploadDesk


def uploaded_path(file: Any) -> str:
    """The server-side path of a file the client uploaded through this app.

    gr.api hands the FileData over as sent, unchecked; a client could name any path on the
    server instead of its upload. Only files inside Gradio's upload folder are accepted.
    """
    from gradio.utils import get_upload_folder, is_in_or_equal

    path = file.get("path") if isinstance(file, dict) else getattr(file, "path", None)
    if not isinstance(path, str) or not path:
        raise gr.Error("file must be an uploaded file (gradio_client: handle_file(PATH))")
    if not is_in_or_equal(str(Path(path).resolve()), str(Path(get_upload_folder()).resolve())):
        raise gr.Error("file must be uploaded through this app (gradio_client: "
                       "handle_file(PATH)); server paths are not accepted")
    return path


def make_api(engine: "Engine", desk: "UploadDesk", maps: MapCache | None = None
             ) -> tuple[Callable[..., dict[str, Any]], Callable[[], dict[str, Any]],
                        Callable[..., dict[str, Any]], Callable[..., dict[str, Any]]]:
    """Return (chat, ledger, add_article, ledger_map) bound to `engine`."""
    maps = maps or MapCache()

    def chat(question: str, history: list[list[str]] | None = None) -> dict[str, Any]:
        """Answer a question about the loaded article(s).

        history: earlier turns as [[question, answer], ...] (optional; the last
        MAX_HISTORY_TURNS are used).
        Returns the `rag ask --json` object: question, answer (with [n] markers), abstained,
        citations (n, doc_id, passage_id, text, start, end), flags, latency_ms.
        """
        try:
            turns = [(str(q), str(a)) for q, a in (history or [])]
        except (TypeError, ValueError):
            raise gr.Error("history must be a list of [question, answer] pairs") from None
        try:
            return engine.ask(question, turns[-MAX_HISTORY_TURNS:]).to_dict()
        except RagError as exc:
            raise gr.Error(str(exc)) from None

    def ledger() -> dict[str, Any]:
        """The claim ledger: {"claims": [...], "discrepancies": [...]} as `rag ledger --json`."""
        return engine.ledger().to_dict()

    def add_article(file: FileData, source: str | None = None,
                    request: gr.Request = None) -> dict[str, Any]:  # type: ignore[assignment]
        """Add or replace an article (.txt, .md, .html), as the page's "Add article" does.

        file: gradio_client.handle_file(PATH); source: the outlet name (optional).
        Returns {"message": ..., "documents": [{doc_id, status, n_passages, title, source}]}.
        A refused file (read-only instance, upload limit, too big, not UTF-8, ...) raises an
        error carrying the one-line message; the index is then unchanged.
        """
        if desk.read_only:   # refuse, and keep nothing of what was sent
            path = uploaded_path(file)
            Path(path).unlink(missing_ok=True)
            result = desk.add(None, None, request, "api")
        else:
            result = desk.add(uploaded_path(file), source, request, "api")
        if not result.ok:
            raise gr.Error(result.message)
        return {"message": result.message, "documents": list(result.documents)}


    def ledger_map(kinds: list[str] | None = None,
                   doc_id: str | None = None) -> dict[str, Any]:
        """The ledger as a graph, the same object as `rag ledger --format map-json`.

        kinds: edge kinds to keep (disputes, could_not_confirm, conflicting_figures, update,
        corroborates) and "badge" for node badges; none keeps all.
        doc_id: keep the findings with a claim in this document.
        Returns {version, kinds, nodes, edges, badges, claims, documents}: nodes are sides
        (id, label, kind, outlet, anonymous, speakers, claim_ids, edge_ids, badge_ids), edges
        carry source, target, kind, discrepancy_id, confidence, summary and claim_ids.
        """
        try:
            graph = maps.get(engine.ledger(), engine.documents())
            return with_figures(filtered(graph, kinds, doc_id or None))
        except RagError as exc:
            raise gr.Error(str(exc)) from None

    return chat, ledger, add_article, ledger_map
