"""The decision layer's REST routes against a real server, with a real engine doing the work."""

import time
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from shopweave.catalog.store import Database
from shopweave.decisions.operations import pending_approvals
from shopweave.gateway import create_app
from shopweave.settings import Settings
from shopweave.testing.server import live_server

RULES = """
rules:
  - id: broken
    on: [broken.requested]
    do:
      - action: fixture.broken
        with: {note: "{{ data.note }}"}
        retry: {attempts: 2, backoff: 10ms}
  - id: approval
    on: [approval.needed]
    do:
      - action: fixture.record
        with: {note: "{{ data.note }}"}
        approval: true
"""


def _wait(condition: Callable[[], bool], timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _post_event(base: str, event_type: str, note: str) -> str:
    response = httpx.post(
        f"{base}/api/events", json={"source": "/test", "type": event_type, "data": {"note": note}}
    )
    assert response.status_code == 201
    body: dict[str, Any] = response.json()
    assert body["recorded"] is True
    return str(body["id"])


def test_posted_events_are_decided_listed_explained_and_dead_letters_replayed(
    run_engine: Callable[..., Any], settings: Settings, database: Database
) -> None:
    run = uuid.uuid4().hex[:8]
    with run_engine(RULES) as engine, live_server(create_app(settings, database)) as base:
        # given an event posted to the API whose action always fails
        event_id = _post_event(base, "broken.requested", run)
        assert engine.wait_idle(60)
        # when its type's decisions are listed, then it is there, with the rule that fired
        page = httpx.get(
            f"{base}/api/decisions", params={"limit": 1, "event_type": "broken.requested"}
        ).json()
        assert (page["total"], page["limit"], page["offset"]) == (1, 1, 0)
        assert [(d["id"], d["event_type"], d["fired"]) for d in page["items"]] == [
            (event_id, "broken.requested", ["broken"])
        ]
        # and its decision says the action failed after 2 attempts
        decision = httpx.get(f"{base}/api/decisions/{event_id}").json()
        assert [(a["action"], a["status"], a["attempts"]) for a in decision["actions"]] == [
            ("fixture.broken", "failed", 2)
        ]
        # and it is in the dead-letter list
        failed = httpx.get(f"{base}/api/workflows/failed").json()
        assert [(f["workflow_id"], f["action"], f["attempts"]) for f in failed] == [
            (f"{event_id}/0", "fixture.broken", 2)
        ]
        # when it is replayed, a new workflow runs (and fails again) and replaces it in the list
        replay = httpx.post(f"{base}/api/workflows/{event_id}/0/replay")
        assert replay.status_code == 202
        new_id = replay.json()["workflow_id"]
        assert new_id.startswith(f"{event_id}/0~replay-")
        assert engine.wait_idle(60)
        assert [f["workflow_id"] for f in httpx.get(f"{base}/api/workflows/failed").json()] == [new_id]
        # and replaying the original again is refused
        again = httpx.post(f"{base}/api/workflows/{event_id}/0/replay")
        assert (again.status_code, again.json()["error"]["code"]) == (409, "workflow")


@pytest.mark.parametrize(
    ("verb", "status"), [("approve", "approved"), ("reject", "rejected")], ids=["approve", "reject"]
)
def test_an_action_waiting_for_approval_is_decided_through_the_api(
    run_engine: Callable[..., Any], settings: Settings, database: Database, verb: str, status: str
) -> None:
    run = uuid.uuid4().hex[:8]
    with run_engine(RULES) as engine, live_server(create_app(settings, database)) as base:
        event_id = _post_event(base, "approval.needed", run)
        _wait(lambda: [a.workflow_id for a in pending_approvals(database)] == [f"{event_id}/0"])
        response = httpx.post(f"{base}/api/approvals/{event_id}/0/{verb}", params={"by": "ann"})
        assert response.status_code == 200
        assert response.json() == {"workflow_id": f"{event_id}/0", "status": status, "decided_by": "ann"}
        assert engine.wait_idle(60)
        decision = httpx.get(f"{base}/api/decisions/{event_id}").json()
        assert [a["status"] for a in decision["actions"]] == ["done" if verb == "approve" else "rejected"]
        twice = httpx.post(f"{base}/api/approvals/{event_id}/0/{verb}")
        assert (twice.status_code, twice.json()["error"]["code"]) == (409, "workflow")


def test_events_are_validated_and_duplicates_record_nothing(settings: Settings, database: Database) -> None:
    with live_server(create_app(settings, database)) as base:
        event = {
            "id": "e-1",
            "source": "/test",
            "type": "inventory.changed",
            "data": {"sku": "S", "available": 3},
        }
        first = httpx.post(f"{base}/api/events", json=event)
        second = httpx.post(f"{base}/api/events", json=event)
        assert (first.status_code, first.json()) == (201, {"id": "e-1", "recorded": True})
        assert (second.status_code, second.json()) == (200, {"id": "e-1", "recorded": False})
        bad_type = httpx.post(f"{base}/api/events", json={"source": "/t", "type": "NotAType", "data": {}})
        assert bad_type.status_code == 422
        assert bad_type.json()["error"]["code"] == "invalid"
        assert bad_type.json()["error"]["message"].startswith("event type:")
        bad_data = httpx.post(
            f"{base}/api/events", json={"source": "/t", "type": "inventory.changed", "data": {}}
        )
        assert bad_data.status_code == 422
        assert bad_data.json()["error"]["message"].startswith("event inventory.changed is invalid: data.sku:")


def test_unknown_decisions_and_approvals_are_reported(settings: Settings, database: Database) -> None:
    with live_server(create_app(settings, database)) as base:
        missing = httpx.get(f"{base}/api/decisions/nope")
        assert (missing.status_code, missing.json()["error"]["code"]) == (404, "not_found")
        approval = httpx.post(f"{base}/api/approvals/nope/0/approve")
        assert approval.status_code == 409
        assert approval.json()["error"]["message"] == (
            "no approval request for workflow 'nope/0'; see `shopweave workflows approvals`"
        )
        page = httpx.get(f"{base}/api/decisions", params={"limit": 0})
        assert (page.status_code, page.json()["error"]["code"]) == (422, "invalid")
