"""Map extracted web-page text back to exact characters of the raw HTML.

trafilatura returns text without positions. The visible text of the raw page, with the offset of
every character (the hand-written parser in rag.blocks provides that, entities included), is
searched for each extracted block in reading order, ignoring whitespace (extractors re-space
text around inline tags). Where a whole block is not found, its words are placed one by one; a
word that cannot be found stays unmapped, so a span maps back only when both of its ends do.
"""
from __future__ import annotations

from rag.blocks import html_blocks

Run = tuple[int, int, int, int]     # (text_start, length, raw_start, raw_end), see model.Extracted
_WINDOW = 4000                      # how far ahead of the last match a lost word is looked for


class VisibleText:
    """The raw page's visible characters without whitespace, each with its raw [start, end)."""

    def __init__(self, raw: str) -> None:
        chars: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        for block in html_blocks(raw):
            for ch, s, e in zip(block.clean, block.offsets, block.ends):
                if not ch.isspace():
                    chars.append(ch)
                    starts.append(s)
                    ends.append(e)
        self.text = "".join(chars)
        self.starts = starts
        self.ends = ends


def align_block(visible: VisibleText, block: str, cursor: int) -> tuple[list[Run], int]:
    """Runs mapping `block` into the raw page, and the cursor after the match."""
    solid = [(i, ch) for i, ch in enumerate(block) if not ch.isspace()]
    needle = "".join(ch for _, ch in solid)
    if not needle:
        return [], cursor
    at = visible.text.find(needle, cursor)
    if at < 0:
        at = visible.text.find(needle)
    if at >= 0:
        return _runs([(i, at + k) for k, (i, _) in enumerate(solid)], visible), at + len(needle)
    pairs: list[tuple[int, int]] = []
    for word_start, word in _words(block):
        found = visible.text.find(word, cursor, cursor + _WINDOW + len(word))
        if found < 0:
            continue
        pairs.extend((word_start + k, found + k) for k in range(len(word)))
        cursor = found + len(word)
    return _runs(pairs, visible), cursor


def _words(block: str) -> list[tuple[int, str]]:
    words: list[tuple[int, str]] = []
    start = None
    for i, ch in enumerate(block + " "):
        if ch.isspace():
            if start is not None:
                words.append((start, block[start:i]))
                start = None
        elif start is None:
            start = i
    return words


def _runs(pairs: list[tuple[int, int]], visible: VisibleText) -> list[Run]:
    """Collapse (text index, visible index) pairs into runs of one-to-one raw characters."""
    runs: list[Run] = []
    for t, v in pairs:
        r0, r1 = visible.starts[v], visible.ends[v]
        if runs:
            rt, rn, rr0, rr1 = runs[-1]
            one_to_one = rr1 - rr0 == rn and r1 - r0 == 1
            if one_to_one and t == rt + rn and r0 == rr1:
                runs[-1] = (rt, rn + 1, rr0, r1)
                continue
        runs.append((t, 1, r0, r1))
    return runs
