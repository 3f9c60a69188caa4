"""The ledger round-trips through JSON and renders as Markdown and CSV."""
from __future__ import annotations

import csv
import io

from rag.ledger.export import CSV_FIELDS, to_csv, to_markdown
from rag.ledger.model import Ledger


def test_round_trip(tmp_path, article_ledger) -> None:
    path = tmp_path / "ledger.json"
    article_ledger.save(path)
    loaded = Ledger.load(path)
    assert loaded.to_dict() == article_ledger.to_dict()
    some = {article_ledger.discrepancies[0].claims[0].passage_id}
    assert loaded.for_passages(some)


def test_markdown_and_csv(article_ledger) -> None:
    md = to_markdown(article_ledger)
    assert md.startswith("# Claim ledger") and "## Contested" in md and "950,0000" in md
    rows = list(csv.DictReader(io.StringIO(to_csv(article_ledger))))
    assert rows and set(rows[0]) == set(CSV_FIELDS)
    assert {r["kind"] for r in rows} >= {"contested", "unverified", "numeric", ""}
    assert len({r["claim_id"] for r in rows}) == len(article_ledger.claims)
