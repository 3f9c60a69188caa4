"""The LLM writes an answer from numbered passages; each sentence is then checked, kept or dropped.

`generate` returns the checked Generation; `stream` yields the raw text as the backend streams it
and ends with the same checked Generation (the streamed text is provisional until then).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from rag.citations import CitedSentence, split_cited
from rag.config import Config
from rag.errors import LLMError
from rag.llm.backends import llm_from_config
from rag.llm.failures import MalformedResponse, to_llm_error
from rag.llm.prompts import ABSTAIN_MARKER, render
from rag.llm.records import GeneratedSentence, Generation
from rag.llm.support import SupportChecker
from rag.records import Passage, Turn


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


_MARKER = _letters(ABSTAIN_MARKER)
_LIST_MARKER = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+", re.MULTILINE)


def is_abstention(sentence: str) -> bool:
    return _MARKER in _letters(sentence)


def split_output(raw: str) -> list[CitedSentence]:
    """The model's sentences with their citations; list bullets and bold markup dropped."""
    return split_cited(_LIST_MARKER.sub("", raw.replace("**", "").replace("\r", "")))


def load_nli(config: Config) -> Any:
    """The NLI judge named by RAG_NLI_MODEL, or None when unset or rag.nli is not available."""
    if not config.nli_model:
        return None
    try:
        from rag.nli import load_nli_judge
    except ImportError:
        return None
    return load_nli_judge(config.nli_model)


class LLMAnswerer:
    def __init__(self, config: Config, embed: Callable[[list[str]], np.ndarray],
                 nli: Any = None) -> None:
        self.config = config
        self.llm = llm_from_config(config)
        self.checker = SupportChecker(embed, nli if nli is not None else load_nli(config))

    def messages(self, question: str, passages: list[Passage],
                 history: list[Turn]) -> list[Any]:
        from llama_index.core.llms import ChatMessage, MessageRole

        system, user = render(question, passages, history)
        return [ChatMessage(role=MessageRole.SYSTEM, content=system),
                ChatMessage(role=MessageRole.USER, content=user)]

    def generate(self, question: str, passages: list[Passage],
                 history: list[Turn]) -> Generation:
        if not passages:
            return Generation(abstained=True)
        try:
            response = self.llm.chat(self.messages(question, passages, history))
            raw = response.message.content
            if not isinstance(raw, str):
                raise MalformedResponse("the reply has no message text")
        except Exception as exc:  # every backend failure becomes one LLMError
            raise to_llm_error(exc, self.config) from exc
        return self.check(raw, passages)

    def stream(self, question: str, passages: list[Passage],
               history: list[Turn]) -> Iterator[str | Generation]:
        if not passages:
            yield Generation(abstained=True)
            return
        parts: list[str] = []
        try:
            for chunk in self.llm.stream_chat(self.messages(question, passages, history)):
                delta = chunk.delta or ""
                if delta:
                    parts.append(delta)
                    yield delta
        except LLMError:
            raise
        except Exception as exc:
            raise to_llm_error(exc, self.config) from exc
        if not parts:
            empty = MalformedResponse("the streamed reply carried no answer text")
            raise to_llm_error(empty, self.config)
        yield self.check("".join(parts), passages)

    def check(self, raw: str, passages: list[Passage]) -> Generation:
        """Split `raw` into sentences, resolve citations, keep the supported sentences."""
        generation = Generation(raw=raw)
        pending: list[tuple[str, list[int], list[int]]] = []
        for sentence in split_output(raw):
            if is_abstention(sentence.text):
                generation.abstained = True
                continue
            valid = [n - 1 for n in sentence.numbers if 1 <= n <= len(passages)]
            invalid = [n for n in sentence.numbers if not 1 <= n <= len(passages)]
            pending.append((sentence.text, valid, invalid))

        texts = [p.clean_text or p.text for p in passages]
        verdicts = self.checker.check_all([t for t, _, _ in pending], [v for _, v, _ in pending],
                                          texts)
        for (text, valid, invalid), verdict in zip(pending, verdicts):
            reason = verdict.reason
            if invalid:
                missing = ", ".join(f"[{n}]" for n in invalid)
                reason = (f"cites {missing}, which does not exist" if not valid
                          else f"{reason}; dropped citation {missing}, which does not exist")
            item = GeneratedSentence(text=text, cited=valid, supported=verdict.supported,
                                     support_score=round(verdict.score, 4), reason=reason)
            (generation.sentences if verdict.supported else generation.removed).append(item)
        return generation
