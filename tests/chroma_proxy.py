"""Run the shipped nginx token proxy (deploy/chroma-token-proxy.conf) in front of a `chroma run`
server for a test: the real nginx, on a free loopback port, its whole configuration and state in
a temporary folder."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from rag.testing import free_port
from tests.conftest import ROOT

PROXY_CONF = ROOT / "deploy" / "chroma-token-proxy.conf"
# The sample values in the shipped file, replaced for the test (each must occur exactly once).
SAMPLE_TOKEN = '"Bearer CHANGE-ME-to-a-long-random-token"'
SAMPLE_LISTEN = "listen 10.0.0.5:8001;"
SAMPLE_UPSTREAM = "proxy_pass http://127.0.0.1:8000;"


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists()
                                      else None)
    if found is None:
        pytest.skip("nginx is missing; `make test` installs it (apt-get install nginx-light)")
    return found


def render(token: str, port: int, chroma_port: int, cert: tuple[Path, Path] | None) -> str:
    conf = PROXY_CONF.read_text("utf-8")
    listen = f"listen 127.0.0.1:{port}{' ssl' if cert else ''};"
    if cert:
        listen += f"\n    ssl_certificate {cert[0]};\n    ssl_certificate_key {cert[1]};"
    for sample, value in ((SAMPLE_TOKEN, f'"Bearer {token}"'), (SAMPLE_LISTEN, listen),
                          (SAMPLE_UPSTREAM, f"proxy_pass http://127.0.0.1:{chroma_port};")):
        assert conf.count(sample) == 1, f"{PROXY_CONF.name} no longer holds {sample!r}"
        conf = conf.replace(sample, value)
    return conf


@contextmanager
def token_proxy(folder: Path, chroma_port: int, token: str,
                cert: tuple[Path, Path] | None = None) -> Iterator[int]:
    """nginx with the shipped server block; yields the port it listens on (127.0.0.1)."""
    nginx = nginx_binary()
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    (folder / "chroma.conf").write_text(render(token, port, chroma_port, cert), "utf-8")
    temp = {name: folder / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir(exist_ok=True)
    user = "user root root;\n" if os.geteuid() == 0 else ""   # workers must reach `folder`
    (folder / "nginx.conf").write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {folder / 'nginx.pid'};\n"
        f"error_log {folder / 'error.log'} warn;\n"
        "events { worker_connections 64; }\n"
        "http {\n"
        f"  access_log {folder / 'access.log'};\n"
        f"  client_body_temp_path {temp['body']};\n  proxy_temp_path {temp['proxy']};\n"
        f"  fastcgi_temp_path {temp['fastcgi']};\n  uwsgi_temp_path {temp['uwsgi']};\n"
        f"  scgi_temp_path {temp['scgi']};\n"
        f"  include {folder / 'chroma.conf'};\n"
        "}\n", "utf-8")
    args = [nginx, "-p", str(folder), "-c", str(folder / "nginx.conf")]
    checked = subprocess.run([*args, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    stderr = open(folder / "error.log", "ab")   # start-up errors land beside the log's
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=stderr)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    # not the pipe: reading it blocks while nginx still runs
                    raise RuntimeError(f"nginx did not start; see {folder / 'error.log'}") \
                        from None
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
        stderr.close()


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 (and its key), as a test CA the client is told to trust."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is missing")
    cert, key = folder / "proxy.crt", folder / "proxy.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key
