"""Citation markers: reading them ([n], [n, m], [n; m], [n-m]), writing them, numbering, and
splitting an answer into sentences with the markers that belong to each."""
from __future__ import annotations

import pytest

from rag.citations import (
    CitationBook,
    CitedSentence,
    markers,
    numbers_in,
    sentence_chunks,
    split_cited,
    strip_markers,
    with_markers,
)
from rag.llm.answerer import split_output
from rag.records import Passage


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
def test_numbers_in(sentence, numbers):
    assert numbers_in(sentence) == numbers


def test_strip_markers_leaves_clean_prose():
    assert strip_markers("Turkey denied it [3], Russia says [2] .") == \
        "Turkey denied it, Russia says."


def test_markers_are_written_before_the_final_stop_or_after_a_closing_quote():
    assert markers([2, 1, 2]) == "[2][1]"
    assert with_markers("Turkey denied it.", "[3]") == "Turkey denied it [3]."
    assert with_markers("He said “it is over.”", "[2]") == "He said “it is over.” [2]"
    assert with_markers("No full stop", "[1][3]") == "No full stop [1][3]"


def test_citation_book_numbers_in_order_of_first_use():
    def passage(i: int) -> Passage:
        return Passage(f"d:{i}", "d", i, 0, 10 * i, 10 * i + 5, "text", "text", "text")

    book = CitationBook({"d": "Outlet"})
    assert [book.cite(passage(i)) for i in (4, 2, 4, 7)] == [1, 2, 1, 3]
    assert [(c.n, c.passage_id, c.source) for c in book.citations] == [
        (1, "d:4", "Outlet"), (2, "d:2", "Outlet"), (3, "d:7", "Outlet")]


def test_split_keeps_citations_with_their_sentence():
    raw = ("According to Turkey, 33 soldiers died [1]. Russia says the troops were with rebels "
           "[2][3]. Al Jazeera could not confirm it. [4]\n"
           "Gen. Akar said Mr. Assad's forces fired first [1, 5].")
    assert split_cited(raw) == [
        CitedSentence("According to Turkey, 33 soldiers died.", [1]),
        CitedSentence("Russia says the troops were with rebels.", [2, 3]),
        CitedSentence("Al Jazeera could not confirm it.", [4]),
        CitedSentence("Gen. Akar said Mr. Assad's forces fired first.", [1, 5]),
    ]
    assert split_cited("A happened [1]. B happened. [2][3] C [1, 4].\nD") == [
        CitedSentence("A happened.", [1]), CitedSentence("B happened.", [2, 3]),
        CitedSentence("C.", [1, 4]), CitedSentence("D", [])]


def test_model_output_with_quotes_decimals_lists_and_stray_markers():
    raw = ('- He said "it is over." [2]\n- Then 3.5 million fled [1;2].\n[4]\n'
           "**A last claim without a citation**")
    assert split_output(raw) == [
        CitedSentence('He said "it is over."', [2]),
        CitedSentence("Then 3.5 million fled.", [1, 2, 4]),
        CitedSentence("A last claim without a citation", []),
    ]


def test_empty_output():
    assert split_cited("") == [] and split_cited("  \n [1] ") == []


def test_sentence_chunks_join_back_to_the_text():
    text = ("Al Jazeera reports that 33 soldiers died [1]. Akar said: “We will respond.” [2] "
            "This is contested: Russia says so [3]; Turkey denies this [1].")
    chunks = sentence_chunks(text)
    assert "".join(chunks) == text
    assert [c.strip() for c in chunks] == [
        "Al Jazeera reports that 33 soldiers died [1].", "Akar said: “We will respond.” [2]",
        "This is contested: Russia says so [3]; Turkey denies this [1]."]
    assert sentence_chunks("") == []
