"""`shopweave catalog`: import, audit, export and browse the catalog."""

from __future__ import annotations

import typer

app = typer.Typer(help="Import, audit, export and browse the catalog.", no_args_is_help=True)

# Command modules register themselves on `app`; imported last so `app` exists.
from shopweave.cli import catalog_audit, catalog_import  # noqa: E402, F401
