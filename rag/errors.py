"""Errors with a one-line message meant for the user (CLI prints it, the app shows it)."""
from __future__ import annotations


class RagError(Exception):
    """Base class: `str(error)` is a complete, user-facing sentence."""


class InputError(RagError):
    """A file or question the system refuses; nothing was changed."""


class IndexUnavailable(RagError):
    """The index or the Chroma server cannot be reached or opened."""


class LLMError(RagError):
    """The optional LLM backend failed (down, timeout, malformed response)."""
