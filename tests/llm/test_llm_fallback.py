"""A model whose sentences fail the support check never makes the answer worse: the extractive
sentences stand in for what was dropped, with a one-line note, and the answer abstains only
when the extractive path would (replayed responses through the real OpenAI-compatible client).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from rag.compose.phrasing import FALLBACK_NOTE


@pytest.fixture
def llm_engine(server, make_config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from rag.engine import Engine

    monkeypatch.setenv("RAG_INDEX_DIR", str(tmp_path / "index"))
    return Engine(make_config(server.base_url))


def test_garbled_model_answer_falls_back_to_the_article(server, llm_engine) -> None:
    server.serve("garbled")
    answer = llm_engine.ask("How many Turkish soldiers were killed?")
    assert not answer.abstained
    assert "33" in answer.answer and "1.1.2" not in answer.answer
    assert FALLBACK_NOTE in answer.answer
    text = llm_engine.document_text(answer.citations[0].doc_id)
    for citation in answer.citations:
        assert text[citation.start:citation.end] == citation.text
    # every sentence but the note cites
    body = answer.answer.replace(FALLBACK_NOTE, "")
    assert re.search(r"\[\d+\]", body)


def test_supported_model_sentence_is_kept_and_inventions_are_not(server, llm_engine) -> None:
    server.serve("engine_answer")   # one supported sentence, two dropped
    answer = llm_engine.ask("How many Turkish soldiers were killed in the air strike?")
    assert "33 Turkish soldiers" in answer.answer and "Putin" not in answer.answer


def test_model_is_not_asked_when_the_article_is_silent(server, llm_engine) -> None:
    server.serve("garbled")
    answer = llm_engine.ask("What did Japan's foreign ministry say about the strike?")
    assert answer.abstained
    assert not server.requests   # abstention was decided before any model call


def test_a_near_miss_falls_back_to_the_same_passages_as_the_extractive_answer(
        server, llm_engine) -> None:
    # a weak match shows the two closest passages on the extractive path; when the model's
    # sentences are dropped, the fallback must stand in with both, not only the closest one
    from dataclasses import replace

    from rag.engine import Engine

    question = "What did the alliance's chief say about the bombing?"
    extractive = Engine(replace(llm_engine.config, llm=None)).ask(question)
    assert extractive.answer.startswith("The article does not answer this in so many words")
    server.serve("garbled")
    answer = llm_engine.ask(question)
    assert FALLBACK_NOTE in answer.answer
    assert {c.passage_id for c in answer.citations} >= \
        {c.passage_id for c in extractive.citations[:2]}
