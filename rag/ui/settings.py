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

# Shown as one-click buttons; they fit the shipped article, and any question can be typed.
EXAMPLE_QUESTIONS = [
    "How many Turkish soldiers were killed?",
    "How many regime troops did Turkey say it killed?",
    "What did Russia say about the Turkish soldiers?",
    "Who could not confirm the reported deaths?",
]
