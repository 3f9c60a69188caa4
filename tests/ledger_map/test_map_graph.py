"""The map as data: sides, edges with their discrepancy ids, badges; on the shipped article
(the real ledger) and on small hand-written ledgers for the rules the article does not show."""
from __future__ import annotations

from typing import Any

import pytest

from rag.ledger_map.graph import EDGE_KINDS, build_map, side_of
from tests.ledger_map.helpers import claim, ferry, finding, ledger

pytestmark = pytest.mark.slow   # the shipped article's index is built once per session


@pytest.fixture(scope="module")
def article_map(engine) -> dict[str, Any]:
    return build_map(engine.ledger().to_dict(), engine.documents())


@pytest.fixture(scope="module")
def article_ledger(engine) -> dict[str, Any]:
    return engine.ledger().to_dict()


def _node(graph: dict[str, Any], label: str) -> dict[str, Any]:
    return next(n for n in graph["nodes"] if n["label"] == label)


def test_every_finding_is_on_the_map_with_its_id_and_confidence(article_map, article_ledger
                                                                ) -> None:
    findings = article_ledger["discrepancies"] + article_ledger["corroborations"]
    drawn = {x["discrepancy_id"]: x for x in article_map["edges"] + article_map["badges"]}
    assert set(drawn) == {f["id"] for f in findings}
    for f in findings:
        assert drawn[f["id"]]["confidence"] == pytest.approx(f["confidence"])
        assert set(drawn[f["id"]]["claim_ids"]) <= {c["id"] for c in f["claims"]}
    node_ids = {n["id"] for n in article_map["nodes"]}
    for e in article_map["edges"]:
        assert e["source"] in node_ids and e["target"] in node_ids
        assert e["kind"] in EDGE_KINDS and set(e["claim_ids"]) <= set(article_map["claims"])


def test_russia_defence_ministry_is_disputed_by_turkey(article_map) -> None:
    russia, turkey = _node(article_map, "Russia"), _node(article_map, "Turkey")
    assert "Russia’s defence ministry" in russia["speakers"]
    edge = next(e for e in article_map["edges"]
                if any(article_map["claims"][c]["source"] == "Russia’s defence ministry"
                       for c in e["claim_ids"]))
    assert (edge["kind"], edge["relation"], edge["directed"]) == ("disputes", "denial", True)
    assert (edge["source"], edge["target"]) == (turkey["id"], russia["id"])
    sides = [article_map["claims"][c] for c in edge["source_claim_ids"] + edge["target_claim_ids"]]
    assert [c["stance"] for c in sides] == ["denies", "asserts"]


def test_outlet_could_not_confirm_and_its_malformed_figure(article_map) -> None:
    outlet = next(n for n in article_map["nodes"] if n["outlet"])
    assert outlet["label"] == "Al Jazeera" and outlet["kind"] == "outlet"
    edge = next(e for e in article_map["edges"] if e["kind"] == "could_not_confirm")
    akar = article_map["claims"][edge["target_claim_ids"][0]]
    assert "309" in akar["text"]
    # from the outlet to the side of the claim it could not check, whatever the ledger says
    # that side is
    assert (edge["source"], edge["target"]) == (outlet["id"], side_of(akar)[0])
    assert article_map["claims"][edge["source_claim_ids"][0]]["stance"] == "unconfirmed"
    badges = [b for b in article_map["badges"] if b["node"] == outlet["id"]]
    assert [b["kind"] for b in badges] == ["malformed_number"]


def test_anonymous_sources_stand_apart_from_the_side_they_speak_for(article_map) -> None:
    gates = next(c for c in article_map["claims"].values() if "opened the gates" in c["text"])
    node = next(n for n in article_map["nodes"] if n["id"] == gates["node"])
    assert node["anonymous"] and node["kind"] == "anonymous"
    badge = next(b for b in article_map["badges"] if gates["id"] in b["claim_ids"])
    assert badge["kind"] == "anonymous_source" and badge["node"] == node["id"]
    named = [n for n in article_map["nodes"] if not n["anonymous"]]
    assert not any(gates["id"] in n["claim_ids"] for n in named)
    official = next(n for n in article_map["nodes"]
                    if n["label"] == "one official who requested anonymity")
    assert official["anonymous"] and len(official["claim_ids"]) == 3


def test_anonymous_source_of_a_named_side_points_at_it() -> None:
    a = claim("a", "d", "Turkish officials", party="Turkey", kind="anonymous")
    b = claim("b", "d", "Turkey", party="Turkey", kind="government")
    graph = build_map(ledger([a, b]))
    anon, turkey = (next(n for n in graph["nodes"] if n["id"] == side_of(c)[0]) for c in (a, b))
    assert anon["label"] == "Turkey (anonymous)" and anon["speaks_for"] == turkey["id"]
    assert turkey["speaks_for"] is None and not turkey["anonymous"]


def test_competing_versions_are_mutual() -> None:
    a = claim("a", "d", "Akar", party="Turkey", kind="person")
    b = claim("b", "d", "SANA", party="Syria", kind="media")
    c = claim("c", "d", "Lavrov", party="Russia", kind="person")
    graph = build_map(ledger([a, b, c], [finding("v", "contested", "counter_version", [a, b, c])]))
    edges = graph["edges"]
    assert len(edges) == 3 and not any(e["directed"] for e in edges)
    assert [e["id"] for e in edges] == ["v", "v~1", "v~2"]
    assert {frozenset((e["source"], e["target"])) for e in edges} == {
        frozenset((side_of(x)[0], side_of(y)[0])) for x, y in ((a, b), (a, c), (b, c))}


def test_side_kind_wins_over_source_kind_and_party_anonymous_groups_by_source() -> None:
    a = claim("a", "d", "Acme spokesman", party="Acme", kind="person", side_kind="company")
    b = claim("b", "d", "a person familiar with the matter", party="anonymous",
              kind="anonymous", side_kind="anonymous")
    graph = build_map(ledger([a, b]))
    acme = next(n for n in graph["nodes"] if n["label"] == "Acme")
    assert acme["kind"] == "company" and not acme["anonymous"]
    unnamed = next(n for n in graph["nodes"] if n["id"] != acme["id"])
    assert unnamed["label"] == "a person familiar with the matter" and unnamed["anonymous"]


def test_updates_point_to_the_later_report_and_agreement_is_a_self_loop() -> None:
    data, docs = ferry()
    graph = build_map(data, docs)
    by_id = {e["id"]: e for e in graph["edges"]}
    port = side_of(data["claims"][0])[0]
    assert by_id["dsc-up1"]["kind"] == "update" and by_id["dsc-up1"]["figures"] == ["22", "31"]
    assert by_id["dsc-up1"]["source_claim_ids"] == ["c1"]
    assert by_id["dsc-up1"]["target_claim_ids"] == ["c2"]
    assert (by_id["agr-22"]["kind"], by_id["agr-22"]["source"], by_id["agr-22"]["target"]) == \
        ("corroborates", port, port)
    assert by_id["agr-22"]["ledger_kind"] == "corroboration"
    assert by_id["dsc-deny"]["doc_ids"] == ["nw-1", "sp-1"]
    assert graph["documents"]["nw-2"]["published"] == "2031-05-02"


def test_an_unknown_relation_still_lands_somewhere() -> None:
    a = claim("a", "d", "X", party="X")
    b = claim("b", "d", "Y", party="Y")
    graph = build_map(ledger([a, b], [finding("n1", "numeric", "rounding", [a, b]),
                                       finding("u1", "unverified", "hearsay", [a])]))
    assert [e["kind"] for e in graph["edges"]] == ["conflicting_figures"]
    assert [(b["kind"], b["label"]) for b in graph["badges"]] == [("hearsay", "hearsay")]
