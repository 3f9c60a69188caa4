"""Split an article into blocks (paragraph-like units) keeping a map back to raw offsets.

A block's `clean` text is what a reader sees (markup removed, entities decoded); `offsets[i]` is
the raw-file offset of `clean[i]`, so any clean span maps back to an exact span of the file.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser


@dataclass(frozen=True)
class Block:
    clean: str
    offsets: tuple[int, ...]    # raw offset where each clean character starts
    ends: tuple[int, ...]       # raw offset where each clean character ends (entities: > +1)
    hint: str = ""              # markup hint: "h1", "h2", "caption", "link", "quote", "li", ...

    @property
    def start(self) -> int:
        return self.offsets[0]

    @property
    def end(self) -> int:
        return self.ends[-1]

    def raw_span(self, clean_start: int, clean_end: int) -> tuple[int, int]:
        """Raw [start, end) covering clean[clean_start:clean_end]."""
        return self.offsets[clean_start], self.ends[clean_end - 1]


def _trimmed(clean: str, offsets: list[int], hint: str,
             ends: list[int] | None = None) -> Block | None:
    left = len(clean) - len(clean.lstrip())
    right = len(clean.rstrip())
    if right <= left:
        return None
    ends = ends if ends is not None else [o + 1 for o in offsets]
    return Block(clean[left:right], tuple(offsets[left:right]), tuple(ends[left:right]), hint)


def text_blocks(text: str) -> list[Block]:
    """Plain text: one block per non-blank line (the articles here hold one paragraph a line)."""
    blocks: list[Block] = []
    for match in re.finditer(r"[^\r\n]+", text):
        line = match.group()
        block = _trimmed(line, list(range(match.start(), match.end())), "")
        if block:
            blocks.append(block)
    return blocks


_MD_PREFIX = re.compile(r"^(#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_IMAGE = re.compile(r"^!\[[^\]]*\]\([^)]*\)\s*$")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)")


def markdown_blocks(text: str) -> list[Block]:
    """Markdown: a line is a block; '#' headings, '>' quotes and links keep a hint."""
    blocks: list[Block] = []
    for match in re.finditer(r"[^\r\n]+", text):
        line, base = match.group(), match.start()
        if _MD_IMAGE.match(line.strip()):
            hint = "caption"
        else:
            hint = ""
        chars: list[str] = []
        offsets: list[int] = []
        prefix = _MD_PREFIX.match(line)
        pos = 0
        if prefix:
            marker = prefix.group().strip()
            hint = "h1" if marker == "#" else "h2" if marker.startswith("#") else (
                "quote" if marker.startswith(">") else "li")
            pos = prefix.end()
        only_link = bool(_MD_LINK.fullmatch(line[pos:].strip()))
        while pos < len(line):
            link = _MD_LINK.match(line, pos)
            if link:  # keep the link's words, drop its address
                for i in range(link.start(1), link.end(1)):
                    chars.append(line[i])
                    offsets.append(base + i)
                pos = link.end()
                continue
            emphasis = _MD_EMPHASIS.match(line, pos)
            if emphasis:
                pos = emphasis.end()
                continue
            chars.append(line[pos])
            offsets.append(base + pos)
            pos += 1
        block = _trimmed("".join(chars), offsets, "link" if only_link and not hint else hint)
        if block:
            blocks.append(block)
    return blocks


_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "figcaption", "blockquote",
               "title", "div", "section", "article", "header", "footer", "td", "caption", "dt",
               "dd", "pre", "br", "tr", "ul", "ol", "figure", "aside", "nav", "main"}
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object"}
_HINT_TAGS = {"h1": "h1", "title": "title", "h2": "h2", "h3": "h2", "h4": "h2", "h5": "h2",
              "h6": "h2", "figcaption": "caption", "caption": "caption", "blockquote": "quote",
              "li": "li", "aside": "aside", "nav": "nav", "footer": "footer"}


class _HTMLBlockParser(HTMLParser):
    """Collect visible text per block element, with the raw offset of every character."""

    def __init__(self, raw: str) -> None:
        super().__init__(convert_charrefs=False)
        self.raw = raw
        self.line_starts = [0] + [m.end() for m in re.finditer(r"\n", raw)]
        self.blocks: list[Block] = []
        self.chars: list[str] = []
        self.offsets: list[int] = []
        self.ends: list[int] = []
        self.hints: list[str] = []
        self.skip_depth = 0
        self.link_chars = 0
        self._in_link = False

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _flush(self) -> None:
        hint = next((h for h in reversed(self.hints) if h), "")
        if self.chars and self.link_chars >= len("".join(self.chars).strip()) > 0 and not hint:
            hint = "link"
        # collapse runs of whitespace so sentences read naturally; keep offsets of kept chars
        chars: list[str] = []
        offsets: list[int] = []
        ends: list[int] = []
        for ch, off, end in zip(self.chars, self.offsets, self.ends):
            if ch.isspace():
                if chars and chars[-1] == " ":
                    continue
                ch = " "
            chars.append(ch)
            offsets.append(off)
            ends.append(end)
        block = _trimmed("".join(chars), offsets, hint, ends)
        if block:
            self.blocks.append(block)
        self.chars, self.offsets, self.ends, self.link_chars = [], [], [], 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skip_depth += 1
            return
        if tag in _BLOCK_TAGS:
            self._flush()
            self.hints.append(_HINT_TAGS.get(tag, ""))
        if tag == "a":
            self.hints.append("")
            self._in_link = True

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if tag == "a":
            self._in_link = False
            if self.hints:
                self.hints.pop()
        if tag in _BLOCK_TAGS:
            self._flush()
            if self.hints:
                self.hints.pop()

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        start = self._pos()
        self.chars.extend(data)
        self.offsets.extend(range(start, start + len(data)))
        self.ends.extend(range(start + 1, start + len(data) + 1))
        if self._in_link:
            self.link_chars += len(data.strip())

    def _entity(self, text: str) -> None:
        if self.skip_depth:
            return
        start = self._pos()
        # every decoded character stands for the whole entity, so any span covers it exactly
        for ch in html.unescape(text):
            self.chars.append(ch)
            self.offsets.append(start)
            self.ends.append(start + len(text))

    def handle_entityref(self, name: str) -> None:
        self._entity(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._entity(f"&#{name};")

    def close(self) -> None:
        super().close()
        self._flush()


def html_blocks(text: str) -> list[Block]:
    parser = _HTMLBlockParser(text)
    parser.feed(text)
    parser.close()
    return parser.blocks


def split_blocks(text: str, fmt: str) -> list[Block]:
    if fmt == "html":
        return html_blocks(text)
    if fmt == "markdown":
        return markdown_blocks(text)
    return text_blocks(text)
