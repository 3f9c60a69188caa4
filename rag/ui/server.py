"""Start the app: check who may reach it, open the Engine, build the page, enable the queue,
listen on 127.0.0.1 (or RAG_APP_HOST, with a login or an explicit RAG_APP_ALLOW_OPEN=1).

The first answer needs the embedder, BM25 and the composer (~10 s cold on 2 cores). A warm-up
thread loads them once the server listens, at low CPU priority: starting it earlier (overlapping
the Gradio import) delayed the ready page by several seconds in measurements, and a user
usually takes that long to read the page and type a question.
"""
from __future__ import annotations

import logging
import os
import threading
from typing import TYPE_CHECKING

from rag.config import load_config
from rag.ui.settings import CHAT_CONCURRENCY, QUEUE_MAX

if TYPE_CHECKING:
    import gradio as gr

    from rag.engine import Engine

log = logging.getLogger(__name__)


def warm_up(engine: Engine) -> None:
    """Load the embedder, BM25 and the composer before the first user waits for them."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)  # this thread only
    except (AttributeError, OSError):
        pass
    try:
        engine.ask("warm up")
    except Exception:  # a cold first answer is slower, never broken
        log.debug("warm-up skipped", exc_info=True)


def launch(engine: Engine | None = None, host: str | None = None, port: int | None = None,
           block: bool = True, warm: bool = True) -> gr.Blocks:
    from rag.engine import Engine
    from rag.ui.access import check_exposure, login_for

    config = load_config()
    host = host or config.app_host
    port = port or config.app_port
    read_only = engine.read_only if engine is not None else config.app_readonly
    # Before the index is even opened: an app nobody may reach openly never starts openly.
    login = login_for(config)
    check_exposure(host, port, config, login=login is not None, read_only=read_only)
    engine = engine or Engine(config, read_only=read_only)

    import gradio as gr

    from rag.ui.layout import build_app
    from rag.ui.page_script import HEAD
    from rag.ui.style import CSS
    from rag.ui.upload import UploadDesk

    demo = build_app(engine, UploadDesk(engine, config.uploads_per_minute))
    demo.queue(default_concurrency_limit=CHAT_CONCURRENCY, max_size=QUEUE_MAX)
    demo.launch(server_name=host, server_port=port,
                share=False, theme=gr.themes.Soft(), css=CSS, head=HEAD, show_error=True,
                # Gradio awaits an async auth callable; its annotation names only plain ones
                prevent_thread_lock=True, quiet=not block, auth=login,  # type: ignore[arg-type]
                auth_message="Sign in with the name and password from `rag users add`.",
                # The reader's largest limit (RAG_MAX_DOCUMENT_BYTES for PDF and Word,
                # RAG_MAX_FILE_BYTES for text), enforced already where Gradio receives the
                # bytes; the reader then applies each format's own limit, as on the CLI.
                # Read-only keeps it too: a client's file must reach /add_article to get the
                # read-only message (which then deletes it).
                max_file_size=max(config.max_file_bytes, config.max_document_bytes))
    log.info("app listening on http://%s:%d (%s%s)", host, port,
             "login required" if login else "no login",
             ", read-only" if read_only else "")
    if warm:
        threading.Thread(target=warm_up, args=(engine,), daemon=True, name="warm-up").start()
    if block:
        demo.block_thread()
    return demo
