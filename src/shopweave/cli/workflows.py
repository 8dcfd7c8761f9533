"""`shopweave workflows`: dead letters and replays, approvals."""

from __future__ import annotations

import getpass

import typer

from shopweave.cli.context import open_database
from shopweave.cli.errors import user_errors
from shopweave.decisions.operations import (
    dead_letters,
    decide_approval,
    pending_approvals,
    replay_action,
    replay_event,
)
from shopweave.settings import get_settings

app = typer.Typer(help="Failed work (dead letters), replays and approvals.", no_args_is_help=True)


@app.command()
def failed(all_: bool = typer.Option(False, "--all", help="Include dead letters already replayed.")) -> None:
    """Actions that exhausted their retries."""
    with user_errors():
        database = open_database()
        rows = dead_letters(database, include_replayed=all_)
        database.close()
        if not rows:
            typer.echo("no failed work")
        for row in rows:
            replayed = f" (replayed as {row.replayed_as})" if row.replayed_as else ""
            typer.echo(f"{row.workflow_id}  {row.action}  {row.attempts} attempts  {row.error}{replayed}")


@app.command()
def replay(
    workflow_id: str = typer.Argument(
        ..., metavar="ID", help="Dead-letter workflow id, or a decision id with --current-rules."
    ),
    current_rules: bool = typer.Option(
        False, "--current-rules", help="Re-decide the event of decision ID under the current rules."
    ),
) -> None:
    """Run failed work again: the same action, or the whole event on the current rules."""
    with user_errors():
        settings = get_settings()
        database = open_database()
        new_id = (replay_event if current_rules else replay_action)(settings, database, workflow_id)
        database.close()
        typer.echo(f"replaying as {new_id}")


@app.command()
def approvals() -> None:
    """Actions waiting for approval."""
    with user_errors():
        database = open_database()
        rows = pending_approvals(database)
        database.close()
        if not rows:
            typer.echo("nothing waits for approval")
        for row in rows:
            typer.echo(f"{row.workflow_id}  {row.action}  {row.params}  since {row.requested_at.isoformat()}")


def _decide(workflow_id: str, approved: bool, by: str | None) -> None:
    with user_errors():
        database = open_database()
        row = decide_approval(get_settings(), database, workflow_id, approved, by or getpass.getuser())
        database.close()
        typer.echo(f"{row.workflow_id} {row.status} by {row.decided_by}")


@app.command()
def approve(
    workflow_id: str = typer.Argument(..., metavar="ID"), by: str | None = typer.Option(None)
) -> None:
    """Approve a waiting action; its workflow resumes."""
    _decide(workflow_id, True, by)


@app.command()
def reject(workflow_id: str = typer.Argument(..., metavar="ID"), by: str | None = typer.Option(None)) -> None:
    """Reject a waiting action; it is recorded as rejected."""
    _decide(workflow_id, False, by)
