"""Which state a word names: a country, an alias ("Britain"), a demonym ("Turkish") or a seat of
power used for its government ("the Kremlin"). Data: `rag/lexicon/countries.json`."""
from __future__ import annotations

import re
from functools import cache

from rag.lexicon import load


def _key(word: str) -> str:
    key = word.lower().strip().replace("’", "'")
    key = re.sub(r"'s$", "", key)
    return re.sub(r"^the\s+", "", key)


@cache
def _table() -> tuple[dict[str, str], dict[str, str]]:
    """(names, aliases and demonyms -> state; seats of power -> state)."""
    names: dict[str, str] = {}
    seats: dict[str, str] = {}
    for entry in load("countries")["countries"]:
        for word in [entry["name"], *entry.get("aliases", []), *entry.get("demonyms", [])]:
            names[_key(word)] = entry["name"]
        for word in entry.get("metonyms", []):
            seats[_key(word)] = entry["name"]
    return names, seats


def state_of(word: str, seats: bool = True) -> str:
    """The state `word` names, or ''. `seats=False` ignores capitals and seats of power, for
    words that qualify a count ('Turkish soldiers') rather than name a speaker."""
    names, metonyms = _table()
    key = _key(word)
    return names.get(key) or (metonyms.get(key, "") if seats else "")


@cache
def seat_pattern() -> re.Pattern[str]:
    """Any multi-word seat of power or capital ('White House', 'Downing Street')."""
    _, metonyms = _table()
    keys = sorted(metonyms, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(k) for k in keys) + r")\b", re.IGNORECASE)


def seat_in(text: str) -> str:
    match = seat_pattern().search(text)
    return _table()[1][_key(match.group(1))] if match else ""
