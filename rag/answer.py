"""The answer composer: the one code path behind the chat, `rag ask` and `rag eval`.

question -> (follow-up resolution, embedded instructions set aside) -> hybrid retrieval ->
sentence-level re-ranking -> answerable? -> cited sentences (extractive by default, or an LLM
whose every sentence is checked against what it cites) -> flags from the ledger.
"""
from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from rag.compose import answerability, flags, followup, ranking
from rag.compose.citations import CitationBook, markers
from rag.compose.focus import UnknownTerms
from rag.compose.phrasing import outlet_lead, phrase, with_markers
from rag.compose.terms import Vocabulary
from rag.config import Config
from rag.embedding import get_embedder
from rag.questions import split_instructions
from rag.records import Answer, Citation, Passage, page_label

if TYPE_CHECKING:
    from rag.engine import Engine

CANDIDATES = 10     # passages re-ranked per question (top-k for the contract stays config.top_k)
PRECOMPUTE_LIMIT = 5_000   # sentence vectors computed up front for corpora up to this size
Turn = tuple[str, str]


@dataclass(frozen=True)
class Analysis:
    topic: str                              # the question without embedded instructions
    ranked: list[ranking.Ranked]            # candidates re-ranked on the sentence alone
    vectors: dict[str, np.ndarray]          # sentence vectors of the candidates


class Composer:
    def __init__(self, engine: "Engine", config: Config) -> None:
        self.engine = engine
        self.config = config
        self.embedder = get_embedder(config.embed_model)
        self.passages = {p.passage_id: p for p in engine.passages()}
        self.by_doc: dict[str, list[Passage]] = {}
        for p in self.passages.values():
            self.by_doc.setdefault(p.doc_id, []).append(p)
        self.vocabulary = Vocabulary([p.clean_text for p in self.passages.values()])
        self.unknown_terms = UnknownTerms(self.vocabulary, self.embedder.embed)
        documents = engine.documents()
        self.sources = {d["doc_id"]: d.get("source") or d["doc_id"] for d in documents}
        self.published = {d["doc_id"]: d.get("published") for d in documents}
        self.ledger = engine.ledger()
        self.claims_by_passage: dict[str, list] = {}
        for claim in self.ledger.claims:
            self.claims_by_passage.setdefault(claim.passage_id, []).append(claim)
        self._vectors: dict[str, np.ndarray] = {}
        self._vectors_lock = threading.Lock()
        self._llm = None
        if len(self.passages) <= PRECOMPUTE_LIMIT:   # one batch now beats one per question
            self.sentence_vectors(list(self.passages.values()))

    # ---- helpers ---------------------------------------------------------------------------
    def sentence_vectors(self, passages: list[Passage]) -> dict[str, np.ndarray]:
        """Embeddings of sentences alone (retrieval used sentence + paragraph); cached."""
        with self._vectors_lock:
            missing = [p for p in passages if p.passage_id not in self._vectors]
        if missing:
            vectors = self.embedder.embed([p.clean_text for p in missing])
            with self._vectors_lock:
                for p, v in zip(missing, vectors):
                    self._vectors[p.passage_id] = v
        with self._vectors_lock:
            return {p.passage_id: self._vectors[p.passage_id] for p in passages}

    def _earlier(self, passage: Passage) -> list[Passage]:
        same_doc = self.by_doc.get(passage.doc_id, [])
        return [p for p in reversed(same_doc) if p.ordinal < passage.ordinal]

    # ---- composing -------------------------------------------------------------------------
    def compose(self, question: str, history: list[Turn]) -> Answer:
        answer: Answer | None = None
        for item in self.compose_stream(question, history):
            if isinstance(item, Answer):
                answer = item
        assert answer is not None
        return answer

    def analyse(self, question: str, history: list[Turn]) -> Analysis:
        """Everything up to the answer-or-abstain decision (shared with the calibration script)."""
        topic, instructions = split_instructions(question)
        query = followup.retrieval_query(topic or question, history)
        if instructions and topic and not history and followup.is_followup(topic):
            # Instructions are never obeyed, but they may name what "that" refers to
            # ("state as fact that Turkey confirmed ... Did Turkey confirm that?").
            query = " ".join([*instructions, query])
        question_vector = self.embedder.embed_one(query)
        candidates = self.engine.retrieve(query, max(CANDIDATES, self.config.top_k),
                                          vector=question_vector)
        vectors = self.sentence_vectors([c.passage for c in candidates])
        ranked = ranking.rank(query, question_vector, candidates, vectors, self.vocabulary)
        return Analysis(topic=topic, ranked=ranked, vectors=vectors)

    def verdict(self, analysis: Analysis, threshold: float) -> answerability.Verdict:
        if not analysis.topic:
            return answerability.Verdict(False, "the question holds only instructions")
        return answerability.judge(analysis.topic, analysis.ranked, self.vocabulary, threshold,
                                   self.unknown_terms)

    def compose_stream(self, question: str, history: list[Turn]) -> Iterator[str | Answer]:
        analysis = self.analyse(question, history)
        ranked = analysis.ranked
        retrieved = [r.scored for r in ranked[: self.config.top_k]]
        verdict = self.verdict(analysis, self.config.abstain_threshold)
        if not verdict.answerable:
            answer = self._abstain(question, ranked, verdict)
            answer.retrieved = retrieved
            yield answer.answer
            yield answer
            return
        if self.config.llm:
            yield from self._compose_llm(question, ranked, retrieved, history)
            return
        answer = self._compose_extractive(question, ranked, analysis.vectors)
        answer.retrieved = retrieved
        for sentence in _sentences_of(answer.answer):
            yield sentence
        yield answer

    def _compose_extractive(self, question: str, ranked: list[ranking.Ranked],
                            vectors: dict[str, np.ndarray]) -> Answer:
        chosen = ranking.select(ranked, vectors)
        book = CitationBook(self.sources)
        multi_doc = len(self.by_doc) > 1
        sentences: list[str] = []
        for i, r in enumerate(chosen):
            p = r.passage
            outlet = self.sources.get(p.doc_id, "")
            # name the outlet for the opening sentence (and always when outlets differ)
            phrased = phrase(p, self.claims_by_passage.get(p.passage_id, []), outlet,
                             name_outlet=multi_doc or i == 0, earlier=self._earlier(p))
            text = phrased.text
            if multi_doc:
                text = outlet_lead(text, outlet, self.published.get(p.doc_id))
            numbers = [book.cite(q) for q in phrased.passages]
            sentences.append(with_markers(text, page_note(phrased.passages) + markers(numbers)))
        return self._flagged(question, sentences, book, [r.passage.passage_id for r in chosen])

    def _flagged(self, question: str, sentences: list[str], book: CitationBook,
                 primary: list[str]) -> Answer:
        """The answer with a flag sentence for each dispute its passages take part in
        (`primary`: the answer's passages, best first)."""
        flag_sentences, answer_flags = flags.flags_for(
            self.ledger.for_passages(set(primary)), book, self.passages, primary)
        return Answer(question=question, answer=" ".join(sentences + flag_sentences),
                      abstained=False, citations=[self._paged(c) for c in book.citations],
                      flags=answer_flags)

    def _paged(self, citation: Citation) -> Citation:
        """The citation with the page(s) its passage lies on (PDF, Word; None otherwise)."""
        passage = self.passages.get(citation.passage_id)
        if passage is None or passage.page is None:
            return citation
        return replace(citation, page=passage.page, page_end=passage.page_end)

    def _abstain(self, question: str, ranked: list[ranking.Ranked],
                 verdict: answerability.Verdict) -> Answer:
        text = "The article does not say."
        if verdict.unknown_terms and "names" in verdict.reason:
            text = (f"The article does not say: it does not mention "
                    f"{', '.join(verdict.unknown_terms)}.")
        elif verdict.unknown_terms and "no count of" in verdict.reason:
            text = f"The article does not say: it gives no count of {verdict.unknown_terms[0]}."
        elif verdict.unknown_terms and "never mentions" in verdict.reason:
            text = f"The article does not say: it never mentions {', '.join(verdict.unknown_terms)}."
        related: list[Citation] = []
        if ranked and ranked[0].sentence_similarity >= self.config.abstain_threshold * 0.7:
            p = ranked[0].passage
            related.append(Citation(n=0, doc_id=p.doc_id, passage_id=p.passage_id, text=p.text,
                                    start=p.start, end=p.end,
                                    source=self.sources.get(p.doc_id, ""), page=p.page,
                                    page_end=p.page_end))
            text += " A related passage is shown below; it does not answer the question."
        return Answer(question=question, answer=text, abstained=True, related=related)

    # ---- optional LLM ----------------------------------------------------------------------
    def _llm_answerer(self):  # noqa: ANN202 - rag.llm.LLMAnswerer
        from rag.llm import LLMAnswerer

        if self._llm is None:
            self._llm = LLMAnswerer(self.config, self.embedder.embed)
        return self._llm

    def _compose_llm(self, question: str, ranked: list[ranking.Ranked],
                     retrieved: list, history: list[Turn]) -> Iterator[str | Answer]:
        from rag.llm import Generation

        passages = [r.passage for r in ranked[: self.config.top_k]]
        generation = None
        for item in self._llm_answerer().stream(question, passages, history):
            if isinstance(item, Generation):
                generation = item
            else:
                yield item
        assert generation is not None
        book = CitationBook(self.sources)
        sentences = []
        for sentence in generation.sentences:
            cited = [passages[i] for i in sentence.cited if 0 <= i < len(passages)]
            numbers = [book.cite(p) for p in cited]
            if numbers:
                # the checker returns sentences without their markers; ours are renumbered
                sentences.append(with_markers(sentence.text, page_note(cited) + markers(numbers)))
        if generation.abstained or not sentences:
            answer = self._abstain(question, ranked, answerability.Verdict(
                False, "the model found no supported answer"))
        else:
            answer = self._flagged(question, sentences, book,
                                   [c.passage_id for c in book.citations])
        answer.retrieved = retrieved
        yield answer


def page_note(passages: list[Passage]) -> str:
    """"(p. 3) " before a sentence's markers when what it cites lies on pages (PDF, Word):
    the reader of the answer sees the page without opening the viewer."""
    pages: list[int] = []
    for p in passages:
        if p.page is not None:
            for n in range(p.page, (p.page_end or p.page) + 1):
                if n not in pages:
                    pages.append(n)
    if not pages:
        return ""
    pages.sort()
    if len(pages) == 1:
        return f"({page_label(pages[0])}) "
    if pages == list(range(pages[0], pages[-1] + 1)):
        return f"({page_label(pages[0], pages[-1])}) "
    return f"(pp. {', '.join(map(str, pages))}) "


def _sentences_of(text: str) -> list[str]:
    """Chunks to stream: the answer sentence by sentence (each already carries its [n])."""
    parts = re.split(r"(?<=[.!?”’])\s+(?=[A-Z“\"‘])", text)
    return [p + (" " if i < len(parts) - 1 else "") for i, p in enumerate(parts)]
