"""HTML escaping in one place: every byte of user or article text goes through here.

Article text, questions and answers are untrusted (an article or question may contain `<script>`
or `<img onerror=...>`), and gr.HTML inserts our markup with innerHTML without sanitising, so
nothing may reach the page unescaped.
"""
from __future__ import annotations

import html
import re

_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_-]")


def esc(text: object) -> str:
    """Escape for element content and quoted attribute values."""
    return html.escape("" if text is None else str(text), quote=True)


def esc_exact(text: str) -> str:
    """Escape so the browser's text content equals `text` character for character.

    The HTML parser turns CR LF into LF, which would shift every later offset in the article
    viewer; a numeric reference keeps the CR.
    """
    return esc(text).replace("\r", "&#13;")


def safe_id(value: str) -> str:
    """A stable DOM id fragment from any id (passage ids contain ':')."""
    return _UNSAFE_ID.sub("-", value)


def esc_inline(text: str) -> str:
    """Like `esc_exact`, and with no literal newline left.

    Chatbot messages go through Markdown: raw HTML passes through untouched only until a blank
    line, so a newline inside article text could end our HTML block and let Markdown rewrite the
    rest. `&#10;` keeps the character without a line break in the source.
    """
    return esc_exact(text).replace("\n", "&#10;")
