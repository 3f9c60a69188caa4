"""The chat handler behind the page: streams Engine.ask_stream into the Chatbot.

The Chatbot holds rendered HTML, so the plain (question, answer) turns the composer needs as
history travel separately in a gr.State.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from rag.errors import RagError
from rag.records import Answer, Turn
from rag.ui.answer_view import answer_html, error_html, pending_html, question_html
from rag.ui.settings import MAX_HISTORY_TURNS

if TYPE_CHECKING:
    from rag.engine import Engine

log = logging.getLogger(__name__)

Messages = list[dict[str, Any]]


def make_responder(engine: Engine, titles: Callable[[], dict[str, str]]
                   ) -> Callable[[str, Messages | None, list[Turn] | None],
                                 Iterator[tuple[Messages, list[Turn], str]]]:
    """Return the generator Gradio calls: (question, messages, turns) -> updates."""

    def respond(question: str, messages: Messages | None, turns: list[Turn] | None
                ) -> Iterator[tuple[Messages, list[Turn], str]]:
        messages = list(messages or [])
        turns = list(turns or [])
        messages.append({"role": "user", "content": question_html(question or "")})
        try:
            checked = engine.check_question(question)
        except RagError as exc:
            messages.append({"role": "assistant", "content": error_html(str(exc))})
            yield messages, turns, question   # keep the text so it can be fixed
            return
        messages.append({"role": "assistant", "content": pending_html("")})
        yield messages, turns, ""
        partial = ""
        try:
            for item in engine.ask_stream(checked, turns[-MAX_HISTORY_TURNS:]):
                if isinstance(item, Answer):
                    messages[-1] = {"role": "assistant",
                                    "content": answer_html(item.to_dict(), titles())}
                    turns.append((checked, item.answer))
                else:
                    partial += item
                    messages[-1] = {"role": "assistant", "content": pending_html(partial)}
                yield messages, turns, ""
        except RagError as exc:
            messages[-1] = {"role": "assistant", "content": error_html(str(exc))}
            yield messages, turns, ""
        except Exception:  # show a message instead of a dead spinner
            log.exception("answering %r failed", checked)
            messages[-1] = {"role": "assistant", "content": error_html(
                "Something went wrong while answering; see the server log.")}
            yield messages, turns, ""

    return respond
