"""Backend selection: lazy imports, and clear errors for missing packages or settings."""
from __future__ import annotations

import sys

import pytest

from rag.config import load_config
from rag.errors import LLMError
from rag.llm import LLMAnswerer, llm_from_config
from tests.llm.llm_replay import unit_embed


@pytest.fixture
def env(monkeypatch):
    for name in ("RAG_LLM", "RAG_LLM_MODEL", "RAG_LLM_BASE_URL", "RAG_LLM_API_KEY"):
        monkeypatch.delenv(name, raising=False)

    def set_env(**values: str):
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        return load_config()
    return set_env


def test_importing_the_package_loads_no_backend():
    code = ("import sys, rag.llm; "
            "print([m for m in sys.modules if m.startswith(('llama_index.llms', 'openai', "
            "'ollama', 'llama_cpp'))])")
    import subprocess
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_openai_like_client(env):
    llm = llm_from_config(env(RAG_LLM="openai", RAG_LLM_MODEL="m",
                              RAG_LLM_BASE_URL="http://127.0.0.1:9/v1", RAG_LLM_TIMEOUT_S="7"))
    from llama_index.llms.openai_like import OpenAILike
    assert isinstance(llm, OpenAILike)
    assert llm.api_base == "http://127.0.0.1:9/v1" and llm.timeout == 7.0
    assert llm.is_chat_model and llm.max_retries == 0 and llm.temperature == 0.0


@pytest.mark.parametrize("backend, module, extra", [
    ("ollama", "llama_index.llms.ollama", "llm"),
    ("openai", "llama_index.llms.openai_like", "llm"),
])
def test_missing_optional_package(env, monkeypatch, backend, module, extra):
    monkeypatch.setitem(sys.modules, module, None)      # import now fails as if not installed
    config = env(RAG_LLM=backend, RAG_LLM_MODEL="m", RAG_LLM_BASE_URL="http://127.0.0.1:9/v1")
    with pytest.raises(LLMError) as caught:
        LLMAnswerer(config, unit_embed)
    assert str(caught.value).startswith(f"RAG_LLM={backend} needs the package "
                                        f"{module.replace('.', '-').replace('_', '-')}")
    assert str(caught.value).endswith(f"install with pip install -e '.[{extra}]'")


def test_missing_llama_cpp(env, monkeypatch, tmp_path):
    model = tmp_path / "tiny.gguf"
    model.write_bytes(b"GGUF")
    monkeypatch.setitem(sys.modules, "llama_index.llms.llama_cpp", None)
    with pytest.raises(LLMError, match=r"needs the package llama-index-llms-llama-cpp.*"
                                       r"pip install -e '\.\[llamacpp\]'"):
        llm_from_config(env(RAG_LLM="llamacpp", RAG_LLM_MODEL=str(model)))


def test_llama_cpp_never_downloads(env, tmp_path):
    with pytest.raises(LLMError, match=r"needs RAG_LLM_MODEL set to a local \.gguf"):
        llm_from_config(env(RAG_LLM="llamacpp"))
    with pytest.raises(LLMError, match=r"is not a file; llamacpp needs a local \.gguf model path"):
        llm_from_config(env(RAG_LLM="llamacpp", RAG_LLM_MODEL=str(tmp_path / "absent.gguf")))


@pytest.mark.parametrize("values, message", [
    ({}, "No LLM is configured; set RAG_LLM"),
    ({"RAG_LLM": "gpt5"}, "RAG_LLM='gpt5' is not supported"),
    ({"RAG_LLM": "openai"}, "RAG_LLM=openai needs RAG_LLM_BASE_URL"),
    ({"RAG_LLM": "ollama"}, "RAG_LLM=ollama needs RAG_LLM_MODEL"),
])
def test_configuration_errors(env, values, message):
    with pytest.raises(LLMError, match=message):
        llm_from_config(env(**values))
