"""How the ledger's candidate pairing grows with the number of claims (companion to scale.py).

    .venv/bin/python bench/ledger_pairing.py --sizes 5000,10000,20000,40000

rag.ledger.pairing.nearest_neighbours is an exact k-NN (vectors @ vectors.T, block by block), so
its time grows with claims squared. This times it on random unit vectors of the model's width
(384) beside Chroma's HNSW answering the same k-NN questions (an in-process collection in a
temporary folder), the fix scale.py's report proposes. Medians are not needed: one run per size
already shows the growth; the script prints the ratios between sizes.
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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="5000,10000,20000,40000")
    ap.add_argument("--k", type=int, default=16)
    ap.add_argument("--chroma-queries", type=int, default=2000,
                    help="claims whose neighbours Chroma is asked for (time scaled to all)")
    ap.add_argument("--nice", type=int, default=10)
    args = ap.parse_args()
    if args.nice:
        os.nice(args.nice)
    import numpy as np

    from rag.ledger.pairing import nearest_neighbours

    sizes = [int(s) for s in args.sizes.split(",")]
    rng = np.random.default_rng(7)
    rows, prev = [], None
    work = Path(tempfile.mkdtemp(prefix="rag-pairing-"))
    try:
        import chromadb
        from chromadb.config import Settings

        client = chromadb.PersistentClient(path=str(work), settings=Settings(
            anonymized_telemetry=False))
        for n in sizes:
            vectors = rng.standard_normal((n, 384)).astype(np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            t0 = time.perf_counter()
            nearest_neighbours(vectors, k=args.k, min_sim=0.0)
            exact = time.perf_counter() - t0
            col = client.create_collection(f"claims{n}", embedding_function=None,
                                           metadata={"hnsw:space": "cosine"})
            t0 = time.perf_counter()
            for i in range(0, n, 5000):
                col.add(ids=[str(j) for j in range(i, min(n, i + 5000))],
                        embeddings=vectors[i:i + 5000])
            build = time.perf_counter() - t0
            q = min(n, args.chroma_queries)
            t0 = time.perf_counter()
            for i in range(0, q, 500):
                col.query(query_embeddings=vectors[i:min(q, i + 500)], n_results=args.k + 1,
                          include=["distances"])
            query_all = (time.perf_counter() - t0) * n / q
            log(f"{n:,} claims: exact {exact:.1f} s; chroma build {build:.1f} s + "
                f"queries {query_all:.1f} s")
            growth = f"x{exact / prev[1]:.1f} for x{n / prev[0]:.1f} claims" if prev else ""
            rows.append([f"{n:,}", fmt(exact, ",.1f"), growth, fmt(build + query_all, ",.1f"),
                         fmt(build, ",.1f"), fmt(query_all, ",.1f")])
            prev = (n, exact)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\nLedger candidate pairing, k={args.k}, random 384-d unit vectors, "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n")
    print(table(["claims", "exact kNN, pairing.py (s)", "growth", "Chroma HNSW total (s)",
                 "  add", "  k-NN for every claim"], rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
