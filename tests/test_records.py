"""The records' typed labels cover every value the code writes."""
from __future__ import annotations

import ast
from pathlib import Path
from typing import get_args

from rag.records import DiscrepancyKind, Relation

LEDGER = Path(__file__).resolve().parents[1] / "rag" / "ledger"


def labels_written() -> set[tuple[str, str]]:
    """(kind, relation) of every `.add("kind", "relation", ...)` call in the ledger's rules."""
    found = set()
    for path in LEDGER.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "add" and len(node.args) >= 2
                    and all(isinstance(a, ast.Constant) and isinstance(a.value, str)
                            for a in node.args[:2])):
                found.add((node.args[0].value, node.args[1].value))  # type: ignore[attr-defined]
    return found


def test_every_relation_and_kind_the_ledger_writes_is_typed() -> None:
    written = labels_written()
    assert written, "no discrepancy is written anywhere?"
    assert {kind for kind, _ in written} <= set(get_args(DiscrepancyKind))
    assert {relation for _, relation in written} <= set(get_args(Relation))
