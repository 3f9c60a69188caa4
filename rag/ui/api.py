"""The gradio_client API: `/chat`, `/ledger` and `/ledger_map`, plain functions returning JSON data.

No `from __future__ import annotations` here: gr.api reads these type hints at runtime to build
the API schema.
"""
from typing import TYPE_CHECKING, Any, Callable, Optional

import gradio as gr

from rag.errors import RagError
from rag.ledger_map.graph import with_figures
from rag.ledger_map.view import filtered
from rag.ui.map_view import MapCache
from rag.ui.settings import MAX_HISTORY_TURNS

if TYPE_CHECKING:
    from rag.engine import Engine


def make_api(engine: "Engine", maps: Optional[MapCache] = None
             ) -> tuple[Callable[..., dict[str, Any]], Callable[[], dict[str, Any]],
                        Callable[..., dict[str, Any]]]:
    """Return (chat, ledger, ledger_map) bound to `engine`."""
    maps = maps or MapCache()

    def chat(question: str, history: Optional[list[list[str]]] = None) -> dict[str, Any]:
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

    def ledger_map(kinds: Optional[list[str]] = None,
                   doc_id: Optional[str] = None) -> dict[str, Any]:
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

    return chat, ledger, ledger_map
