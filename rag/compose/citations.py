"""Citation numbering: [n] in order of first use; only cited passages are returned."""
from __future__ import annotations

from rag.records import Citation, Passage


class CitationBook:
    def __init__(self, sources: dict[str, str]) -> None:
        self._numbers: dict[str, int] = {}
        self._citations: list[Citation] = []
        self._sources = sources   # doc_id -> outlet name

    def cite(self, passage: Passage) -> int:
        if passage.passage_id not in self._numbers:
            n = len(self._citations) + 1
            self._numbers[passage.passage_id] = n
            self._citations.append(Citation(
                n=n, doc_id=passage.doc_id, passage_id=passage.passage_id, text=passage.text,
                start=passage.start, end=passage.end,
                source=self._sources.get(passage.doc_id, "")))
        return self._numbers[passage.passage_id]

    def outlet(self, doc_id: str) -> str:
        return self._sources.get(doc_id, "")

    @property
    def citations(self) -> list[Citation]:
        return list(self._citations)


def markers(numbers: list[int]) -> str:
    seen: list[int] = []
    for n in numbers:
        if n not in seen:
            seen.append(n)
    return "".join(f"[{n}]" for n in seen)
