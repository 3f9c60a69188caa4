"""Every backend failure becomes one LLMError with a one-line message naming the cause and fix."""
from __future__ import annotations

import pytest

from rag.errors import LLMError, RagError
from rag.llm import LLMAnswerer
from rag.testing import free_port
from tests.llm.llm_replay import unit_embed


def run(answerer: LLMAnswerer, mode: str, passages) -> None:
    if mode == "generate":
        answerer.generate("How many soldiers died?", passages, [])
    else:
        list(answerer.stream("How many soldiers died?", passages, []))


def error_for(answerer: LLMAnswerer, mode: str, passages) -> LLMError:
    with pytest.raises(LLMError) as caught:
        run(answerer, mode, passages)
    message = str(caught.value)
    assert "\n" not in message and len(message) <= 240
    assert isinstance(caught.value, RagError)
    return caught.value


MODES = ["generate", "stream"]


@pytest.mark.parametrize("mode", MODES)
def test_server_down(make_config, passages, mode):
    url = f"http://127.0.0.1:{free_port()}/v1"
    error = error_for(LLMAnswerer(make_config(url), unit_embed), mode, passages)
    assert str(error).startswith(f"Cannot connect to the LLM server at {url}")
    assert "RAG_LLM_BASE_URL" in str(error)


@pytest.mark.parametrize("mode", MODES)
def test_timeout(server, make_config, passages, mode):
    server.serve("slow")   # sleeps 3 s before answering
    error = error_for(LLMAnswerer(make_config(server.base_url, timeout_s=0.5), unit_embed),
                      mode, passages)
    assert str(error).startswith(f"No answer from the LLM server at {server.base_url}")
    assert "within 0.5 s" in str(error) and "RAG_LLM_TIMEOUT_S" in str(error)
    assert len(server.requests) == 1        # no silent retries multiplying the wait


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("fixture", ["not_json", "missing_fields"])
def test_malformed_response(server, make_config, passages, mode, fixture):
    server.serve(fixture)
    error = error_for(LLMAnswerer(make_config(server.base_url), unit_embed), mode, passages)
    assert str(error).startswith(f"Malformed response from the LLM server at {server.base_url}")


@pytest.mark.parametrize("mode", MODES)
def test_http_500(server, make_config, passages, mode):
    server.serve("server_error")
    error = error_for(LLMAnswerer(make_config(server.base_url), unit_embed), mode, passages)
    assert str(error) == (f"The LLM server at {server.base_url} (RAG_LLM=openai) answered "
                          "HTTP 500: model runner crashed")
    assert len(server.requests) == 1
