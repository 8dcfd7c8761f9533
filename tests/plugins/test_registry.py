import json
from types import SimpleNamespace

import pytest
from pydantic import BaseModel
from typer.testing import CliRunner

from shopweave.cli.main import app
from shopweave.plugins import Action, Subsystem, hookimpl, load_registry
from shopweave.plugins.registry import build_registry


class Empty(BaseModel):
    pass


def _plugin(name: str) -> object:
    @hookimpl
    def shopweave_subsystem() -> Subsystem:
        return Subsystem(name, "1.0", "test", actions=(Action("go", "go", Empty, Empty, lambda c, i: i),))

    return SimpleNamespace(shopweave_subsystem=shopweave_subsystem)


def test_an_installed_third_party_plugin_appears_without_code_changes(fixture_plugin_installed: None) -> None:
    # given the fixture plugin package installed in the environment (entry point shopweave.subsystems)
    registry = load_registry()
    # then it is loaded like the built-ins, with its actions
    assert registry.subsystems["fixture"].version == "0.1.0"
    assert [a for a in registry.action_names() if a.startswith("fixture.")] == [
        "fixture.broken",
        "fixture.broken_with_fallback",
        "fixture.record",
        "fixture.record_inline",
    ]
    assert "core" in registry.subsystems


@pytest.mark.parametrize(
    ("plugin", "error"),
    [
        pytest.param(
            SimpleNamespace(),
            "TypeError: it does not implement the `shopweave_subsystem` hook (decorate a function with `shopweave.plugins.hookimpl`)",
            id="no-hook",
        ),
        pytest.param(
            SimpleNamespace(shopweave_subsystem=hookimpl(lambda: "nope")),
            "TypeError: its `shopweave_subsystem` hook returned str, not a Subsystem",
            id="wrong-type",
        ),
        pytest.param(
            SimpleNamespace(shopweave_subsystem=hookimpl(lambda: 1 / 0)),
            "ZeroDivisionError: division by zero",
            id="raises",
        ),
    ],
)
def test_a_broken_plugin_is_reported_with_its_error_and_others_still_load(plugin: object, error: str) -> None:
    registry = build_registry([("broken", plugin), ("good", _plugin("good"))])
    assert list(registry.subsystems) == ["good"]
    assert [(f.name, f.error) for f in registry.failures] == [("broken", error)]


def test_two_subsystems_with_one_name_keep_the_first() -> None:
    registry = build_registry([("a", _plugin("same")), ("b", _plugin("same"))])
    assert list(registry.subsystems) == ["same"]
    assert [f.error for f in registry.failures] == ["a subsystem named 'same' is already loaded"]


def test_registry_finds_actions_by_qualified_name() -> None:
    registry = build_registry([("a", _plugin("studio"))])
    assert registry.action("studio.go") is not None
    assert (registry.action("studio.nope"), registry.action("pages.go")) == (None, None)


def test_shopweave_subsystems_lists_health_events_and_failures(fixture_plugin_installed: None) -> None:
    result = CliRunner().invoke(app, ["subsystems", "--json"])
    assert result.exit_code == 0
    listing = json.loads(result.stdout)
    fixture = next(s for s in listing["subsystems"] if s["name"] == "fixture")
    assert fixture == {
        "name": "fixture",
        "version": "0.1.0",
        "description": "Test plugin installed from tests/plugins/fixture_plugin.",
        "health": {"ok": True, "detail": "fixture ready"},
        "consumes": ["fixture.requested"],
        "emits": ["fixture.recorded"],
        "actions": ["record", "record_inline", "broken_with_fallback", "broken"],
    }
    assert all(set(f) == {"name", "target", "error"} for f in listing["failed"])
