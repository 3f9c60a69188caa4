"""Compare ranking weights: how often the answer's sentence ranks first, per wording.

Usage: python scripts/calibrate_ranking.py [DATASET.jsonl ...]
       (default: eval/qa.jsonl and eval/multigenre/working/qa.jsonl, over an index holding
       their articles: `make eval-index` builds one)

Only the working split is used: lines with `"split": "heldout"` are skipped, so the held-out
figures stay honest. Every answerable question goes through the composer's own analysis once
(retrieval, expansion, features of every candidate sentence, scoped to its `doc`); each weight
setting then re-orders the candidates, and a question counts when its first sentence holds a
gold evidence span (the eval's evidence criterion, at k = 1). Besides the fit on all articles,
each setting is chosen again with one article left out and scored on that article alone
(leave-one-article-out): that figure is the one to trust, the full fit flatters itself.
"""
from __future__ import annotations

import itertools
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rag.compose.ranking import WEIGHTS, weighted
from rag.engine import Engine
from rag.evaluation.citations import locate_evidence
from rag.evaluation.metrics import evidence_hit

DEFAULT = [Path("eval/qa.jsonl"), Path("eval/multigenre/working/qa.jsonl")]
GRID = {"similarity": [0.5], "context": [0.0, 0.1], "fused": [0.0, 0.05, 0.1],
        "exact_words": [0.0, 0.05, 0.15], "meaning_words": [0.05, 0.15, 0.25],
        "type_bonus": [0.0, 0.04, 0.08], "value_bonus": [0.06, 0.1, 0.15]}


@dataclass(frozen=True)
class Case:
    article: str
    wording: str
    candidates: list[tuple[dict[str, float], bool]]   # features, holds gold evidence


def first_hits(weights: dict[str, float], cases: list[Case]) -> Counter[str]:
    hits: Counter[str] = Counter()
    for case in cases:
        best = max(case.candidates, key=lambda c: weighted(c[0], weights))
        hits[case.wording] += best[1]
    return hits


def load(datasets: list[Path]) -> list[Case]:
    engine = Engine()
    composer = engine.composer()
    texts = {doc_id: engine.document_text(doc_id) for doc_id in composer.by_doc}
    cases = []
    for path in datasets:
        for line in path.read_text("utf-8").splitlines():
            row = json.loads(line) if line.strip() else {}
            if not row.get("answerable") or row.get("split") == "heldout":
                continue
            analysis = composer.analyse(row["question"], [],
                                        [row["doc"]] if row.get("doc") else None)
            # the eval's own criterion: a gold evidence span wholly inside the passage
            scope = {row["doc"]: texts[row["doc"]]} if row.get("doc") else texts
            evidence, _ = locate_evidence(row.get("evidence", []), scope)
            candidates = [(r.features, evidence_hit(
                evidence, [(r.passage.doc_id, r.passage.start, r.passage.end)], k=1))
                for r in analysis.ranked]
            if any(found for _, found in candidates):   # evidence retrieved at all
                cases.append(Case(row.get("doc") or "shipped",
                                  row.get("wording", "shipped") if row.get("doc") else "shipped",
                                  candidates))
    return cases


def main(datasets: list[Path]) -> None:
    cases = load(datasets)
    totals = Counter(c.wording for c in cases)
    settings = [dict(zip(GRID, values)) for values in itertools.product(*GRID.values())]

    def line(label: str, hits: Counter[str]) -> str:
        return f"{label:<28}" + "  ".join(f"{w} {hits[w]}/{totals[w]}" for w in sorted(totals))

    def fit(pool: list[Case]) -> dict[str, float]:
        # most first hits; among equals, the smallest weights (the simplest setting)
        return max(settings, key=lambda w: (sum(first_hits(w, pool).values()),
                                            -sum(w.values())))

    print(f"{len(cases)} answerable working questions whose evidence was retrieved")
    print(line("current WEIGHTS", first_hits(WEIGHTS, cases)))
    best = fit(cases)
    print(line("best on all (optimistic)", first_hits(best, cases)), best)
    held: Counter[str] = Counter()
    for article in sorted({c.article for c in cases}):
        chosen = fit([c for c in cases if c.article != article])
        held += first_hits(chosen, [c for c in cases if c.article == article])
    print(line("leave-one-article-out", held))


if __name__ == "__main__":
    main([Path(a) for a in sys.argv[1:]] or DEFAULT)
