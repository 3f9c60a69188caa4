"""The baseline the eval compares against: a plain llama-index pipeline, nothing of ours.

`VectorStoreIndex` over the same documents, embedded with the same bundled model through
`HuggingFaceEmbedding`, llama-index's default node parser (SentenceSplitter, 1024-token chunks)
and default retriever with top-k 5, an in-memory vector store (the main Chroma index is never
touched) and no LLM. Its answer is the text of its top chunk, cited as [1] after every sentence
(the whole answer is a verbatim copy of that chunk, so each sentence is attributed to it). It
never abstains and never flags. It produces the same `rag ask --json` shape as the Engine, so
the same metric code scores both.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from rag.engine import Engine
from rag.evaluation.citations import Span
from rag.sentences import sentence_spans

TOP_K = 5


def _read_original(path: str, ingested: str) -> str:
    """The document file, decoded as the Engine decodes it (strict UTF-8, no newline
    translation) so chunk offsets and gold evidence offsets count the same characters. If the
    file has changed or vanished since it was ingested, the ingested text is what the Engine
    answers over, so the baseline uses that too: both systems must see the same article."""
    try:
        text = Path(path).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return ingested
    return ingested if ingested and text != ingested else text


def _cite_every_sentence(text: str) -> str:
    spans = sentence_spans(text)
    if not spans:
        return f"{text} [1]"
    out, last = [], 0
    for _, end in spans:
        out.append(text[last:end] + " [1]")
        last = end
    return "".join(out) + text[last:]


class BaselinePipeline:
    def __init__(self, engine: Engine, top_k: int = TOP_K) -> None:
        from llama_index.core import Document, Settings, VectorStoreIndex

        from rag.embedding import get_embedder

        Settings.llm = None   # no LLM anywhere in the baseline (and no attempt to load one)
        # the same bundled model the Engine embeds with, through llama-index's own wrapper
        embed_model = get_embedder(engine.config.embed_model).llama
        self.texts: dict[str, str] = {}
        documents = []
        for meta in engine.documents():
            doc_id = meta["doc_id"]
            text = _read_original(meta.get("path", ""), engine.document_text(doc_id))
            self.texts[doc_id] = text
            documents.append(Document(text=text, doc_id=doc_id, metadata={"doc_id": doc_id}))
        self.index = VectorStoreIndex.from_documents(documents, embed_model=embed_model)
        self.top_k = top_k
        self.retriever = self.index.as_retriever(similarity_top_k=top_k)

    def _span(self, node: Any) -> tuple[str, int, int, str]:
        doc_id = node.metadata.get("doc_id") or node.ref_doc_id
        text = node.get_content()
        start, end = node.start_char_idx, node.end_char_idx
        source = self.texts.get(doc_id, "")
        if start is None or end is None or source[start:end] != text:
            start = source.find(text)      # recover offsets when the parser did not keep them
            end = start + len(text) if start >= 0 else -1
        return doc_id, start, end, text

    def ask(self, question: str, doc: str = "") -> tuple[dict[str, Any], list[Span]]:
        """The `rag ask --json`-shaped answer and the top-k retrieved spans; a question about
        one article (`doc`) retrieves from that article only, as ours does."""
        started = time.perf_counter()
        retriever = self.retriever
        if doc:
            from llama_index.core.vector_stores import ExactMatchFilter, MetadataFilters

            retriever = self.index.as_retriever(
                similarity_top_k=self.top_k,
                filters=MetadataFilters(filters=[ExactMatchFilter(key="doc_id", value=doc)]))
        nodes = retriever.retrieve(question)
        spans = [self._span(n.node) for n in nodes]
        citations, answer = [], ""
        if spans:
            doc_id, start, end, text = spans[0]
            answer = _cite_every_sentence(text)
            citations = [{"n": 1, "doc_id": doc_id, "passage_id": nodes[0].node.node_id,
                          "text": text, "start": start, "end": end}]
        response = {
            "question": question, "answer": answer, "abstained": False,
            "citations": citations, "flags": [],
            "latency_ms": round((time.perf_counter() - started) * 1000, 1),
            "retrieved": [{"passage_id": n.node.node_id, "doc_id": d, "start": s, "end": e,
                           "score": round(float(n.score or 0.0), 5)}
                          for n, (d, s, e, _) in zip(nodes, spans)],
        }
        return response, [(d, s, e) for d, s, e, _ in spans]
