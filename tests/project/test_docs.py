"""Docs that cannot drift: the README's configuration table against the code's defaults, the
contracts in docs/contracts.md against the records' keys, and no reference to missing files."""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest

from rag import config as config_module
from rag.config import ENVIRONMENT, PROJECT_ROOT, load_config
from rag.evaluation.dataset import REQUIRED_KEYS
from rag.evaluation.metrics import QuestionScores, summarize
from rag.ledger.model import Corroboration, Ledger
from rag.records import Answer, Citation, Claim, Discrepancy, Document, Flag, Quantity

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text("utf-8")
CONTRACTS = (ROOT / "docs" / "contracts.md").read_text("utf-8")


def readme_table() -> dict[str, str]:
    """{variable: default as written} from the README's configuration table."""
    section = README.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows: dict[str, str] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not cells[0].startswith("`RAG_"):
            continue
        names = re.findall(r"`(RAG_\w+)`", cells[0])
        defaults = [d.strip() for d in cells[1].split(",")] if "," in cells[1] else \
            [cells[1]] * len(names)
        assert len(defaults) == len(names), line
        rows.update(zip(names, defaults))
    return rows


def documented(written: str, value: object, config: config_module.Config) -> bool:
    """Does the README's default `written` describe `value`?"""
    text = written.strip("`")
    if value is False:   # a switch: off when unset or 0
        return written in ("unset", "`0`")
    if value is None or value == frozenset():
        return written in ("unset", "bundled MiniLM")
    if isinstance(value, Path):
        base = {"RAG_INDEX_DIR": config.index_dir}
        head, _, rest = text.partition("/")
        root = base.get(head, PROJECT_ROOT / head)
        return value == (root / rest if rest else root).resolve()
    if isinstance(value, bool | int | float):
        return float(text) == float(value)
    return text == value


@pytest.fixture
def default_config(monkeypatch: pytest.MonkeyPatch) -> config_module.Config:
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    return load_config()


def test_every_variable_is_read_mapped_and_documented() -> None:
    source = Path(config_module.__file__).read_text("utf-8")
    read = set(re.findall(r'_(?:env|int|float|number|flag)\("(RAG_\w+)"', source))
    assert read == set(ENVIRONMENT)
    assert set(readme_table()) == set(ENVIRONMENT)
    fields = {f.name for f in dataclasses.fields(config_module.Config)}
    assert set(ENVIRONMENT.values()) <= fields


def test_readme_defaults_are_the_code_defaults(default_config) -> None:
    table = readme_table()
    wrong = {name: (table[name], getattr(default_config, field))
             for name, field in ENVIRONMENT.items()
             if not documented(table[name], getattr(default_config, field), default_config)}
    assert not wrong, f"README defaults that are not the code's: {wrong}"


def keys(obj: Any) -> set[str]:
    return set(obj.to_dict()) if hasattr(obj, "to_dict") else set(obj)


def test_contracts_name_every_key() -> None:
    claim = Claim(id="c", doc_id="d", source="s", cue="said", text="t", start=0, end=1,
                  stance="asserts", quantities=(Quantity(1.0, "1", 0, 1, "x", "y"),))
    discrepancy = Discrepancy(id="x", kind="contested", summary="s", confidence=0.5,
                              claims=(claim,))
    citation = Citation(n=1, doc_id="d", passage_id="p", text="t", start=0, end=1)
    answer = Answer(question="q", answer="a", abstained=False, citations=[citation],
                    flags=[Flag("contested", "x", "s", (1,))])
    scores = QuestionScores(answerable=True, contested=False, abstained=False, flagged=False,
                            latency_ms=1.0)
    names = (keys(answer) | keys(citation) | keys(answer.flags[0]) | keys(claim)
             | set(claim.to_dict()["quantities"][0]) | keys(discrepancy)
             | keys(Corroboration("a", "s", 0.5, (claim,))) | keys(Ledger())
             | set(REQUIRED_KEYS) | {"forbidden"} | set(summarize([scores]))
             | set(summarize([scores])["counts"]) | keys(scores)
             | set(Document("d", "p", "sha", "text", "title", "src", None).metadata())
             | {"copy", "ingested_at", "line_kinds", "status"})
    missing = sorted(n for n in names if f"`{n}`" not in CONTRACTS)
    assert not missing, f"keys missing from docs/contracts.md: {missing}"


def text_files() -> list[Path]:
    found = [ROOT / "README.md", ROOT / "Makefile", ROOT / "pyproject.toml", ROOT / "app.py"]
    for folder in ("rag", "tests", "bench", "docs", "scripts", "eval", "prompts", ".ci"):
        found += [p for p in (ROOT / folder).rglob("*") if p.is_file()
                  and p.suffix in (".py", ".md", ".txt", ".toml", "") and "data" not in p.parts]
    return found


def test_nothing_refers_to_a_guide_or_files_outside_the_repository() -> None:
    outside = re.compile(r"GUIDE\.md|/work/|/home/|~/")
    offenders = [str(p.relative_to(ROOT)) for p in text_files()
                 if p != Path(__file__) and outside.search(p.read_text("utf-8", "replace"))]
    assert offenders == []


def test_markdown_links_resolve() -> None:
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md")),
                ROOT / "bench" / "README.md"]:
        for target in re.findall(r"\]\(([^)#\s]+)\)", doc.read_text("utf-8")):
            if "://" in target:
                continue
            assert (doc.parent / target).exists(), f"{doc.name} links to missing {target}"
