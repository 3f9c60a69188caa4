"""Open Chroma: the embedded folder by default, a `chroma run` server when configured.

The chromadb 1.x server (`chroma run`) enforces no token: its old token settings are accepted
and silently ignored. With RAG_CHROMA_TOKEN set, every request carries `Authorization: Bearer
<token>` for the reverse proxy in front of the server that checks it (README: "Sharing the
app"); RAG_CHROMA_SSL=1 speaks https to that proxy.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from rag.config import Config
from rag.errors import IndexUnavailable

# Chroma allows one PersistentClient per path per process: share it.
_CLIENTS: dict[str, Any] = {}
_CLIENTS_LOCK = threading.Lock()


def server_url(config: Config) -> str:
    scheme = "https" if config.chroma_ssl else "http"
    return f"{scheme}://{config.chroma_host}:{config.chroma_port}"


def _auth_headers(config: Config) -> dict[str, str]:
    # `chroma run` (chromadb 1.x) checks no token itself; a reverse proxy in front of it does
    return {"Authorization": f"Bearer {config.chroma_token}"} if config.chroma_token else {}


def _probe(config: Config) -> None:
    """One heartbeat with our headers, so each failure gets its own one-line message (the
    Chroma client reports a proxy's refusal as a bare exception with the response text)."""
    import httpx

    url = server_url(config)
    start = (f"start it with `chroma run --path DIR --host {config.chroma_host} --port "
             f"{config.chroma_port}` or unset RAG_CHROMA_HOST/RAG_CHROMA_PORT")
    try:
        response = httpx.get(f"{url}/api/v2/heartbeat", headers=_auth_headers(config),
                             timeout=10)
    except httpx.HTTPError as exc:
        if "CERTIFICATE_VERIFY_FAILED" in str(exc):
            raise IndexUnavailable(f"Chroma server at {url} has a certificate this machine "
                                   "does not trust; point SSL_CERT_FILE at the CA that signed "
                                   "it") from None
        raise IndexUnavailable(f"Chroma server at {url} is not reachable "
                               f"({type(exc).__name__}); {start}") from None
    if response.status_code in (401, 403):
        told = ("sent no token: set RAG_CHROMA_TOKEN" if not config.chroma_token else
                "refused RAG_CHROMA_TOKEN: check it against the proxy's token")
        raise IndexUnavailable(f"Chroma server at {url} {told} (HTTP {response.status_code})")
    if response.status_code != 200:
        raise IndexUnavailable(f"Chroma server at {url} answered HTTP {response.status_code} "
                               "to a heartbeat; is it a Chroma server (or a proxy to one)?")


def chroma_client(config: Config) -> Any:
    import chromadb
    from chromadb.config import Settings

    settings = Settings(anonymized_telemetry=False)
    if config.server_mode:
        url = server_url(config)
        key = f"{url} {config.chroma_token or ''}"
        # load_config fills in the other half of host/port when only one is set
        assert config.chroma_host is not None and config.chroma_port is not None
        with _CLIENTS_LOCK:
            if key not in _CLIENTS:
                _probe(config)
                try:
                    _CLIENTS[key] = chromadb.HttpClient(host=config.chroma_host,
                                                        port=config.chroma_port,
                                                        ssl=config.chroma_ssl,
                                                        headers=_auth_headers(config),
                                                        settings=settings)
                    _CLIENTS[key].heartbeat()
                except Exception as exc:  # noqa: BLE001 - the client raises many types for "unreachable"
                    _CLIENTS.pop(key, None)
                    raise IndexUnavailable(
                        f"Chroma server at {url} is not reachable ({type(exc).__name__}); start "
                        f"it with `chroma run --path DIR --host {config.chroma_host} --port "
                        f"{config.chroma_port}` or unset RAG_CHROMA_HOST/RAG_CHROMA_PORT") from None
            return _CLIENTS[key]
    path = str(Path(config.index_dir) / "chroma")
    with _CLIENTS_LOCK:
        if path not in _CLIENTS:
            Path(path).mkdir(parents=True, exist_ok=True)
            _CLIENTS[path] = chromadb.PersistentClient(path=path, settings=settings)
        return _CLIENTS[path]


def passage_collection(config: Config) -> Any:
    # Our own embeddings always: Chroma's default embedding function would try to download a model.
    return chroma_client(config).get_or_create_collection(
        name=config.collection, embedding_function=None,
        metadata={"hnsw:space": "cosine"})
