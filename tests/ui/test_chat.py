"""The page's chat handler: it streams, renders the final answer, and reports refusals."""
from __future__ import annotations

from collections.abc import Iterator

from rag.errors import InputError
from rag.records import Answer, Citation
from rag.ui.chat import make_responder


class StreamingEngine:
    """Just the two Engine methods the handler calls, with a scripted stream."""

    def __init__(self) -> None:
        self.history_seen: list[list[tuple[str, str]]] = []

    def check_question(self, question: str) -> str:
        if not question.strip():
            raise InputError("The question is empty; type a question about the article.")
        return question.strip()

    def ask_stream(self, question: str, history: list[tuple[str, str]]
                   ) -> Iterator[str | Answer]:
        self.history_seen.append(list(history))
        yield "Thirty-three "
        yield "died [1]."
        yield Answer(question=question, answer="Thirty-three died [1].", abstained=False,
                     citations=[Citation(1, "doc", "doc:1", "33 died", 4, 11)])


def run(engine: StreamingEngine, question: str, turns: list | None = None) -> list:
    respond = make_responder(engine, lambda: {"doc": "Title"})   # type: ignore[arg-type]
    # Gradio sends each update before resuming the generator; copy to see them the same way
    return [([dict(m) for m in messages], list(t), box)
            for messages, t, box in respond(question, [], turns or [])]


def test_answer_streams_then_renders_with_citations() -> None:
    updates = run(StreamingEngine(), "How many died?")
    contents = [messages[-1]["content"] for messages, _, _ in updates]
    assert "rag-streaming" in contents[0] and "Searching" in contents[0]
    assert "Thirty-three " in contents[1] and "rag-streaming" in contents[1]
    assert "Thirty-three died [1]." in contents[2]
    final = contents[-1]
    assert "rag-streaming" not in final and 'href="#rag-cite:doc:4:11"' in final
    messages, turns, box = updates[-1]
    assert [m["role"] for m in messages] == ["user", "assistant"]
    assert turns == [("How many died?", "Thirty-three died [1].")] and box == ""


def test_history_is_passed_as_plain_turns() -> None:
    engine = StreamingEngine()
    run(engine, "And then?", turns=[("How many died?", "Thirty-three died [1].")])
    assert engine.history_seen == [[("How many died?", "Thirty-three died [1].")]]


def test_refused_question_shows_the_message_and_keeps_the_text() -> None:
    updates = run(StreamingEngine(), "   ")
    messages, turns, box = updates[-1]
    assert len(updates) == 1 and "rag-error" in messages[-1]["content"]
    assert "The question is empty" in messages[-1]["content"]
    assert turns == [] and box == "   "
