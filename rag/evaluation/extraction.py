"""How well a document's passages match the story a reader sees: precision, recall, boilerplate.

The gold record of a file (tests/data/formats/gold.json) lists its body paragraphs, the other
story text (standfirst, headings, captions) and the boilerplate its page template added.
- passage precision: share of passages that are story text (body or other), not boilerplate;
- body recall: share of the gold body's sentences found in the passages (read in order, so a
  sentence cut in two passages still counts);
- leaks: boilerplate strings of three words or more found inside a passage.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from rag.records import Document
from rag.sentences import sentence_spans


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class ExtractionScore:
    passages: int = 0
    story_passages: int = 0
    sentences: int = 0
    found_sentences: int = 0
    off_story: list[str] = field(default_factory=list)   # passages that are not story text
    missed: list[str] = field(default_factory=list)      # gold sentences not found
    leaks: list[str] = field(default_factory=list)       # boilerplate found in passages

    @property
    def precision(self) -> float:
        return self.story_passages / self.passages if self.passages else 0.0

    @property
    def recall(self) -> float:
        return self.found_sentences / self.sentences if self.sentences else 0.0

    def add(self, other: ExtractionScore) -> ExtractionScore:
        return ExtractionScore(
            self.passages + other.passages, self.story_passages + other.story_passages,
            self.sentences + other.sentences, self.found_sentences + other.found_sentences,
            self.off_story + other.off_story, self.missed + other.missed,
            self.leaks + other.leaks)


def score_document(doc: Document, gold: dict[str, Any]) -> ExtractionScore:
    story = [normalise(t) for t in [*gold["body"], *gold.get("other", []), gold.get("title", "")]
             if t]
    passages = [normalise(p.clean_text) for p in doc.passages]
    score = ExtractionScore(passages=len(passages))
    for text in passages:
        if any(text in s for s in story):
            score.story_passages += 1
        else:
            score.off_story.append(text)
    joined = " ".join(passages)
    for paragraph in gold["body"]:
        para = normalise(paragraph)
        for start, end in sentence_spans(para):
            score.sentences += 1
            if para[start:end] in joined:
                score.found_sentences += 1
            else:
                score.missed.append(para[start:end])
    for phrase in gold.get("boilerplate", []):
        phrase = normalise(phrase)
        if len(phrase.split()) < 3 or any(phrase in s for s in story):
            continue   # too short to tell, or the same words are also story text
        score.leaks.extend(p for p in passages if phrase in p)
    return score
