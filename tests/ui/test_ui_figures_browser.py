"""The multi-source ferry reports (tests/data/ferry) in the app, in Debian's chromium: the
figures timeline shows the first and the later toll with outlets and dates, corroborations
show in the discrepancy panel and on the map."""
from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from tests.ui.conftest import (
    ROOT,
    START_TIMEOUT_S,
    RunningApp,
    app_env,
    start_app,
    stop_app,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]
FERRY = ROOT / "tests" / "data" / "ferry"


@pytest.fixture(scope="module")
def ferry_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    workdir = tmp_path_factory.mktemp("ferry-app")
    index = workdir / "index"
    env = app_env(index, 0)
    for path in sorted(FERRY.glob("*.txt")):   # file names end in the publication date
        subprocess.run([sys.executable, "-m", "rag", "ingest", str(path), "--published",
                        path.stem[-10:]], cwd=ROOT, env=env, check=True, capture_output=True,
                       timeout=START_TIMEOUT_S)
    running = start_app(workdir, index)
    yield running
    stop_app(running)


@pytest.fixture()
def ferry_page(browser: Browser, ferry_app: RunningApp) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    tab = context.new_page()
    tab.goto(ferry_app.url)
    tab.wait_for_selector(".rag-psg", timeout=60_000)
    yield tab
    context.close()


def _texts(page: Page, selector: str) -> list[str]:
    return page.locator(selector).evaluate_all("els => els.map(e => e.textContent.trim())")


def test_timeline_shows_the_early_and_later_toll_with_outlets_and_dates(ferry_page: Page
                                                                        ) -> None:
    page = ferry_page
    page.get_by_role("tab", name="Figures").click()
    figure = page.locator("#rag-figures figure.rag-tl")
    figure.first.wait_for(timeout=30_000)
    assert figure.count() == 1
    assert "people killed in one explosion on saturday" in figure.locator("figcaption").inner_text()
    chart = " ".join(_texts(page, "#rag-figures .rag-tl-chart svg text"))
    for word in ("North Wire", "South Post", "2031-05-01", "2031-05-02",
                 "22 · The port authority", "31 · The port authority"):
        assert word in chart
    rows = page.locator("#rag-figures tr.rag-tl-point")
    table = [tuple(rows.nth(i).locator("td").evaluate_all(
        "tds => tds.slice(0, 4).map(td => td.textContent)")) for i in range(rows.count())]
    assert table == [("2031-05-01", "North Wire", "The port authority", "22"),
                     ("2031-05-01", "South Post", "The port authority", "22"),
                     ("2031-05-02", "North Wire", "The port authority", "31")]
    # the later toll opens in its own report, exactly the claim's characters
    rows.nth(2).locator("a.rag-cite").click()
    page.wait_for_selector("mark.rag-hl", timeout=10_000)
    marked = "".join(_texts(page, "mark.rag-hl"))
    assert marked == "31 people were killed in the ferry explosion on Saturday"
    assert page.locator("#rag-doc-north-wire-2031-05-02").is_visible()


def test_corroboration_is_in_the_panel_and_on_the_map(ferry_page: Page) -> None:
    page = ferry_page
    page.get_by_role("tab", name="Discrepancies").click()
    agree = page.locator("#rag-panel .rag-agree")
    agree.first.wait_for(timeout=30_000)
    assert agree.count() == 1
    assert "North Wire and South Post both report 22" in agree.inner_text()
    page.locator("#rag-kind label", has_text="corroborated").click()
    page.wait_for_function("() => document.querySelectorAll('#rag-panel .rag-disc').length === 0"
                           " && document.querySelectorAll('#rag-panel .rag-agree').length === 1",
                           timeout=10_000)

    page.get_by_role("tab", name="Map").click()
    page.wait_for_selector("#rag-map-svg svg", timeout=30_000)
    row = page.locator("#rag-map-svg a[href^='#rag-map:edge:agr-']")
    assert row.count() == 1 and "corroborates 22 = 22" in (row.text_content() or "")
    row.locator("text").first.click()
    detail = page.locator("#rag-map-details .rag-map-detail:visible")
    detail.wait_for(timeout=10_000)
    assert detail.locator(".rag-map-claim").count() == 2
    assert "North Wire" in detail.inner_text() and "South Post" in detail.inner_text()
    # one report: only the findings with a claim in it
    page.locator("#rag-map-doc input").click()
    page.get_by_role("option", name="North Wire · 2031-05-02", exact=False).click()
    page.wait_for_function("() => !document.querySelector(\"#rag-map-svg a[href*='dsc-d6']\")"
                           " && document.querySelectorAll("
                           "\"#rag-map-svg a[href^='#rag-map:edge:']\").length === 2",
                           timeout=15_000)
