"""Citation markers, in one place: the `[n]` pattern, numbering passages in order of first use,
writing markers into a sentence, and reading them back out of an answer.

Accepted forms when reading: [n], [n, m], [n; m], [n-m] (a short range), [ n ] and runs like
[n][m]. A marker run written after a sentence's full stop ("... killed. [1]") belongs to that
sentence, which is how a reader takes it. Answers we write only ever contain [n] runs.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from rag.records import Citation, Passage
from rag.sentences import sentence_spans

MARKER = re.compile(r"\[\s*(\d+(?:\s*[,;\-–]\s*\d+)*)\s*\]")
MARKER_RUN = re.compile(rf"(?:\s*{MARKER.pattern})+")   # markers with the spaces before them
MAX_RANGE = 10   # [2-40] is a typo or a year range, not 39 citations


# ---- numbering ---------------------------------------------------------------------------------
class CitationBook:
    """Numbers passages [1], [2], ... in order of first use; only cited passages are returned."""

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


# ---- writing -----------------------------------------------------------------------------------
def markers(numbers: list[int]) -> str:
    """[1][3] for [1, 3, 1]: each number once, in the given order."""
    return "".join(f"[{n}]" for n in dict.fromkeys(numbers))


def with_markers(sentence: str, marks: str) -> str:
    """Put [n] markers before the sentence's final punctuation (and after closing quotes)."""
    match = re.search(r"[.!?…]+$", sentence)
    if match:   # "... positions [1]."
        return f"{sentence[:match.start()].rstrip()} {marks}{sentence[match.start():]}"
    return f"{sentence} {marks}"   # ends in a closing quote: '... Union.” [1]'


# ---- reading -----------------------------------------------------------------------------------
def numbers_in(text: str) -> list[int]:
    """Citation numbers as written (1-based), first-use order, no repeats."""
    numbers: list[int] = []
    for group in MARKER.finditer(text):
        for part in re.split(r"\s*[,;]\s*", group.group(1)):
            bounds = [int(x) for x in re.split(r"\s*[\-–]\s*", part) if x]
            if len(bounds) == 2 and 0 <= bounds[1] - bounds[0] < MAX_RANGE:
                values = list(range(bounds[0], bounds[1] + 1))
            else:
                values = bounds
            numbers.extend(v for v in values if v not in numbers)
    return numbers


def strip_markers(text: str) -> str:
    """The prose without its markers: 'killed [1], Russia says [2] .' -> 'killed, Russia says.'"""
    text = MARKER.sub("", text)
    text = re.sub(r"\s+([.,;:!?])", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class CitedSentence:
    text: str                 # the sentence without its markers
    numbers: list[int]        # its citation numbers, first-use order, no repeats


def cited_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence of `text`, line by line, with a marker run that follows a
    sentence's end moved onto that sentence."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        for start, end in sentence_spans(line):
            start, end = start + offset, end + offset
            leading = MARKER_RUN.match(text, start)
            if leading and spans and leading.end() <= end:
                spans[-1] = (spans[-1][0], leading.end())
                start = leading.end()
                while start < end and text[start].isspace():
                    start += 1
            if start < end:
                spans.append((start, end))
        offset += len(line) + 1
    return spans


def split_cited(text: str) -> list[CitedSentence]:
    """Sentences of an answer with the markers that belong to each; a piece made only of
    markers (a marker alone on its line) belongs to the sentence before it."""
    sentences: list[CitedSentence] = []
    for start, end in cited_spans(text):
        piece = text[start:end]
        clean = strip_markers(piece)
        numbers = numbers_in(piece)
        if re.search(r"\w", clean):
            sentences.append(CitedSentence(clean, numbers))
        elif numbers and sentences:
            last = sentences[-1]
            sentences[-1] = CitedSentence(last.text, [*last.numbers,
                                                      *(n for n in numbers
                                                        if n not in last.numbers)])
    return sentences


def sentence_chunks(text: str) -> list[str]:
    """`text` cut after each sentence (its markers included), to stream sentence by sentence;
    the chunks join back to exactly `text`."""
    starts = [start for start, _ in cited_spans(text)][1:]
    bounds = [0, *starts, len(text)]
    return [text[a:b] for a, b in itertools.pairwise(bounds) if b > a]
