"""Sweep the abstention settings over eval sets and print what each value would do.

Usage: python scripts/calibrate_abstention.py [DATASET.jsonl ...]
       (default: eval/qa.jsonl and eval/multigenre/working/qa.jsonl, over an index holding
       their articles: `make eval-index` builds one)

Only the working split is calibrated on: lines with `"split": "heldout"` are skipped (and
counted), so the held-out figures of `make eval-multigenre` stay honest. Every question goes
through the composer's own analysis once (retrieval and re-ranking, scoped to its `doc`, as in
the eval); each candidate setting is then judged by the composer and scored by abstention
accuracy on unanswerable questions and false abstentions on answerable ones, per wording.
RAG_ABSTAIN_THRESHOLD's default and answerability.STANDOUT_Z are the values that keep false
abstentions lowest (a wrong refusal costs a reader more than a marked near-miss) at the best
abstention accuracy.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from rag.engine import Engine

DEFAULT = [Path("eval/qa.jsonl"), Path("eval/multigenre/working/qa.jsonl")]
THRESHOLDS = [0.30, 0.35, 0.40, 0.45, 0.50, 0.55]
STANDOUTS = [0.5, 1.0, 1.5, 2.0, 2.5]


def main(datasets: list[Path]) -> None:
    engine = Engine()
    composer = engine.composer()
    rows, skipped = [], 0
    for path in datasets:
        for line in path.read_text("utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            if row.get("split") == "heldout":
                skipped += 1
                continue
            rows.append(row)
    analyses = [(row, composer.analyse(row["question"], [],
                                       [row["doc"]] if row.get("doc") else None))
                for row in rows]
    print(f"{len(rows)} questions ({skipped} held-out ones skipped)")
    print(f"{'threshold':>9} {'z':>4} {'abstain_acc':>11} {'false: article':>14} "
          f"{'reworded':>8} {'shipped':>7}")
    results = []
    for threshold in THRESHOLDS:
        for z in STANDOUTS:
            abstain_ok = n_unanswerable = 0
            false = {"article": [0, 0], "reworded": [0, 0], "shipped": [0, 0]}
            for row, analysis in analyses:
                abstained = not composer.verdict(analysis, threshold, standout_z=z).answerable
                if row["answerable"]:
                    group = false[row.get("wording", "shipped") if row.get("doc") else "shipped"]
                    group[0] += abstained
                    group[1] += 1
                else:
                    n_unanswerable += 1
                    abstain_ok += abstained
            accuracy = abstain_ok / max(1, n_unanswerable)
            rates = {k: v[0] / max(1, v[1]) for k, v in false.items()}
            results.append((threshold, z, accuracy, rates))
            print(f"{threshold:>9.2f} {z:>4.1f} {accuracy:>11.2f} {rates['article']:>14.3f} "
                  f"{rates['reworded']:>8.3f} {rates['shipped']:>7.3f}")
    # fewest false abstentions overall, then the best abstention accuracy
    best = min(results, key=lambda r: (round(sum(r[3].values()), 3), -r[2], r[0]))
    print(f"chosen: threshold {best[0]:.2f}, standout z {best[1]:.1f} "
          f"(abstention accuracy {best[2]:.2f}, false abstentions "
          + ", ".join(f"{k} {v:.3f}" for k, v in best[3].items()) + ")")


if __name__ == "__main__":
    main([Path(a) for a in sys.argv[1:]] or DEFAULT)
