"""The shipped public eval set is valid and its evidence is quoted exactly from the article."""
from __future__ import annotations

from pathlib import Path

from rag.document import build_document
from rag.evaluation.dataset import load_dataset
from rag.reader import read_article

ROOT = Path(__file__).resolve().parents[2]
QA = ROOT / "eval" / "qa.jsonl"
ARTICLE = ROOT / "data" / "articles" / "aljazeera-idlib-2020-02-28.txt"


def article_text() -> str:
    return ARTICLE.read_bytes().decode("utf-8")   # no newline translation: offsets are exact


def test_qa_set_is_valid_and_large_enough() -> None:
    items = load_dataset(QA).items
    assert len(items) >= 55
    assert sum(not i.answerable for i in items) >= 5
    assert sum(i.contested for i in items) >= 5


def test_every_evidence_span_is_an_exact_substring_of_the_article() -> None:
    text = article_text()
    missing = [(i.id, e) for i in load_dataset(QA).items for e in i.evidence if e not in text]
    assert missing == []


def test_answerable_questions_have_evidence_inside_one_body_passage() -> None:
    # evidence recall@5 asks for a span inside one retrieved passage (a body sentence), so a
    # span across sentences or in a headline/caption could never be counted
    document = build_document(read_article(ARTICLE, 10_000_000))
    text = document.text
    for item in load_dataset(QA).items:
        assert bool(item.evidence) == item.answerable, item.id
        for evidence in item.evidence:
            start = text.find(evidence)
            assert any(p.start <= start and start + len(evidence) <= p.end
                       for p in document.passages), (item.id, evidence)
