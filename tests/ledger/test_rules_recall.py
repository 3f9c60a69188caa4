"""Constructions of news writing the ledger reads, each on an invented story of another kind than
the article that showed the gap: a hospital, a school, a storm live blog, a sports hearing, a
festival, a mountain rescue, a company director (real spaCy parses, the bundled MiniLM)."""
from __future__ import annotations

import pytest
from ledger_helpers import claim_with, flagged, make_doc

from rag.ledger.build import build_ledger
from rag.ledger.polarity import clauses
from rag.nlp import get_nlp

HOSPITAL = [
    "Relatives accused St Olave's Hospital of losing the patient's records.",
    "The hospital denied losing any records.",
    "The nurses' union said the children's ward had been short of nurses for weeks.",
    "The hospital did not dispute that the children's ward had been short of nurses, but said "
    "agency cover had been arranged.",
    "The hospital put the number of cancelled operations at 40 and said most patients had been "
    "given new dates.",
    "According to the fire service, 300 of the hospital's roughly 900 patients were evacuated "
    "during the night.",
    "The hospital said 120 patients had been evacuated.",
]


@pytest.fixture(scope="module")
def hospital(tmp_path_factory, embed):
    doc = make_doc(tmp_path_factory.mktemp("hospital"), "hospital.txt", HOSPITAL,
                   outlet="City Post")
    return build_ledger([doc], embed=embed)


def test_a_denial_with_a_gerund_answers_the_accusation(hospital) -> None:
    # motivated by a doping story ("The agency denied leaking the result")
    assert claim_with(hospital, "losing any records").stance == "denies"
    assert flagged(hospital, "contested", "of losing the patient's records", "losing any records")


def test_a_denial_verb_under_negation_concedes(hospital) -> None:
    # motivated by a court story ("Keller did not dispute that ...")
    conceded = [c for c in hospital.claims if c.source == "The hospital"
                and "short of nurses" in c.text]
    assert conceded and all(c.stance == "asserts" for c in conceded)
    assert not [d for d in hospital.discrepancies
                if any(c in d.claims for c in conceded) and d.kind == "contested"]


def test_a_reporting_verb_joined_to_a_figure_statement_is_a_claim_of_its_own(hospital) -> None:
    # motivated by a strike story ("put the number of strikers at 1,300 and said ...")
    figure = claim_with(hospital, "number of cancelled operations at 40")
    assert "new dates" not in figure.text
    assert claim_with(hospital, "most patients had been given new dates").cue == "said"


def test_the_whole_of_a_part_is_not_counted_as_the_part(hospital) -> None:
    # motivated by a strike story ("2,150 of the terminal's roughly 2,400 dock staff")
    found = flagged(hospital, "numeric", "300 of the hospital", "120 patients")
    assert found and found[0].relation == "conflicting_figures"
    whole = claim_with(hospital, "300 of the hospital")
    counts = {q.raw: q.counts for q in whole.quantities}
    assert counts["300"].endswith("evacuated")
    assert not counts["roughly 900"].endswith("evacuated")


SCHOOL = [
    "The city council said it had set aside €12 million for school repairs.",
    "“There is €8 million for repairs, not €12 million,” said Ana Ruiz, head of the parents' "
    "association.",
    "The teachers' union said 40 classrooms were unusable.",
    "The city council said the union's figure was exaggerated.",
    "The schools inspectorate rejected a council request to delay the inspection, ruling that "
    "the notice had been properly served.",
    "The council had argued that the notice arrived too late.",
]


@pytest.fixture(scope="module")
def school(tmp_path_factory, embed):
    doc = make_doc(tmp_path_factory.mktemp("school"), "school.txt", SCHOOL,
                   outlet="Evening Gazette")
    return build_ledger([doc], embed=embed)


def test_a_figure_named_only_to_be_rejected_answers_whoever_gave_it(school) -> None:
    # motivated by a strike story ("There is 3% on the table, not 4%")
    found = flagged(school, "contested", "set aside €12 million", "not €12 million")
    assert found and found[0].relation == "correction"


def test_calling_another_side_s_figure_wrong_denies_it(school) -> None:
    # motivated by a court story ("the prosecution's figure was wildly inflated")
    found = flagged(school, "contested", "40 classrooms", "union's figure was exaggerated")
    assert found and found[0].relation == "denial"


def test_a_ruling_on_a_side_s_request_answers_what_that_side_argued(school) -> None:
    # motivated by a court story ("rejected a defence request ... Keller had argued ...")
    assert flagged(school, "contested", "notice arrived too late", "a council request")


STORM = [
    "09:30 - The coastguard said three fishing boats were missing.",
    "10:15 - Video shared online appeared to show the roof of the harbour office being torn "
    "away.",
    "We have not been able to verify when it was filmed.",
]


def test_live_blog_time_stamps_and_unverified_footage(tmp_path, embed) -> None:
    # motivated by a protest live blog
    doc = make_doc(tmp_path, "storm.txt", STORM, outlet="Coast Radio")
    ledger = build_ledger([doc], embed=embed)
    assert claim_with(ledger, "three fishing boats").source == "The coastguard"
    found = flagged(ledger, "unverified", "roof of the harbour office",
                    "not been able to verify")
    assert found and found[0].relation == "not_confirmed"


def test_a_plea_answers_the_accusation(tmp_path, embed) -> None:
    # motivated by a fraud trial; here a sports disciplinary case
    doc = make_doc(tmp_path, "hearing.txt", [
        "The league accused the striker Dario Venn of placing bets on his own team's matches.",
        "Venn has pleaded not guilty to the betting charges.",
    ], outlet="Sports Desk")
    ledger = build_ledger([doc], embed=embed)
    assert flagged(ledger, "contested", "placing bets", "not guilty")


def test_crowd_counts_at_least_counts_and_lengths(tmp_path, embed) -> None:
    # motivated by a protest (crowd), a flood (at least 12 / fifteen) and a doping ban
    doc = make_doc(tmp_path, "mixed.txt", [
        "The organisers of the folk festival said 30,000 people had taken part.",
        "The city council put the attendance at 12,000.",
        "At least four hikers died in the avalanche, the mountain rescue service said.",
        "Six hikers had died in the avalanche, according to the regional hospital.",
        "The markets regulator said the director had been banned for five years.",
        "The director's lawyer said his client had been disqualified for three years and "
        "expected the ban to be lifted within six months.",
    ], outlet="Valley News")
    ledger = build_ledger([doc], embed=embed)
    assert flagged(ledger, "numeric", "30,000 people", "attendance at 12,000")
    assert flagged(ledger, "numeric", "At least four hikers", "Six hikers")
    found = flagged(ledger, "numeric", "banned for five years", "disqualified for three years")
    assert found and "length" in found[0].summary
    lawyer = claim_with(ledger, "disqualified for three years")
    assert [q.raw for q in lawyer.quantities] == ["three years"]


def test_a_negated_quantifier_negates_its_clause() -> None:
    # motivated by a strike story ("Not a single box has moved ...")
    sent = get_nlp()("Not a single train ran on Monday.")
    assert any(c.predicate == "run" and c.negated for c in clauses(list(sent)))


def test_a_figure_since_the_first_cases_counts_the_whole_event(tmp_path, embed) -> None:
    # motivated by a water outbreak; here a gas leak at a factory
    doc = make_doc(tmp_path, "leak.txt", [
        "The council says the gas came from the Orlin plant, but the company that runs it "
        "insists its air was safe.",
        "Orlin Chemicals said 14 workers had been admitted to hospital since the first alarms "
        "sounded.",
        "The Orlin Workers' Committee, which says it has spoken to more than 100 staff, put the "
        "number of workers admitted to hospital at 30.",
    ], outlet="Delta Times")
    ledger = build_ledger([doc], embed=embed)
    assert claim_with(ledger, "its air was safe").source == "the company"
    committee = claim_with(ledger, "number of workers admitted to hospital at 30")
    assert "Committee" in committee.source
    found = flagged(ledger, "numeric", "14 workers", "at 30")
    assert found and found[0].relation == "conflicting_figures"


def test_a_summary_paragraph_does_not_repeat_the_body_s_finding(tmp_path, embed) -> None:
    # motivated by a flood report and a doping report, whose opening summaries restate the
    # body's dispute; here a bridge closure. "The bridge operator" is the company described
    # as operating the bridge.
    summary_line = ("The bridge operator has rejected the council's claim that it gave no "
                    "notice of the closure.")
    path_paragraphs = [
        "The Kelby toll bridge was closed to traffic on Monday morning.",
        "Council leader Maria Stone said the council had received no notice of the closure.",
        "Arden Crossings, which operates the bridge, rejected the council's account that no "
        "notice had been given.",
        "Stone repeated on Tuesday that the council had received no notice.",
    ]
    doc = make_doc(tmp_path, "bridge.txt", path_paragraphs, outlet="Kelby Echo",
                   standfirst=summary_line)
    ledger = build_ledger([doc], embed=embed)
    assert claim_with(ledger, "claim that it gave no notice").party == "Arden Crossings"
    body = flagged(ledger, "contested", "account that no notice")
    summary = flagged(ledger, "contested", "claim that it gave no notice")
    assert body and not summary


def test_a_negation_of_the_manner_or_of_other_people_is_no_contradiction(tmp_path, embed) -> None:
    # motivated by a fire ("no sign it had been started deliberately") and a doping case
    # ("none of them had tested positive"); here a break-in and a clinic
    doc = make_doc(tmp_path, "night.txt", [
        "The alarm at the Corver pharmacy was triggered shortly after 2am, the security firm "
        "Halden Guard said.",
        "Police said there was no sign the alarm had been triggered deliberately.",
        "The Westfield clinic said its receptionist Tom Baker had tested positive for measles.",
        "The health board said 20 other staff had been tested and none of them had tested "
        "positive.",
    ], outlet="Corver Courier")
    ledger = build_ledger([doc], embed=embed)
    assert not flagged(ledger, "contested", "was triggered shortly", "triggered deliberately")
    assert not flagged(ledger, "contested", "Tom Baker had tested positive", "none of them")


def test_kept_out_and_full_access_cannot_both_hold(tmp_path, embed) -> None:
    # motivated by an election (observers kept out of polling stations); here a hearing
    doc = make_doc(tmp_path, "hearing.txt", [
        "The Press Association of Marlow said reporters had been kept out of the courtroom "
        "during the hearing.",
        "The county court said every accredited reporter had full access to the courtroom "
        "throughout the hearing.",
    ], outlet="Marlow Mercury")
    ledger = build_ledger([doc], embed=embed)
    found = flagged(ledger, "contested", "kept out of the courtroom", "full access")
    assert found and found[0].relation == "contradiction"


def test_two_dates_for_when_someone_first_learned_cannot_both_hold(tmp_path, embed) -> None:
    # motivated by a car recall (first told in March / learned that November); here a bank
    doc = make_doc(tmp_path, "bank.txt", [
        "According to the data protection authority, Fenwick Bank was first told about the "
        "breach in May 2030.",
        "The bank said it learned of the breach that August, when a customer complained.",
        "The bank said it had informed customers on 3 September.",
        "The authority said the bank had informed customers on 3 September.",
    ], outlet="Money Desk")
    ledger = build_ledger([doc], embed=embed)
    found = flagged(ledger, "contested", "first told about the breach", "learned of the breach")
    assert found and found[0].relation == "dates"
    assert not [d for d in ledger.discrepancies if d.relation == "dates"
                and any("3 September" in c.text for c in d.claims)]


def test_calling_the_reports_false_denies_them(tmp_path, embed) -> None:
    # the pointing-determiner form of "the prosecution's figure was inflated"; a mine
    doc = make_doc(tmp_path, "mine.txt", [
        "Workers at the Brask copper mine told the Ledger that the lower shaft had flooded "
        "twice last year.",
        "Brask Mining said the reports were false.",
    ], outlet="Valley Ledger")
    ledger = build_ledger([doc], embed=embed)
    assert claim_with(ledger, "the reports were false").stance == "denies"
    assert flagged(ledger, "contested", "lower shaft had flooded", "reports were false")


def test_a_sentence_length_is_a_figure() -> None:
    from rag.ledger.quantities import find_quantities

    sent = get_nlp()("The court sentenced the driver to six years in prison.")
    found = find_quantities(sent, 0, 0, len(sent.text))
    assert [(q.raw, q.counts, q.unit) for q in found] == [("six years", "sentence", "days")]


def test_no_dispute_between_different_learners_or_different_measures(tmp_path, embed) -> None:
    # the precision side of the dates and correction rules
    doc = make_doc(tmp_path, "budget.txt", [
        "Vantor Chemicals said it learned of the leak in May.",
        "The environment regulator said it learned of the leak in June.",
        "The finance ministry said the health budget had risen by 4% this year.",
        "Independent economists said growth had been 2%, not 4%.",
    ], outlet="Delta Times")
    ledger = build_ledger([doc], embed=embed)
    assert not [d for d in ledger.discrepancies if d.relation in ("dates", "correction")]
