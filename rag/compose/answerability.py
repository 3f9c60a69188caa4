"""Does the article answer this question? Decide before writing anything.

Two signals, both measured on the eval set (see README, "Abstention threshold"):
- the best sentence's cosine similarity to the question (RAG_ABSTAIN_THRESHOLD);
- names in the question that occur nowhere in the corpus ("What did China say?" over an article
  that never mentions China), checked with fuzzy matching so misspellings still pass.
"""
from __future__ import annotations

from dataclasses import dataclass

from rag.compose.ranking import Ranked
from rag.compose.terms import Vocabulary, capitalised_terms, content_terms


@dataclass(frozen=True)
class Verdict:
    answerable: bool
    reason: str
    unknown_terms: tuple[str, ...] = ()


def judge(question: str, ranked: list[Ranked], vocabulary: Vocabulary,
          threshold: float) -> Verdict:
    if not ranked:
        return Verdict(False, "no passage matches the question")
    unknown_names = tuple(t for t in capitalised_terms(question) if not vocabulary.has(t))
    if unknown_names:
        return Verdict(False, "names not in the article: " + ", ".join(unknown_names),
                       unknown_names)
    terms = content_terms(question)
    missing = tuple(t for t in terms if not vocabulary.has(t))
    best = ranked[0]
    # A sentence holding the question's rare words answers it even when the embedding (weak on
    # rare names such as "Hatay") scores it low.
    if best.overlap >= 0.6 and len(terms) >= 2:
        return Verdict(True, "")
    if best.sentence_similarity < threshold:
        return Verdict(False, f"best passage similarity {best.sentence_similarity:.2f} is below "
                              f"{threshold:.2f}", missing)
    if terms and len(missing) / len(terms) > 0.5 and best.overlap == 0.0:
        return Verdict(False, "most of the question's words are not in the article", missing)
    return Verdict(True, "")
