"""What a question is about: its nouns, nationalities and years, checked against the corpus.

An article cannot answer a question about something it never mentions ("the pilot", "the
exchange rate", "in 2019"), nor a count of Russian soldiers when its only counts are of Turkish
ones. Retrieval similarity alone misses both, so abstention also asks these questions.
"""
from __future__ import annotations

import difflib
import re
import threading
from dataclasses import dataclass

import numpy as np

from rag.compose.terms import GENERIC_WORDS, Vocabulary

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_NLP_LOCK = threading.Lock()   # one parse at a time: the app answers questions concurrently
# A missing word still counts as known when a corpus word is this close in embedding space
# ("casualties" ~ "deaths" 0.75, "helicopters" ~ "choppers" 0.75; "population" ~ "people" 0.53).
KNOWN_SIMILARITY = 0.6


@dataclass(frozen=True)
class Focus:
    nouns: tuple[str, ...]          # lower-cased nouns (not generic words)
    nationalities: tuple[str, ...]  # NORP entities: "russian", "turkish"
    years: tuple[str, ...]
    counted: str = ""               # lemma of the noun a "how many" question counts


def question_focus(question: str) -> Focus:
    from rag.ledger.spacy_pipeline import get_nlp

    nlp = get_nlp()
    with _NLP_LOCK:
        doc = nlp(question)
    nouns = tuple(dict.fromkeys(
        t.text.lower() for t in doc
        if t.pos_ in ("NOUN", "PROPN") and t.is_alpha and len(t.text) > 2
        and t.text.lower() not in GENERIC_WORDS and t.lemma_.lower() not in GENERIC_WORDS))
    nationalities = tuple(dict.fromkeys(e.text.lower() for e in doc.ents if e.label_ == "NORP"))
    counted = next((t.head.lemma_.lower() for t in doc
                    if t.lower_ in ("many", "much") and t.dep_ == "amod"
                    and t.head.pos_ == "NOUN"), "")
    return Focus(nouns=nouns, nationalities=nationalities, years=tuple(_YEAR.findall(question)),
                 counted=counted)


def counted_nouns(texts: list[str]) -> set[str]:
    """Lemmas of the nouns that numbers count in `texts` ("33 Turkish soldiers" -> soldier;
    "nearly one million people" -> people)."""
    from rag.ledger.spacy_pipeline import get_nlp

    nlp = get_nlp()
    found: set[str] = set()
    with _NLP_LOCK:
        parsed = list(nlp.pipe(texts))
    for doc in parsed:
        for token in doc:
            if not (token.like_num or any(ch.isdigit() for ch in token.text)):
                continue
            head = token
            while head.head is not head and (head.head.like_num or head.dep_ == "compound"):
                head = head.head
            if head.head.pos_ in ("NOUN", "PROPN"):
                found.add(head.head.lemma_.lower())
            for follower in doc[token.i + 1:token.i + 4]:   # "23 howitzers", loose parses
                if follower.pos_ == "NOUN":
                    found.add(follower.lemma_.lower())
                    break
    return found


# Counts of people: a generic word ("casualties", "deaths", "people") asks about any of them.
_GENERIC_PEOPLE = {"victim", "individual", "life", "toll", "loss", "injury", "dead"}
_PEOPLE = {"soldiers", "fighters", "civilians", "people", "children", "refugees", "migrants",
           "women"}


def _people_class(noun: str) -> str:
    from rag.ledger.quantities import known_noun_class   # the ledger's synonyms for counts

    return known_noun_class(noun) or ("people" if noun in _GENERIC_PEOPLE else "")


def same_thing(noun: str, candidates: set[str], embed) -> bool:  # noqa: ANN001 - callable
    """The noun, a synonym the ledger uses ("servicemen" = "troops"), or a word close in meaning
    is among candidates; a generic count of people ("casualties") matches any group of people."""
    if noun in candidates:
        return True
    if not candidates:
        return False
    if difflib.get_close_matches(noun, sorted(candidates), n=1, cutoff=0.8):   # "soliders"
        return True
    asked = _people_class(noun)
    counted = {_people_class(c) for c in candidates} - {""}
    if asked and (asked in counted or (asked == "people" and counted & _PEOPLE)):
        return True
    words = sorted(candidates)
    sims = embed([noun]) @ embed(words).T
    return float(sims.max()) >= KNOWN_SIMILARITY


class UnknownTerms:
    """Finds question words the corpus never uses, nor anything close in meaning."""

    def __init__(self, vocabulary: Vocabulary, embed) -> None:  # noqa: ANN001 - callable
        self.vocabulary = vocabulary
        self.embed = embed
        self._words: list[str] | None = None
        self._vectors: np.ndarray | None = None
        self._lock = threading.Lock()

    def _vocabulary_vectors(self) -> tuple[list[str], np.ndarray]:
        with self._lock:
            if self._vectors is None:
                self._words = sorted(w for w in self.vocabulary.words
                                     if w.isalpha() and len(w) > 2)
                self._vectors = self.embed(self._words)
            return self._words or [], self._vectors

    def unknown(self, focus: Focus) -> list[str]:
        """Question nouns and years the corpus lacks (after fuzzy and meaning checks)."""
        missing = [n for n in focus.nouns if not self.vocabulary.has(n)]
        missing += [y for y in focus.years if y not in self.vocabulary.words]
        words = [m for m in missing if not m.isdigit()]
        if words:
            _, vectors = self._vocabulary_vectors()
            if len(vectors):
                sims = self.embed(words) @ vectors.T
                close = {w for w, row in zip(words, sims) if float(row.max()) >= KNOWN_SIMILARITY}
                missing = [m for m in missing if m not in close]
        return missing


# Demonyms whose country name does not share their first four letters.
_COUNTRY_OF = {"french": "france", "dutch": "netherlands", "british": "britain", "swiss":
               "switzerland", "welsh": "wales", "scottish": "scotland", "irish": "ireland",
               "american": "united states", "emirati": "emirates", "saudi": "saudi arabia"}


def nationality_missing(focus: Focus, context: str) -> list[str]:
    """Nationalities of the question absent from the answer's context ("Russian" soldiers when
    the passage counts Turkish ones). Four letters match "Turkish" to "Turkey's"."""
    lowered = context.lower()
    missing = []
    for name in focus.nationalities:
        head = name.split()[-1]
        if head[:4] in lowered or _COUNTRY_OF.get(head, "\0") in lowered:
            continue
        missing.append(name)
    return missing
