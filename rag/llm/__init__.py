"""The optional LLM path: the model writes from numbered passages; every sentence is then checked.

Nothing here imports an LLM package at import time; `llm_from_config` imports the chosen backend.
"""
from rag.llm.answerer import LLMAnswerer
from rag.llm.backends import llm_from_config
from rag.llm.records import GeneratedSentence, Generation

__all__ = ["GeneratedSentence", "Generation", "LLMAnswerer", "llm_from_config"]
