"""Schedules: cron expressions that emit `schedule.fired` events.

Declared in YAML (section `schedules` of any rules file)::

    schedules:
      - id: nightly-forecast
        cron: "0 2 * * *"
      - id: hourly-image-audit
        cron: "0 * * * *"

A due schedule becomes one event whose id is `<schedule>@<due time>`: several workers may notice
the same due time, the event log keeps one (source + id deduplicate).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from croniter import croniter

from shopweave.decisions.errors import RuleError
from shopweave.decisions.yamlfile import line_of, strip_lines
from shopweave.events.envelope import CloudEvent
from shopweave.events.types import ScheduleFired

SCHEDULE_SOURCE = "/shopweave/schedules"


@dataclass(frozen=True)
class Schedule:
    """A named cron schedule."""

    id: str
    cron: str

    def due_between(self, after: datetime, until: datetime) -> list[datetime]:
        """Due times in (`after`, `until`]."""
        times: list[datetime] = []
        iterator = croniter(self.cron, after)
        while True:
            due = iterator.get_next(datetime)
            if due > until:
                return times
            times.append(due)

    def event(self, due: datetime) -> CloudEvent:
        """The `schedule.fired` event for the due time `due`."""
        data = ScheduleFired(schedule=self.id, due=due.isoformat())
        return CloudEvent(
            id=f"{self.id}@{due.isoformat()}",
            source=SCHEDULE_SOURCE,
            type=ScheduleFired.TYPE,
            subject=f"schedule/{self.id}",
            time=due,
            data=data.model_dump(mode="json"),
        )


def compile_schedules(raw: Any, path: Path) -> list[Schedule]:
    """Check a `schedules` section read from `path`."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise RuleError(f"{path}:{line_of(raw)}: `schedules` must be a list of {{id, cron}}")
    schedules = []
    for item in raw:
        plain = strip_lines(item)
        if not isinstance(plain, dict) or set(plain) != {"id", "cron"}:
            raise RuleError(f"{path}:{line_of(item)}: a schedule has exactly `id` and `cron`")
        if not croniter.is_valid(str(plain["cron"])):
            raise RuleError(
                f"{path}:{line_of(item, 'cron')}: schedule {plain['id']}: {plain['cron']!r} is not a cron expression"
            )
        schedules.append(Schedule(str(plain["id"]), str(plain["cron"])))
    return schedules
