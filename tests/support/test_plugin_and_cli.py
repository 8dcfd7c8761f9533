"""The support subsystem as a plugin, and the `shopweave support` commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shopweave.catalog.store import Database
from shopweave.cli.main import app
from shopweave.events import CloudEvent
from shopweave.plugins import ActionContext, load_registry
from shopweave.settings import Settings


def test_the_support_subsystem_loads_through_its_entry_point() -> None:
    registry = load_registry()
    support = registry.subsystems["support"]
    assert [a.name for a in support.actions] == ["classify", "reply", "order_status"]
    assert support.emits == (
        "support.escalated",
        "order.cancelled",
        "order.address_changed",
        "return.requested",
        "product.issue_reported",
    )
    assert support.health(Settings()).ok is True
    assert [f.name for f in registry.failures if f.name == "support"] == []


def test_the_actions_classify_and_disclose_only_to_the_owner(store: Database, settings: Settings) -> None:
    support = load_registry().subsystems["support"]
    actions = {a.name: a for a in support.actions}
    emitted: list[CloudEvent] = []
    ctx = ActionContext(settings=settings, database=store, emit=emitted.append)
    classify = actions["classify"]
    assert (
        classify.handler(ctx, classify.input_model(text="i forgot my password")).intent == "recover_password"
    )
    assert classify.fallback is not None
    assert (
        classify.fallback(ctx, classify.input_model(text="i forgot my password")).intent == "recover_password"
    )
    status = actions["order_status"]
    mine = status.handler(ctx, status.input_model(order_number="1004", email="BOB@example.com"))
    theirs = status.handler(ctx, status.input_model(order_number="#1004", email="ada@example.com"))
    assert (mine.found, mine.order.shipments[0].tracking_number) == (True, "JD0142")
    assert (theirs.found, theirs.order) == (False, None)


def test_classify_prints_one_json_object_per_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOPWEAVE_HOME", str(tmp_path / "home"))
    messages = tmp_path / "messages.txt"
    messages.write_text("where is my order\n\ni want a refund\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["support", "classify", str(messages), "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["text"], r["intent"]) for r in rows] == [
        ("where is my order", "track_order"),
        ("i want a refund", "get_refund"),
    ]
    assert all(set(r) == {"text", "intent", "confidence"} and 0 < r["confidence"] <= 1 for r in rows)


def test_classify_reads_standard_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOPWEAVE_HOME", str(tmp_path / "home"))
    result = CliRunner().invoke(app, ["support", "classify", "-", "--json"], input="hello\n")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["intent"] == "greeting"


def test_classify_names_a_missing_file_without_a_traceback(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["support", "classify", str(tmp_path / "nope.txt"), "--json"])
    assert result.exit_code == 2
    assert json.loads(result.output) == {
        "error": {
            "code": "invalid",
            "message": f"{tmp_path / 'nope.txt'}: no such file (give a text file with one message per line, or -)",
        }
    }
