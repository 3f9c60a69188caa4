"""Blocks: paragraph-like units of a file, each character mapped back to its raw offsets."""
from __future__ import annotations

import pytest

from rag.blocks import split_blocks


def spans_are_exact(text: str, fmt: str) -> None:
    for block in split_blocks(text, fmt):
        assert len(block.offsets) == len(block.ends) == len(block.clean)
        for i, ch in enumerate(block.clean):
            raw = text[block.offsets[i]:block.ends[i]]
            assert raw == ch or raw.startswith("&"), (ch, raw)   # entities decode to one char


def test_plain_text_is_one_block_per_line_trimmed() -> None:
    text = "Headline here\r\n\r\n  Officials said 12 died.  \n\nSource: Wire\n"
    blocks = split_blocks(text, "text")
    assert [b.clean for b in blocks] == ["Headline here", "Officials said 12 died.",
                                         "Source: Wire"]
    assert text[blocks[1].start:blocks[1].end] == "Officials said 12 died."
    spans_are_exact(text, "text")


def test_markdown_markup_is_removed_and_headings_hinted() -> None:
    text = "# The title\n\nSome **bold** claim with [a link](http://x) said.\n"
    blocks = split_blocks(text, "markdown")
    assert blocks[0].clean == "The title" and blocks[0].hint == "h1"
    assert blocks[1].clean == "Some bold claim with a link said."
    start, end = blocks[1].raw_span(0, len(blocks[1].clean))
    assert text[start:end].startswith("Some **bold**") and text[start:end].endswith("said.")


@pytest.mark.parametrize("markup", ["<p>Police said 3 &amp; 4 were hurt.</p>",
                                    "<div><p>Police said 3 &amp; 4 were hurt.</p></div>"])
def test_html_entities_decode_and_map_back(markup: str) -> None:
    text = f"<html><body><h1>Title</h1>{markup}<script>x()</script></body></html>"
    blocks = split_blocks(text, "html")
    assert [b.clean for b in blocks] == ["Title", "Police said 3 & 4 were hurt."]
    assert blocks[0].hint == "h1"
    start, end = blocks[1].raw_span(0, len(blocks[1].clean))
    assert text[start:end] == "Police said 3 &amp; 4 were hurt."
    spans_are_exact(text, "html")
