"""Running ingest workflows in this process: the embedded (SQLite, one process) fast path.

Enqueueing each event's ingest workflow on a DBOS queue costs a queue hop per event and, on
SQLite, most of the throughput (the queue's polling transactions fight the workflows' own for
the single writer lock). In one process there is nothing to distribute, so the dispatcher
hands events to a few runner threads that call the workflow directly: it is just as durable
(DBOS records the workflow before it runs and recovers it at the next launch).

The dispatcher may save its cursor only below the oldest event still buffered or running
(`oldest_unfinished`): an event the cursor passed has finished. Events after the saved cursor
are read again after a restart; the caller skips those whose workflow already exists.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

from shopweave.events.envelope import CloudEvent

log = logging.getLogger(__name__)


class LocalIngest:
    """A bounded buffer of events and `runners` threads that run `run(event)` for each."""

    def __init__(
        self,
        run: Callable[[CloudEvent], object],
        runners: int,
        capacity: int,
        on_room: Callable[[], None],
    ) -> None:
        self._run = run
        self._capacity = capacity
        self._on_room = on_room
        self._todo: queue.SimpleQueue[tuple[int, CloudEvent] | None] = queue.SimpleQueue()
        self._outstanding: set[int] = set()
        self._lock = threading.Lock()
        self._threads = [
            threading.Thread(target=self._runner, name=f"shopweave-ingest-{n}", daemon=True)
            for n in range(runners)
        ]

    def start(self) -> None:
        """Start the runner threads."""
        for thread in self._threads:
            thread.start()

    def stop(self, timeout_s: float = 10.0) -> None:
        """Let each runner finish its current event, then stop (buffered events stay unrun)."""
        with self._lock:
            self._capacity = 0  # nothing new; runners drop what is still buffered
        for _ in self._threads:
            self._todo.put(None)
        for thread in self._threads:
            thread.join(timeout=timeout_s)

    def room(self) -> int:
        """How many more events the buffer takes now."""
        with self._lock:
            return max(0, self._capacity - len(self._outstanding))

    def submit(self, seq: int, event: CloudEvent) -> None:
        """Buffer one event for the runners."""
        with self._lock:
            self._outstanding.add(seq)
        self._todo.put((seq, event))

    def oldest_unfinished(self) -> int | None:
        """The lowest sequence number still buffered or running; None when all finished."""
        with self._lock:
            return min(self._outstanding) if self._outstanding else None

    def busy(self) -> bool:
        """Whether any event is buffered or running."""
        with self._lock:
            return bool(self._outstanding)

    def _runner(self) -> None:
        while True:
            item = self._todo.get()
            if item is None:
                return
            seq, event = item
            with self._lock:
                if self._capacity == 0:
                    continue  # stopping: it stays outstanding, so the saved cursor stays below it
            try:
                self._run(event)
            except Exception:  # DBOS recorded the failure on the workflow; keep going
                log.exception("ingest of event %s failed", event.id)
            with self._lock:
                half = self._capacity // 2
                crossed = len(self._outstanding) > half
                self._outstanding.discard(seq)
                crossed = crossed and len(self._outstanding) <= half
            if crossed:  # the dispatcher may be waiting for room
                self._on_room()
