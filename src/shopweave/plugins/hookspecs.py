"""Hook specifications every subsystem plugin implements (pluggy).

A plugin is a module (or object) registered under the entry-point group `shopweave.subsystems`.
It implements `shopweave_subsystem` and returns its `Subsystem` declaration::

    from shopweave.plugins import hookimpl

    @hookimpl
    def shopweave_subsystem() -> Subsystem:
        return Subsystem(name="studio", version="0.1.0", description="…")

Built-in subsystems register exactly the same way, through `pyproject.toml`.
"""

from __future__ import annotations

import pluggy

from shopweave.plugins.spec import Subsystem

PROJECT_NAME = "shopweave"
ENTRY_POINT_GROUP = "shopweave.subsystems"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


@hookspec
def shopweave_subsystem() -> Subsystem:  # type: ignore[empty-body]
    """Return this plugin's subsystem declaration (name, version, events, actions, health)."""
