"""Build the llama-index LLM named by `RAG_LLM`; each backend package is imported only when chosen.

The LLM packages are an optional extra (`pip install -e '.[llm]'`; llama-cpp has its own extra
because `llama-cpp-python` builds from source), so a missing one is a configuration error with a
one-line fix, not a traceback.
"""
from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from rag.config import Config
from rag.errors import LLMError

BACKENDS = ("ollama", "openai", "llamacpp")
DEFAULT_OLLAMA_URL = "http://127.0.0.1:11434"
DEFAULT_CONTEXT_WINDOW = 8192
TEMPERATURE = 0.0      # answers must follow the passages, not vary between runs
MAX_OUTPUT_TOKENS = 512

# (module, class, pip extra that provides it)
_CLASSES = {
    "ollama": ("llama_index.llms.ollama", "Ollama", "llm"),
    "openai": ("llama_index.llms.openai_like", "OpenAILike", "llm"),
    "llamacpp": ("llama_index.llms.llama_cpp", "LlamaCPP", "llamacpp"),
}


def _import_class(backend: str) -> Any:
    module_name, class_name, extra = _CLASSES[backend]
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        package = module_name.replace("_", "-").replace(".", "-")
        missing = exc.name or module_name
        if missing.split(".")[0] == "llama_cpp":
            package = "llama-cpp-python"
        raise LLMError(
            f"RAG_LLM={backend} needs the package {package}, which is not installed "
            f"(no module {missing}); install with pip install -e '.[{extra}]'") from exc
    return getattr(module, class_name)


def llm_from_config(config: Config) -> Any:
    """The llama-index LLM for `config.llm`; LLMError when it is unset, unknown or not installed."""
    backend = (config.llm or "").lower()
    if not backend:
        raise LLMError("No LLM is configured; set RAG_LLM to ollama, openai or llamacpp.")
    if backend not in BACKENDS:
        raise LLMError(f"RAG_LLM={config.llm!r} is not supported; use ollama, openai or llamacpp.")
    timeout = float(config.llm_timeout_s)

    if backend == "openai":
        if not config.llm_base_url:
            raise LLMError("RAG_LLM=openai needs RAG_LLM_BASE_URL, e.g. http://127.0.0.1:8080/v1.")
        cls = _import_class(backend)
        return cls(model=config.llm_model or "default", api_base=config.llm_base_url,
                   api_key=config.llm_api_key or "not-needed", is_chat_model=True,
                   is_function_calling_model=False, context_window=DEFAULT_CONTEXT_WINDOW,
                   max_tokens=MAX_OUTPUT_TOKENS, temperature=TEMPERATURE, timeout=timeout,
                   max_retries=config.llm_max_retries, reuse_client=True)

    if backend == "ollama":
        if not config.llm_model:
            raise LLMError("RAG_LLM=ollama needs RAG_LLM_MODEL, e.g. llama3.1:8b.")
        cls = _import_class(backend)
        return cls(model=config.llm_model, base_url=config.llm_base_url or DEFAULT_OLLAMA_URL,
                   request_timeout=timeout, temperature=TEMPERATURE,
                   context_window=DEFAULT_CONTEXT_WINDOW)

    # llamacpp: a local GGUF file. Never let the integration fall back to downloading a model.
    if not config.llm_model:
        raise LLMError("RAG_LLM=llamacpp needs RAG_LLM_MODEL set to a local .gguf file path.")
    path = Path(config.llm_model).expanduser()
    if not path.is_file():
        raise LLMError(f"RAG_LLM_MODEL={config.llm_model} is not a file; llamacpp needs a local "
                       ".gguf model path (nothing is downloaded).")
    cls = _import_class(backend)
    return cls(model_path=str(path), model_url=None, temperature=TEMPERATURE,
               max_new_tokens=MAX_OUTPUT_TOKENS, context_window=DEFAULT_CONTEXT_WINDOW,
               verbose=False)
