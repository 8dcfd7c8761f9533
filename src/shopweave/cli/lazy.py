"""Command groups imported only when used.

Start-up time is part of every command: `shopweave decisions explain ID` should not import the
catalog importers, the web gateway, OpenCV or the forecasting stack first. The root group knows
each group by name and module, and imports a module when its group is invoked (the root's
`--help` imports them all, to show their help). The context and command types are Typer's
(Typer 0.29 carries its own copy of Click), hence `Any` in the signatures.
"""

from __future__ import annotations

import importlib
from typing import Any, ClassVar

import typer
from typer.core import TyperGroup


class LazyGroup(TyperGroup):
    """A Typer group whose subgroups live in modules imported on first use."""

    # name → module whose `app` (a typer.Typer) is that group of commands
    lazy_groups: ClassVar[dict[str, str]] = {}
    # name → module whose `app` (a typer.Typer) holds that one command
    lazy_commands: ClassVar[dict[str, str]] = {}

    def list_commands(self, ctx: Any) -> list[str]:
        """Eager commands and lazy ones, by name."""
        return sorted(set(super().list_commands(ctx)) | set(self.lazy_groups) | set(self.lazy_commands))

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """The command called `cmd_name`, importing its module when it is a lazy one."""
        if cmd_name in self.lazy_groups:
            app: Any = importlib.import_module(self.lazy_groups[cmd_name]).app
            command: Any = typer.main.get_group(app)
        elif cmd_name in self.lazy_commands:
            app = importlib.import_module(self.lazy_commands[cmd_name]).app
            command = typer.main.get_command(app)
        else:
            return super().get_command(ctx, cmd_name)
        command.name = cmd_name
        return command


def lazy_group(groups: dict[str, str], commands: dict[str, str]) -> type[LazyGroup]:
    """A LazyGroup class serving `groups` and single `commands` (name → module)."""
    return type(
        "ShopweaveGroup", (LazyGroup,), {"lazy_groups": dict(groups), "lazy_commands": dict(commands)}
    )
