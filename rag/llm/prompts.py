"""Render the prompt templates in `prompts/` with the passages, conversation and question as data.

Article text, earlier turns and the question are untrusted. They are placed inside delimited
blocks, flattened to one line each and stripped of anything that could close a block, so nothing
in them can pose as a new passage, a new block or an instruction from us.
"""
from __future__ import annotations

import re
from pathlib import Path
from string import Template

from rag.citations import MARKER_RUN
from rag.config import PROJECT_ROOT
from rag.errors import LLMError
from rag.records import Passage, Turn

PROMPT_DIR = PROJECT_ROOT / "prompts"
ABSTAIN_MARKER = "The passages do not answer this question."
HISTORY_TURNS = 3          # earlier turns kept for follow-up questions
HISTORY_ANSWER_CHARS = 600

_SPACE = re.compile(r"\s+")


def load_template(name: str, prompt_dir: Path | None = None) -> Template:
    path = (prompt_dir or PROMPT_DIR) / name
    try:
        return Template(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LLMError(f"Prompt template {path} cannot be read: {exc.strerror or exc}.") from exc


def as_data(text: str) -> str:
    """One line of inert text: no newlines (so no fake "[n]" lines), no angle-bracket tags."""
    flat = _SPACE.sub(" ", text).strip()
    return flat.replace("<", "‹").replace(">", "›")


def passage_block(passages: list[Passage]) -> str:
    return "\n".join(f"[{i}] {as_data(p.clean_text or p.text)}"
                     for i, p in enumerate(passages, start=1))


def history_block(history: list[Turn]) -> str:
    lines = []
    for question, answer in history[-HISTORY_TURNS:]:
        # old [n] markers point at another turn's numbering; they would only confuse the model
        answer = MARKER_RUN.sub("", answer or "")[:HISTORY_ANSWER_CHARS]
        lines.append(f"Analyst: {as_data(question or '')}")
        lines.append(f"Assistant: {as_data(answer)}")
    return "\n".join(lines) if lines else "(none)"


def render(question: str, passages: list[Passage], history: list[Turn],
           prompt_dir: Path | None = None) -> tuple[str, str]:
    """(system prompt, user prompt)."""
    system = load_template("system.txt", prompt_dir).substitute(abstain_marker=ABSTAIN_MARKER)
    user = load_template("answer.txt", prompt_dir).substitute(
        passages=passage_block(passages), history=history_block(history),
        question=as_data(question), n=len(passages), abstain_marker=ABSTAIN_MARKER)
    return system, user
