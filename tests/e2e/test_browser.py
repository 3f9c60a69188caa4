"""The page in Debian's chromium: ask, check citations, open the panel, upload, and stay inert
under hostile input. The app starts once for this module (see conftest.app)."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from rag.ui.escape import safe_id
from rag.ui.ledger_view import filter_discrepancies

if TYPE_CHECKING:
    from gradio_client import Client
    from playwright.sync_api import Locator, Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
FINAL_ANSWER = "#rag-chat .rag-answer:not(.rag-streaming)"
PAYLOADS = ["<script>window.__pwned=1</script>", '<img src=x onerror="window.__pwned=1">']


def ask(page: Page, question: str) -> Locator:
    """Type a question, send it, and return the locator of the finished answer."""
    answers = page.locator(FINAL_ANSWER)
    before = answers.count()
    page.fill("#rag-question textarea", question)
    page.click("#rag-ask")
    page.wait_for_function("([selector, n]) => document.querySelectorAll(selector).length > n",
                           arg=[FINAL_ANSWER, before], timeout=60_000)
    return answers.nth(before)


def highlighted_text(page: Page) -> str:
    page.wait_for_selector("mark.rag-hl", timeout=10_000)
    return page.evaluate(
        "() => [...document.querySelectorAll('mark.rag-hl')].map(m => m.textContent).join('')")


def test_page_says_which_article_is_loaded(page: Page) -> None:
    notice = page.locator("#rag-loaded")
    assert "1 loaded article" in notice.inner_text()
    assert "33 Turkish soldiers killed in Syrian air raid in Idlib" in notice.inner_text()


def test_answer_has_citations_and_a_click_highlights_the_exact_passage(page: Page,
                                                                      client: Client) -> None:
    question = "How many Turkish soldiers were killed?"
    expected = client.predict(question, api_name="/chat")
    answer = ask(page, question)
    assert "33" in answer.locator(".rag-answer-text").inner_text()
    markers = answer.locator(".rag-answer-text a.rag-cite")
    assert markers.count() >= 1
    assert answer.locator(".rag-cited-item").count() == len(expected["citations"])
    first = expected["citations"][0]
    assert markers.first.get_attribute("href") == (
        f"#rag-cite:{first['doc_id']}:{first['start']}:{first['end']}")
    markers.first.click()
    assert highlighted_text(page) == first["text"]
    passage = page.locator("mark.rag-hl").first.locator("xpath=ancestor::span[@class]").first
    assert passage.get_attribute("data-start") == str(first["start"])
    assert page.locator("mark.rag-hl").first.is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "chat.png"))
    # the cited-passage list under the answer links the same way
    answer.locator(".rag-cited-item a.rag-cite").last.click()
    assert highlighted_text(page) == expected["citations"][-1]["text"]


def test_example_question_is_answered_on_click(page: Page) -> None:
    page.locator(".rag-example").first.click()
    page.wait_for_selector(FINAL_ANSWER, timeout=60_000)
    assert page.locator(f"{FINAL_ANSWER} a.rag-cite").count() >= 1


def test_flag_links_to_its_discrepancy_in_the_panel(page: Page) -> None:
    answer = ask(page, "How many regime troops did Turkey say it killed?")
    flag = answer.locator("a.rag-flag-link").first
    discrepancy_id = str(flag.get_attribute("href")).removeprefix("#rag-disc:")
    kind = str(answer.locator(".rag-flag").first.get_attribute("class"))
    assert any(k in kind for k in ("rag-flag-contested", "rag-flag-unverified", "rag-flag-numeric"))
    flag.click()
    active = page.locator(".rag-disc-active")
    active.wait_for(timeout=10_000)
    assert active.get_attribute("id") == f"rag-d-{safe_id(discrepancy_id)}"
    assert active.is_visible()
    # show the flags inside the chat's own scroll box, then the whole page from the top
    answer.locator(".rag-answer-text").evaluate("e => e.scrollIntoView({block: 'start'})")
    page.evaluate("() => window.scrollTo(0, 0)")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "chat-flags.png"))


def test_panel_filters_by_kind_and_source_and_links_to_claims(page: Page, client: Client) -> None:
    ledger = client.predict(api_name="/ledger")
    docs = [{"doc_id": "aljazeera-idlib-2020-02-28", "source": "Al Jazeera"}]
    page.get_by_role("tab", name="Discrepancies").click()
    page.wait_for_selector("#rag-panel .rag-disc")
    assert page.locator("#rag-panel .rag-disc").count() == len(ledger["discrepancies"])

    page.locator("#rag-kind label", has_text="contested").click()
    contested = filter_discrepancies(ledger, "contested", "All", docs)
    page.wait_for_function(
        "n => { const d = [...document.querySelectorAll('#rag-panel .rag-disc')];"
        " return d.length === n && d.every(e => e.classList.contains('rag-disc-contested')); }",
        arg=len(contested), timeout=10_000)

    speaker = contested[0]["claims"][0]["source"]
    page.locator("#rag-source input").click()
    page.locator("#rag-source input").fill(speaker)
    page.get_by_role("option", name=speaker, exact=True).click()
    expected = [f"rag-d-{safe_id(d['id'])}"
                for d in filter_discrepancies(ledger, "contested", speaker, docs)]
    page.wait_for_function(
        "ids => JSON.stringify([...document.querySelectorAll('#rag-panel .rag-disc')]"
        ".map(e => e.id)) === JSON.stringify(ids)", arg=expected, timeout=10_000)

    # each side links to the exact claim characters in the viewer
    by_dom_id = {f"rag-d-{safe_id(d['id'])}": d for d in contested}
    claim = by_dom_id[expected[0]]["claims"][-1]
    page.locator(f"#{expected[0]} a.rag-side-link").last.click()
    assert highlighted_text(page) == claim["text"]


def test_ledger_exports_are_offered_for_download(page: Page, client: Client) -> None:
    page.get_by_role("tab", name="Discrepancies").click()
    exports = page.locator("#rag-exports")
    for name in ("ledger.json", "ledger.csv", "ledger.md"):
        # Gradio shows the name as separate stem and extension spans; aria-label holds it whole
        exports.locator(f'td.filename[aria-label="{name}"]').wait_for(timeout=30_000)
    links = exports.locator("a[href*='ledger.json']")
    body = page.request.get(str(links.first.get_attribute("href"))).json()
    assert body == client.predict(api_name="/ledger")


@pytest.mark.parametrize("name,data,message", [
    ("empty.txt", b"", "empty"),
    ("latin1.txt", "Caf\u00e9 officials said 12 people died.".encode("latin-1"), "UTF-8"),
    ("binary.txt", b"\x00\x01\x02\x03" * 64, "binary"),
    ("slides.pdf", b"%PDF-1.4 not an article", "not a readable PDF"),
    ("slides.pptx", b"PK\x03\x04 not an article", "unsupported file type"),
])
def test_bad_upload_shows_the_error_and_changes_nothing(page: Page, client: Client,
                                                        tmp_path: Path, name: str, data: bytes,
                                                        message: str) -> None:
    before = client.predict(api_name="/ledger")
    path = tmp_path / name
    path.write_bytes(data)
    page.get_by_role("tab", name="Add article").click()
    page.locator("#rag-upload input[type=file]").set_input_files(str(path))
    error = page.locator("#rag-upload-status .rag-status-error")
    error.wait_for(timeout=30_000)
    assert message.lower() in error.inner_text().lower() and name in error.inner_text()
    assert "1 loaded article" in page.locator("#rag-loaded").inner_text()
    assert client.predict(api_name="/ledger") == before


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_question_shows_as_text_and_runs_nothing(page: Page, payload: str) -> None:
    ask(page, payload)
    shown = page.locator("#rag-chat .rag-question").last
    assert shown.text_content() == payload
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    assert page.locator("#rag-chat img[src='x'], #rag-chat script").count() == 0


def test_uploaded_article_is_loaded_and_rendered_inert(page: Page, tmp_path: Path) -> None:
    # Last in the module on purpose: a good upload changes this app's index.
    path = tmp_path / "hostile-wire.txt"
    path.write_text(f"Hostile headline {PAYLOADS[0]}\r\n\r\nSource: Example Wire\r\n\r\n"
                    f"Officials said {PAYLOADS[1]} 16 fighters were killed near Saraqeb on "
                    "Saturday.\r\n\r\nTurkey denied that its troops took part.\r\n", "utf-8")
    page.get_by_role("tab", name="Add article").click()
    page.locator("#rag-upload input[type=file]").set_input_files(str(path))
    page.locator("#rag-upload-status .rag-status-ok").wait_for(timeout=120_000)
    page.wait_for_function("() => document.querySelector('#rag-loaded').textContent"
                           ".includes('2 loaded articles')", timeout=30_000)
    page.get_by_role("tab", name="Article", exact=True).click()
    page.locator("a.rag-doc-tab", has_text="Hostile headline").click()
    text = page.locator("#rag-doc-hostile-wire .rag-text")
    assert text.is_visible()
    assert text.evaluate("e => e.textContent") == path.read_bytes().decode("utf-8")
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    assert page.locator("#rag-viewer img, #rag-viewer script").count() == 0
    answer = ask(page, "How many fighters were killed near Saraqeb?")
    assert "16" in answer.locator(".rag-answer-text").inner_text()
    answer.locator(".rag-answer-text a.rag-cite").first.click()
    assert "16 fighters" in highlighted_text(page)
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
