"""The subsystem registry, built explicitly from entry points (never as an import side effect).

`load_registry()` reads the `shopweave.subsystems` entry points, registers each plugin with a
pluggy `PluginManager`, and asks it for its `Subsystem`. A plugin that cannot be imported, or
whose hook fails or returns something else, is kept as a `LoadFailure` with its error: listing
subsystems reports it, nothing crashes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any

import pluggy

from shopweave.plugins import hookspecs
from shopweave.plugins.spec import Action, Subsystem


@dataclass(frozen=True)
class LoadFailure:
    """A plugin that could not be loaded, and why."""

    name: str
    target: str
    error: str


@dataclass
class Registry:
    """The loaded subsystems by name, and the plugins that failed to load."""

    subsystems: dict[str, Subsystem] = field(default_factory=dict)
    failures: list[LoadFailure] = field(default_factory=list)

    def action(self, qualified_name: str) -> tuple[Subsystem, Action[Any, Any]] | None:
        """The subsystem and action for `subsystem.action`, or None when nothing offers it."""
        subsystem_name, _, action_name = qualified_name.partition(".")
        subsystem = self.subsystems.get(subsystem_name)
        if subsystem is None:
            return None
        for action in subsystem.actions:
            if action.name == action_name:
                return subsystem, action
        return None

    def action_names(self) -> list[str]:
        """Every `subsystem.action` on offer, sorted."""
        return sorted(f"{s.name}.{a.name}" for s in self.subsystems.values() for a in s.actions)

    def add(self, subsystem: Subsystem, *, target: str = "") -> None:
        """Add one subsystem; a second subsystem with the same name is a load failure."""
        if subsystem.name in self.subsystems:
            self.failures.append(
                LoadFailure(subsystem.name, target, f"a subsystem named {subsystem.name!r} is already loaded")
            )
            return
        self.subsystems[subsystem.name] = subsystem


def plugin_manager() -> pluggy.PluginManager:
    """A plugin manager that knows Shopweave's hook specifications."""
    manager = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    manager.add_hookspecs(hookspecs)
    return manager


def _subsystem_of(manager: pluggy.PluginManager, plugin: object, name: str) -> Subsystem:
    manager.register(plugin, name=name)
    impls = [i for i in manager.hook.shopweave_subsystem.get_hookimpls() if i.plugin is plugin]
    if not impls:
        raise TypeError(
            "it does not implement the `shopweave_subsystem` hook "
            "(decorate a function with `shopweave.plugins.hookimpl`)"
        )
    result = impls[0].function()
    if not isinstance(result, Subsystem):
        raise TypeError(f"its `shopweave_subsystem` hook returned {type(result).__name__}, not a Subsystem")
    return result


def _add(registry: Registry, manager: pluggy.PluginManager, name: str, target: str, load: Any) -> None:
    try:
        registry.add(_subsystem_of(manager, load(), name), target=target)
    except Exception as exc:  # a missing or broken plugin is reported, never fatal
        registry.failures.append(LoadFailure(name, target, f"{type(exc).__name__}: {exc}"))


def build_registry(plugins: Iterable[tuple[str, object]]) -> Registry:
    """A registry from (name, plugin object) pairs; each plugin implements `shopweave_subsystem`."""
    manager = plugin_manager()
    registry = Registry()
    for name, plugin in plugins:
        _add(registry, manager, name, name, lambda plugin=plugin: plugin)
    return registry


def load_registry(extra: Iterable[tuple[str, object]] = ()) -> Registry:
    """The registry of every installed subsystem plugin (entry points), plus `extra` ones."""
    manager = plugin_manager()
    registry = Registry()
    for entry_point in sorted(entry_points(group=hookspecs.ENTRY_POINT_GROUP), key=lambda ep: ep.name):
        _add(registry, manager, entry_point.name, entry_point.value, entry_point.load)
    for name, plugin in extra:
        _add(registry, manager, name, name, lambda plugin=plugin: plugin)
    return registry
