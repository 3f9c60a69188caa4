"""Score the ledger against gold files written by reading the articles.

A gold file names its articles (one, or several reports of one event) and lists:
- `discrepancies`: items a careful reader sees (`tier` "must") or that are arguable ("may"),
  each with acceptable `kind`s and one list of evidence strings per side;
- `must_not_flag`: pairs of strings that no discrepancy may link.

A produced discrepancy matches a gold item when its kind is one of the item's kinds and, for
every side, at least one of its claims overlaps (by character span, in the same document) an
occurrence of one of that side's evidence strings. Recall counts "must" items; a produced
discrepancy matching no gold item is a false alarm; one whose claims cover both strings of a
must-not pair is a violation. The format is documented in the README ("Eval").
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from rag.records import Claim, Discrepancy, Document


@dataclass
class GoldScore:
    name: str
    genre: str
    split: str
    must: int
    hit: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    unsided: list[str] = field(default_factory=list)   # findings that do not cite two sides
    seconds: float = 0.0

    @property
    def recall(self) -> float:
        return len(self.hit) / self.must if self.must else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "genre": self.genre, "split": self.split,
                "recall": round(self.recall, 3), "must": self.must, "hit": self.hit,
                "missed": self.missed, "false_alarms": self.false_alarms,
                "violations": self.violations, "seconds": round(self.seconds, 3)}


def _occurrences(text: str, fragment: str) -> list[tuple[int, int]]:
    spans, at = [], text.find(fragment)
    while at >= 0:
        spans.append((at, at + len(fragment)))
        at = text.find(fragment, at + 1)
    return spans


def _covers(claims: tuple[Claim, ...], texts: dict[str, str], alternatives: list[str]) -> bool:
    for fragment in alternatives:
        for claim in claims:
            text = texts.get(claim.doc_id, "")
            if any(claim.start < end and start < claim.end
                   for start, end in _occurrences(text, fragment)):
                return True
    return False


def matches(discrepancy: Discrepancy, item: dict[str, Any], texts: dict[str, str]) -> bool:
    return discrepancy.kind in item["kind"] and all(
        _covers(discrepancy.claims, texts, side) for side in item["sides"])


def score_ledger(discrepancies: list[Discrepancy], texts: dict[str, str], gold: dict[str, Any],
                 name: str = "") -> GoldScore:
    """Recall, false alarms and must-not violations of `discrepancies` against `gold`."""
    must = [g for g in gold["discrepancies"] if g["tier"] == "must"]
    result = GoldScore(name=name, genre=gold.get("genre", ""), split=gold.get("split", ""),
                       must=len(must))
    result.hit = [g["id"] for g in must if any(matches(d, g, texts) for d in discrepancies)]
    result.missed = [g["id"] for g in must if g["id"] not in result.hit]
    result.false_alarms = [d.summary for d in discrepancies
                           if not any(matches(d, g, texts) for g in gold["discrepancies"])]
    result.violations = [n["id"] for n in gold.get("must_not_flag", []) for d in discrepancies
                         if _covers(d.claims, texts, [n["a"]])
                         and _covers(d.claims, texts, [n["b"]])]
    return result


def load_gold(path: Path, root: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The gold file and its articles (paths resolved against `root`, the repository or the
    gold file's own folder). The old single-article form (`"article": PATH`) is accepted."""
    gold = json.loads(path.read_text("utf-8"))
    articles = gold.get("articles") or [{"path": gold["article"]}]
    out = []
    for article in articles:
        spec = article if isinstance(article, dict) else {"path": article}
        candidates = [root / spec["path"], path.parent / spec["path"],
                      path.parent.parent / "articles" / Path(spec["path"]).name]
        found = next((c for c in candidates if c.exists()), None)
        if found is None:
            raise FileNotFoundError(f"{path}: article {spec['path']} not found")
        out.append({**spec, "path": found})
    if "split" not in gold:
        gold["split"] = path.parent.parent.name if path.parent.name == "gold" else ""
    return gold, out


def gold_files(target: Path) -> list[Path]:
    return sorted(target.rglob("*.json")) if target.is_dir() else [target]


def score_gold_file(path: Path, root: Path, embed: Callable[[list[str]], np.ndarray],
                    build: Callable[[list[Document]], Any],
                    read: Callable[[Path, str | None, str | None], Document]) -> GoldScore:
    """Build the ledger of one gold file's articles (alone, as a reader would load them) and
    score it. `read(path, source, published)` makes a Document; `build(documents)` a Ledger."""
    import time

    gold, articles = load_gold(path, root)
    documents = [read(a["path"], a.get("source"), a.get("published")) for a in articles]
    started = time.perf_counter()
    ledger = build(documents)
    seconds = time.perf_counter() - started
    texts = {d.doc_id: d.text for d in documents}
    result = score_ledger(ledger.discrepancies, texts, gold, name=path.stem)
    result.seconds = seconds
    result.unsided = [d.summary for d in ledger.discrepancies
                      if d.kind == "contested" and len({c.id for c in d.claims}) < 2]
    return result


def summary_table(scores: list[GoldScore]) -> str:
    """Markdown: one row per gold file, then a total per split."""
    lines = ["| split | genre | gold file | must | hit | recall | false alarms | violations |",
             "|---|---|---|---|---|---|---|---|"]
    for s in sorted(scores, key=lambda s: (s.split, s.genre, s.name)):
        lines.append(f"| {s.split} | {s.genre} | {s.name} | {s.must} | {len(s.hit)} | "
                     f"{s.recall:.2f} | {len(s.false_alarms)} | {len(s.violations)} |")
    for split in sorted({s.split for s in scores}):
        mine = [s for s in scores if s.split == split]
        must = sum(s.must for s in mine)
        hit = sum(len(s.hit) for s in mine)
        lines.append(f"| **{split or 'all'}** | | **total** | {must} | {hit} | "
                     f"{hit / must if must else 1:.2f} | "
                     f"{sum(len(s.false_alarms) for s in mine)} | "
                     f"{sum(len(s.violations) for s in mine)} |")
    return "\n".join(lines)
