"""Batching against a Chroma server: what the per-document calls of ingest cost (scale.py
companion). Starts `chroma run` on 127.0.0.1 over a temporary folder and stops it afterwards.

    .venv/bin/python bench/chroma_batch.py [--passages 6000]

Compares, on the same nodes (random unit vectors, metadata shaped like PassageStore's):
- ChromaVectorStore.add per document (30 passages a call, what rag.store.add_passages gets from
  rag.ingest today) against one call per 1,000 passages;
- collection.get(where={"doc_id": ...}) per document (PassageStore.stored_ids) against one
  get with {"doc_id": {"$in": [...]}} per 100 documents.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import fmt, log, table

from rag.testing import chroma_server


def nodes(n: int, offset: int, per_doc: int):
    import numpy as np
    from llama_index.core.schema import TextNode

    rng = np.random.default_rng(offset)
    vecs = rng.standard_normal((n, 384)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    out = []
    for i in range(n):
        k = offset + i
        doc = f"doc-{k // per_doc:05d}"
        out.append(TextNode(
            id_=f"{doc}:{k % per_doc:04d}", embedding=vecs[i].tolist(),
            text=f"Passage {k} says that {k % 97} people were killed in town {k // per_doc}.",
            metadata={"doc_id": doc, "doc_sha": "0" * 64, "ordinal": k % per_doc,
                      "paragraph": (k % per_doc) // 2, "start": k * 10, "end": k * 10 + 80,
                      "source": "Outlet", "title": f"Title {doc}"},
            excluded_embed_metadata_keys=["doc_sha", "ordinal", "paragraph", "start", "end"],
            excluded_llm_metadata_keys=["doc_sha", "ordinal", "paragraph", "start", "end"]))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--passages", type=int, default=6000)
    ap.add_argument("--per-doc", type=int, default=30)
    ap.add_argument("--nice", type=int, default=10)
    args = ap.parse_args()
    if args.nice:
        os.nice(args.nice)
    import chromadb
    from chromadb.config import Settings
    from llama_index.vector_stores.chroma import ChromaVectorStore

    work = Path(tempfile.mkdtemp(prefix="rag-chroma-batch-"))
    rows = []
    try:
        with chroma_server(work / "chroma", work / "chroma.log") as server:
            client = chromadb.HttpClient(host="127.0.0.1", port=server.port,
                                         settings=Settings(anonymized_telemetry=False))
            n, per = args.passages, args.per_doc
            timings = {}
            for name, batch in (("per document", per), ("per 1,000 passages", 1000)):
                col = client.create_collection(name.replace(" ", "_").replace(",", ""),
                                               embedding_function=None,
                                               metadata={"hnsw:space": "cosine"})
                store = ChromaVectorStore(chroma_collection=col)
                todo = nodes(n, 0, per)
                t0 = time.perf_counter()
                for i in range(0, n, batch):
                    store.add(todo[i:i + batch])
                timings[name] = time.perf_counter() - t0
                log(f"add {name}: {timings[name]:.1f} s")
            docs = [f"doc-{d:05d}" for d in range(n // per)]
            t0 = time.perf_counter()
            for d in docs:
                col.get(where={"doc_id": d}, include=[])
            each = time.perf_counter() - t0
            t0 = time.perf_counter()
            for i in range(0, len(docs), 100):
                col.get(where={"doc_id": {"$in": list(docs[i:i + 100])}},  # type: ignore[dict-item]
                        include=["metadatas"])
            batched = time.perf_counter() - t0
            rows = [
                [f"ChromaVectorStore.add, {n:,} passages", fmt(timings["per document"], ".1f"),
                 fmt(timings["per 1,000 passages"], ".1f"),
                 f"x{timings['per document'] / timings['per 1,000 passages']:.1f}",
                 f"{timings['per document'] / n * 1000:.2f} -> "
                 f"{timings['per 1,000 passages'] / n * 1000:.2f}"],
                [f"stored ids of {len(docs):,} documents", fmt(each, ".1f"), fmt(batched, ".1f"),
                 f"x{each / batched:.1f}",
                 f"{each / len(docs) * 1000:.1f} -> {batched / len(docs) * 1000:.1f} per doc"],
            ]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\nChroma server batching, {args.per_doc} passages a document; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n")
    print(table(["operation", "per document (s)", "batched (s)", "speed-up",
                 "ms per passage / doc"], rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
