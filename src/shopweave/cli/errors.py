"""Turning ShopweaveError into a clean message and exit code, never a traceback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from rich.markup import escape

from shopweave.errors import ShopweaveError

err_console = Console(stderr=True, soft_wrap=True)


@contextmanager
def user_errors(*, as_json: bool = False) -> Iterator[None]:
    """Print a ShopweaveError as `error[code]: message` (or JSON) and exit with status 2."""
    try:
        yield
    except ShopweaveError as exc:
        if as_json:
            typer.echo(json.dumps({"error": exc.to_dict()}))
        else:
            err_console.print(
                f"[bold red]error\\[{escape(exc.code)}][/]: {escape(exc.message)}", highlight=False
            )
        raise typer.Exit(2) from None
