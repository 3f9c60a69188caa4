"""The composer's language checks, one behaviour each, on real spaCy and the bundled model."""
from __future__ import annotations

import pytest

from rag.compose import overview
from rag.compose.examples import dispute_question
from rag.compose.flags import side_name
from rag.compose.focus import question_focus, role_unnamed, value_missing
from rag.compose.phrasing import lower_first
from rag.compose.terms import Vocabulary
from rag.compose.words import WordSpace
from rag.records import Claim, Discrepancy, Stance


@pytest.fixture(scope="module")
def words() -> WordSpace:
    from rag.embedding import get_embedder

    texts = ["The company reported first-half revenue of 41 billion crowns.",
             "At its height, 64 firefighters and 14 engines were at the scene.",
             "Turnout was 63.2 percent, Halloran said.",
             "The fire chief, Alan Roderick, told reporters the blaze started at 9pm.",
             "Staff had warned managers at least three times, the union organiser said."]
    return WordSpace(Vocabulary(texts), get_embedder().embed)


@pytest.mark.parametrize("question, asks", [
    ("How much revenue did the company report?", "money"),
    ("How many firefighters were at the scene?", "count"),
    ("What share of voters turned out?", "percent"),
    ("How long did the fire burn?", "duration"),
    ("How much rain fell on the valley?", "measure"),
    ("When did the blaze start?", "when"),
])
def test_question_focus_reads_the_kind_of_value_asked_for(question: str, asks: str) -> None:
    assert question_focus(question).asks == asks


def test_money_question_is_answered_by_a_sum_not_refused_for_lack_of_a_count(words) -> None:
    # the example: "it gives no count of revenue" was wrong
    focus = question_focus("How much revenue did the company report?")
    text = ["The company reported first-half revenue of 41 billion crowns."]
    assert value_missing(focus, text, words) == ""
    assert value_missing(focus, ["64 firefighters were at the scene."], words) == "sum of money"


def test_count_matches_by_meaning_and_refuses_another_thing(words) -> None:
    text = ["At its height, 64 firefighters and 14 engines were at the scene."]
    assert value_missing(question_focus("How many fire crews were deployed?"), text, words) == ""
    missing = value_missing(question_focus("How many hospitals were destroyed?"), text, words)
    assert missing.startswith("count of hospital")


def test_name_question_needs_a_person_in_that_role(words) -> None:
    named = ["The fire chief, Alan Roderick, told reporters the blaze started at 9pm."]
    unnamed = ["Staff had warned managers at least three times, the union organiser said."]
    chief = question_focus("What is the name of the fire chief?")
    manager = question_focus("What is the name of the manager who was warned?")
    assert chief.role == "chief" and not role_unnamed(chief, named, words)
    assert manager.role == "manager" and role_unnamed(manager, unnamed, words)


@pytest.mark.parametrize("sentence, expected", [
    ("Shares in the company fell 7.8% on Tuesday.", "shares in the company fell 7.8% on Tuesday."),
    ("The blaze started at 9pm.", "the blaze started at 9pm."),
    ("Calloway Chemical Logistics operates the depot.", None),
    ("NATO called a meeting.", None),
])
def test_first_word_is_lowered_only_when_it_is_not_a_name(sentence: str, expected) -> None:
    assert lower_first(sentence) == expected


def claim(source: str, party: str, kind: str, stance: Stance = "asserts",
          text: str = "all fire-safety systems on the site were working") -> Claim:
    return Claim(id=source, doc_id="d", source=source, cue="said", text=text, start=0,
                 end=len(text), stance=stance, passage_id="d:1", party=party, side_kind=kind)


def test_flags_name_the_side_the_ledger_gives() -> None:
    assert side_name(claim("The company", "Calloway Chemical Logistics", "company")) == \
        "The company (Calloway Chemical Logistics)"
    assert side_name(claim("Keller", "Penrith", "defence")) == "Keller, for Penrith"
    assert side_name(claim("Judge Annika Vosberg", "court", "court")) == \
        "Judge Annika Vosberg (court)"
    assert side_name(claim("An official, who asked not to be named", "anonymous",
                           "anonymous")) == "An official"


def test_overview_questions_are_recognised() -> None:
    assert overview.is_overview("What is disputed in this article?")
    assert overview.is_overview("Where do the sources disagree?")
    assert not overview.is_overview("Who disputed the figures?")


def test_example_question_from_a_dispute_names_the_side_and_the_topic() -> None:
    company = claim("The company", "Calloway Chemical Logistics", "company")
    union = claim("Sharon Ekwueme", "General Warehouse Workers' Union", "union", "denies")
    question = dispute_question(Discrepancy(id="x", kind="contested", summary="", confidence=0.9,
                                            claims=(company, union), relation="denial"))
    assert question == "What does Calloway Chemical Logistics say about the fire-safety systems?"


def test_a_flag_keeps_the_reporting_verb_a_claim_s_words_need() -> None:
    # "put the number of strikers at 1,300" and "accused the port of ..." cannot follow "says"
    from rag.citations import CitationBook
    from rag.compose.flags import flag_sentence
    from rag.records import Passage

    def said(source: str, party: str, cue: str, text: str, pid: str) -> Claim:
        return Claim(id=pid, doc_id="d", source=source, cue=cue, text=text, start=0,
                     end=len(text), stance="asserts", passage_id=pid, party=party,
                     side_kind="company")

    port = said("The operator", "Harbour Line", "put", "the number of strikers at 1,300", "d:1")
    union = said("The union", "Dockers' Union", "accused",
                 "the operator of hiring agency staff", "d:2")
    plain = said("The mayor", "Town Council", "said", "talks would resume", "d:3")
    passages = {c.passage_id: Passage(passage_id=c.passage_id, doc_id="d", ordinal=i,
                                      paragraph=i, start=0, end=10, text=c.text,
                                      clean_text=c.text, paragraph_text=c.text)
                for i, c in enumerate((port, union, plain))}
    made = flag_sentence(Discrepancy(id="x", kind="contested", summary="", confidence=0.9,
                                     claims=(port, union, plain)),
                         CitationBook({"d": "Gazette"}), passages)
    assert made is not None
    text = made[0]
    assert "puts the number of strikers at 1,300 [1]" in text
    assert "accuses the operator of hiring agency staff [2]" in text
    assert "says talks would resume [3]" in text
    assert "says the number" not in text and "says the operator of" not in text


def test_a_cost_that_rises_or_a_borrowing_rate_is_answered_by_a_percentage(words) -> None:
    # found on an invented inflation story: "price inflation" asks no sum ("price" only
    # modifies it), and a rising cost or a borrowing cost is given as a percentage
    rose = ["Members' input costs had risen by 9% over the past twelve months."]
    assert question_focus("What was annual consumer price inflation in March?").asks != "money"
    risen = question_focus("By how much had members' input costs risen?")
    assert risen.asks == "money" and risen.relative
    assert value_missing(risen, rose, words) == ""
    rate = question_focus("What is the benchmark borrowing cost now?")
    assert value_missing(rate, ["The bank left its main rate unchanged at 3.75%."], words) == ""
    # a sum is still a sum: revenue is not answered by a percentage
    revenue = question_focus("How much revenue did the company report?")
    assert value_missing(revenue, ["Revenue grew 4% on the year."], words) == "sum of money"


def test_how_long_a_stretch_asks_a_length_and_a_hyphenated_measure_gives_one(words) -> None:
    focus = question_focus("How long a stretch of the river has been closed to fishing?")
    assert focus.asks == "measure"
    closed = ["The agency has closed a 22-kilometre stretch of the river to fishing."]
    assert value_missing(focus, closed, words) == ""
    assert question_focus("How long did the fire burn?").asks == "duration"


def test_months_and_weekdays_are_times_not_names() -> None:
    from rag.compose.terms import capitalised_terms

    assert capitalised_terms("What growth does Governor Varga forecast for December?") == \
        ["Governor", "Varga"]
    assert capitalised_terms("What did the mayor say on Friday?") == []
