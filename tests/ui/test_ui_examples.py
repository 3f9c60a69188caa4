"""The page's example questions come from what is loaded, and "What is disputed here?" answers
from the ledger: after uploading a new article the examples change to it, and the overview
answer cites both sides of a discrepancy. Its own app (this module uploads)."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from gradio_client import Client
    from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
NEW_ARTICLE = (ROOT / "eval" / "multigenre" / "working" / "articles"
               / "portmarsh-courier-depot-fire-2031-03-11.txt")
FINAL_ANSWER = "#rag-chat .rag-answer:not(.rag-streaming)"


def example_labels(page: Page) -> list[str]:
    return [b.inner_text().strip() for b in page.locator(".rag-example").all() if b.is_visible()]


def test_examples_follow_the_upload_and_the_overview_cites_both_sides(
        page: Page, client: Client, tmp_path: Path) -> None:
    before = example_labels(page)
    assert before and before[-1] == "What is disputed in this article?"

    path = tmp_path / NEW_ARTICLE.name
    shutil.copy(NEW_ARTICLE, path)
    page.get_by_role("tab", name="Add article").click()
    page.locator("#rag-upload input[type=file]").set_input_files(str(path))
    page.locator("#rag-upload-status .rag-status-ok").wait_for(timeout=180_000)
    page.wait_for_function(
        "([sel, old]) => { const b = [...document.querySelectorAll(sel)]"
        ".filter(e => e.offsetParent !== null).map(e => e.textContent.trim());"
        " return b.length > 0 && JSON.stringify(b) !== JSON.stringify(old); }",
        arg=[".rag-example", before], timeout=60_000)
    after = example_labels(page)
    assert after != before
    assert any(word in " ".join(after) for word in ("Calloway", "company", "injured", "fire",
                                                    "union", "firefighters", "authority"))

    # the overview button asks "What is disputed in this article?"; the answer comes from the
    # ledger, each discrepancy with both sides cited
    answers = page.locator(FINAL_ANSWER)
    count = answers.count()
    page.click("#rag-overview")
    page.wait_for_function("([s, n]) => document.querySelectorAll(s).length > n",
                           arg=[FINAL_ANSWER, count], timeout=120_000)
    answer = answers.nth(count)
    assert answer.locator(".rag-answer-text a.rag-cite").count() >= 2
    assert answer.locator(".rag-flag").count() >= 1

    data = client.predict("What is disputed in this article?", api_name="/chat")
    two_sided = [f for f in data["flags"] if len(set(f["citations"])) >= 2]
    assert two_sided, data["answer"]
    by_n = {c["n"]: c for c in data["citations"]}
    sides = [by_n[n] for n in two_sided[0]["citations"]]
    assert len({(c["doc_id"], c["start"]) for c in sides}) >= 2   # two different passages
    for n in two_sided[0]["citations"]:
        assert f"[{n}]" in data["answer"]
