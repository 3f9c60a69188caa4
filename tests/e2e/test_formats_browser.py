"""The page in Debian's chromium with a PDF added by URL: the answer and the article viewer both
say the cited page. The app runs with RAG_ALLOW_PRIVATE_URLS=1 so it may fetch from the local
fixture server on 127.0.0.1."""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.e2e.test_browser import ARTIFACTS, ask, highlighted_text
from tests.fixture_server import serve_fixtures
from tests.ui.conftest import RunningApp, start_app, stop_app

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def fixture_base() -> Iterator[str]:
    with serve_fixtures() as url:
        yield url


@pytest.fixture(scope="module")
def app(seed_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    """The app over a copy of the seed index, allowed to fetch from the loopback fixture server."""
    workdir = tmp_path_factory.mktemp("ui-formats-app")
    index_dir = workdir / "index"
    shutil.copytree(seed_index, index_dir)
    running = start_app(workdir, index_dir, {"RAG_ALLOW_PRIVATE_URLS": "1"})
    yield running
    stop_app(running)


def test_pdf_added_by_url_is_cited_with_its_page(page: Page, fixture_base: str) -> None:
    page.get_by_role("tab", name="Add article").click()
    box = page.locator("#rag-url textarea, #rag-url input").first
    box.fill(f"{fixture_base}/files/ostervik-situation-report.pdf")
    page.click("#rag-url-add")
    status = page.locator("#rag-upload-status .rag-status-ok")
    status.wait_for(timeout=180_000)
    assert "Halden Reservoir Breach" in status.inner_text()

    answer = ask(page, "When will the next situation report be issued?")
    text = answer.locator(".rag-answer-text").inner_text()
    assert "(p. 3)" in text and "18 March" in text
    assert "p. 3" in answer.locator(".rag-cited-item").first.inner_text()
    answer.locator(".rag-answer-text a.rag-cite").first.click()
    assert "next situation report will be issued on 18 March" in highlighted_text(page)
    # the page mark for p. 3 stands before the highlight, and shows "p. 3" without being text
    section = page.locator(".rag-doc:not([hidden])")
    order = section.evaluate("""s => {
        const mark = s.querySelector('mark.rag-hl');
        const pages = [...s.querySelectorAll('.rag-page')].filter(p =>
            p.compareDocumentPosition(mark) & Node.DOCUMENT_POSITION_FOLLOWING);
        const last = pages[pages.length - 1];
        return [last.dataset.page, getComputedStyle(last, '::before').content,
                last.textContent, mark.closest('.rag-psg').title];
    }""")
    assert order[0] == "3" and "p. " in order[1] and order[2] == "" and order[3] == "p. 3"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "pdf-citation-page.png"), full_page=False)
