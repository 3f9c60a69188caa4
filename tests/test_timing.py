"""Phase timing hooks: ingest and the ledger build report their phases to a listener."""
from __future__ import annotations

from pathlib import Path

import pytest

from rag.timing import PhaseTimes, on_phase, phase
from tests.conftest import copy_article


def test_listeners_hear_phases_inside_their_block_only() -> None:
    heard: list[str] = []
    with phase("before"):
        pass
    with on_phase(lambda name, seconds: heard.append(name)):
        with phase("a"):
            pass
        with pytest.raises(ValueError), phase("b"):
            raise ValueError("still reported")
    with phase("after"):
        pass
    assert heard == ["a", "b"]


@pytest.mark.slow
def test_ingest_reports_its_phases_and_the_ledger_build(fresh_engine, tmp_path: Path) -> None:
    times = PhaseTimes()
    with on_phase(times):
        fresh_engine.ingest([copy_article(tmp_path / "in")])
    expected = {"ingest: parse files", "ingest: embed passages", "ingest: chroma add",
                "ingest: manifest switch", "ingest: ledger", "ledger: parse",
                "ledger: embed claims", "ledger: rule denials", "ledger: save"}
    assert expected <= set(times.seconds)
    assert all(s >= 0 for s in times.seconds.values())
    assert times.calls["ingest: embed passages"] == 1
