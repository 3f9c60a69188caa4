"""Every abstention reason the composer can produce has a name (rag.compose.reasons)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from rag.compose.reasons import Abstention

ROOT = Path(__file__).resolve().parents[2]


def leading_text(node: ast.expr) -> str | None:
    """The constant opening of a string expression: "a" + x, f"a {x}", "a"."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values:
        return leading_text(node.values[0])
    if isinstance(node, ast.BinOp):
        return leading_text(node.left)
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
            and node.value.id == "Abstention":
        return Abstention[node.attr].value
    return None


def reasons_written_in(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) \
                == "Verdict" and len(node.args) >= 2:
            first, reason = node.args[0], node.args[1]
            if isinstance(first, ast.Constant) and first.value is False:
                text = leading_text(reason.value if isinstance(reason, ast.Attribute)
                                    and reason.attr == "value" else reason)
                assert text is not None, ast.unparse(reason)
                found.append(text)
    return found


@pytest.mark.parametrize("module", ["rag/compose/answerability.py", "rag/answer.py"])
def test_every_reason_written_has_a_name(module: str) -> None:
    reasons = reasons_written_in(ROOT / module)
    assert reasons
    assert [r for r in reasons if Abstention.of(r) is None] == []


def test_reasons_are_named_by_their_opening_words() -> None:
    assert Abstention.of("names not in the article: China") is Abstention.UNKNOWN_NAMES
    assert Abstention.of("the article gives no count of hospitals") is Abstention.NO_VALUE
    assert Abstention.of("no sentence stands out (similarity 0.21)") is \
        Abstention.NOTHING_STANDS_OUT
    assert Abstention.of("something new") is None
