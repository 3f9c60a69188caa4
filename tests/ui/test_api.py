"""The gradio_client API against the running app: /chat, /ledger and /ledger_map, and 20 at
once."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from gradio_client import Client

    from tests.ui.conftest import RunningApp

pytestmark = pytest.mark.slow

ANSWER_KEYS = {"question", "answer", "abstained", "citations", "flags", "latency_ms"}
# question -> a string any correct answer contains (from the shipped article)
QUESTIONS = {
    "How many Turkish soldiers were killed?": "33",
    "How many regime troops did Turkey say it killed?": "309",
    "How many wounded troops were being treated in hospitals?": "32",
    "How many soldiers has Turkey had killed in Idlib since the beginning of February?": "54",
    "Who could not confirm the reported deaths?": "Al Jazeera",
}


def test_api_lists_exactly_the_stable_endpoints(client: Client) -> None:
    endpoints = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    assert set(endpoints) == {"/chat", "/ledger", "/ledger_map", "/add_article"}


def test_ledger_map_is_the_graph_of_the_ledger(client: Client) -> None:
    graph = client.predict(api_name="/ledger_map")
    ledger = client.predict(api_name="/ledger")
    assert {"version", "nodes", "edges", "badges", "claims", "documents"} <= set(graph)
    drawn = {x["discrepancy_id"] for x in graph["edges"] + graph["badges"]}
    assert drawn == {d["id"] for d in ledger["discrepancies"] + ledger["corroborations"]}
    assert all({"discrepancy_id", "confidence", "source", "target"} <= set(e)
               for e in graph["edges"])
    with pytest.raises(Exception, match="unknown map kind"):
        client.predict(["feud"], None, api_name="/ledger_map")


def test_chat_returns_the_ask_json_contract(client: Client, article_text: str) -> None:
    result = client.predict("How many Turkish soldiers were killed?", api_name="/chat")
    assert ANSWER_KEYS <= set(result)
    assert result["abstained"] is False and "33" in result["answer"]
    assert result["citations"]
    for c in result["citations"]:
        assert article_text[c["start"]:c["end"]] == c["text"]
        assert f"[{c['n']}]" in result["answer"]


def test_chat_flags_reference_citations(client: Client) -> None:
    result = client.predict("How many regime troops did Turkey say it killed?", api_name="/chat")
    assert result["flags"]
    numbers = {c["n"] for c in result["citations"]}
    for flag in result["flags"]:
        assert flag["kind"] in {"contested", "unverified", "numeric"}
        assert set(flag["citations"]) <= numbers


def test_chat_accepts_history(client: Client) -> None:
    first = client.predict("How many Turkish soldiers were killed?", api_name="/chat")
    result = client.predict("Who killed them?", [[first["question"], first["answer"]]],
                            api_name="/chat")
    assert ANSWER_KEYS <= set(result)


def test_chat_refuses_an_empty_question_with_the_message(client: Client) -> None:
    with pytest.raises(Exception, match="empty"):
        client.predict("   ", api_name="/chat")


def test_ledger_returns_claims_and_discrepancies(client: Client, article_text: str) -> None:
    ledger = client.predict(api_name="/ledger")
    assert {"claims", "discrepancies"} <= set(ledger)
    assert ledger["claims"] and ledger["discrepancies"]
    for d in ledger["discrepancies"]:
        assert d["kind"] in {"contested", "unverified", "numeric"}
        for c in d["claims"]:
            assert article_text[c["start"]:c["end"]] == c["text"]


def test_twenty_simultaneous_questions_are_all_answered(app: RunningApp, client: Client) -> None:
    from gradio_client import Client

    questions = [list(QUESTIONS)[i % len(QUESTIONS)] for i in range(20)]
    reference = {q: client.predict(q, api_name="/chat") for q in QUESTIONS}

    def ask(question: str) -> dict:
        # one client per thread, as 20 separate users would have
        return Client(app.url, verbose=False).predict(question, api_name="/chat")

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(ask, questions))
    assert len(results) == 20
    for question, result in zip(questions, results):
        assert result["question"] == question               # nothing crossed between requests
        assert QUESTIONS[question].lower() in result["answer"].lower()
        assert result["answer"] == reference[question]["answer"]
        assert result["citations"] == reference[question]["citations"]
