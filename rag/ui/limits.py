"""A per-client limit on uploads per minute (RAG_UPLOADS_PER_MINUTE).

A sliding window: a client may start `per_minute` uploads in any 60 seconds. The client is the
signed-in user when the app has a login, else the connecting address (behind a reverse proxy
every client shares the proxy's address, so use a login there).
"""
from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class RateLimiter:
    def __init__(self, per_window: int, window_s: float = 60.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.per_window = per_window      # 0: no limit
        self.window_s = window_s
        self.clock = clock
        self._starts: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def acquire(self, key: str) -> float:
        """0.0 and counts the upload when `key` may start one now; otherwise the seconds until
        it may (nothing counted)."""
        if self.per_window <= 0:
            return 0.0
        now = self.clock()
        with self._lock:
            starts = self._starts.setdefault(key, deque())
            while starts and now - starts[0] >= self.window_s:
                starts.popleft()
            if len(starts) >= self.per_window:
                return max(0.1, self.window_s - (now - starts[0]))
            starts.append(now)
            if len(self._starts) > 10_000:   # forget idle clients so the table stays small
                for idle in [k for k, q in self._starts.items()
                             if not q or now - q[-1] >= self.window_s]:
                    del self._starts[idle]
            return 0.0
