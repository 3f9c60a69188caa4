"""The Blocks layout: chat on the left; article viewer, discrepancy panel, map, figures timeline
and upload on the right.

Concurrency: every answer (page chat and the /chat API) shares one concurrency group, so at most
CHAT_CONCURRENCY answers run at once on the 2 cores while the rest wait in the queue; additions
(page upload, "Add by URL", /add_article API) share another group and run one at a time.
Answers never wait for an addition: each reads the engine's current view of the index, which an
addition replaces only once it is complete.

Read-only (RAG_APP_READONLY=1): no "Add article" tab and no event that adds at all; the
/add_article API stays, to refuse with the read-only message.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import gradio as gr

from rag.compose.overview import OVERVIEW_QUESTION
from rag.ledger_map.graph import MAP_KINDS
from rag.ui.answer_view import FLAG_STYLE
from rag.ui.api import make_api
from rag.ui.chat import make_responder
from rag.ui.ledger_view import ALL, KINDS, PANEL_KINDS, panel_html
from rag.ui.map_view import ALL_DOCS, MapCache, kind_choices, map_html
from rag.ui.page_state import page_state, titles
from rag.ui.settings import CHAT_CONCURRENCY, EXAMPLE_SLOTS, OVERVIEW_BUTTON
from rag.ui.timeline_view import timeline_html
from rag.ui.upload import UploadDesk

if TYPE_CHECKING:
    from rag.engine import Engine

INTRO = ("<h2 style='margin:0'>Discrepancy tracker</h2><p style='margin:.2rem 0'>Ask about the "
         "loaded news article(s). Every sentence of an answer cites the article: click a "
         "<b>[n]</b> to see the exact words. Flags mark claims that are "
         + " / ".join(f"<span class='rag-badge rag-badge-{k}'>{FLAG_STYLE[k][0]} {k}</span>"
                      for k in KINDS)
         + ".</p>")


def _slot(examples: list[str], i: int) -> str:
    return examples[i] if i < len(examples) else "…"


def build_app(engine: Engine, desk: UploadDesk | None = None) -> gr.Blocks:
    desk = desk or UploadDesk(engine, engine.config.uploads_per_minute)
    maps = MapCache()
    page_size = engine.config.map_page_size
    start = page_state(engine, maps=maps, page_size=page_size, can_add=not desk.read_only)
    api_chat, api_ledger, api_add, api_map = make_api(engine, desk, maps)
    respond = make_responder(engine, lambda: titles(engine.documents()))

    with gr.Blocks(title="Discrepancy tracker", fill_width=True) as demo:
        gr.HTML(INTRO)
        notice = gr.HTML(start.notice, elem_id="rag-notice")
        turns = gr.State([])
        with gr.Row(equal_height=False):
            with gr.Column(scale=5, min_width=380):
                chatbot = gr.Chatbot(
                    elem_id="rag-chat", height=620, label="Chat", latex_delimiters=[],
                    feedback_options=None, buttons=["copy"],
                    placeholder="Ask a question, or click an example below.")
                with gr.Row():
                    question = gr.Textbox(
                        elem_id="rag-question", show_label=False, scale=8, lines=1,
                        max_lines=4, placeholder="Ask about the article…", autofocus=True)
                    ask = gr.Button("Ask", variant="primary", elem_id="rag-ask", scale=1,
                                    min_width=80)
                with gr.Row(elem_id="rag-examples"):
                    examples = [gr.Button(_slot(start.examples, i), size="sm",
                                          elem_classes=["rag-example"],
                                          visible=i < len(start.examples))
                                for i in range(EXAMPLE_SLOTS)]
                with gr.Row():
                    disputed = gr.Button(OVERVIEW_BUTTON, size="sm", elem_id="rag-overview",
                                         variant="secondary")
                    clear = gr.Button("Clear chat", size="sm", elem_id="rag-clear")
            with gr.Column(scale=6, min_width=420):
                with gr.Tabs(elem_id="rag-tabs"):
                    with gr.Tab("Article", id="article", elem_id="rag-tab-article"):
                        viewer = gr.HTML(start.viewer, elem_id="rag-viewer")
                    with gr.Tab("Discrepancies", id="ledger", elem_id="rag-tab-ledger"):
                        with gr.Row():
                            kind = gr.Radio([ALL, *PANEL_KINDS], value=ALL, label="Kind",
                                            elem_id="rag-kind")
                            source = gr.Dropdown(start.sources, value=ALL, label="Source",
                                                 elem_id="rag-source", filterable=True)
                        panel = gr.HTML(start.panel, elem_id="rag-panel")
                        exports = gr.File(start.exports, label="Export the ledger (JSON, CSV, "
                                          "Markdown)", file_count="multiple", interactive=False,
                                          elem_id="rag-exports")
                    with gr.Tab("Map", id="map", elem_id="rag-tab-map"):
                        map_kinds = gr.CheckboxGroup(kind_choices(), value=list(MAP_KINDS),
                                                     label="Show", elem_id="rag-map-kinds")
                        with gr.Row():
                            map_doc = gr.Dropdown(start.doc_choices, value=ALL_DOCS,
                                                  label="Document", elem_id="rag-map-doc",
                                                  scale=4)
                            map_page = gr.Number(1, label="Page", minimum=1, precision=0,
                                                 elem_id="rag-map-page", scale=1,
                                                 min_width=80)
                        map_panel = gr.HTML(start.map, elem_id="rag-map-panel")
                    with gr.Tab("Figures", id="figures", elem_id="rag-tab-figures"):
                        figures_doc = gr.Dropdown(start.doc_choices, value=ALL_DOCS,
                                                  label="Document", elem_id="rag-figures-doc")
                        figures = gr.HTML(start.timeline, elem_id="rag-figures")
                    if not desk.read_only:
                        with gr.Tab("Add article", id="add", elem_id="rag-tab-add"):
                            upload = gr.File(label="Upload an article (.txt, .md, .html, .pdf, "
                                             ".docx)", type="filepath", elem_id="rag-upload")
                            with gr.Row():
                                url = gr.Textbox(label="Add by URL", elem_id="rag-url", scale=8,
                                                 placeholder="https://www.example.com/news/story",
                                                 max_lines=1)
                                fetch = gr.Button("Fetch and add", elem_id="rag-url-add",
                                                  scale=2, min_width=120)
                            upload_source = gr.Textbox(label="Source / outlet (optional; "
                                                       "overrides what the page or file says)",
                                                       elem_id="rag-upload-source")
                            status = gr.HTML("", elem_id="rag-upload-status")

        # ---- chat -----------------------------------------------------------------------------
        chat_io: dict[str, Any] = dict(
            fn=respond, inputs=[question, chatbot, turns], outputs=[chatbot, turns, question],
            concurrency_limit=CHAT_CONCURRENCY, concurrency_id="answer",
            api_visibility="private")
        question.submit(**chat_io)
        ask.click(**chat_io)
        for button in examples:   # the label is read at click time: it changes on upload
            button.click(lambda label: label, inputs=button, outputs=question,
                         api_visibility="private", queue=False).then(**chat_io)
        disputed.click(lambda: OVERVIEW_QUESTION, outputs=question, api_visibility="private",
                       queue=False).then(**chat_io)
        clear.click(lambda: ([], [], ""), outputs=[chatbot, turns, question],
                    api_visibility="private", queue=False)

        # ---- discrepancy panel ----------------------------------------------------------------
        def filter_panel(kind_value: str, source_value: str) -> str:
            return panel_html(engine.ledger().to_dict(), engine.documents(), kind_value,
                              source_value)

        for control in (kind, source):
            control.change(filter_panel, inputs=[kind, source], outputs=panel,
                           api_visibility="private")

        # ---- map and figures -------------------------------------------------------------------
        def draw_map(kinds_value: list[str] | None, doc_value: str | None,
                     page_value: float | None) -> str:
            graph = maps.get(engine.ledger(), engine.documents())
            return map_html(graph, list(kinds_value or []), doc_value,
                            max(1, int(page_value or 1)), page_size)

        map_io: dict[str, Any] = {"fn": draw_map, "inputs": [map_kinds, map_doc, map_page],
                                  "outputs": map_panel, "api_visibility": "private"}
        map_kinds.change(**map_io)
        map_page.change(**map_io)
        # a new document or kind filter starts again at page 1
        map_doc.change(lambda: 1, outputs=map_page, api_visibility="private", queue=False
                       ).then(**map_io)

        def draw_figures(doc_value: str | None) -> str:
            doc = None if doc_value in (None, "", ALL_DOCS) else doc_value
            ledger, documents = engine.ledger(), engine.documents()
            return timeline_html({}, documents, doc, maps.series(ledger, documents))

        figures_doc.change(draw_figures, inputs=figures_doc, outputs=figures,
                           api_visibility="private")

        # ---- page state: at load (another process may have ingested) and after an upload -----
        everything = [notice, viewer, panel, source, exports, map_panel, map_doc, figures,
                      figures_doc, *examples]
        filters = [kind, source, map_kinds, map_doc, map_page, figures_doc]

        def refresh(kind_value: str = ALL, source_value: str = ALL,
                    kinds_value: list[str] | None = None, map_doc_value: str = ALL_DOCS,
                    page_value: float | None = 1, figures_doc_value: str = ALL_DOCS,
                    active_doc: str | None = None) -> tuple[Any, ...]:
            state = page_state(engine, kind_value, source_value, active_doc, maps=maps,
                               map_kinds=list(kinds_value) if kinds_value is not None else None,
                               map_doc=map_doc_value or ALL_DOCS,
                               map_page=max(1, int(page_value or 1)),
                               figures_doc=figures_doc_value or ALL_DOCS, page_size=page_size,
                               can_add=not desk.read_only)
            value = source_value if source_value in state.sources else ALL
            docs = {v for _, v in state.doc_choices or []}
            buttons = [gr.Button(value=_slot(state.examples, i),
                                 visible=i < len(state.examples))
                       for i in range(EXAMPLE_SLOTS)]
            return (state.notice, state.viewer, state.panel,
                    gr.Dropdown(choices=state.sources, value=value), state.exports, state.map,
                    gr.Dropdown(choices=state.doc_choices,
                                value=map_doc_value if map_doc_value in docs else ALL_DOCS),
                    state.timeline,
                    gr.Dropdown(choices=state.doc_choices,
                                value=figures_doc_value if figures_doc_value in docs
                                else ALL_DOCS), *buttons)

        demo.load(refresh, inputs=filters, outputs=everything, api_visibility="private")

        def on_upload(path: str | None, source_name: str, kind_value: str, source_value: str,
                      kinds_value: list[str] | None, map_doc_value: str, page_value: float,
                      figures_doc_value: str, request: gr.Request) -> tuple[Any, ...]:
            result = desk.add(path, source_name, request, "page")
            if not result.ok:   # refused: nothing changed, so nothing else is re-rendered
                return (result.html(), *[gr.skip()] * len(everything))
            active = result.doc_ids[0] if result.doc_ids else None
            return (result.html(), *refresh(kind_value, source_value, kinds_value,
                                            map_doc_value, page_value, figures_doc_value,
                                            active))

        def on_url(address: str, source_name: str, kind_value: str, source_value: str,
                   kinds_value: list[str] | None, map_doc_value: str, page_value: float,
                   figures_doc_value: str, request: gr.Request) -> tuple[Any, ...]:
            result = desk.add_url(address, source_name, request, "page")
            if not result.ok:
                return (result.html(), *[gr.skip()] * len(everything))
            active = result.doc_ids[0] if result.doc_ids else None
            return (result.html(), *refresh(kind_value, source_value, kinds_value,
                                            map_doc_value, page_value, figures_doc_value,
                                            active))

        if not desk.read_only:   # read-only: no event that adds exists at all
            upload.upload(on_upload, inputs=[upload, upload_source, *filters],
                          outputs=[status, *everything], concurrency_limit=1,
                          concurrency_id="ingest", api_visibility="private")
            url_io: dict[str, Any] = dict(
                fn=on_url, inputs=[url, upload_source, *filters],
                outputs=[status, *everything], concurrency_limit=1, concurrency_id="ingest",
                api_visibility="private")
            fetch.click(**url_io)
            url.submit(**url_io)

        # ---- the stable API for gradio_client --------------------------------------------------
        gr.api(api_chat, api_name="chat", concurrency_limit=CHAT_CONCURRENCY,
               concurrency_id="answer")
        gr.api(api_ledger, api_name="ledger")
        gr.api(api_map, api_name="ledger_map")
        gr.api(api_add, api_name="add_article", concurrency_limit=1, concurrency_id="ingest")
    return demo
