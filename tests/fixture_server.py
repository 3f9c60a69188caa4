"""A local HTTP server on 127.0.0.1 that serves the format fixtures, plus misbehaving endpoints
for the fetch tests. Every loop is bounded in count and time; the server stops with its fixture.

    /files/NAME        a fixture file with its proper Content-Type
    /as-octet/NAME     the same bytes as application/octet-stream (the type is sniffed)
    /redirect/NAME     302 to /files/NAME
    /to-file           302 to file:///etc/hostname
    /missing           404
    /slow              answers after SLOW_S seconds
    /drip              sends its headers one byte every half second
    /huge              announces 5 GB and sends zeros until the client hangs up (capped)
    /endless           no Content-Length, sends zeros until the client hangs up (capped)
    /image             a PNG
    /news/idlib        the shipped article as text/plain (an address without a file suffix)
"""
from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FORMATS = Path(__file__).resolve().parent / "data" / "formats"
ARTICLE = Path(__file__).resolve().parent.parent / "data" / "articles" / \
    "aljazeera-idlib-2020-02-28.txt"
SLOW_S = 4.0
CAP_BYTES = 64 * 1024 * 1024     # the most a misbehaving endpoint sends before giving up
CAP_SECONDS = 15.0
TYPES = {".html": "text/html; charset=utf-8", ".pdf": "application/pdf",
         ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         ".txt": "text/plain; charset=utf-8"}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:   # keep test output clean
        pass

    def do_GET(self) -> None:
        path = self.path
        if path.startswith("/files/") or path.startswith("/as-octet/"):
            name = path.split("/", 2)[2]
            target = FORMATS / name
            if "/" in name or not target.is_file():
                return self._send(404, b"not found", "text/plain")
            kind = ("application/octet-stream" if path.startswith("/as-octet/")
                    else TYPES.get(target.suffix, "application/octet-stream"))
            return self._send(200, target.read_bytes(), kind)
        if path.startswith("/redirect/"):
            return self._redirect("/files/" + path.split("/", 2)[2])
        if path == "/to-file":
            return self._redirect("file:///etc/hostname")
        if path == "/slow":
            time.sleep(SLOW_S)
            return self._send(200, (FORMATS / "meridian-herald-ostervik-dam.html").read_bytes(),
                              TYPES[".html"])
        if path == "/drip":
            return self._drip()
        if path == "/huge":
            return self._flood(announce=5 * 1024 ** 3)
        if path == "/endless":
            return self._flood(announce=None)
        if path == "/news/idlib":
            return self._send(200, ARTICLE.read_bytes(), TYPES[".txt"])
        if path == "/image":
            return self._send(200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")
        return self._send(404, b"not found", "text/plain")

    def _send(self, status: int, body: bytes, kind: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:          # the client gave up (a timeout test): nothing to report
            self.close_connection = True

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _drip(self) -> None:
        started = time.monotonic()
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Padding: " + b"x" * 60
        try:
            for byte in head:
                if time.monotonic() - started > CAP_SECONDS:
                    break
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.5)
        except OSError:
            pass
        self.close_connection = True

    def _flood(self, announce: int | None) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        if announce is not None:
            self.send_header("Content-Length", str(announce))
        self.send_header("Connection", "close")
        self.end_headers()
        chunk = b"<p>" + b"0" * 65533
        sent, started = 0, time.monotonic()
        try:
            while sent < CAP_BYTES and time.monotonic() - started < CAP_SECONDS:
                self.wfile.write(chunk)
                sent += len(chunk)
        except OSError:
            pass          # the client hung up, as it should
        self.close_connection = True


@contextmanager
def serve_fixtures() -> Iterator[str]:
    """Yield the base URL (http://127.0.0.1:PORT) of a server running in a thread."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                              daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
