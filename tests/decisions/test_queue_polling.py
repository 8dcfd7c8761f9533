import time
import uuid
from collections.abc import Callable
from typing import Any

from dbos import DBOS

from shopweave.catalog.store import Database
from shopweave.decisions.queue_polling import QueuePolling
from shopweave.events import CloudEvent, record_event


class RecordingQueue:
    """Stands in for a DBOS queue: remembers each polling interval written."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.written: list[float] = []

    def set_polling_interval_sec(self, value: float) -> None:
        self.written.append(value)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _polling(clock: Clock) -> tuple[QueuePolling, RecordingQueue, RecordingQueue]:
    polling = QueuePolling(busy_s=0.05, idle_s=1.0, linger_s=10.0, reassert_s=30.0, clock=clock)
    studio, pages = RecordingQueue("studio"), RecordingQueue("pages")
    polling.track(studio)
    polling.track(pages)
    return polling, studio, pages


def test_a_queue_polls_fast_from_its_first_enqueue_until_it_has_been_quiet_for_the_linger() -> None:
    clock = Clock()
    polling, studio, pages = _polling(clock)
    # when work is enqueued on one queue, three times in a row
    for _ in range(3):
        polling.used("studio")
        clock.now += 1
    # then only that queue switched to the busy interval, once
    assert (studio.written, pages.written) == ([0.05], [])
    assert (polling.interval("studio"), polling.interval("pages")) == (0.05, 1.0)
    # and it stays busy until 10 s after the last enqueue, then goes back to idle
    clock.now = 100 + 2 + 9.9
    polling.tick()
    assert studio.written == [0.05]
    clock.now = 100 + 2 + 10.1
    polling.tick()
    assert (studio.written, polling.interval("studio")) == ([0.05, 1.0], 1.0)


def test_every_setting_is_written_again_after_the_reassert_period() -> None:
    clock = Clock()
    polling, studio, pages = _polling(clock)
    clock.now += 29
    polling.tick()
    assert (studio.written, pages.written) == ([], [])
    clock.now += 1
    polling.tick()
    assert (studio.written, pages.written) == ([1.0], [1.0])


def test_a_busy_queue_is_set_busy_again_when_used_after_five_seconds() -> None:
    # another worker that started meanwhile registered the queue at the idle interval
    clock = Clock()
    polling, studio, _ = _polling(clock)
    polling.used("studio")
    clock.now += 4
    polling.used("studio")
    clock.now += 2
    polling.used("studio")
    assert studio.written == [0.05, 0.05]


def test_an_untracked_queue_and_an_idle_interval_below_the_busy_one_are_handled() -> None:
    polling = QueuePolling(busy_s=0.5, idle_s=0.1, clock=Clock())
    polling.used("unknown")
    assert (polling.idle_s, polling.interval("unknown")) == (0.5, 0.5)


RULES = """
rules:
  - id: queued
    on: [queued.requested]
    do:
      - action: fixture.record
        with: {note: "{{ data.note }}"}
"""


def test_the_engine_polls_the_queue_it_enqueues_on_fast_and_lets_it_idle_afterwards(
    run_engine: Callable[..., Any], database: Database
) -> None:
    with run_engine(RULES, queue_polling_s=0.05, idle_queue_polling_s=0.7, queue_busy_linger_s=1.5) as engine:

        def interval(subsystem: str) -> float:
            queue = DBOS.retrieve_queue(f"shopweave_subsystem_{subsystem}")
            assert queue is not None
            return float(queue.polling_interval_sec)  # read from the system database

        # given every queue idle at start
        assert (interval("fixture"), interval("core")) == (0.7, 0.7)
        # when a rule enqueues an action on the fixture queue
        with database.transaction() as session:
            record_event(
                session, CloudEvent(source="/test", type="queued.requested", data={"note": uuid.uuid4().hex})
            )
        assert engine.wait_idle(60)
        # then that queue is polled at the busy interval, the others stay idle
        assert (interval("fixture"), interval("core")) == (0.05, 0.7)
        # and after the linger the dispatching worker sets it idle again
        deadline = time.monotonic() + 10
        while interval("fixture") != 0.7:
            assert time.monotonic() < deadline, "the queue stayed busy"
            time.sleep(0.2)
