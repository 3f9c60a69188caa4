"""UI constants in one place (kept free of heavy imports so the server can start the Engine
and its warm-up before Gradio is even imported)."""
from __future__ import annotations

# Answers in flight at once (page chat and /chat API share the group). Retrieval is CPU-bound
# on 2 cores, so more would only interleave; the queue holds the rest in order.
CHAT_CONCURRENCY = 4
# Earlier turns passed to the composer: older ones cannot help resolve "it"/"they" and
# only slow it down (page chat and /chat API alike).
MAX_HISTORY_TURNS = 6
# Beyond this many waiting events a client is told the queue is full instead of waiting minutes.
QUEUE_MAX = 64

# One-click example buttons: made from the loaded articles (rag.compose.examples), refreshed after
# every upload; this many slots exist on the page (unused ones are hidden).
EXAMPLE_SLOTS = 4
OVERVIEW_BUTTON = "What is disputed here?"
