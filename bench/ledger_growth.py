"""How ledger build time grows with the corpus (a benchmark, not a test).

    python bench/ledger_growth.py 10 100 400

Generates N synthetic articles (5 body sentences each, several outlets reporting tolls, denials
and figures for a handful of invented events), builds the ledger and prints, per size, the
number of claims, candidate pairs (nearest neighbours, so it grows as n*k, not n^2) and seconds
split into parsing+rules and embedding.
"""
from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

_PLACES = ["harbour", "market", "station", "airport"]
_SOURCES = ["The port authority", "The regional governor, Ana Silva", "The health ministry",
            "Police", "The Norwegian coastguard", "Sweden's foreign ministry"]


_SYLLABLES = ["ka", "lo", "mir", "ta", "ven", "dor", "sa", "nik", "ru", "bel"]


def _article(rng: random.Random, i: int) -> str:
    # one invented town per event (a few events per town, as several outlets cover each)
    town = "".join(_SYLLABLES[int(d)] for d in str(1000 + i // 3)).capitalize()
    place = f"{rng.choice(_PLACES)} of {town}"
    day = rng.choice(["Monday", "Tuesday", "Saturday"])
    toll = rng.randint(5, 60)
    return "\n\n".join([
        f"Explosion at {place} {i}",
        "A short summary of the events.",
        f"An explosion hit the {place} on {day}, witnesses said.",
        f"{rng.choice(_SOURCES)} said {toll} people were killed in the explosion on {day}.",
        f"The Norwegian coastguard said a Swedish mine caused the explosion at {place}.",
        f"Sweden's foreign ministry denied that a Swedish mine caused the explosion at {place}.",
        f"Some {rng.randint(100, 5000):,} residents have fled since January, the mayor said.",
        f"Source: Outlet {i % 7}",
    ]) + "\n"


def run(sizes: list[int]) -> None:
    from rag.document import build_document
    from rag.embedding import get_embedder
    from rag.ledger.build import build_ledger
    from rag.nlp import get_nlp
    from rag.reader import read_article

    get_nlp()
    embedder = get_embedder()
    embedder.embed(["warm up"])
    spent = {"embed": 0.0}

    def timed_embed(texts: list[str]) -> np.ndarray:
        start = time.perf_counter()
        out = embedder.embed(texts)
        spent["embed"] += time.perf_counter() - start
        return out

    print(f"{'docs':>6} {'passages':>9} {'claims':>7} {'discrep':>8} {'parse+rules s':>14} "
          f"{'embed s':>8} {'total s':>8}")
    rng = random.Random(0)
    with tempfile.TemporaryDirectory() as folder:
        for n in sizes:
            docs = []
            for i in range(n):
                path = Path(folder) / f"a{n}-{i}.txt"
                path.write_text(_article(rng, i), "utf-8")
                docs.append(build_document(read_article(path, 1_000_000),
                                           published=f"2031-05-{1 + i % 28:02d}"))
            spent["embed"] = 0.0
            start = time.perf_counter()
            ledger = build_ledger(docs, embed=timed_embed)
            total = time.perf_counter() - start
            passages = sum(len(d.passages) for d in docs)
            print(f"{n:>6} {passages:>9} {len(ledger.claims):>7} {len(ledger.discrepancies):>8} "
                  f"{total - spent['embed']:>14.2f} {spent['embed']:>8.2f} {total:>8.2f}")


if __name__ == "__main__":
    run([int(a) for a in sys.argv[1:]] or [10, 100])
