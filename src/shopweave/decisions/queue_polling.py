"""How often DBOS looks at each queue: often while the queue has work, seldom while it is idle.

Every worker polls every queue, and a poll costs a few milliseconds of CPU (on PostgreSQL, two
statements and a transaction): six queues polled every 0.05 s kept an idle worker at half a core
and halved its throughput. Most queues are idle most of the time (inline actions and in-process
ingest use none), so each queue is polled at the idle interval until this process enqueues work
on it, then at the busy interval until it has enqueued nothing there for `linger_s`.

The interval is DBOS's queue setting, stored in the system database and re-read by every worker
before each poll, so the worker that enqueues switches all of them. Only the dispatching worker
switches queues back to idle (`tick`), so workers never fight over the setting; it also writes
each queue's setting again every `reassert_s`, so one left behind (a worker that started up
meanwhile registered its queues idle, or a dispatcher that died while a queue was busy) is put
right. Work enqueued by another process (a replay from the CLI) starts within the idle interval.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)


class QueuePolling:
    """Switches each tracked DBOS queue between a busy and an idle polling interval."""

    def __init__(
        self,
        busy_s: float,
        idle_s: float,
        linger_s: float = 10.0,
        reassert_s: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.busy_s = busy_s
        self.idle_s = max(idle_s, busy_s)
        self._linger_s = linger_s
        self._reassert_s = reassert_s
        self._clock = clock
        self._queues: dict[str, Any] = {}
        self._last_used: dict[str, float] = {}
        self._busy: set[str] = set()
        self._written_at: dict[str, float] = {}
        self._lock = threading.Lock()

    def track(self, queue: Any) -> None:
        """Take charge of `queue` (a DBOS queue registered at the idle interval)."""
        with self._lock:
            self._queues[queue.name] = queue
            self._written_at[queue.name] = self._clock()

    def interval(self, name: str) -> float:
        """The interval this process last set for queue `name`."""
        with self._lock:
            return self.busy_s if name in self._busy else self.idle_s

    def used(self, name: str) -> None:
        """Work was just enqueued on queue `name`: poll it at the busy interval."""
        now = self._clock()
        with self._lock:
            self._last_used[name] = now
            stale = now - self._written_at.get(name, now) > self._reassert_s / 6
            if name not in self._queues or (name in self._busy and not stale):
                return
            self._busy.add(name)
            self._written_at[name] = now
            # Written under the lock, so a concurrent `tick` cannot overtake it with "idle".
            self._write(name, self.busy_s)

    def tick(self) -> None:
        """Idle queues go back to the idle interval; every setting is written again now and then."""
        now = self._clock()
        with self._lock:
            for name in self._queues:
                busy = now - self._last_used.get(name, -float("inf")) < self._linger_s
                changed = busy != (name in self._busy)
                if changed or now - self._written_at[name] >= self._reassert_s:
                    (self._busy.add if busy else self._busy.discard)(name)
                    self._written_at[name] = now
                    self._write(name, self.busy_s if busy else self.idle_s)

    def _write(self, name: str, seconds: float) -> None:
        try:
            self._queues[name].set_polling_interval_sec(seconds)
        except Exception:  # the next tick writes it again
            log.exception("could not set the polling interval of queue %s", name)
