"""A circuit breaker per external dependency: after repeated failures, calls go to the fallback.

closed → (failures ≥ threshold) → open → (after `reset_after_s`) → half-open: one trial call;
success closes it, failure opens it again. State is per process (each worker learns on its own).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class CircuitBreaker:
    """Counts consecutive failures of one dependency."""

    threshold: int = 5
    reset_after_s: float = 30.0
    clock: Callable[[], float] = time.monotonic
    failures: int = 0
    opened_at: float | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def state(self) -> str:
        """`closed`, `open` or `half-open`."""
        if self.opened_at is None:
            return "closed"
        return "half-open" if self.clock() - self.opened_at >= self.reset_after_s else "open"

    def allow(self) -> bool:
        """Whether a call may go to the dependency now."""
        with self._lock:
            return self.state != "open"

    def record(self, ok: bool) -> None:
        """Record the result of a call."""
        with self._lock:
            if ok:
                self.failures, self.opened_at = 0, None
                return
            self.failures += 1
            if self.failures >= self.threshold or self.opened_at is not None:
                self.opened_at = self.clock()


class Breakers:
    """The breakers of one process, by dependency name."""

    def __init__(self, threshold: int = 5, reset_after_s: float = 30.0) -> None:
        self._threshold = threshold
        self._reset_after_s = reset_after_s
        self._breakers: dict[str, CircuitBreaker] = {}
        self._lock = threading.Lock()

    def get(self, dependency: str) -> CircuitBreaker:
        """The breaker of `dependency`."""
        with self._lock:
            if dependency not in self._breakers:
                self._breakers[dependency] = CircuitBreaker(self._threshold, self._reset_after_s)
            return self._breakers[dependency]
