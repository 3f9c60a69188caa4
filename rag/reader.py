"""Read an article file safely: refuse what cannot be an article before anything is written."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from rag.errors import InputError

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
# Control characters that never occur in text; a few of them mean the file is binary.
_TEXT_CONTROLS = {"\n", "\r", "\t", "\f", "\v"}


@dataclass(frozen=True)
class RawArticle:
    path: Path
    text: str      # decoded with strict UTF-8 and no newline translation: offsets index this
    sha256: str
    fmt: str       # "text" | "markdown" | "html"


def article_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        return "html"
    if suffix in (".md", ".markdown"):
        return "markdown"
    return "text"


def expand_paths(paths: list[str | Path]) -> list[Path]:
    """Files as given, directories expanded to the articles they hold (sorted, stable)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputError(f"{path}: no such file or directory")
        if path.is_dir():
            inside = sorted(p for p in path.iterdir()
                            if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
            if not inside:
                raise InputError(
                    f"{path}: directory holds no articles ({', '.join(SUPPORTED_SUFFIXES)})")
            found.extend(inside)
        else:
            found.append(path)
    return found


def decode_article(data: bytes, name: str, max_bytes: int) -> str:
    """Strict checks on raw bytes; every refusal names the problem in one line."""
    if len(data) > max_bytes:
        raise InputError(f"{name}: file is {len(data):,} bytes, over the limit of {max_bytes:,} "
                         f"bytes (RAG_MAX_FILE_BYTES)")
    if not data.strip():
        raise InputError(f"{name}: file is empty or only whitespace")
    if b"\x00" in data[:65536]:
        raise InputError(f"{name}: looks like a binary file (contains NUL bytes), not an article")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset "
                         f"{exc.start}); convert the file to UTF-8") from None
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in _TEXT_CONTROLS)
    if controls > max(8, len(text[:65536]) // 100):
        raise InputError(f"{name}: looks like a binary file ({controls} control characters)")
    return text


def read_article(path: Path, max_bytes: int) -> RawArticle:
    if not path.is_file():
        raise InputError(f"{path}: not a file")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise InputError(f"{path}: unsupported file type {path.suffix or '(none)'!r}; "
                         f"use {', '.join(SUPPORTED_SUFFIXES)}")
    size = path.stat().st_size
    if size > max_bytes:  # refuse before reading 50 MB into memory
        raise InputError(f"{path}: file is {size:,} bytes, over the limit of {max_bytes:,} bytes "
                         f"(RAG_MAX_FILE_BYTES)")
    data = path.read_bytes()
    text = decode_article(data, str(path), max_bytes)
    return RawArticle(path=path, text=text, sha256=hashlib.sha256(data).hexdigest(),
                      fmt=article_format(path))
