"""The `rag` command line: documented, contract-shaped JSON, one-line errors."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rag.cli import COMMANDS, build_parser
from tests.conftest import ROOT


def run_rag(*args: str, index: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "RAG_INDEX_DIR": str(index), "HF_HUB_OFFLINE": "1"}
    return subprocess.run([sys.executable, "-m", "rag", *args], cwd=ROOT, env=env, input=stdin,
                          capture_output=True, text=True, timeout=600)


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    for name in COMMANDS:
        assert f"### `rag {name}`" in readme, name
    assert "make run" in readme and "make test" in readme


def test_parser_knows_every_command() -> None:
    parser = build_parser()
    for name in COMMANDS:
        assert parser.parse_args([name, *(["x"] if name in ("ingest", "ask") else []),
                                  *(["--dataset", "d"] if name == "eval" else [])]).command == name


@pytest.mark.slow
def test_ask_json_follows_the_contract(shared_index: Path, engine, article_text: str) -> None:
    result = run_rag("ask", "How many Turkish soldiers were killed in the air strike?", "--json",
                     index=shared_index)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""   # no progress bar, no warning: stdout is the whole output
    data = json.loads(result.stdout)
    assert {"question", "answer", "abstained", "citations", "flags", "latency_ms"} <= set(data)
    assert "33" in data["answer"] and data["abstained"] is False
    for c in data["citations"]:
        assert {"n", "doc_id", "passage_id", "text", "start", "end"} <= set(c)
        assert article_text[c["start"]:c["end"]] == c["text"]
        assert f"[{c['n']}]" in data["answer"]


@pytest.mark.slow
def test_ingest_json_and_errors(tmp_path: Path) -> None:
    index = tmp_path / "index"
    missing = run_rag("ingest", str(tmp_path / "nope.txt"), "--json", index=index)
    assert missing.returncode == 2
    assert missing.stderr.strip().count("\n") == 0 and "no such file" in missing.stderr
    bad_date = run_rag("ingest", str(ROOT / "data" / "articles"), "--published", "28/02/2020",
                       index=index)
    assert bad_date.returncode == 2 and "YYYY-MM-DD" in bad_date.stderr
    ok = run_rag("ingest", str(ROOT / "data" / "articles"), "--json", "--source", "Al Jazeera",
                 index=index)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["documents"][0]["status"] == "added"
    again = run_rag("ingest", str(ROOT / "data" / "articles"), "--json", index=index)
    assert json.loads(again.stdout)["documents"][0]["status"] == "unchanged"


def test_empty_and_huge_questions_fail_fast(tmp_path: Path) -> None:
    empty = run_rag("ask", "  ", index=tmp_path / "index")
    assert empty.returncode == 2 and "empty" in empty.stderr
    huge = run_rag("ask", "-", index=tmp_path / "index", stdin="why " * 250_000)
    assert huge.returncode == 2 and "limit" in huge.stderr
    assert not (tmp_path / "index" / "manifest.json").exists()


@pytest.mark.slow
def test_ledger_json_shape(shared_index: Path, engine) -> None:
    result = run_rag("ledger", "--json", index=shared_index)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= {"claims", "discrepancies"}
    for claim in data["claims"]:
        assert {"id", "doc_id", "source", "cue", "text", "start", "end", "stance"} <= set(claim)
        assert claim["stance"] in ("asserts", "denies", "unconfirmed")
    for d in data["discrepancies"]:
        assert {"id", "kind", "summary", "confidence", "claims"} <= set(d)
        assert d["kind"] in ("contested", "unverified", "numeric")
