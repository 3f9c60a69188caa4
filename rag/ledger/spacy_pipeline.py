"""Moved to rag.nlp (shared with the composer); kept so the ledger's imports keep working."""
from rag.nlp import DEFAULT_MODEL, get_nlp

__all__ = ["DEFAULT_MODEL", "get_nlp"]
