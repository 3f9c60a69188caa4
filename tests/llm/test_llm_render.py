"""Rendering a Generation: markers renumbered in order of first use, only cited passages returned."""
from __future__ import annotations

from llm_replay import ARTICLE
from rag.llm.records import GeneratedSentence, Generation
from rag.llm.render import render_generation, with_markers


def kept(text: str, cited: list[int]) -> GeneratedSentence:
    return GeneratedSentence(text=text, cited=cited, supported=True, support_score=0.9, reason="")


def test_citations_are_renumbered_in_order_of_first_use(passages):
    generation = Generation(sentences=[
        kept("Al Jazeera could not confirm the toll.", [3]),
        kept("Russia says the troops fought with rebels, which Turkey denied.", [1, 2]),
        kept("Turkey's minister gave the toll.", [0, 3]),
    ], removed=[GeneratedSentence("Dropped.", [4], False, 0.1, "x")])
    text, citations = render_generation(generation, passages)
    assert text == ("Al Jazeera could not confirm the toll [1]. Russia says the troops fought with "
                    "rebels, which Turkey denied [2][3]. Turkey's minister gave the toll [4][1].")
    assert [c.n for c in citations] == [1, 2, 3, 4]
    assert [c.passage_id for c in citations] == [passages[i].passage_id for i in (3, 1, 2, 0)]
    assert all(ARTICLE[c.start:c.end] == c.text for c in citations)   # exact spans
    assert passages[4].passage_id not in {c.passage_id for c in citations}


def test_markers_after_quotes_and_without_punctuation():
    assert with_markers('He said "it is over."', [2]) == 'He said "it is over." [2]'
    assert with_markers("No full stop", [1, 3]) == "No full stop [1][3]"
    assert with_markers("Nothing cited.", []) == "Nothing cited."


def test_empty_generation():
    assert render_generation(Generation(abstained=True), []) == ("", [])
