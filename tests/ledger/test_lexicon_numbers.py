"""The language data and the one number parser: loaded once, shared by every layer."""
from __future__ import annotations

from rag.ledger.countries import state_of
from rag.lexicon import load
from rag.numbers import parse_number, word_value


def test_number_words_and_scales() -> None:
    assert parse_number("thirty-three") == (33.0, True)
    assert parse_number("3.6 million") == (3_600_000.0, True)
    assert parse_number("one hundred and twenty") == (120.0, True)
    assert parse_number("4.2bn") == (4_200_000_000.0, True)
    assert parse_number("950,0000") == (None, False)
    assert word_value("twenty-two") == 22.0 and word_value("pallets") is None


def test_states_demonyms_and_seats() -> None:
    assert state_of("Turkish") == "Turkey" and state_of("the Kremlin") == "Russia"
    assert state_of("North Korean") == "North Korea" and state_of("South Korean") == "South Korea"
    assert state_of("Korean") == ""        # ambiguous: neither Korea
    assert state_of("Kremlin", seats=False) == ""


def test_every_lexicon_file_parses() -> None:
    for name in ("reporting", "anonymity", "numbers", "quantities", "sides", "polarity",
                 "countries"):
        assert load(name)
