"""Answer HTML: escaping, clickable markers to exact offsets, flags by kind, abstentions."""
from __future__ import annotations

from rag.ui.answer_view import answer_html, link_markers, question_html
from tests.ui.markup import IMG, SCRIPT, assert_inert, parse


def flag(kind: str, discrepancy_id: str, citations: list[int]) -> dict:
    return {"kind": kind, "discrepancy_id": discrepancy_id, "summary": kind.upper(),
            "citations": citations}


def answer(**over: object) -> dict:
    base = {"question": "q", "answer": "Thirty-three died [1]. Turkey says 309 [2, 3].",
            "abstained": False, "latency_ms": 12.0,
            "citations": [{"n": n, "doc_id": "doc", "passage_id": f"doc:{n}", "text": f"t{n}",
                           "start": 10 * n, "end": 10 * n + 2, "source": "Outlet"}
                          for n in (1, 2, 3)],
            "flags": [flag("contested", "d1", [2, 3]), flag("unverified", "d2", [2]),
                      flag("numeric", "d3", [1])]}
    base.update(over)
    return base


def test_question_and_answer_escape_markup() -> None:
    html = question_html(SCRIPT + IMG) + answer_html(
        answer(answer=f"{SCRIPT} {IMG} [1]",
               citations=[{"n": 1, "doc_id": "d", "passage_id": "p", "text": IMG + SCRIPT,
                           "start": 0, "end": 5}],
               flags=[{"kind": "contested", "discrepancy_id": "x\"><img src=x>",
                       "summary": SCRIPT, "citations": [1]}]), {"d": SCRIPT})
    assert_inert(html)
    assert SCRIPT in "".join(parse(html).text) and IMG in "".join(parse(html).text)


def test_chat_html_has_no_blank_line_for_markdown_to_break() -> None:
    html = answer_html(answer(answer="one\n\ntwo [1]"), {})
    assert "\n" not in html and "&#10;&#10;two" in html


def test_markers_become_links_to_exact_offsets() -> None:
    html = answer_html(answer(), {"doc": "Title"})
    hrefs = {a["href"] for t, a in parse(html).tags
             if t == "a" and "rag-cite" in (a.get("class") or "")}
    assert {"#rag-cite:doc:10:12", "#rag-cite:doc:20:22", "#rag-cite:doc:30:32"} <= hrefs


def test_unknown_marker_stays_text() -> None:
    assert link_markers("see [7]", {}) == "see [7]"


def test_flags_are_distinct_per_kind_and_link_to_the_panel() -> None:
    tags = parse(answer_html(answer(), {})).tags
    classes = " ".join(a.get("class") or "" for _, a in tags)
    for kind in ("contested", "unverified", "numeric"):
        assert f"rag-flag-{kind}" in classes
    hrefs = {a.get("href") for t, a in tags if t == "a"}
    assert {"#rag-disc:d1", "#rag-disc:d2", "#rag-disc:d3"} <= hrefs


def test_abstention_lists_related_passages() -> None:
    html = answer_html(answer(abstained=True, answer="The article does not say.", flags=[],
                              citations=[], related=[{"n": 1, "doc_id": "doc", "passage_id": "p",
                                                      "text": "close", "start": 1, "end": 6}]), {})
    assert "rag-abstained" in html and "Closest passages" in html and "close" in html


def test_answer_card_shows_the_page_of_a_cited_passage() -> None:
    cited = [{"n": 1, "doc_id": "report", "passage_id": "report:1", "text": "Buses run.",
              "start": 5, "end": 15, "source": "Crisis Staff", "page": 3, "page_end": 3},
             {"n": 2, "doc_id": "report", "passage_id": "report:2", "text": "It spans.",
              "start": 20, "end": 29, "source": "Crisis Staff", "page": 2, "page_end": 3}]
    html = answer_html(answer(answer="Buses run (p. 3) [1]. It spans (pp. 2–3) [2].",
                              citations=cited, flags=[]), {"report": "Situation report"})
    assert "(p. 3)" in html and 'title="p. 3: Buses run."' in html
    items = parse(html).text
    assert "p. 3" in items and "pp. 2–3" in items
