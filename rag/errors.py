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


class ReadOnlyError(RagError):
    """This instance may answer but not change the index (RAG_APP_READONLY=1)."""


class DiskFullError(RagError):
    """A write ran out of space; the ingest was rolled back and the index is as it was."""


class AuthError(RagError):
    """The users file for the app's login (RAG_APP_AUTH) is missing, unreadable or malformed."""
