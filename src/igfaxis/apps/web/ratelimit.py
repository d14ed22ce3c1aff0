"""In-memory login rate limit: at most ``max_failures`` failed logins per key (IP, username) in ``window_s``."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class RateLimiter:
    """Sliding-window failure counter. Thread-safe; state lives in this process only.

    Only keys with a failure inside the window are kept: checking a key never stores it, and keys whose failures
    have all expired are dropped, so a long-running server's memory does not grow with every username tried."""

    def __init__(self, *, max_failures: int = 5, window_s: float = 300.0,
                 clock: Callable[[], float] = time.monotonic, sweep_every: int = 1024) -> None:
        self.max_failures = max_failures
        self.window_s = window_s
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self._sweep_every = sweep_every
        self._since_sweep = 0

    def _recent(self, key: str, now: float) -> deque[float] | None:
        """``key``'s failures inside the window (None, and the key forgotten, when there are none)."""
        q = self._failures.get(key)
        if q is None:
            return None
        while q and now - q[0] > self.window_s:
            q.popleft()
        if not q:
            del self._failures[key]
            return None
        return q

    def blocked(self, *keys: str) -> float:
        """Seconds until a login may be tried again for any of ``keys`` (0: allowed now)."""
        now = self._clock()
        wait = 0.0
        with self._lock:
            for key in keys:
                q = self._recent(key, now)
                if q is not None and len(q) >= self.max_failures:
                    wait = max(wait, self.window_s - (now - q[0]))
        return wait

    def fail(self, *keys: str) -> None:
        now = self._clock()
        with self._lock:
            for key in keys:
                self._recent(key, now)  # expired failures out (the key too, if none is left)
                self._failures.setdefault(key, deque()).append(now)
            self._since_sweep += 1
            if self._since_sweep >= self._sweep_every:  # drop keys that failed once and were never checked again
                self._since_sweep = 0
                for key in list(self._failures):
                    self._recent(key, now)

    def reset(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)

    def tracked(self) -> int:
        """Keys currently remembered (those with a failure inside the window, until the next sweep). Not
        ``__len__``: an empty limiter must stay truthy where callers write ``limiter or RateLimiter()``."""
        with self._lock:
            return len(self._failures)
