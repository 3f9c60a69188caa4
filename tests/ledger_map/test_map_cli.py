"""`rag ledger --format map-json|svg`, `--map FILE.svg`, `--timeline FILE.svg`: the same map as
the app's /ledger_map, files written, one-line errors before anything is written."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from rag.ledger_map.graph import build_map
from tests.test_cli import run_rag

pytestmark = pytest.mark.slow


def test_map_json_is_the_graph_of_the_ledger(shared_index: Path, engine) -> None:
    result = run_rag("ledger", "--format", "map-json", index=shared_index)
    assert result.returncode == 0, result.stderr
    expected = json.loads(json.dumps(build_map(engine.ledger().to_dict(), engine.documents()),
                                     ensure_ascii=False))
    assert json.loads(result.stdout) == expected


@pytest.mark.skipif(shutil.which("dot") is None, reason="Debian graphviz is missing")
def test_map_svg_file_and_errors(shared_index: Path, engine, tmp_path: Path) -> None:
    out = tmp_path / "map.svg"
    result = run_rag("ledger", "--map", str(out), index=shared_index)
    assert result.returncode == 0, result.stderr
    svg = out.read_text("utf-8")
    assert svg.startswith("<?xml") and "<svg" in svg
    for d in engine.ledger().discrepancies:
        assert "#rag-map:" in svg and (f"edge:{d.id}" in svg or f"badge:{d.id}" in svg)
    stdout = run_rag("ledger", "--format", "svg", "--map-kind", "disputes", index=shared_index)
    assert stdout.returncode == 0 and "could not confirm" not in stdout.stdout
    for args, message in [(("--map", str(tmp_path / "no" / "m.svg")), "does not exist"),
                          (("--map", str(tmp_path / "m.png")), "must name a .svg file"),
                          (("--format", "svg", "--map-kind", "feud"), "unknown map kind"),
                          (("--format", "svg", "--map-page", "9"), "past the last page"),
                          (("--timeline", str(tmp_path / "t.svg")), "no figure is given")]:
        bad = run_rag("ledger", *args, index=shared_index)
        assert bad.returncode == 2 and message in bad.stderr, (args, bad.stderr)
        errors = [ln for ln in bad.stderr.splitlines() if ln.startswith("error:")]
        assert len(errors) == 1 and message in errors[0]   # (model loading may log before)
    assert not (tmp_path / "m.png").exists() and not (tmp_path / "t.svg").exists()
