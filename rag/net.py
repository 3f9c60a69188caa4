"""A free loopback port, for the servers the library starts itself (the local LLM) and for the
tests and benchmarks that start real servers."""
from __future__ import annotations

import socket


def free_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
