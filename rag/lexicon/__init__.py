"""Language data the rules read: reporting and denial verbs, anonymity phrases, number words,
counted things, side keywords, polarity and the world's states.

The data lives in JSON files beside this module, not in code, so a rule never carries one
story's vocabulary and the lists can grow without touching the rules. Each file is read once.
"""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

_FOLDER = Path(__file__).resolve().parent


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed contents of `<name>.json` in this folder."""
    return json.loads((_FOLDER / f"{name}.json").read_text("utf-8"))


def words(name: str, key: str) -> frozenset[str]:
    """A word list of one file as a frozen set of lower-case strings."""
    return frozenset(w.lower() for w in load(name)[key])


def mapping(name: str, key: str) -> dict[str, str]:
    """A word -> class mapping of one file, keys lower-cased."""
    return {k.lower(): v for k, v in load(name)[key].items()}


def classes(name: str, key: str) -> dict[str, str]:
    """`{"class": ["member", ...]}` inverted to member -> class (members lower-cased)."""
    return {member.lower(): cls for cls, members in load(name)[key].items() for member in members}
