"""Fetching a URL: http(s) only, no private addresses unless allowed, one deadline, a size limit,
the content type deciding the reader. Against a local server on 127.0.0.1 (no internet here)."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from rag.errors import InputError
from rag.fetch import fetch
from tests.fixture_server import FORMATS, serve_fixtures

PAGE = "meridian-herald-ostervik-dam.html"


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with serve_fixtures() as url:
        yield url


def get(url: str, timeout_s: float = 10.0, max_bytes: int = 20 << 20, allow: bool = True):
    return fetch(url, timeout_s=timeout_s, max_bytes=max_bytes, allow_private=allow)


def refused(url: str, **kwargs: object) -> str:
    with pytest.raises(InputError) as error:
        get(url, **kwargs)  # type: ignore[arg-type]
    message = str(error.value)
    assert "\n" not in message and message.startswith(url), message
    return message


def test_a_page_is_fetched_with_its_type_and_charset(base: str) -> None:
    fetched = get(f"{base}/files/{PAGE}")
    assert fetched.data == (FORMATS / PAGE).read_bytes()
    assert (fetched.kind, fetched.charset) == ("html", "utf-8")


def test_pdf_and_docx_by_type_or_by_their_bytes(base: str) -> None:
    assert get(f"{base}/files/ostervik-situation-report.pdf").kind == "pdf"
    assert get(f"{base}/as-octet/ostervik-situation-report.pdf").kind == "pdf"
    assert get(f"{base}/files/ostervik-municipality-statement.docx").kind == "docx"


def test_redirects_are_followed_and_checked_again(base: str) -> None:
    fetched = get(f"{base}/redirect/{PAGE}")
    assert fetched.url == f"{base}/files/{PAGE}"
    assert "not file:" in refused(f"{base}/to-file")


def test_loopback_is_refused_unless_allowed(base: str) -> None:
    message = refused(f"{base}/files/{PAGE}", allow=False)
    assert "private or loopback" in message and "RAG_ALLOW_PRIVATE_URLS" in message
    port = base.rsplit(":", 1)[1]
    assert "private or loopback" in refused(f"http://localhost:{port}/files/{PAGE}", allow=False)


@pytest.mark.parametrize("address", ["http://10.1.2.3/", "http://192.168.0.10/",
                                     "http://169.254.169.254/latest/meta-data/",
                                     "http://[::1]/", "http://[::ffff:127.0.0.1]/",
                                     "http://0.0.0.0/", "http://224.0.0.1/"])
def test_private_link_local_and_reserved_addresses_are_refused(address: str) -> None:
    # the address check happens before any connection: nothing is sent to these hosts
    assert "private or loopback" in refused(address, allow=False)


@pytest.mark.parametrize("address,expected", [
    ("file:///etc/passwd", "only http:// and https://"),
    ("ftp://example.com/story.html", "only http:// and https://"),
    ("data:text/html,<p>hi</p>", "only http:// and https://"),
    ("http://user:secret@example.com/", "user name or password"),
])
def test_other_schemes_and_credentials_are_refused(address: str, expected: str) -> None:
    assert expected in refused(address)


def test_a_slow_server_times_out(base: str) -> None:
    assert "no complete answer within 1 s" in refused(f"{base}/slow", timeout_s=1.0)


def test_headers_dripped_byte_by_byte_still_hit_the_deadline(base: str) -> None:
    assert "RAG_URL_TIMEOUT_S" in refused(f"{base}/drip", timeout_s=1.5)


def test_an_announced_5_gb_body_is_refused_before_reading(base: str) -> None:
    message = refused(f"{base}/huge")
    assert "announces 5,368,709,120 bytes" in message and "RAG_URL_MAX_BYTES" in message


def test_a_body_without_length_is_cut_off_at_the_limit(base: str) -> None:
    assert "more than 1,048,576 bytes" in refused(f"{base}/endless", max_bytes=1 << 20)


def test_errors_and_wrong_types_are_refused(base: str) -> None:
    assert "answered 404" in refused(f"{base}/missing")
    assert "image/png" in refused(f"{base}/image")
