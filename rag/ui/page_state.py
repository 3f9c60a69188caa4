"""What the page shows about the corpus, rebuilt at load and after every upload.

One function computes the loaded-articles notice, the viewer, the panel, the source filter and
the export files together, so they always describe the same version of the index.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rag.ui.article_view import viewer_html
from rag.ui.escape import esc
from rag.ui.exports import write_exports
from rag.ui.ledger_view import ALL, panel_html, source_choices
from rag.ui.map_view import ALL_DOCS, MapCache, doc_choices, map_html
from rag.ui.timeline_view import timeline_html

if TYPE_CHECKING:
    from rag.engine import Engine


@dataclass
class PageState:
    documents: list[dict[str, Any]]
    ledger: dict[str, Any]
    notice: str
    viewer: str
    panel: str
    sources: list[str]
    exports: list[str]
    examples: list[str]
    map: str = ""
    timeline: str = ""
    doc_choices: list[tuple[str, str]] | None = None


def titles(documents: list[dict[str, Any]]) -> dict[str, str]:
    return {d["doc_id"]: d.get("title") or d["doc_id"] for d in documents}


def notice_html(documents: list[dict[str, Any]], can_add: bool = True) -> str:
    if not documents:
        hint = ("Add one in the “Add article” tab." if can_add else
                "This instance is read-only; articles are added by whoever runs it.")
        return ('<div class="rag-notice rag-notice-empty" id="rag-loaded">No article is loaded. '
                f'{hint}</div>')
    items = "".join(
        f'<li><strong>{esc(d.get("title") or d["doc_id"])}</strong> — '
        f'{esc(d.get("source") or "unknown source")}'
        f'{", " + esc(d["published"]) if d.get("published") else ""}'
        f' · {int(d.get("n_passages", 0))} passages</li>'
        for d in documents)
    noun = "article" if len(documents) == 1 else "articles"
    return (f'<div class="rag-notice" id="rag-loaded"><span class="rag-notice-label">'
            f'Answering from {len(documents)} loaded {noun}:</span><ul>{items}</ul></div>')


def page_state(engine: Engine, kind: str = ALL, source: str = ALL,
               active_doc: str | None = None, maps: MapCache | None = None,
               map_kinds: list[str] | None = None, map_doc: str = ALL_DOCS, map_page: int = 1,
               figures_doc: str = ALL_DOCS, page_size: int = 60,
               can_add: bool = True) -> PageState:
    view = engine.view()   # one version of the index for everything the page shows
    documents = sorted(view.documents(), key=lambda d: d["doc_id"])
    ledger_record = view.ledger()
    ledger = ledger_record.to_dict()
    docs = [view.document(d["doc_id"]) for d in documents]
    sources = source_choices(ledger, documents)
    if source not in sources:   # the filtered source may have vanished with a re-ingest
        source = ALL
    known = {d["doc_id"] for d in documents}
    map_doc = map_doc if map_doc in known else ALL_DOCS
    figures_doc = figures_doc if figures_doc in known else ALL_DOCS
    maps = maps or MapCache()
    graph = maps.get(ledger_record, documents)
    return PageState(documents=documents, ledger=ledger, notice=notice_html(documents, can_add),
                     viewer=viewer_html(docs, active_doc),
                     panel=panel_html(ledger, documents, kind, source),
                     sources=sources, exports=write_exports(ledger_record),
                     map=map_html(graph, map_kinds, map_doc, map_page, page_size),
                     timeline=timeline_html(ledger, documents,
                                            None if figures_doc == ALL_DOCS else figures_doc,
                                            maps.series(ledger_record, documents)),
                     doc_choices=doc_choices(documents),
                     examples=(view.composer().example_questions(
                         newest_first(documents, active_doc)) if documents else []))


def newest_first(documents: list[dict[str, Any]], active_doc: str | None = None) -> list[str]:
    """Document ids with the one just added (or the latest ingested) first: the examples are
    about what the reader just loaded."""
    ordered = [d["doc_id"] for d in sorted(documents, key=lambda d: d.get("ingested_at") or "",
                                           reverse=True)]
    if active_doc in ordered:
        ordered.remove(active_doc)
        ordered.insert(0, active_doc)
    return ordered[:1]
