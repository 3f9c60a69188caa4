"""The one stop-word list (rag/lexicon/stopwords.json) and the two views of it."""
from __future__ import annotations

from rag.lexicon import load
from rag.llm import lexical
from rag.stopwords import COMMON, QUESTION_WORDS, SUPPORT_WORDS


def test_sections_and_views() -> None:
    assert {"the", "said", "according"} <= COMMON
    assert {"people", "toll", "article"} <= QUESTION_WORDS and "people" not in SUPPORT_WORDS
    assert {"passage", "reportedly"} <= SUPPORT_WORDS and "passage" not in QUESTION_WORDS
    assert lexical.STOPWORDS is SUPPORT_WORDS
    assert lexical.terms("The passage reportedly says 33 people died.").words == \
        frozenset({"peopl", "died"})


def test_the_lists_are_sorted_lower_case_and_disjoint() -> None:
    data = load("stopwords")
    lists = [data[k] for k in ("common", "question", "support")]
    for words in lists:
        assert words == sorted(words) and all(w == w.lower() for w in words)
    assert not (set(lists[0]) & set(lists[1]) or set(lists[0]) & set(lists[2])
                or set(lists[1]) & set(lists[2]))
