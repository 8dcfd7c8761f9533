"""`shopweave decisions`: the decision log — list decisions and explain one."""

from __future__ import annotations

import json

import typer

from shopweave.cli.context import open_database
from shopweave.cli.errors import user_errors
from shopweave.decisions.log import decision_json, explain, list_decisions

app = typer.Typer(help="Read the decision log.", no_args_is_help=True)


@app.command("list")
def list_command(
    limit: int = typer.Option(20, help="How many."),
    event_type: str | None = typer.Option(None, "--type", help="Only decisions for this event type."),
) -> None:
    """The most recent decisions, newest first."""
    with user_errors():
        database = open_database()
        with database.transaction() as session:
            for row in list_decisions(session, limit, event_type):
                fired = ", ".join(row["fired"]) or "no rule fired"
                typer.echo(
                    f"{row['id']}  {row['created_at']}  {row['event_type']}  {row['subject'] or '-'}  [{fired}]"
                )
        database.close()


@app.command("explain")
def explain_command(
    decision_id: str = typer.Argument(..., metavar="ID"),
    as_json: bool = typer.Option(False, "--json", help="Print the decision as JSON."),
) -> None:
    """Tell the story of one decision: the event, the rules, the actions and their outcomes."""
    with user_errors(as_json=as_json):
        database = open_database()
        with database.transaction() as session:
            decision = decision_json(session, decision_id)
        database.close()
        typer.echo(json.dumps(decision, indent=2) if as_json else explain(decision))
