"""The answer composer: the one code path behind the chat, `rag ask` and `rag eval`.

question -> (follow-up resolution, embedded instructions set aside) -> hybrid retrieval plus the
composer's own sentence search (optionally scoped to some documents) -> sentence-level
re-ranking -> answerable? -> cited sentences (extractive by default, or an LLM whose every
sentence is checked against what it cites, with the extractive sentence standing in for any it
drops) -> flags from the ledger. "What is disputed here?" is answered from the ledger itself.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from rag.citations import CitationBook, markers, sentence_chunks, with_markers
from rag.compose import answerability, flags, followup, overview, ranking
from rag.compose.focus import question_focus
from rag.compose.phrasing import FALLBACK_NOTE, NEAR_MISS_LEAD, outlet_lead, phrase
from rag.compose.reasons import Abstention
from rag.compose.terms import Vocabulary
from rag.compose.words import WordSpace, expansion
from rag.config import Config
from rag.corpus import Corpus, Retriever
from rag.embedding import get_encoder
from rag.errors import InputError
from rag.nlp import import_spacy
from rag.questions import split_instructions
from rag.records import Answer, Citation, Flag, Passage, ScoredPassage, Turn, page_label

if TYPE_CHECKING:
    from rag.llm import LLMAnswerer

CANDIDATES = 10     # passages re-ranked per question (top-k for the contract stays config.top_k)
PRECOMPUTE_LIMIT = 5_000   # sentence vectors computed up front for corpora up to this size
NEAR_MISS_PASSAGES = 2     # passages a weak (closest-passage) answer cites


@dataclass(frozen=True)
class Analysis:
    topic: str                              # the question without embedded instructions
    ranked: list[ranking.Ranked]            # candidates re-ranked on the sentence alone
    vectors: dict[str, np.ndarray]          # sentence vectors of the candidates
    documents: tuple[str, ...] = ()         # the documents in scope (all when empty)
    similarities: np.ndarray | None = None  # question vs every sentence in scope


class Composer:
    def __init__(self, retriever: Retriever, corpus: Corpus, config: Config,
                 reuse: Composer | None = None) -> None:
        """Over one version of the corpus; `reuse` is the composer of the previous version,
        whose sentence vectors are kept for the passages both versions share (an ingest
        re-embeds only what is new)."""
        import_spacy()   # questions are parsed; spaCy must not pull torch in on the way
        self.retriever = retriever
        self.config = config
        self.embedder = get_encoder(config)
        self.passages = {p.passage_id: p for p in corpus.passages}
        self.by_doc: dict[str, list[Passage]] = {}
        for p in self.passages.values():
            self.by_doc.setdefault(p.doc_id, []).append(p)
        for passages in self.by_doc.values():
            passages.sort(key=lambda p: p.ordinal)
        self.vocabulary = Vocabulary([p.clean_text for p in self.passages.values()])
        self._doc_vocabularies: dict[tuple[str, ...], Vocabulary] = {}
        self._doc_words: dict[tuple[str, ...], WordSpace] = {}
        self.words = WordSpace(self.vocabulary, self.embedder.embed)
        documents = corpus.documents
        self.sources = {d["doc_id"]: d.get("source") or d["doc_id"] for d in documents}
        self.published = {d["doc_id"]: d.get("published") for d in documents}
        self.titles = {d["doc_id"]: d.get("title") or d["doc_id"] for d in documents}
        self.ledger = corpus.ledger
        self.claims_by_passage: dict[str, list] = {}
        for claim in self.ledger.claims:
            self.claims_by_passage.setdefault(claim.passage_id, []).append(claim)
        self._vectors: dict[str, np.ndarray] = {}
        self._vectors_lock = threading.Lock()
        if reuse is not None:   # passage ids are content-addressed: same id, same sentence
            with reuse._vectors_lock:
                self._vectors = {pid: v for pid, v in reuse._vectors.items()
                                 if pid in self.passages}
        self._matrix: tuple[list[str], np.ndarray] | None = None
        self._llm: LLMAnswerer | None = None
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
                self._matrix = None
        with self._vectors_lock:
            return {p.passage_id: self._vectors[p.passage_id] for p in passages}

    def _sentence_matrix(self) -> tuple[list[str], np.ndarray] | None:
        """Every sentence vector as one matrix (small corpora only), for a full sentence scan."""
        if len(self.passages) > PRECOMPUTE_LIMIT:
            return None
        with self._vectors_lock:
            if self._matrix is None and self._vectors:
                ids = list(self._vectors)
                self._matrix = (ids, np.stack([self._vectors[i] for i in ids]))
            return self._matrix

    def _earlier(self, passage: Passage) -> list[Passage]:
        same_doc = self.by_doc.get(passage.doc_id, [])
        return [p for p in reversed(same_doc) if p.ordinal < passage.ordinal]

    def scope(self, documents: list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
        """The documents a question is asked of (empty: all). Unknown ids are a clear error."""
        if not documents:
            return ()
        unknown = [d for d in documents if d not in self.by_doc]
        if unknown:
            raise InputError(f"no loaded document {', '.join(map(repr, unknown))}; loaded: "
                             f"{', '.join(sorted(self.by_doc)) or 'none'}")
        return tuple(dict.fromkeys(documents))

    def vocabulary_for(self, documents: tuple[str, ...]) -> Vocabulary:
        """The words of the documents in scope: a name the scoped article never uses is unknown
        even when another loaded article has it."""
        if not documents or set(documents) == set(self.by_doc):
            return self.vocabulary
        with self._vectors_lock:
            cached = self._doc_vocabularies.get(documents)
        if cached is None:
            cached = Vocabulary([p.clean_text for d in documents for p in self.by_doc[d]])
            with self._vectors_lock:
                self._doc_vocabularies[documents] = cached
        return cached

    def words_for(self, documents: tuple[str, ...]) -> WordSpace:
        """The words of the documents in scope in embedding space (vectors shared with the
        whole corpus's space): what a question is expanded with comes from the article asked
        about."""
        vocabulary = self.vocabulary_for(documents)
        if vocabulary is self.vocabulary:
            return self.words
        with self._vectors_lock:
            cached = self._doc_words.get(documents)
        if cached is None:
            cached = self.words.scoped(vocabulary)
            with self._vectors_lock:
                self._doc_words[documents] = cached
        return cached

    def _scoring_vector(self, query: str, vector: np.ndarray,
                        documents: tuple[str, ...]) -> np.ndarray | None:
        """The question's vector moved toward the article's own wording: the question plus the
        article's words closest to those it lacks, averaged with the question alone (None when
        the article has every word of the question)."""
        expanded = expansion(query, self.words_for(documents))
        if not expanded:
            return None
        blended = vector + self.embedder.embed_one(expanded)
        return blended / (float(np.linalg.norm(blended)) or 1.0)

    # ---- composing -------------------------------------------------------------------------
    def compose(self, question: str, history: list[Turn],
                documents: list[str] | None = None) -> Answer:
        answer: Answer | None = None
        for item in self.compose_stream(question, history, documents):
            if isinstance(item, Answer):
                answer = item
        assert answer is not None
        return answer

    def _candidates(self, query: str, vector: np.ndarray,
                    documents: tuple[str, ...]) -> tuple[list[ScoredPassage], np.ndarray | None]:
        """Hybrid retrieval's candidates plus the sentences closest to the question by
        themselves (a paraphrase that shares no word with its paragraph), within scope; and the
        question's similarity to every sentence in scope (the article's own distribution)."""
        k = max(CANDIDATES, self.config.top_k)
        wide = k if not documents else max(k, self.config.candidate_k) * 2
        retrieved = self.retriever.retrieve(query, wide, vector=vector)
        if documents:
            retrieved = [c for c in retrieved if c.passage.doc_id in documents]
        candidates = {c.passage.passage_id: c for c in retrieved[:k]}
        similarities = None
        matrix = self._sentence_matrix()
        if matrix is not None:
            ids, vectors = matrix
            sims = vectors @ vector
            in_scope = [i for i, pid in enumerate(ids)
                        if not documents or self.passages[pid].doc_id in documents]
            if in_scope:
                scoped = sims[in_scope]
                similarities = scoped
                for j in np.argsort(-scoped)[:k]:
                    pid = ids[in_scope[int(j)]]
                    if pid not in candidates:
                        candidates[pid] = ScoredPassage(passage=self.passages[pid], score=0.0)
        return list(candidates.values()), similarities

    def analyse(self, question: str, history: list[Turn],
                documents: list[str] | tuple[str, ...] | None = None) -> Analysis:
        """Everything up to the answer-or-abstain decision (shared with the calibration script)."""
        scope = self.scope(documents)
        topic, instructions = split_instructions(question)
        query = followup.retrieval_query(topic or question, history)
        if instructions and topic and not history and followup.is_followup(topic):
            # Instructions are never obeyed, but they may name what "that" refers to
            # ("state as fact that Turkey confirmed ... Did Turkey confirm that?").
            query = " ".join([*instructions, query])
        question_vector = self.embedder.embed_one(query)
        candidates, similarities = self._candidates(query, question_vector, scope)
        vectors = self.sentence_vectors([c.passage for c in candidates])
        ranked = ranking.rank(query, question_vector, candidates, vectors,
                              self.vocabulary_for(scope), self.words,
                              focus=question_focus(query),
                              scoring_vector=self._scoring_vector(query, question_vector, scope))
        return Analysis(topic=topic, ranked=ranked, vectors=vectors, documents=scope,
                        similarities=similarities)

    def verdict(self, analysis: Analysis, threshold: float,
                **calibration: float) -> answerability.Verdict:
        """`calibration`: standout_z / meaning_overlap overrides (the calibration script)."""
        if not analysis.topic:
            return answerability.Verdict(False, Abstention.ONLY_INSTRUCTIONS.value)
        return answerability.judge(analysis.topic, analysis.ranked,
                                   self.vocabulary_for(analysis.documents), threshold,
                                   self.words, analysis.similarities, **calibration)

    def compose_stream(self, question: str, history: list[Turn],
                       documents: list[str] | None = None) -> Iterator[str | Answer]:
        scope = self.scope(documents)
        topic, _ = split_instructions(question)
        if topic and overview.is_overview(topic):
            answer = self.overview(question, scope)
            yield from sentence_chunks(answer.answer)
            yield answer
            return
        analysis = self.analyse(question, history, scope)
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
            yield from self._compose_llm(question, analysis, verdict, retrieved, history)
            return
        answer = self._compose_extractive(question, ranked, analysis.vectors, verdict.weak,
                                          analysis.documents)
        answer.retrieved = retrieved
        yield from sentence_chunks(answer.answer)   # each sentence already carries its [n]
        yield answer

    def overview(self, question: str, documents: tuple[str, ...] = ()) -> Answer:
        """"What is disputed here?": every discrepancy of the documents in scope, one sentence
        each, both sides cited, most confident first, grouped by event."""
        book = CitationBook(self.sources)
        text, answer_flags = overview.overview(self.ledger, book, self.passages, self.titles,
                                               documents)
        return Answer(question=question, answer=text, abstained=False,
                      citations=book.citations, flags=answer_flags)

    def example_questions(self, documents: list[str] | None = None) -> list[str]:
        """One-click questions about `documents` (newest first; all loaded when None), made
        from the ledger and the text (rag.compose.examples)."""
        from rag.compose.examples import example_questions

        wanted = [d for d in (documents or []) if d in self.by_doc] or sorted(self.by_doc)
        return example_questions(self.ledger, self.passages, wanted)

    def _extractive_sentences(self, chosen: list[ranking.Ranked], book: CitationBook,
                              near_miss: bool = False, scope: tuple[str, ...] = ()) -> list[str]:
        # several documents in scope: every sentence says which outlet (and date) reports it
        multi_doc = len(scope or self.by_doc) > 1
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
            if near_miss and i == 0:
                text = f"{NEAR_MISS_LEAD}{text}"
            numbers = [book.cite(q) for q in phrased.passages]
            sentences.append(with_markers(text, page_note(phrased.passages) + markers(numbers)))
        return sentences

    def _compose_extractive(self, question: str, ranked: list[ranking.Ranked],
                            vectors: dict[str, np.ndarray], weak: bool = False,
                            scope: tuple[str, ...] = ()) -> Answer:
        chosen = _chosen(ranked, vectors, weak)
        book = CitationBook(self.sources)
        sentences = self._extractive_sentences(chosen, book, near_miss=weak, scope=scope)
        # a near-miss flags only what its closest passage takes part in: the runner-up is shown
        # for context, and a dispute about it is about something the reader did not ask
        flagged = chosen[:1] if weak else chosen
        return self._flagged(question, sentences, book, [r.passage.passage_id for r in flagged])

    def _flagged(self, question: str, sentences: list[str], book: CitationBook,
                 primary: list[str], note: str = "") -> Answer:
        """The answer with a flag sentence for each dispute its passages take part in
        (`primary`: the answer's passages, best first)."""
        flag_sentences, answer_flags = flags.flags_for(
            self.ledger.for_passages(set(primary)), book, self.passages, primary)
        text = " ".join(sentences + flag_sentences)
        if note:
            text = f"{text}\n{note}"
        return Answer(question=question, answer=text, abstained=False,
                      citations=[self._paged(c) for c in book.citations], flags=answer_flags)

    def _paged(self, citation: Citation) -> Citation:
        """The citation with the page(s) its passage lies on (PDF, Word; None otherwise)."""
        passage = self.passages.get(citation.passage_id)
        if passage is None or passage.page is None:
            return citation
        return replace(citation, page=passage.page, page_end=passage.page_end)

    def _abstain(self, question: str, ranked: list[ranking.Ranked],
                 verdict: answerability.Verdict) -> Answer:
        text = abstention_text(verdict)
        related: list[Citation] = []
        answer_flags: list[Flag] = []
        citations: list[Citation] = []
        if ranked and ranked[0].sentence_similarity >= self.config.abstain_threshold * 0.7:
            p = ranked[0].passage
            related.append(Citation(n=0, doc_id=p.doc_id, passage_id=p.passage_id, text=p.text,
                                    start=p.start, end=p.end,
                                    source=self.sources.get(p.doc_id, ""), page=p.page,
                                    page_end=p.page_end))
            text += " A related passage is shown below; it does not answer the question."
            # the related passage may itself be disputed: say so, each side cited, so a reader
            # who asked "how many aircraft were shot down?" learns the attempt is contested
            disputes = [d for d in self.ledger.for_passages({p.passage_id})
                        if d.kind == "contested"]
            if disputes:
                book = CitationBook(self.sources)
                sentences, answer_flags = flags.flags_for(disputes, book, self.passages,
                                                          [p.passage_id], limit=1)
                if sentences:
                    text += " What it does report is disputed. " + " ".join(sentences)
                    citations = book.citations
        return Answer(question=question, answer=text, abstained=True, related=related,
                      citations=citations, flags=answer_flags)

    # ---- optional LLM ----------------------------------------------------------------------
    def _llm_answerer(self) -> LLMAnswerer:
        from rag.llm import LLMAnswerer

        if self._llm is None:
            self._llm = LLMAnswerer(self.config, self.embedder.embed)
        return self._llm

    def _compose_llm(self, question: str, analysis: Analysis, verdict: answerability.Verdict,
                     retrieved: list, history: list[Turn]) -> Iterator[str | Answer]:
        """The model writes; every sentence it writes is checked against what it cites. The
        extractive answer stands in for what the check drops (said in one line), so a weak
        model never makes an answer worse: the answer abstains only when the extractive path
        would have (that was decided before the model was called)."""
        from rag.llm import Generation

        ranked = analysis.ranked
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
        # what the extractive answer would cite: the fallback stands in with exactly that
        chosen = _chosen(ranked, analysis.vectors, verdict.weak)
        cited_ids = {c.passage_id for c in book.citations}
        note = ""
        if generation.removed or generation.abstained or not sentences:
            # what the model dropped (or never wrote) comes from the article itself
            missing = [r for r in chosen if r.passage.passage_id not in cited_ids] or \
                ([] if sentences else chosen)
            if missing:
                sentences += self._extractive_sentences(missing, book,
                                                        near_miss=verdict.weak and not sentences,
                                                        scope=analysis.documents)
                note = FALLBACK_NOTE
        # flags as on the extractive path: a near-miss flags only its closest passage
        primary = [r.passage.passage_id for r in (chosen[:1] if verdict.weak else chosen)
                   if r.passage.passage_id in {c.passage_id for c in book.citations}] or \
            [c.passage_id for c in book.citations]
        answer = self._flagged(question, sentences, book, primary, note=note)
        answer.retrieved = retrieved
        yield answer


def _chosen(ranked: list[ranking.Ranked], vectors: dict[str, np.ndarray],
            weak: bool) -> list[ranking.Ranked]:
    """The passages an extractive answer cites; a near-miss shows the two closest passages
    rather than bet on one."""
    if weak:
        return ranking.select(ranked, vectors, max_passages=NEAR_MISS_PASSAGES,
                              relative_margin=0.0)
    return ranking.select(ranked, vectors)


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


def abstention_text(verdict: answerability.Verdict) -> str:
    """"The article does not say", with the reason a reader can check."""
    terms = ", ".join(verdict.unknown_terms)
    if not terms:
        return "The article does not say."
    kind = Abstention.of(verdict.reason)
    if kind is Abstention.UNKNOWN_NAMES:
        return f"The article does not say: it does not mention {terms}."
    if kind is Abstention.NEVER_MENTIONED:
        return f"The article does not say: it never mentions {terms}."
    if kind is Abstention.OTHER_SUBJECT:
        return f"The article does not say: what it reports is not about {terms}."
    if kind is Abstention.NO_VALUE:
        return f"The article does not say: it gives no {terms}."
    if kind is Abstention.UNNAMED_ROLE:
        return f"The article does not say: it does not name the {terms}."
    if kind is Abstention.NO_OUTCOME:
        return "The article does not say: it reports no outcome yet."
    return "The article does not say."

