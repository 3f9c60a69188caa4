"""Phase timing hooks: the library names its phases, whoever wants timings listens.

    from rag.timing import on_phase
    spent = {}
    with on_phase(lambda name, seconds: spent.update({name: spent.get(name, 0) + seconds})):
        engine.ingest(paths)

Ingest and the ledger build mark their phases (`with phase("ingest: embed passages"):`); the
benchmarks read them instead of patching library functions, so a rename cannot silently break a
measurement. Listeners are per context (thread), and without one a phase costs a lookup.

Phases: "ingest: parse files", "ingest: embed passages", "ingest: chroma lookup",
"ingest: chroma add", "ingest: manifest switch", "ingest: chroma delete", "ingest: ledger";
"ledger: parse", "ledger: extract claims", "ledger: embed claims", "ledger: pair candidates",
"ledger: rule <name>" (one per rule), "ledger: nli", "ledger: save".
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

PhaseCallback = Callable[[str, float], None]   # (phase name, seconds)

_LISTENERS: ContextVar[tuple[PhaseCallback, ...]] = ContextVar("rag_phase_listeners",
                                                               default=())


@contextmanager
def on_phase(callback: PhaseCallback) -> Iterator[None]:
    """Call `callback(name, seconds)` after every phase that ends inside the block."""
    token = _LISTENERS.set((*_LISTENERS.get(), callback))
    try:
        yield
    finally:
        _LISTENERS.reset(token)


@contextmanager
def phase(name: str) -> Iterator[None]:
    """Mark a phase of the library's work (reported even when it raises)."""
    listeners = _LISTENERS.get()
    if not listeners:
        yield
        return
    started = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - started
        for listener in listeners:
            listener(name, elapsed)


class PhaseTimes:
    """A listener that adds up seconds and counts per phase."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}

    def __call__(self, name: str, seconds: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds
        self.calls[name] = self.calls.get(name, 0) + 1

    def snapshot(self) -> dict[str, tuple[float, int]]:
        return {name: (self.seconds[name], self.calls[name]) for name in self.seconds}
