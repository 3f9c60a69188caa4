"""Pieces of the answer composer (rag.answer.Composer): each stage in its own module."""
