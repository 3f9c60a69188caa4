"""Fetch one page (or a PDF / Word file) for `rag ingest URL` and the app's "Add by URL".

Rules, each refusal a one-line InputError naming the URL:
- http and https only (no file:, ftp:, data:, ...), no user name or password in the address;
- every address the host resolves to must be public: loopback, private, link-local, reserved
  and multicast addresses are refused unless RAG_ALLOW_PRIVATE_URLS is set. The connection goes
  to the address that was checked (no second DNS answer can swap it), and every redirect (at most
  five) is checked again;
- one deadline for the whole fetch (RAG_URL_TIMEOUT_S), redirects included;
- at most RAG_URL_MAX_BYTES: refused at once when Content-Length says more, cut off and refused
  when the body grows past it;
- the declared content type decides how the bytes are read (a web page, PDF, Word, plain text).
Only the standard library is used: the pinned-address connection needs http.client's hooks.
"""
from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from rag.errors import InputError

MAX_REDIRECTS = 5
USER_AGENT = "rag-discrepancy/0.1 (saved-article reader)"
ACCEPT = ("text/html,application/xhtml+xml,application/pdf,"
          "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
          "text/plain;q=0.8,text/markdown;q=0.8,*/*;q=0.1")
_KINDS = {
    "text/html": "html", "application/xhtml+xml": "html",
    "application/pdf": "pdf", "application/x-pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "text/plain": "text", "text/markdown": "markdown", "text/x-markdown": "markdown",
}
_SUFFIX_KINDS = {".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx",
                 ".txt": "text", ".md": "markdown"}


@dataclass(frozen=True)
class Fetched:
    url: str              # after redirects
    data: bytes
    kind: str             # html | pdf | docx | text | markdown
    charset: str | None   # from Content-Type, for web pages and text


def fetch(url: str, *, timeout_s: float, max_bytes: int, allow_private: bool) -> Fetched:
    deadline = time.monotonic() + timeout_s
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        scheme, host, port, target = _parse(current, url)
        address = _resolve(host, port, url, allow_private)
        try:
            status, reason, headers, body = _get(scheme, host, port, target, address, deadline,
                                                 max_bytes, url)
        except TimeoutError:
            raise InputError(f"{url}: no complete answer within {timeout_s:g} s "
                             f"(RAG_URL_TIMEOUT_S)") from None
        except ssl.SSLError as exc:
            raise InputError(f"{url}: secure connection failed ({exc.reason or exc})") from None
        except (OSError, http.client.HTTPException) as exc:
            raise InputError(f"{url}: could not fetch it ({_reason(exc)})") from None
        if status in (301, 302, 303, 307, 308):
            location = headers.get("location")
            if not location:
                raise InputError(f"{url}: redirect ({status}) without a Location")
            current = urljoin(current, location)
            continue
        if status != 200:
            raise InputError(f"{url}: the server answered {status} {reason}".rstrip())
        media, charset = _content_type(headers.get("content-type", ""))
        return Fetched(url=current, data=body, kind=_kind(media, body, current, url),
                       charset=charset)
    raise InputError(f"{url}: more than {MAX_REDIRECTS} redirects")


def _parse(current: str, asked: str) -> tuple[str, str, int, str]:
    parts = urlsplit(current.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        where = "" if current == asked else f" (redirected to {current})"
        raise InputError(f"{asked}: only http:// and https:// addresses can be fetched, not "
                         f"{scheme or 'this'}:{where}")
    if parts.username or parts.password:
        raise InputError(f"{asked}: addresses with a user name or password are not fetched")
    if not parts.hostname:
        raise InputError(f"{asked}: no host name in the address")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise InputError(f"{asked}: bad port in the address") from None
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    return scheme, parts.hostname, port, target


def _resolve(host: str, port: int, asked: str, allow_private: bool) -> str:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise InputError(f"{asked}: cannot resolve host {host!r} ({exc.strerror})") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise InputError(f"{asked}: host {host!r} has no address")
    if not allow_private:
        for address in addresses:
            ip = ipaddress.ip_address(address.split("%")[0])
            mapped = getattr(ip, "ipv4_mapped", None)
            ip = mapped or ip
            if not ip.is_global or ip.is_multicast:
                raise InputError(f"{asked}: {host} is a private or loopback address ({ip}); set "
                                 f"RAG_ALLOW_PRIVATE_URLS=1 to fetch from it")
    return addresses[0]


class _PinnedHTTP(http.client.HTTPConnection):
    """Connects to the checked address, whatever DNS would answer now."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        self._tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self._tls)
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._tls.wrap_socket(sock, server_hostname=self.host)


def _get(scheme: str, host: str, port: int, target: str, address: str, deadline: float,
         max_bytes: int, asked: str) -> tuple[int, str, dict[str, str], bytes]:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError
    kind = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
    connection = kind(host, port, address, timeout=left)
    # A server that drips its headers a byte at a time would reset every socket timeout: a
    # watchdog closes the socket at the deadline, whatever is being read.
    watchdog = threading.Timer(left, _abort, [connection])
    watchdog.daemon = True
    watchdog.start()
    try:
        connection.request("GET", target, headers={
            "User-Agent": USER_AGENT, "Accept": ACCEPT, "Accept-Encoding": "identity",
            "Connection": "close"})
        response = connection.getresponse()
        headers = {k.lower(): v for k, v in response.getheaders()}
        if response.status in (301, 302, 303, 307, 308) or response.status != 200:
            return response.status, response.reason, headers, b""
        encoding = headers.get("content-encoding", "identity").lower()
        if encoding not in ("identity", ""):
            raise InputError(f"{asked}: the server sent {encoding}-encoded content although "
                             f"asked not to")
        declared = headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            raise InputError(f"{asked}: the server announces {int(declared):,} bytes, over the "
                             f"limit of {max_bytes:,} (RAG_URL_MAX_BYTES)")
        chunks: list[bytes] = []
        size = 0
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            if connection.sock is not None:
                connection.sock.settimeout(left)
            chunk = response.read1(65536) if hasattr(response, "read1") else response.read(65536)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise InputError(f"{asked}: the server sent more than {max_bytes:,} bytes "
                                 f"(RAG_URL_MAX_BYTES); stopped reading")
            chunks.append(chunk)
        return response.status, response.reason, headers, b"".join(chunks)
    except (OSError, http.client.HTTPException):
        if time.monotonic() >= deadline - 0.05:
            raise TimeoutError from None
        raise
    finally:
        watchdog.cancel()
        connection.close()


def _abort(connection: http.client.HTTPConnection) -> None:
    sock = connection.sock
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _content_type(value: str) -> tuple[str, str | None]:
    media, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.strip().partition("=")
        if key.lower() == "charset" and val:
            charset = val.strip().strip('"\'') or None
    return media.strip().lower(), charset


def _kind(media: str, body: bytes, final: str, asked: str) -> str:
    if media in _KINDS:
        return _KINDS[media]
    if media in ("", "application/octet-stream", "binary/octet-stream"):
        if body.startswith(b"%PDF"):
            return "pdf"
        if body.startswith(b"PK\x03\x04"):
            return "docx"
        path = urlsplit(final).path.lower()
        for suffix, kind in _SUFFIX_KINDS.items():
            if path.endswith(suffix):
                return kind
        if b"<html" in body[:4096].lower():
            return "html"
    raise InputError(f"{asked}: the server sent {media or 'an untyped file'}, not a web page, "
                     f"PDF, Word file or plain text")


def _reason(exc: BaseException) -> str:
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return str(text).splitlines()[0][:120]
