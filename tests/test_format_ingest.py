"""Saved pages, PDF, Word and URLs through the real Engine: stored copies that citations index,
metadata from the documents, a PDF citation that says its page, refusals that change nothing,
`rag ingest URL` against a local server."""
from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from rag.errors import InputError
from tests.conftest import ROOT
from tests.fixture_server import FORMATS, serve_fixtures

pytestmark = pytest.mark.slow
FILES = ["meridian-herald-ostervik-dam.html", "coastline-daily-ostervik-toll-video.html",
         "ostervik-situation-report.pdf", "ostervik-municipality-statement.docx"]
GOLD = json.loads((FORMATS / "gold.json").read_text("utf-8"))


def snapshot(engine) -> tuple[list[str], str, list[str]]:
    ids = sorted(engine.store.collection.get(include=[])["ids"])
    manifest = json.dumps(engine.store.manifest(), sort_keys=True)
    files = sorted(p.name for p in (engine.store.root / "docs").iterdir())
    return ids, manifest, files


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve_fixtures() as url:
        yield url


@pytest.fixture(scope="module")
def formats_engine(tmp_path_factory: pytest.TempPathFactory, server: str):
    """One index with two saved pages, the PDF and the Word file (one ingest call)."""
    from rag.config import load_config
    from rag.engine import Engine

    index = tmp_path_factory.mktemp("formats") / "index"
    config = dataclasses.replace(load_config(), index_dir=index, allow_private_urls=True,
                                 url_timeout_s=2.0)
    engine = Engine(config, auto_ingest=False)
    results = engine.ingest([FORMATS / name for name in FILES])
    assert [r["status"] for r in results] == ["added"] * 4
    yield engine
    engine.close()


def test_metadata_of_each_document_is_in_the_manifest(formats_engine) -> None:
    documents = {d["doc_id"]: d for d in formats_engine.documents()}
    page = documents["meridian-herald-ostervik-dam"]
    assert (page["source"], page["published"], page["author"], page["format"]) == (
        "The Meridian Herald", "2025-03-14", "Ilse Marten", "html")
    pdf = documents["ostervik-situation-report"]
    assert (pdf["format"], pdf["n_pages"], pdf["published"]) == ("pdf", 3, "2025-03-16")
    word = documents["ostervik-municipality-statement"]
    assert (word["source"], word["format"], word["n_pages"]) == ("Ostervik Municipality", "docx", 2)
    assert all(d.get("layout") and d.get("original") for d in documents.values())


def test_stored_copy_is_the_text_citations_index(formats_engine) -> None:
    root = formats_engine.store.root
    for meta in formats_engine.documents():
        copy = (root / meta["copy"]).read_bytes().decode("utf-8")
        doc = formats_engine.document(meta["doc_id"])
        assert copy == doc.text
        for p in doc.passages:
            assert copy[p.start:p.end] == p.text
        original = (root / meta["original"]).read_bytes()
        assert original == (FORMATS / Path(meta["path"]).name).read_bytes()


def test_reopening_the_index_gives_the_same_passages_and_pages(formats_engine) -> None:
    from rag.engine import Engine

    before = [(p.passage_id, p.start, p.end, p.page, p.page_end) for p in formats_engine.passages()]
    again = Engine(formats_engine.config, auto_ingest=False)
    try:
        after = [(p.passage_id, p.start, p.end, p.page, p.page_end) for p in again.passages()]
        assert after == before
        assert {p[3] for p in after if p[0].startswith("ostervik-situation-report")} == {1, 2, 3}
        assert again.ingest([FORMATS / name for name in FILES])[0]["status"] == "unchanged"
    finally:
        again.close()


def test_a_pdf_citation_says_its_page(formats_engine) -> None:
    answer = formats_engine.ask("When will the next situation report be issued?")
    assert not answer.abstained, answer.answer
    cited = [c for c in answer.citations if c.doc_id == "ostervik-situation-report"]
    assert cited and cited[0].page == 3 and "18 March at 18:00" in cited[0].text
    assert "(p. 3)" in answer.answer
    data = answer.to_dict()
    assert data["citations"][0]["page"] == 3


def test_the_ledger_uses_the_outlets_the_documents_give(formats_engine) -> None:
    # a sentence in the article's own voice is claimed by the outlet the page names, with no
    # --source flag (unattributed narration falls back to the document's outlet)
    claims = formats_engine.ledger().claims
    outlets = {(c.doc_id, c.source) for c in claims}
    assert ("meridian-herald-ostervik-dam", "The Meridian Herald") in outlets
    assert ("coastline-daily-ostervik-toll-video", "Coastline Daily") in outlets


def _bad_files(tmp: Path) -> list[Path]:
    report = (FORMATS / "ostervik-situation-report.pdf").read_bytes()
    (tmp / "broken.pdf").write_bytes(report[:5000])
    (tmp / "fake.docx").write_bytes(report)
    return [FORMATS / "page-not-found.html", FORMATS / "scanned-notice.pdf",
            FORMATS / "password-protected-report.pdf", tmp / "broken.pdf", tmp / "fake.docx"]


def test_bad_files_leave_the_index_as_it_was(formats_engine, tmp_path: Path) -> None:
    before = snapshot(formats_engine)
    good = FORMATS / "northgate-courier-tram-vote.html"
    for bad in _bad_files(tmp_path):
        with pytest.raises(InputError) as error:
            formats_engine.ingest([good, bad])   # the good file is not added either
        assert str(error.value).startswith(str(bad)) and "\n" not in str(error.value)
        assert snapshot(formats_engine) == before


def test_url_ingest_and_url_refusals(formats_engine, server: str) -> None:
    url = f"{server}/files/harbour-gazette-ferry-strike.html"
    result = formats_engine.ingest([url])[0]
    assert (result["status"], result["doc_id"], result["source"], result["published"]) == (
        "added", "harbour-gazette-ferry-strike", "The Harbour Gazette", "2025-04-18")
    assert formats_engine.store.manifest()["documents"][result["doc_id"]]["path"] == url
    before = snapshot(formats_engine)
    for bad, reason in [(f"{server}/slow", "no complete answer"),
                        (f"{server}/huge", "RAG_URL_MAX_BYTES"),
                        (f"{server}/missing", "404"),
                        (f"{server}/files/page-not-found.html", "no article body"),
                        ("file:///etc/passwd", "only http:// and https://")]:
        with pytest.raises(InputError, match=reason):
            formats_engine.ingest([bad])
        assert snapshot(formats_engine) == before
    private = Engine_with(formats_engine, allow_private_urls=False)
    with pytest.raises(InputError, match="private or loopback"):
        private.ingest([url])


def test_a_plain_text_url_reads_back_as_it_was_ingested(formats_engine, server: str) -> None:
    # the address has no suffix: the stored copy must still be read back as plain text
    from tests.conftest import ARTICLE

    result = formats_engine.ingest([f"{server}/news/idlib"])[0]
    assert (result["doc_id"], result["format"]) == ("idlib", "text")
    ingested = [(p.start, p.end, p.text) for p in formats_engine.passages()
                if p.doc_id == "idlib"]
    again = Engine_with(formats_engine)
    try:
        assert [(p.start, p.end, p.text) for p in again.passages() if p.doc_id == "idlib"] == \
            ingested
        assert again.document("idlib").text == ARTICLE.read_bytes().decode("utf-8")
    finally:
        again.close()


def Engine_with(engine, **changes):
    from rag.engine import Engine

    return Engine(dataclasses.replace(engine.config, **changes), auto_ingest=False)


def test_cli_ingests_a_url_and_refuses_loopback_without_the_setting(tmp_path: Path,
                                                                   server: str) -> None:
    url = f"{server}/files/meridian-herald-ostervik-dam.html"
    env = {**os.environ, "RAG_INDEX_DIR": str(tmp_path / "index"), "HF_HUB_OFFLINE": "1"}
    env.pop("RAG_ALLOW_PRIVATE_URLS", None)
    refused = subprocess.run([sys.executable, "-m", "rag", "ingest", url], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=600)
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1 and "RAG_ALLOW_PRIVATE_URLS" in refused.stderr
    assert not (tmp_path / "index" / "manifest.json").exists()
    ok = subprocess.run([sys.executable, "-m", "rag", "ingest", url, "--json"], cwd=ROOT,
                        env={**env, "RAG_ALLOW_PRIVATE_URLS": "1"}, capture_output=True,
                        text=True, timeout=600)
    assert ok.returncode == 0, ok.stderr
    document = json.loads(ok.stdout)["documents"][0]
    assert (document["status"], document["source"], document["published"]) == (
        "added", "The Meridian Herald", "2025-03-14")
