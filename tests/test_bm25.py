"""BM25 over passages gives exactly the scores of llama-index's BM25Retriever (which it replaces
on the question path, to keep llama-index's import out of `rag ask`)."""
from __future__ import annotations

import pytest

from rag.bm25 import Bm25Index
from rag.retrieve import bm25_text

QUESTIONS = ["How many Turkish soldiers were killed?", "Kalibr cruise missiles warships",
             "309 regime troops", "What did the UN Secretary-General call for?", "zzz qqq"]


@pytest.mark.parametrize("question", QUESTIONS)
def test_same_hits_and_scores_as_llama_index(engine, question: str) -> None:
    from llama_index.core.schema import BaseNode, TextNode
    from llama_index.retrievers.bm25 import BM25Retriever

    passages = engine.passages()
    texts = [bm25_text(p) for p in passages]
    ours = Bm25Index([p.passage_id for p in passages], texts, top_k=20).search(question)
    nodes: list[BaseNode] = [TextNode(id_=p.passage_id, text=t) for p, t in zip(passages, texts)]
    theirs = BM25Retriever.from_defaults(nodes=nodes, similarity_top_k=20).retrieve(question)
    assert [pid for pid, _ in ours] == [h.node.node_id for h in theirs]
    assert [round(s, 6) for _, s in ours] == [round(float(h.score or 0.0), 6) for h in theirs]
