"""Answer matching: case, spacing, quotes, number spelling and citation markers do not matter."""
from __future__ import annotations

import pytest

from rag.evaluation.normalize import contains_answer, normalize


@pytest.mark.parametrize("answer, accepted", [
    ("At least 33 Turkish soldiers were killed [1].", "33"),
    ("At least Thirty-Three soldiers", "33"),
    ("33 soldiers", "thirty-three"),
    ("HULUSI   AKAR said", "hulusi akar"),
    ("President\xa0Recep Tayyip Erdogan", "Recep Tayyip Erdogan"),
    ("Robert O’Brien", "Robert O'Brien"),
    ("more than 3,600,000 refugees", "3.6 million"),
    ("nearly one million people", "1 million"),
    ("a two-hour emergency meeting", "two hours"[:-1]),   # "two hour"
    ("Some 950,0000 civilians", "950,0000"),
    ("a SA-17 system", "sa 17"),
])
def test_accepted_strings_match(answer: str, accepted: str) -> None:
    assert contains_answer(answer, accepted)


@pytest.mark.parametrize("answer, accepted", [
    ("133 civilians", "33"),           # part of a larger number
    ("since 2013", "13"),
    ("more than 3.6 million", "3"),    # part of a decimal
    ("see [2] for details", "2"),      # a citation marker is not an answer
    ("Some 950,0000 civilians", "950,000"),   # the malformed figure is not silently repaired
    ("under fire", "un"),              # whole words only
    ("", "33"),
])
def test_near_misses_do_not_match(answer: str, accepted: str) -> None:
    assert not contains_answer(answer, accepted)


def test_normalize_is_idempotent() -> None:
    text = "At least Thirty-three soldiers, “309 regime troops” [1, 2]"
    assert normalize(normalize(text)) == normalize(text)
