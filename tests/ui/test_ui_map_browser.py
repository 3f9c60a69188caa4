"""The Map tab in Debian's chromium, on the shipped article: click the line between Russia's
defence ministry and Turkey, read both claims, open one in the article viewer; click a side;
filter by kind. The app starts once for this module (see conftest.app)."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from rag.ledger_map.render import dom_id
from rag.ui.escape import safe_id
from rag.ui.map_view import MAX_NODE_CLAIMS

if TYPE_CHECKING:
    from gradio_client import Client
    from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"

# where the first highlight mark starts, counted in characters of the document's text
MARK_OFFSET_JS = """() => {
  const mark = document.querySelector('mark.rag-hl');
  const range = document.createRange();
  range.setStart(mark.closest('.rag-text'), 0);
  range.setEndBefore(mark);
  return range.toString().length;
}"""


def open_map(page: Page) -> None:
    page.get_by_role("tab", name="Map").click()
    page.wait_for_selector("#rag-map-svg svg", timeout=30_000)
    # the page-load refresh redraws the map once; let it land first
    page.wait_for_function("() => !document.querySelector('#rag-map-panel')"
                           ".innerText.includes('processing')", timeout=30_000)


def highlighted(page: Page) -> tuple[str, int]:
    page.wait_for_selector("mark.rag-hl", timeout=10_000)
    text = page.evaluate("() => [...document.querySelectorAll('mark.rag-hl')]"
                         ".map(m => m.textContent).join('')")
    return text, page.evaluate(MARK_OFFSET_JS)


def ministry_edge(graph: dict[str, Any]) -> dict[str, Any]:
    return next(e for e in graph["edges"] if e["kind"] == "disputes" and any(
        graph["claims"][c]["source"] == "Russia’s defence ministry" for c in e["claim_ids"]))


def test_edge_between_russias_defence_ministry_and_turkey_shows_both_claims(
        page: Page, client: Client) -> None:
    graph = client.predict(api_name="/ledger_map")
    edge = ministry_edge(graph)
    labels = {n["id"]: n["label"] for n in graph["nodes"]}
    assert (labels[edge["source"]], labels[edge["target"]]) == ("Turkey", "Russia")

    open_map(page)
    page.locator(f"[id='{dom_id('rag-me-', edge['id'])}'] text").first.click()
    detail = page.locator(f"#rag-md-edge-{safe_id(edge['id'])}")
    detail.wait_for(state="visible", timeout=10_000)
    assert page.locator("#rag-map-details .rag-map-detail:visible").count() == 1
    assert edge["discrepancy_id"] in detail.inner_text()
    assert f"confidence {edge['confidence']:.2f}" in detail.inner_text()
    claims = [graph["claims"][c] for c in edge["claim_ids"]]
    assert {c["source"] for c in claims} == {"Turkey", "Russia’s defence ministry"}
    assert detail.locator(".rag-map-claim").count() == 2
    for c in claims:
        item = detail.locator(f".rag-map-claim[data-claim='{c['id']}']")
        assert c["text"] in item.inner_text() and c["source"] in item.inner_text()
        link = item.locator("a.rag-cite")
        assert link.get_attribute("href") == f"#rag-cite:{c['doc_id']}:{c['start']}:{c['end']}"
    # the clicked line is marked on the drawing
    assert "rag-map-active" in (page.locator(
        f"[id='{dom_id('rag-me-', edge['id'])}']").get_attribute("class") or "")
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#rag-tabs").screenshot(path=str(ARTIFACTS / "map.png"))   # docs/map.png

    ministry = next(c for c in claims if c["source"] == "Russia’s defence ministry")
    detail.locator(f".rag-map-claim[data-claim='{ministry['id']}'] a.rag-cite").click()
    assert highlighted(page) == (ministry["text"], ministry["start"])
    assert page.locator("mark.rag-hl").first.is_visible()


def test_clicking_a_side_lists_its_speakers_and_claims(page: Page, client: Client) -> None:
    graph = client.predict(api_name="/ledger_map")
    russia = next(n for n in graph["nodes"] if n["label"] == "Russia")
    open_map(page)
    page.locator(f"[id='a_{dom_id('rag-mnl-', russia['id'])}'] text").first.click()
    detail = page.locator(f"#rag-md-node-{safe_id(russia['id'])}")
    detail.wait_for(state="visible", timeout=10_000)
    for speaker in ("Russia’s defence ministry", "Russian state television"):
        assert speaker in detail.locator(".rag-map-speakers").inner_text()
    shown = min(len(russia["claim_ids"]), MAX_NODE_CLAIMS)
    assert detail.locator(".rag-map-claim").count() == shown
    # from the side to one of its lines
    detail.locator("a[href^='#rag-map:edge:']").first.click()
    page.locator("#rag-map-details .rag-map-detail.rag-disc:visible").wait_for(timeout=10_000)


def test_kind_filter_redraws_without_the_unticked_kind(page: Page, client: Client) -> None:
    graph = client.predict(api_name="/ledger_map")
    edge = ministry_edge(graph)
    open_map(page)
    selector = f"[id='{dom_id('rag-me-', edge['id'])}']"
    assert page.locator(selector).count() == 1
    page.locator("#rag-map-kinds label", has_text="disputes").click()
    page.wait_for_selector(selector, state="detached", timeout=15_000)
    unconfirmed = next(e for e in graph["edges"] if e["kind"] == "could_not_confirm")
    assert page.locator(f"[id='{dom_id('rag-me-', unconfirmed['id'])}']").count() == 1
    shown = int(page.locator(".rag-map-shown").inner_text())
    assert shown == len(graph["edges"]) + len(graph["badges"]) - sum(
        1 for e in graph["edges"] if e["kind"] == "disputes")
    api = client.predict(["could_not_confirm"], None, api_name="/ledger_map")
    assert [e["id"] for e in api["edges"]] == [unconfirmed["id"]]


def test_hostile_names_on_the_map_stay_text(page: Page, tmp_path: Path) -> None:
    # Last in the module on purpose: a good upload changes this app's index.
    outlet = '<img src=x onerror="window.__pwned=1">Wire'
    path = tmp_path / "hostile-map.txt"
    path.write_text("Hostile map headline\n\nOfficials said 16 fighters were killed near Saraqeb "
                    "on Saturday.\n\nTurkey denied that 16 fighters were killed near Saraqeb on "
                    "Saturday.\n\nThe reported deaths could not be independently confirmed.\n",
                    "utf-8")
    page.get_by_role("tab", name="Add article").click()
    page.fill("#rag-upload-source textarea, #rag-upload-source input", outlet)
    page.locator("#rag-upload input[type=file]").set_input_files(str(path))
    page.locator("#rag-upload-status .rag-status-ok").wait_for(timeout=120_000)
    page.wait_for_function("() => document.querySelector('#rag-loaded').textContent"
                           ".includes('2 loaded articles')", timeout=30_000)
    open_map(page)
    page.locator("#rag-map-doc input").click()
    page.get_by_role("option", name="Hostile map headline", exact=False).click()
    page.wait_for_function("() => document.querySelector('#rag-map-panel').innerText"
                           ".includes('findings')", timeout=15_000)
    panel = page.locator("#rag-map-panel")
    assert panel.locator("img, script, foreignObject").count() == 0
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    texts = " ".join(panel.locator("svg text").all_text_contents())
    details = panel.locator("#rag-map-details").text_content() or ""
    assert outlet[:20] in texts + details   # the name is shown, as text
