"""Build the ledger of a corpus: claims of every document, then the discrepancies between them.

One spaCy pass over all body sentences, one embedding batch over all claim contents, then rules.
Deterministic: the same documents give the same claims, ids and discrepancies in the same order.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from rag.ledger.attribution import Extracted, extract_document
from rag.ledger.cache import LedgerCache
from rag.ledger.countries import state_of
from rag.ledger.model import Ledger
from rag.ledger.pairing import PairIndex
from rag.ledger.rules import run_rules
from rag.ledger.rules.context import LedgerContext
from rag.ledger.rules.text import says, short
from rag.ledger.sides import KnownPeople
from rag.nlp import get_nlp
from rag.records import Document
from rag.timing import phase

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

NLI_SIM = 0.5              # only pairs this close are worth asking the NLI judge about
NLI_CONTRADICTION = 0.8
COMMON_PLACE_MIN_DOCS = 5   # up to this many documents may share any place
COMMON_PLACE_SHARE = 0.2    # beyond, a place in more than this share of them links nothing


def _default_embed(texts: list[str]) -> np.ndarray:
    from rag.embedding import get_embedder

    return get_embedder().embed(texts)


def build_ledger(documents: list[Document], embed: Callable[[list[str]], np.ndarray] | None = None,
                 nli_model: str | None = None, cache: LedgerCache | None = None,
                 disabled: frozenset[str] = frozenset()) -> Ledger:
    """Claims and discrepancies of `documents` (any number; cross-document links included).

    With a `cache`, each document's parses and claim embeddings are reused while its sha256 is
    unchanged, so a rebuild after an ingest only parses and embeds what is new. `disabled`
    names rules (rag.ledger.rules.RULES) to leave out.
    """
    nlp = get_nlp()
    with phase("ledger: parse"):
        sents = _parse(documents, nlp, cache)
    items: list[Extracted] = []
    spans: list[tuple[Document, int, int]] = []   # each document's slice of `items`
    known = KnownPeople()   # people's sides, learned across the corpus
    with phase("ledger: extract claims"):
        for doc in documents:
            start = len(items)
            items.extend(extract_document(doc, sents, known))
            spans.append((doc, start, len(items)))
    claims = [it.claim for it in items if it.claim is not None]
    if not claims:
        return Ledger()
    with phase("ledger: embed claims"):
        vectors = _claim_vectors(items, spans, embed or _default_embed, cache)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    with phase("ledger: pair candidates"):
        places = _places(documents, sents)
        block_of = _event_blocks(documents, places)
        pairs = PairIndex(vectors, groups=[block_of[c.doc_id] for c in claims])
    ctx = LedgerContext(items, {d.doc_id: d for d in documents}, sents, pairs, places=places,
                        vectors=vectors)
    run_rules(ctx, disabled)   # each rule a phase "ledger: rule <name>"
    if nli_model:
        with phase("ledger: nli"):
            _judge_with_nli(ctx, nli_model)
    discrepancies, corroborations = ctx.result()
    return Ledger(claims=claims, discrepancies=discrepancies, corroborations=corroborations)


def _parse(documents: list[Document], nlp: Language, cache: LedgerCache | None
           ) -> dict[str, Doc]:
    """spaCy parse of every passage, keyed by passage id (cached per document version).

    The sentence text is parsed as it appears in the file so offsets map back exactly.
    """
    sents: dict[str, Doc] = {}
    todo: list[Document] = []
    for doc in documents:
        cached = cache.parses(doc, nlp) if cache else None
        if cached is None:
            todo.append(doc)
        else:
            sents.update({p.passage_id: s for p, s in zip(doc.passages, cached)})
    passages = [p for doc in todo for p in doc.passages]
    parsed = list(nlp.pipe([p.text for p in passages], batch_size=64))
    position = 0
    for doc in todo:
        mine = parsed[position:position + len(doc.passages)]
        position += len(doc.passages)
        sents.update({p.passage_id: s for p, s in zip(doc.passages, mine)})
        if cache:
            cache.save_parses(doc, mine)
    return sents


def _claim_vectors(items: list[Extracted], spans: list[tuple[Document, int, int]],
                   embed: Callable[[list[str]], np.ndarray],
                   cache: LedgerCache | None) -> np.ndarray:
    """Embeddings of every claim's text in `items` order; one batch for the uncached ones."""
    per_doc: list[np.ndarray | None] = []
    missing: list[str] = []
    for doc, start, end in spans:
        texts = [it.claim.text for it in items[start:end] if it.claim is not None]
        found = cache.vectors(doc, texts) if cache else None
        per_doc.append(found)
        if found is None:
            missing.extend(texts)
    fresh = iter(np.asarray(embed(missing), dtype=np.float32)) if missing else iter(())
    blocks = []
    for (doc, start, end), found in zip(spans, per_doc):
        texts = [it.claim.text for it in items[start:end] if it.claim is not None]
        if found is None:
            found = np.asarray([next(fresh) for _ in texts], dtype=np.float32).reshape(
                len(texts), -1)
            if cache and texts:
                cache.save_vectors(doc, texts, found)
        if len(texts):
            blocks.append(found)
    return np.concatenate(blocks).astype(np.float32)


def _event_blocks(documents: list[Document], places: dict[str, set[str]]) -> dict[str, int]:
    """Documents that can be about the same event, as blocks: linked when they name a common
    place (the same test the rules apply to any cross-document pair), closed transitively.
    Candidate pairs are only sought inside a block, never across the whole corpus."""
    parent = list(range(len(documents)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with: dict[str, int] = {}
    for i, doc in enumerate(documents):
        for place in sorted(places.get(doc.doc_id, ())):
            if place in first_with:
                parent[root(i)] = root(first_with[place])
            else:
                first_with[place] = i
    return {doc.doc_id: root(i) for i, doc in enumerate(documents)}


def _places(documents: list[Document], sents: dict) -> dict[str, set[str]]:
    """Specific places each document names (towns, regions, sites; not whole countries):
    the cheap test of whether two documents can be about the same event."""
    out: dict[str, set[str]] = {}
    for doc in documents:
        names: set[str] = set()
        for passage in doc.passages:
            sent = sents[passage.passage_id]
            for ent in sent.ents:
                if ent.label_ in ("GPE", "LOC", "FAC") and not state_of(ent.text):
                    names.add(ent.text.lower().removeprefix("the "))
            # "... in Lorra": a proper noun after a preposition of place, whatever NER said
            for token in sent:
                if token.pos_ == "PROPN" and token.dep_ == "pobj" and token.head.lower_ in (
                        "in", "at", "near", "outside") and token.ent_type_ not in (
                        "PERSON", "DATE", "TIME", "NORP") and not state_of(token.text):
                    names.add(" ".join(t.text for t in token.subtree
                                       if t.pos_ == "PROPN").lower())
        out[doc.doc_id] = names
    return _without_common_places(out)


def _without_common_places(places: dict[str, set[str]]) -> dict[str, set[str]]:
    """A place most documents name (a region, a fictional or unlisted country) says nothing
    about which event two documents share: beyond a handful of documents, names found in more
    than a fifth of them are not used to link events."""
    counts: dict[str, int] = {}
    for names in places.values():
        for name in names:
            counts[name] = counts.get(name, 0) + 1
    limit = max(COMMON_PLACE_MIN_DOCS, int(COMMON_PLACE_SHARE * len(places)))
    return {doc: {n for n in names if counts[n] <= limit} for doc, names in places.items()}


def _judge_with_nli(finder: LedgerContext, nli_model: str) -> None:
    """Optional: contradictions between close claims of different sources the rules missed."""
    from rag.nli import load_nli_judge

    judge = load_nli_judge(nli_model)
    candidates = [(i, j) for i, j, sim in finder.pairs.pairs()
                  if sim >= NLI_SIM and (i, j) not in finder.linked
                  and finder.items[i].party != finder.items[j].party
                  and finder.same_event(finder.items[i], finder.items[j])]
    if not candidates:
        return
    texts = [(finder.claim(i).text, finder.claim(j).text) for i, j in candidates]
    forward = judge.score(texts)
    backward = judge.score([(b, a) for a, b in texts])
    for (i, j), f, b in zip(candidates, forward, backward):
        p = max(f.contradiction, b.contradiction)
        if p >= NLI_CONTRADICTION:
            x, y = finder.items[i], finder.items[j]
            finder.add("contested", "nli_contradiction",
                       f"{says(x)} {short(finder.claim(i).text, 90)}, but {says(y)} "
                       f"{short(finder.claim(j).text, 90)}.", 0.5 * p, [i, j])
