"""ALCE-style citation recall and precision (Gao et al., 2023, "Enabling Large Language Models
to Generate Text with Citations"), computed on the `rag ask --json` object.

For each answer sentence S with cited passages C (from its [n] markers):
  - S is *supported* when C, taken together, supports S;
  - a citation c in C is *needed* when S is supported and either c alone supports S or
    removing c makes C stop supporting S (ALCE's "irrelevant citation" test, inverted).
recall = supported sentences / sentences; precision = needed citations / citations.
A sentence without a marker is unsupported; an answer without any citation scores 0 on both.

"Supports" is decided by a `SupportJudge`: by default, a cited passage supports when its span
overlaps a gold evidence span located in the same document (a judge that needs no model and
that an editor can check by eye). When an NLI judge is configured it also counts a passage set
whose concatenated text entails the sentence, as ALCE does with TRUE.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from rag.citations import CitedSentence, split_cited
from rag.compose.phrasing import FALLBACK_NOTE

# Lines the composer writes about the answer itself, not about the article: they owe no citation
# and are not judged as answer sentences.
ANSWER_NOTES = (FALLBACK_NOTE,)

Span = tuple[str, int, int]   # (doc_id, start, end) character offsets into the document text
Entails = Callable[[str, str], bool]   # (premise, hypothesis) -> entailed?


def overlaps(a: Span, b: Span) -> bool:
    return a[0] == b[0] and min(a[2], b[2]) > max(a[1], b[1])


@dataclass
class SupportJudge:
    """Decides whether a set of cited passages supports a sentence."""

    evidence: list[Span] = field(default_factory=list)
    entails: Entails | None = None

    def __call__(self, sentence: str, passages: list[dict[str, Any]]) -> bool:
        if not passages:
            return False
        spans = [(p.get("doc_id", ""), int(p.get("start", -1)), int(p.get("end", -1)))
                 for p in passages]
        if any(overlaps(s, e) for s in spans for e in self.evidence):
            return True
        if self.entails is not None:
            premise = "\n".join(str(p.get("text", "")) for p in passages)
            return bool(self.entails(premise, sentence))
        return False


@dataclass
class CitationScore:
    recall: float
    precision: float
    n_sentences: int
    n_citations: int
    sentences: list[dict[str, Any]]   # per sentence: text, markers, supported, needed


def answer_sentences(response: dict[str, Any]) -> list[CitedSentence]:
    """The answer's sentences with their markers, without the composer's notes about the answer
    itself (ANSWER_NOTES)."""
    text = str(response.get("answer", ""))
    for note in ANSWER_NOTES:
        text = text.replace(note, " ")
    return split_cited(text)


def score_citations(response: dict[str, Any], judge: SupportJudge) -> CitationScore | None:
    """ALCE recall/precision of one `rag ask --json` object; None for an abstention (an answer
    that makes no claim has nothing to support)."""
    if response.get("abstained"):
        return None
    by_number = {int(c["n"]): c for c in response.get("citations", [])}
    sentences = answer_sentences(response)
    supported = needed = n_citations = 0
    details = []
    for sentence in sentences:
        # a marker that points at no citation is kept as a citation that supports nothing
        refs = [by_number.get(n) for n in sentence.numbers]
        valid = [r for r in refs if r is not None]
        joint = judge(sentence.text, valid)
        flags: list[bool] = []
        if joint and len(refs) > 1:
            for ref in refs:
                if ref is None:
                    flags.append(False)
                    continue
                rest = [r for r in valid if r is not ref]
                flags.append(judge(sentence.text, [ref]) or not judge(sentence.text, rest))
        else:
            flags = [joint] * len(refs)
        supported += joint
        needed += sum(flags)
        n_citations += len(refs)
        details.append({"text": sentence.text, "markers": list(sentence.numbers),
                        "supported": joint, "needed": flags})
    return CitationScore(
        recall=supported / len(sentences) if sentences else 0.0,
        precision=needed / n_citations if n_citations else 0.0,
        n_sentences=len(sentences), n_citations=n_citations, sentences=details)


def locate_evidence(evidence: Iterable[str], texts: dict[str, str]) -> tuple[list[Span], list[str]]:
    """Every occurrence of every evidence string in every document, and the strings found
    nowhere (reported, because a gold span that cannot be located can never be matched)."""
    spans: list[Span] = []
    missing: list[str] = []
    for snippet in evidence:
        found = False
        for doc_id, text in texts.items():
            start = text.find(snippet)
            while start != -1:
                spans.append((doc_id, start, start + len(snippet)))
                found = True
                start = text.find(snippet, start + 1)
        if not found:
            missing.append(snippet)
    return spans, missing
