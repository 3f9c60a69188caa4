"""Time to build the ledger of one ordinary article, beside its floor (parsing and embedding).

For each article: the median of several in-process builds (models already loaded, no cache), and
the baseline, spaCy parsing the body sentences plus embedding them once, which any ledger must
pay. Prints one row per article and the median over all of them. Run: python bench/ledger_build.py
[FILES...] (default: the shipped article and the working multi-genre articles).
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RUNS = 5


def main(paths: list[Path]) -> None:
    from rag.document import build_document
    from rag.embedding import get_embedder
    from rag.ledger.build import build_ledger
    from rag.nlp import get_nlp
    from rag.reader import read_article

    embed = get_embedder().embed
    nlp = get_nlp()
    print(f"{'article':<58} {'words':>6} {'claims':>6} {'ledger s':>9} {'floor s':>8} {'ratio':>6}")
    ledgers, floors = [], []
    for path in paths:
        doc = build_document(read_article(path, 5_000_000))
        build_ledger([doc], embed=embed)                      # warm-up
        times, floor = [], []
        for _ in range(RUNS):
            start = time.perf_counter()
            ledger = build_ledger([doc], embed=embed)
            times.append(time.perf_counter() - start)
            start = time.perf_counter()
            list(nlp.pipe([p.text for p in doc.passages]))
            embed([p.text for p in doc.passages])
            floor.append(time.perf_counter() - start)
        ledgers.append(statistics.median(times))
        floors.append(statistics.median(floor))
        words = len(doc.text.split())
        print(f"{path.name[:58]:<58} {words:>6} {len(ledger.claims):>6} {ledgers[-1]:>9.3f} "
              f"{floors[-1]:>8.3f} {ledgers[-1] / floors[-1]:>6.2f}")
    print(f"{'median':<58} {'':>6} {'':>6} {statistics.median(ledgers):>9.3f} "
          f"{statistics.median(floors):>8.3f}")


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:]]
    main(args or [ROOT / "data" / "articles" / "aljazeera-idlib-2020-02-28.txt",
                  *sorted((ROOT / "eval" / "multigenre" / "working" / "articles").glob("*.txt"))])
