"""Words that carry no topic: one list, rag/lexicon/stopwords.json, read once.

`QUESTION_WORDS` are skipped when a question's content terms are found (rag.compose.terms);
`SUPPORT_WORDS` when a generated sentence's words are looked up in its cited passages
(rag.llm.lexical). Both share the file's `common` list.
"""
from __future__ import annotations

from rag.lexicon import words

COMMON = words("stopwords", "common")
QUESTION_WORDS = COMMON | words("stopwords", "question")
SUPPORT_WORDS = COMMON | words("stopwords", "support")
