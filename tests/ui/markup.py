"""HTML helpers for the view tests: parse a fragment, check that it runs nothing."""
from __future__ import annotations

from html.parser import HTMLParser

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'


class Tree(HTMLParser):
    """Collects tags, attributes and the text inside a chosen element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Tree:
    tree = Tree()
    tree.feed(html)
    tree.close()
    return tree


def assert_inert(html: str) -> None:
    tags = {t for t, _ in parse(html).tags}
    assert "script" not in tags and "img" not in tags
    assert not any(k.startswith("on") for _, attrs in parse(html).tags for k in attrs)
