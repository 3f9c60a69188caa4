"""Classifying blocks: body text becomes passages, page furniture stays metadata."""
from __future__ import annotations

from rag.blocks import split_blocks
from rag.classify import classify_blocks


def kinds(text: str, fmt: str = "text") -> list[str]:
    return list(classify_blocks(split_blocks(text, fmt)))


def test_the_shape_of_a_scraped_page() -> None:
    text = "\n\n".join([
        "Ferry sinks off the coast",
        "Rescuers search for dozens of passengers as storms batter the port.",
        "At least 12 people were killed when the ferry sank on Monday, officials said.",
        "Survivors",
        "The coastguard said 40 people had been rescued by nightfall.",
        "Rescued passengers at the harbour [Jane Doe/Reuters]",
        "Read more: Storms hit the coast",
        "Source: North Wire",
    ])
    assert kinds(text) == ["headline", "standfirst", "body", "section_heading", "body",
                           "photo_caption", "related_link", "source_line"]


def test_bylines_and_datelines_are_furniture() -> None:
    text = "Title of a story\n\nBy Jane Doe\n\nPublished 2 May 2031\n\nOfficials said it rained."
    assert kinds(text) == ["headline", "byline", "dateline", "body"]


def test_markup_hints_decide_for_html() -> None:
    text = ("<html><body><h1>Title</h1><p>The mayor said the bridge was closed.</p>"
            "<h2>Reaction</h2><figcaption>A photo of the bridge.</figcaption></body></html>")
    assert kinds(text, "html") == ["headline", "body", "section_heading", "photo_caption"]
