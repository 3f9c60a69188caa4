"""Chroma reached with a token, through the real pieces: `chroma run` on loopback and the shipped
nginx proxy (deploy/chroma-token-proxy.conf) checking `Authorization: Bearer <token>`.

The pinned chromadb's own server enforces no token (checked first, below): its old token
settings are accepted and ignored. So the token is the proxy's, and the app sends it from
RAG_CHROMA_TOKEN.
"""
from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from rag.errors import IndexUnavailable
from rag.testing import chroma_server
from tests.chroma_proxy import self_signed, token_proxy
from tests.conftest import ROOT, copy_article

pytestmark = pytest.mark.server

TOKEN = secrets.token_urlsafe(24)
COLLECTIONS = "/api/v2/tenants/default_tenant/databases/default_database/collections"


@pytest.fixture(scope="module")
def chroma_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    with chroma_server(tmp_path_factory.mktemp("chroma") / "data") as server:
        yield server.port


@pytest.fixture(scope="module")
def proxy_port(chroma_port: int, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    with token_proxy(tmp_path_factory.mktemp("nginx"), chroma_port, TOKEN) as port:
        yield port


def engine_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, port: int,
               token: str | None) -> None:
    monkeypatch.setenv("RAG_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("RAG_CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("RAG_CHROMA_PORT", str(port))
    monkeypatch.setenv("RAG_COLLECTION", f"token_{secrets.token_hex(4)}")
    if token is None:
        monkeypatch.delenv("RAG_CHROMA_TOKEN", raising=False)
    else:
        monkeypatch.setenv("RAG_CHROMA_TOKEN", token)


def test_chroma_run_itself_enforces_no_token(tmp_path: Path) -> None:
    """The finding behind the proxy (chroma-core/chroma#4965). Should a later chromadb enforce
    its token settings, this fails, and its own authentication can replace the proxy."""
    old_settings = {
        "CHROMA_SERVER_AUTHN_PROVIDER":
            "chromadb.auth.token_authn.TokenAuthenticationServerProvider",
        "CHROMA_SERVER_AUTHN_CREDENTIALS": TOKEN,
        "CHROMA_AUTH_TOKEN_TRANSPORT_HEADER": "Authorization"}
    saved = {k: os.environ.get(k) for k in old_settings}
    os.environ.update(old_settings)   # chroma_server() passes its environment on
    try:
        with chroma_server(tmp_path / "data") as server:
            port = server.port
            url = f"http://127.0.0.1:{port}{COLLECTIONS}"
            assert httpx.get(url).status_code == 200                       # no token: let in
            created = httpx.post(url, json={"name": "written-without-a-token"})
            assert created.status_code == 200
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def test_the_proxy_lets_only_the_token_through(proxy_port: int) -> None:
    url = f"http://127.0.0.1:{proxy_port}{COLLECTIONS}"
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN},
                    {"Authorization": f"Basic {TOKEN}"}):
        refused = httpx.get(url, headers=headers)
        assert refused.status_code == 401, headers
        assert refused.json()["error"] == "AuthorizationError"
    assert httpx.get(url, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


@pytest.mark.parametrize("token", ["wrong-token", None])
def test_a_wrong_or_missing_token_is_one_clear_line(proxy_port: int, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    token: str | None) -> None:
    from rag.config import load_config
    from rag.engine import Engine

    engine_env(monkeypatch, tmp_path, proxy_port, token)
    with pytest.raises(IndexUnavailable) as error:
        Engine(load_config(), auto_ingest=False)
    message = str(error.value)
    assert f"http://127.0.0.1:{proxy_port}" in message and "RAG_CHROMA_TOKEN" in message
    assert "HTTP 401" in message and "\n" not in message
    assert TOKEN not in message and "wrong-token" not in message   # tokens are never shown
    assert not (tmp_path / "index" / "manifest.json").exists()
    # the command line prints the same line and stops with status 2
    done = subprocess.run([sys.executable, "-m", "rag", "documents"], cwd=ROOT,
                          env=dict(os.environ), capture_output=True, text=True, timeout=300)
    assert done.returncode == 2
    assert done.stderr.strip() == f"error: {message}"


def test_the_right_token_works_end_to_end(proxy_port: int, chroma_port: int, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from rag.config import load_config
    from rag.engine import Engine

    engine_env(monkeypatch, tmp_path, proxy_port, TOKEN)
    engine = Engine(load_config(), auto_ingest=False)
    result = engine.ingest([copy_article(tmp_path / "in")])
    assert engine.store.count() == result[0]["n_passages"]
    hits = engine.retrieve("Which warships did Russia deploy?", 5)
    assert any("Kalibr" in h.passage.text for h in hits[:3])
    assert "33" in engine.ask("How many Turkish soldiers were killed?").answer
    # it really went through the proxy: the collection is there, seen past the proxy too
    direct = httpx.get(f"http://127.0.0.1:{chroma_port}{COLLECTIONS}").json()
    assert load_config().collection in {c["name"] for c in direct}


def test_https_to_the_proxy(chroma_port: int, tmp_path: Path,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    from rag.config import load_config
    from rag.engine import Engine

    cert = self_signed(tmp_path)
    with token_proxy(tmp_path / "nginx-tls", chroma_port, TOKEN, cert=cert) as port:
        engine_env(monkeypatch, tmp_path, port, TOKEN)
        monkeypatch.setenv("RAG_CHROMA_SSL", "1")
        monkeypatch.delenv("SSL_CERT_FILE", raising=False)
        with pytest.raises(IndexUnavailable) as error:
            Engine(load_config(), auto_ingest=False)    # a certificate nobody vouched for
        assert f"https://127.0.0.1:{port}" in str(error.value)
        assert "certificate" in str(error.value) and "SSL_CERT_FILE" in str(error.value)
        monkeypatch.setenv("SSL_CERT_FILE", str(cert[0]))   # the CA the clients trust
        engine = Engine(load_config(), auto_ingest=False)
        result = engine.ingest([copy_article(tmp_path / "in")])
        assert engine.store.count() == result[0]["n_passages"]
