"""Build the ledger of a corpus: claims of every document, then the discrepancies between them.

One spaCy pass over all body sentences, one embedding batch over all claim contents, then rules.
Deterministic: the same documents give the same claims, ids and discrepancies in the same order.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from rag.ledger.attribution import Extracted, extract_document
from rag.ledger.discrepancies import Finder, says, short
from rag.ledger.model import Ledger
from rag.ledger.pairing import PairIndex
from rag.ledger.spacy_pipeline import get_nlp
from rag.records import Document

NLI_SIM = 0.5              # only pairs this close are worth asking the NLI judge about
NLI_CONTRADICTION = 0.8


def _default_embed(texts: list[str]) -> np.ndarray:
    from rag.embedding import get_embedder

    return get_embedder().embed(texts)


def build_ledger(documents: list[Document], embed: Callable[[list[str]], np.ndarray] | None = None,
                 nli_model: str | None = None) -> Ledger:
    """Claims and discrepancies of `documents` (any number; cross-document links included)."""
    nlp = get_nlp()
    passages = [p for doc in documents for p in doc.passages]
    # the sentence text is parsed as it appears in the file so offsets map back exactly
    parsed = nlp.pipe([p.text for p in passages], batch_size=64)
    sents = {p.passage_id: s for p, s in zip(passages, parsed)}
    items: list[Extracted] = []
    for doc in documents:
        items.extend(extract_document(doc, sents))
    claims = [it.claim for it in items if it.claim is not None]
    if not claims:
        return Ledger()
    vectors = np.asarray((embed or _default_embed)([c.text for c in claims]), dtype=np.float32)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    pairs = PairIndex(vectors)
    finder = Finder(items, {d.doc_id: d for d in documents}, sents, pairs,
                    places=_places(documents, sents))
    finder.denials()
    finder.disclaimers()
    finder.framings()
    finder.numbers()
    finder.anonymous()
    finder.corroborations()
    finder.one_sided()
    finder.weigh_corroboration()
    if nli_model:
        _judge_with_nli(finder, nli_model)
    discrepancies, corroborations = finder.result()
    return Ledger(claims=claims, discrepancies=discrepancies, corroborations=corroborations)


def _places(documents: list[Document], sents: dict) -> dict[str, set[str]]:  # noqa: ANN001
    """Specific places each document names (towns, regions, sites; not whole countries):
    the cheap test of whether two documents can be about the same event."""
    from rag.ledger.sources import normalise_party

    out: dict[str, set[str]] = {}
    for doc in documents:
        names: set[str] = set()
        for passage in doc.passages:
            for ent in sents[passage.passage_id].ents:
                if ent.label_ in ("GPE", "LOC", "FAC") and not normalise_party(ent.text):
                    names.add(ent.text.lower().removeprefix("the "))
        out[doc.doc_id] = names
    return out


def _judge_with_nli(finder: Finder, nli_model: str) -> None:
    """Optional: contradictions between close claims of different sources the rules missed."""
    from rag.nli import load_nli_judge

    judge = load_nli_judge(nli_model)
    candidates = [(i, j) for i, j, sim in finder.pairs.pairs()
                  if sim >= NLI_SIM and (i, j) not in finder.linked
                  and finder.items[i].source != finder.items[j].source
                  and finder.same_event(finder.items[i], finder.items[j])]
    if not candidates:
        return
    texts = [(finder.items[i].claim.text, finder.items[j].claim.text)  # type: ignore[union-attr]
             for i, j in candidates]
    forward = judge.score(texts)
    backward = judge.score([(b, a) for a, b in texts])
    for (i, j), f, b in zip(candidates, forward, backward):
        p = max(f.contradiction, b.contradiction)
        if p >= NLI_CONTRADICTION:
            x, y = finder.items[i], finder.items[j]
            finder.add("contested", "nli_contradiction",
                       f"{says(x)} {short(x.claim.text, 90)}, but {says(y)} "  # type: ignore
                       f"{short(y.claim.text, 90)}.", 0.5 * p, [i, j])  # type: ignore
