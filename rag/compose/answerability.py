"""Does the article answer this question? Decide before writing anything.

Two signals, both measured on the eval set (see README, "Abstention threshold"):
- the best sentence's cosine similarity to the question (RAG_ABSTAIN_THRESHOLD);
- names in the question that occur nowhere in the corpus ("What did China say?" over an article
  that never mentions China), checked with fuzzy matching so misspellings still pass.
"""
from __future__ import annotations

from dataclasses import dataclass

from rag.compose.focus import (UnknownTerms, counted_nouns, nationality_missing,
                               question_focus, same_thing)
from rag.compose.ranking import Ranked
from rag.compose.terms import Vocabulary, capitalised_terms, content_terms


WEAK_MATCH = 0.5   # best-sentence similarity below which one unknown noun decides
RARE_WORD_OVERLAP = 0.5   # IDF-weighted share of question words in the best sentence
COUNT_CANDIDATES = 3   # passages searched for a number counting what "how many" asks about


@dataclass(frozen=True)
class Verdict:
    answerable: bool
    reason: str
    unknown_terms: tuple[str, ...] = ()


def judge(question: str, ranked: list[Ranked], vocabulary: Vocabulary, threshold: float,
          unknown_terms: UnknownTerms | None = None) -> Verdict:
    if not ranked:
        return Verdict(False, "no passage matches the question")
    unknown_names = tuple(t for t in capitalised_terms(question) if not vocabulary.has(t.lower()))
    if unknown_names:
        return Verdict(False, "names not in the article: " + ", ".join(unknown_names),
                       unknown_names)
    if unknown_terms is not None:
        focus = question_focus(question)
        unknown = tuple(unknown_terms.unknown(focus))
        # One abstract unknown noun ("share", "problem") is common in answerable questions;
        # several, an unknown year, or one with a weak best match means the topic is absent.
        if unknown and (len(unknown) >= 2 or any(u.isdigit() for u in unknown)
                        or ranked[0].sentence_similarity < WEAK_MATCH):
            return Verdict(False, "the article never mentions " + ", ".join(unknown), unknown)
        absent = nationality_missing(focus, ranked[0].passage.paragraph_text)
        if absent:
            return Verdict(False, "the best passage is not about " + ", ".join(absent))
        if focus.counted:
            # "How many hospitals were destroyed?" needs a number that counts hospitals
            top = [r.passage.clean_text for r in ranked[:COUNT_CANDIDATES]]
            if not same_thing(focus.counted, counted_nouns(top), unknown_terms.embed):
                return Verdict(False, f"the article gives no count of {focus.counted}",
                               (focus.counted,))
    terms = content_terms(question)
    missing = tuple(t for t in terms if not vocabulary.has(t))
    best = ranked[0]
    # A sentence holding the question's rare words answers it even when the embedding (weak on
    # rare names such as "Hatay") scores it low.
    if best.overlap >= RARE_WORD_OVERLAP and len(terms) >= 2:
        return Verdict(True, "")
    if best.sentence_similarity < threshold:
        return Verdict(False, f"best passage similarity {best.sentence_similarity:.2f} is below "
                              f"{threshold:.2f}", missing)
    if terms and len(missing) / len(terms) > 0.5 and best.overlap == 0.0:
        return Verdict(False, "most of the question's words are not in the article", missing)
    return Verdict(True, "")
