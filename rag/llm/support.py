"""Is a generated sentence supported by the passages it cites?

Every check must pass (they fail in different ways, so none is trusted alone):
- lexical: every number and name in the sentence occurs in the cited passages, and most of its
  content words do (a fluent sentence that adds "Russian" or "40" to a passage fails here);
- embedding: the sentence means roughly what a cited passage says (cosine with the bundled
  MiniLM; catches word salad built from passage vocabulary);
- NLI, when a judge is configured: the cited passages entail the sentence;
- a passage that reads like an instruction to the model may be quoted, never restated as fact.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from rag.llm.lexical import Terms, contains, terms

MIN_LEXICAL = 0.6      # share of the sentence's content words found in its cited passages
MIN_EMBEDDING = 0.5    # cosine to the closest cited passage (MiniLM: paraphrases ~0.7-0.95,
                       # same topic but another claim ~0.2-0.4)
MIN_ENTAILMENT = 0.5

_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b.{0,40}"
    r"\b(?:instructions?|rules?|prompts?|previous|above)\b"
    r"|\byou (?:are now|must now)\b|\bsystem prompt\b"
    r"|\b(?:reply|respond|answer|say)\s+(?:only\s+)?(?:that|with)\b",
    re.IGNORECASE)
_QUOTING = re.compile(r"[\"“”]|\b(?:passage|article|text)\b.{0,40}"
                      r"\b(?:says|contains|reads|tells|instructs|asks)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Verdict:
    supported: bool
    score: float           # the weakest signal, 0..1
    reason: str


def looks_like_instruction(text: str) -> bool:
    return bool(_INSTRUCTION.search(text))


def entailment(judge: Any, premise: str, hypothesis: str) -> float:
    """Entailment probability from a judge of rag.nli; accepts the usual method names."""
    for name in ("entailment", "entailment_probability", "entailment_prob", "entail", "score"):
        method = getattr(judge, name, None)
        if callable(method):
            result = method(premise, hypothesis)
            break
    else:
        result = judge(premise, hypothesis)
    if isinstance(result, dict):
        result = result.get("entailment", 0.0)
    return float(result)


def lexical_check(sentence: Terms, cited: Terms) -> tuple[float, str]:
    """(share of content words found, reason when a number or name is missing, else "")."""
    missing_numbers = sorted(n for n in sentence.numbers if n not in cited.numbers)
    if missing_numbers:
        return 0.0, f"number {', '.join(missing_numbers)} is not in the cited passages"
    missing_names = sorted(n for n in sentence.names if not contains(cited.words, n))
    if missing_names:
        return 0.0, f"'{missing_names[0]}' is not in the cited passages"
    if not sentence.words:
        return (1.0 if sentence.numbers else 0.0), ""
    found = sum(1 for word in sentence.words if contains(cited.words, word))
    return found / len(sentence.words), ""


class SupportChecker:
    def __init__(self, embed: Callable[[list[str]], np.ndarray], nli: Any = None,
                 min_lexical: float = MIN_LEXICAL, min_embedding: float = MIN_EMBEDDING,
                 min_entailment: float = MIN_ENTAILMENT) -> None:
        self.embed = embed
        self.nli = nli
        self.min_lexical = min_lexical
        self.min_embedding = min_embedding
        self.min_entailment = min_entailment

    def check_all(self, sentences: Sequence[str], cited: Sequence[Sequence[int]],
                  passages: Sequence[str]) -> list[Verdict]:
        """One verdict per sentence; `cited[i]` are valid 0-based indices into `passages`."""
        if not sentences:
            return []
        used = sorted({j for idx in cited for j in idx})
        vectors = self.embed(list(sentences) + [passages[j] for j in used])
        row_of = {j: len(sentences) + k for k, j in enumerate(used)}
        verdicts = []
        for i, (sentence, indices) in enumerate(zip(sentences, cited)):
            if not indices:
                verdicts.append(Verdict(False, 0.0, "cites no passage"))
                continue
            similarity = max(float(np.dot(vectors[i], vectors[row_of[j]])) for j in indices)
            verdicts.append(self._verdict(sentence, [passages[j] for j in indices], similarity))
        return verdicts

    def _verdict(self, sentence: str, cited: list[str], similarity: float) -> Verdict:
        lexical, missing = lexical_check(terms(sentence), terms(" ".join(cited)))
        if missing:
            return Verdict(False, 0.0, missing)
        scores = {"lexical": lexical, "embedding": max(similarity, 0.0)}
        weakest = min(scores.values())
        if lexical < self.min_lexical:
            return Verdict(False, weakest, "few of its words are in the cited passages "
                                           f"(lexical {lexical:.2f} < {self.min_lexical})")
        if similarity < self.min_embedding:
            return Verdict(False, weakest, "its meaning is far from the cited passages "
                                           f"(embedding {similarity:.2f} < {self.min_embedding})")
        if all(looks_like_instruction(p) for p in cited) and not _QUOTING.search(sentence):
            return Verdict(False, weakest, "restates instruction-like text from a passage "
                                           "instead of quoting it")
        if self.nli is not None:
            scores["NLI"] = entailment(self.nli, " ".join(cited), sentence)
            weakest = min(scores.values())
            if scores["NLI"] < self.min_entailment:
                return Verdict(False, weakest, "the cited passages do not entail it "
                                               f"(NLI {scores['NLI']:.2f} < {self.min_entailment})")
        detail = ", ".join(f"{name} {value:.2f}" for name, value in scores.items())
        return Verdict(True, weakest, f"supported by the cited passages ({detail})")
