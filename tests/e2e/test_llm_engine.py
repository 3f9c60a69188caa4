"""The LLM path through the Engine (the code path of the chat, `rag ask` and `rag eval`)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from rag.errors import LLMError
from rag.records import Answer


@pytest.fixture
def llm_engine(server, make_config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from rag.engine import Engine

    monkeypatch.setenv("RAG_INDEX_DIR", str(tmp_path / "index"))
    config = make_config(server.base_url)
    return Engine(config)


def test_engine_answer_keeps_supported_sentences_only(server, llm_engine) -> None:
    server.serve("engine_answer")
    answer = llm_engine.ask("How many Turkish soldiers were killed in the air strike?")
    assert not answer.abstained
    assert "33 Turkish soldiers" in answer.answer
    assert "Putin" not in answer.answer and "500" not in answer.answer
    text = llm_engine.document_text(answer.citations[0].doc_id)
    for c in answer.citations:
        assert text[c.start:c.end] == c.text
    assert next(int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)) == 1
    prompt = server.requests[-1]["messages"][-1]["content"]
    assert "How many Turkish soldiers" in prompt


def test_engine_streams_model_tokens_then_the_checked_answer(server, llm_engine) -> None:
    server.serve("engine_answer")
    items = list(llm_engine.ask_stream("How many Turkish soldiers were killed in the air strike?"))
    deltas = [i for i in items if isinstance(i, str)]
    assert len(deltas) > 3
    final = items[-1]
    assert isinstance(final, Answer) and "Putin" not in final.answer


def test_server_down_gives_a_clear_message(make_config, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from rag.engine import Engine
    from rag.testing import free_port

    monkeypatch.setenv("RAG_INDEX_DIR", str(tmp_path / "index"))
    engine = Engine(make_config(f"http://127.0.0.1:{free_port()}/v1"))
    with pytest.raises(LLMError) as error:
        engine.ask("How many Turkish soldiers were killed in the air strike?")
    assert "connect" in str(error.value).lower()
