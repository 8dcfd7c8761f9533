"""The support REST API, through a real server on 127.0.0.1."""

from __future__ import annotations

import httpx

from shopweave.events import read_events


def test_a_shopper_conversation_over_http(served) -> None:
    with httpx.Client(base_url=served.base_url) as client:
        started = client.post("/support/conversations", json={"channel": "api"})
        assert started.status_code == 201
        cid = started.json()["conversation_id"]
        first = client.post(
            f"/support/conversations/{cid}/messages", json={"text": "where is my order #1004?"}
        ).json()
        second = client.post(
            f"/support/conversations/{cid}/messages", json={"text": "bob@example.com"}
        ).json()
        stored = client.get(f"/support/conversations/{cid}").json()
    assert first["actions"] == ["asked_verification"]
    assert second["text"] == "Order #1004: it shipped on 2026-03-17 with DHL, tracking number JD0142."
    assert [m["role"] for m in stored["messages"]] == ["customer", "assistant", "customer", "assistant"]
    assert stored["verified_order"] == "#1004"


def test_an_agent_takes_over_and_replies_over_http(served) -> None:
    with httpx.Client(base_url=served.base_url) as client:
        cid = client.post("/support/conversations", json={}).json()["conversation_id"]
        handed = client.post(
            f"/support/conversations/{cid}/messages", json={"text": "I want to talk to a human"}
        ).json()
        waiting = client.get("/support/conversations", params={"status": "handed_over"}).json()
        taken = client.post(f"/support/conversations/{cid}/takeover", json={"agent": "sam"}).json()
        posted = client.post(
            f"/support/conversations/{cid}/agent-messages", json={"agent": "sam", "text": "Sam here."}
        )
        polled = client.get(f"/support/conversations/{cid}/messages", params={"after": 2}).json()
        released = client.post(f"/support/conversations/{cid}/release").json()
    assert handed["handed_over"] is True
    assert [c["id"] for c in waiting] == [cid]
    assert waiting[0]["handovers"][0]["reason"] == "asked_for_person"
    assert (taken["status"], taken["assigned_agent"]) == ("agent", "sam")
    assert posted.status_code == 201
    assert [(m["role"], m["text"], m["author"]) for m in polled] == [("agent", "Sam here.", "sam")]
    assert (released["status"], released["assigned_agent"]) == ("open", None)
    with served.database.sessions() as session:
        assert [e.type for _, e in read_events(session, types=["support.escalated"])] == ["support.escalated"]


def test_unknown_conversation_is_a_clean_404(served) -> None:
    response = httpx.post(f"{served.base_url}/support/conversations/nope/messages", json={"text": "hi"})
    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "support.not_found", "message": "no conversation 'nope'; start one first"}
    }


def test_the_widget_assets_are_served_locally(served) -> None:
    js = httpx.get(f"{served.base_url}/support/widget.js")
    css = httpx.get(f"{served.base_url}/support/widget.css")
    page = httpx.get(f"{served.base_url}/support/chat")
    assert (js.status_code, js.headers["content-type"]) == (200, "text/javascript; charset=utf-8")
    assert css.headers["content-type"] == "text/css; charset=utf-8"
    assert '<script src="/support/widget.js"' in page.text
    assert "http://" not in js.text.replace("https://YOUR-SHOPWEAVE", "")
    assert "https://" not in page.text
