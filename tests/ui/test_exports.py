"""Ledger downloads: the page hands out the same files as `rag ledger --json/--format`."""
from __future__ import annotations

import json
from pathlib import Path

from rag.ledger import export
from rag.ledger.model import Ledger
from rag.ui.exports import write_exports

CLAIMS = [
    {"id": "k1", "doc_id": "doc", "source": "Russia", "cue": "said", "stance": "asserts",
     "text": "Turkish troops, \"fighting\"\nalongside rebels", "start": 1, "end": 40},
    {"id": "k2", "doc_id": "doc", "source": "Turkey", "cue": "denied", "stance": "denies",
     "text": "comments denied", "start": 50, "end": 65},
]
LEDGER = Ledger.from_dict({"claims": CLAIMS, "discrepancies": [
    {"id": "d1", "kind": "contested", "summary": "Russia vs Turkey", "confidence": 0.9,
     "relation": "denial", "claims": CLAIMS}]})


def test_three_files_match_the_cli_formats() -> None:
    paths = [Path(p) for p in write_exports(LEDGER)]
    assert [p.name for p in paths] == ["ledger.json", "ledger.csv", "ledger.md"]
    assert json.loads(paths[0].read_text("utf-8")) == LEDGER.to_dict()
    assert paths[1].read_text("utf-8") == export.to_csv(LEDGER)
    assert paths[2].read_text("utf-8") == export.to_markdown(LEDGER)


def test_files_are_written_once_per_ledger_version() -> None:
    first = write_exports(LEDGER)
    assert write_exports(LEDGER) == first
    changed = Ledger.from_dict({"claims": CLAIMS[:1], "discrepancies": []})
    assert Path(write_exports(changed)[0]).parent != Path(first[0]).parent
