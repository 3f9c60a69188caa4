"""Sweep the abstention threshold over an eval set and print what each value would do.

Usage: python scripts/calibrate_abstention.py [eval/qa.jsonl]

Every question goes through the composer's own analysis once (retrieval and re-ranking, as in
the chat); each candidate threshold is then judged by the composer and scored by
abstention accuracy on unanswerable questions and false abstentions on answerable ones.
RAG_ABSTAIN_THRESHOLD's default is the value that maximises the balanced accuracy of the two.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from rag.engine import Engine


def main(dataset: Path) -> None:
    engine = Engine()
    composer = engine.composer()
    rows = [json.loads(x) for x in dataset.read_text("utf-8").splitlines() if x.strip()]
    analyses = [(row, composer.analyse(row["question"], [])) for row in rows]
    print(f"{'threshold':>9} {'abstain_acc':>11} {'false_abst':>10} {'balanced':>8}")
    best = (0.0, 0.0)
    for step in range(10, 61, 5):
        threshold = step / 100
        abstain_ok = answered_wrong = n_unanswerable = n_answerable = 0
        for row, analysis in analyses:
            abstained = not composer.verdict(analysis, threshold).answerable
            if row["answerable"]:
                n_answerable += 1
                answered_wrong += abstained
            else:
                n_unanswerable += 1
                abstain_ok += abstained
        accuracy = abstain_ok / max(1, n_unanswerable)
        false_rate = answered_wrong / max(1, n_answerable)
        balanced = (accuracy + (1 - false_rate)) / 2
        best = max(best, (balanced, -threshold))
        print(f"{threshold:>9.2f} {accuracy:>11.2f} {false_rate:>10.2f} {balanced:>8.3f}")
    print(f"best balanced accuracy {best[0]:.3f} at threshold {-best[1]:.2f}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "eval/qa.jsonl"))
