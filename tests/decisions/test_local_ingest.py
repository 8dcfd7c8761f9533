"""The in-process ingest runners: bounded buffer, and a cursor that never passes unfinished work."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from shopweave.decisions.local_ingest import LocalIngest
from shopweave.events import CloudEvent


def _event(n: int) -> CloudEvent:
    return CloudEvent(id=f"e{n}", source="/test", type="test.happened", data={})


def _wait(condition: Callable[[], bool], timeout_s: float = 10) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_the_oldest_unfinished_event_holds_back_the_cursor_until_it_finishes() -> None:
    # given one runner stuck on event 1 while events 2 and 3 are buffered
    release = threading.Event()
    ran: list[str] = []

    def run(event: CloudEvent) -> None:
        if event.id == "e1":
            release.wait(10)
        ran.append(event.id)

    ingest = LocalIngest(run, runners=1, capacity=3, on_room=lambda: None)
    ingest.start()
    for n in (1, 2, 3):
        ingest.submit(n, _event(n))
    # then the buffer is full and the cursor may not pass event 1
    assert (ingest.room(), ingest.oldest_unfinished(), ingest.busy()) == (0, 1, True)
    # when event 1 finishes, the rest run in order and everything is finished
    release.set()
    _wait(lambda: not ingest.busy())
    ingest.stop()
    assert ran == ["e1", "e2", "e3"]
    assert (ingest.room(), ingest.oldest_unfinished()) == (0, None)


def test_stopping_leaves_buffered_events_unrun_and_unfinished() -> None:
    # given a runner busy with event 1 and events 2 and 3 waiting
    started, release = threading.Event(), threading.Event()
    ran: list[str] = []

    def run(event: CloudEvent) -> None:
        started.set()
        release.wait(10)
        ran.append(event.id)

    ingest = LocalIngest(run, runners=1, capacity=8, on_room=lambda: None)
    ingest.start()
    for n in (1, 2, 3):
        ingest.submit(n, _event(n))
    started.wait(10)
    # when it stops, the running event finishes and the waiting ones do not run
    stopper = threading.Thread(target=ingest.stop)
    stopper.start()
    release.set()
    stopper.join(10)
    assert ran == ["e1"]
    # and they stay unfinished, so a saved cursor stays below them (they run after a restart)
    assert ingest.oldest_unfinished() == 2


def test_a_failing_event_does_not_stop_the_runner_and_room_is_signalled_when_half_empty() -> None:
    rooms: list[int] = []
    ran: list[str] = []

    def run(event: CloudEvent) -> None:
        ran.append(event.id)
        if event.id == "e1":
            raise RuntimeError("boom")

    gate = threading.Event()

    def gated(event: CloudEvent) -> None:
        gate.wait(10)
        run(event)

    ingest = LocalIngest(gated, runners=1, capacity=4, on_room=lambda: rooms.append(1))
    ingest.start()
    for n in (1, 2, 3, 4):
        ingest.submit(n, _event(n))
    gate.set()
    _wait(lambda: not ingest.busy())
    ingest.stop()
    assert ran == ["e1", "e2", "e3", "e4"]
    assert rooms == [1]  # once, when the buffer went from above half full to half full
