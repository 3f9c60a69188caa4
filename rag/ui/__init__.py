"""The browser surface: Gradio layout, HTML rendering, exports and the upload handler.

Everything here calls `rag.engine.Engine`; nothing in the library imports this package.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import gradio as gr

    from rag.engine import Engine

__all__ = ["build_app", "launch"]


# Lazy imports keep `import rag.ui` cheap (Gradio alone takes seconds to import).
def build_app(engine: Engine) -> gr.Blocks:
    from rag.ui.layout import build_app as _build

    return _build(engine)


def launch(engine: Engine | None = None, **kwargs: Any) -> gr.Blocks:
    from rag.ui.server import launch as _launch

    return _launch(engine, **kwargs)
