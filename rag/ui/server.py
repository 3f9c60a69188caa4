"""Start the app: open the Engine, build the page, enable the queue, listen on 127.0.0.1.

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

    config = load_config()
    engine = engine or Engine(config)

    import gradio as gr

    from rag.ui.layout import build_app
    from rag.ui.page_script import HEAD
    from rag.ui.style import CSS

    demo = build_app(engine)
    demo.queue(default_concurrency_limit=CHAT_CONCURRENCY, max_size=QUEUE_MAX)
    demo.launch(server_name=host or config.app_host, server_port=port or config.app_port,
                share=False, theme=gr.themes.Soft(), css=CSS, head=HEAD, show_error=True,
                prevent_thread_lock=True, quiet=not block,
                # Refuse absurd uploads before they fill the disk; anything up to this size
                # reaches the reader, which explains its own (smaller) limit in the page.
                max_file_size=4 * config.max_file_bytes)
    if warm:
        threading.Thread(target=warm_up, args=(engine,), daemon=True, name="warm-up").start()
    if block:
        demo.block_thread()
    return demo
