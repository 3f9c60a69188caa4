"""The gradio_client API: `/chat` and `/ledger`, plain functions returning JSON data.

No `from __future__ import annotations` here: gr.api reads these type hints at runtime to build
the API schema.
"""
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import gradio as gr

from rag.errors import RagError
from rag.ui.settings import MAX_HISTORY_TURNS

if TYPE_CHECKING:
    from rag.engine import Engine


def make_api(engine: "Engine") -> tuple[Callable[..., dict[str, Any]],
                                        Callable[[], dict[str, Any]]]:
    """Return (chat, ledger) bound to `engine`."""

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

    return chat, ledger
