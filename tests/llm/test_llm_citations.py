"""Splitting model output into sentences and reading their [n] citations."""
from __future__ import annotations

import pytest

from rag.llm.citations import ParsedSentence, citation_numbers, split_sentences, strip_citations


@pytest.mark.parametrize("sentence, numbers", [
    ("Turkey says so [1].", [1]),
    ("Turkey says so [1, 3].", [1, 3]),
    ("Turkey says so [1][3].", [1, 3]),
    ("Turkey says so [2; 1] and again [2].", [2, 1]),
    ("Turkey says so [2-4].", [2, 3, 4]),
    ("Turkey says so [ 12 ].", [12]),
    ("No citation here.", []),
    ("Not a citation [a] or [].", []),
])
def test_citation_numbers(sentence, numbers):
    assert citation_numbers(sentence) == numbers


def test_strip_citations_leaves_clean_prose():
    assert strip_citations("Turkey denied it [3], Russia says [2] .") == "Turkey denied it, Russia says."


def test_split_keeps_citations_with_their_sentence():
    raw = ("According to Turkey, 33 soldiers died [1]. Russia says the troops were with rebels [2][3]. "
           "Al Jazeera could not confirm it. [4]\nGen. Akar said Mr. Assad's forces fired first [1, 5].")
    assert split_sentences(raw) == [
        ParsedSentence("According to Turkey, 33 soldiers died.", [1]),
        ParsedSentence("Russia says the troops were with rebels.", [2, 3]),
        ParsedSentence("Al Jazeera could not confirm it.", [4]),
        ParsedSentence("Gen. Akar said Mr. Assad's forces fired first.", [1, 5]),
    ]


def test_split_handles_quotes_decimals_lists_and_stray_markers():
    raw = ('- He said "it is over." [2]\n- Then 3.5 million fled [1;2].\n[4]\n'
           "**A last claim without a citation**")
    assert split_sentences(raw) == [
        ParsedSentence('He said "it is over."', [2]),
        ParsedSentence("Then 3.5 million fled.", [1, 2, 4]),
        ParsedSentence("A last claim without a citation", []),
    ]


def test_empty_output():
    assert split_sentences("") == [] and split_sentences("  \n [1] ") == []
