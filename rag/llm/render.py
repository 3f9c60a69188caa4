"""Turn a checked Generation into answer text and citations numbered in order of first use.

Only the passages that kept sentences cite come back, so the retrieved-but-unused ones never pose
as sources. Flags (contested, unverified, ...) are the composer's business: it knows the ledger.
"""
from __future__ import annotations

from rag.llm.records import Generation
from rag.records import Citation, Passage

_CLOSERS = "\"'”’)"


def with_markers(sentence: str, numbers: list[int]) -> str:
    """'Turkey denied it.' + [3] -> 'Turkey denied it [3].' (after a closing quote: '..." [3]')."""
    marks = "".join(f"[{n}]" for n in numbers)
    if not marks:
        return sentence
    if sentence and sentence[-1] in ".!?" and not sentence[:-1].endswith(tuple(_CLOSERS)):
        return f"{sentence[:-1]} {marks}{sentence[-1]}"
    return f"{sentence} {marks}"


def render_generation(generation: Generation, passages: list[Passage],
                      source: str = "") -> tuple[str, list[Citation]]:
    """(answer text with [n] markers, citations n=1.. in order of first use)."""
    order: list[int] = []              # 0-based passage indices, first use first
    sentences = []
    for sentence in generation.sentences:
        for index in sentence.cited:
            if index not in order:
                order.append(index)
        sentences.append(with_markers(sentence.text, [order.index(i) + 1 for i in sentence.cited]))
    citations = [
        Citation(n=n, doc_id=passages[i].doc_id, passage_id=passages[i].passage_id,
                 text=passages[i].text, start=passages[i].start, end=passages[i].end,
                 source=source)
        for n, i in enumerate(order, start=1)
    ]
    return " ".join(sentences), citations
