"""Events: the CloudEvents envelope, and the append-only event log every part writes to."""

from shopweave.events.envelope import CloudEvent, new_event_id
from shopweave.events.log import read_events, record_event

__all__ = ["CloudEvent", "new_event_id", "read_events", "record_event"]
