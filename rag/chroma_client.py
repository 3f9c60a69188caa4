"""Open Chroma: the embedded folder by default, a `chroma run` server when configured."""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from rag.config import Config
from rag.errors import IndexUnavailable

# Chroma allows one PersistentClient per path per process: share it.
_CLIENTS: dict[str, Any] = {}
_CLIENTS_LOCK = threading.Lock()


def chroma_client(config: Config) -> Any:
    import chromadb
    from chromadb.config import Settings

    settings = Settings(anonymized_telemetry=False)
    if config.server_mode:
        # load_config fills in the other half of host/port when only one is set
        assert config.chroma_host is not None and config.chroma_port is not None
        key = f"http://{config.chroma_host}:{config.chroma_port}"
        with _CLIENTS_LOCK:
            if key not in _CLIENTS:
                try:
                    _CLIENTS[key] = chromadb.HttpClient(host=config.chroma_host,
                                                        port=config.chroma_port,
                                                        settings=settings)
                    _CLIENTS[key].heartbeat()
                except Exception as exc:  # noqa: BLE001 - the client raises many types for "unreachable"
                    _CLIENTS.pop(key, None)
                    raise IndexUnavailable(
                        f"Chroma server at {key} is not reachable ({type(exc).__name__}); start "
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
