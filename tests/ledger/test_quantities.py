"""Numbers: words, approximations, malformed digit groups, and value conflicts."""
from __future__ import annotations

import pytest

from rag.ledger.quantities import parse_number, scope_of, values_conflict
from rag.records import Quantity


@pytest.mark.parametrize("raw,value", [
    ("33", 33), ("3.6 million", 3_600_000), ("one million", 1_000_000), ("309", 309),
    ("hundreds of thousands", 200_000), ("thousands", 2_000), ("five", 5),
    ("twenty-three", 23), ("1,250", 1250), ("two hundred", 200),
])
def test_parse_number(raw: str, value: float) -> None:
    assert parse_number(raw) == (value, True)


@pytest.mark.parametrize("raw", ["950,0000", "12,34", "1,00,000,0"])
def test_malformed_numbers(raw: str) -> None:
    assert parse_number(raw) == (None, False)


def _q(raw: str, value: float, approximate: bool = False) -> Quantity:
    return Quantity(value=value, raw=raw, start=0, end=1, counts="people killed",
                    scope="event:strike", approximate=approximate)


def test_values_conflict_respects_bounds() -> None:
    assert values_conflict(_q("12", 12), _q("15", 15))
    # "more than 12" only bounds the count; "at least 12 died" is the speaker's own count so
    # far, which another source's fifteen contradicts (but "about 12" does not)
    assert not values_conflict(_q("more than 12", 12, True), _q("15", 15))
    assert values_conflict(_q("at least 12", 12, True), _q("15", 15))
    assert not values_conflict(_q("at least 30", 30, True), _q("about 30", 30, True))
    assert not values_conflict(_q("nearly 300", 300, True), _q("280", 280))
    assert values_conflict(_q("nearly 300", 300, True), _q("320", 320))


@pytest.mark.parametrize("sentence,scope", [
    ("At least 33 soldiers were killed in an air strike", "event:strike"),
    ("54 soldiers killed since the beginning of February", "since:february"),
    ("134 civilians killed in February", "month:february"),
    ("11 people killed when an air strike hit a school on Tuesday", "event:strike@tuesday"),
    ("950 civilians have fled this year", "period:this_year"),
    ("3.6 million refugees live in Turkey", "unspecified"),
])
def test_scope(sentence: str, scope: str) -> None:
    assert scope_of(sentence) == scope


def test_a_rate_or_a_length_is_no_period_but_a_year_ago_is() -> None:
    from rag.ledger.quantities import scope_of

    assert scope_of("The closures would save £1.2 million a year, the mayor said.") == "unspecified"
    assert scope_of("The road will stay shut for at least a week.") == "unspecified"
    assert scope_of("Sales were 3% lower a year ago.") == "period:last_year"
    assert scope_of("It raised €4 million last year.") == "period:last_year"
