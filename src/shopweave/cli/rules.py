"""`shopweave rules`: validate rules without running them, and try one on an event."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from shopweave.cli.context import open_database
from shopweave.cli.errors import user_errors
from shopweave.decisions.decide import decide
from shopweave.decisions.ruleset import RuleSet, load_ruleset, rules_folders
from shopweave.errors import ValidationError
from shopweave.events import CloudEvent
from shopweave.plugins import load_registry
from shopweave.settings import get_settings

app = typer.Typer(help="Check rules, and show what a rule would do for an event.", no_args_is_help=True)


@app.command()
def check() -> None:
    """Load every rules file (defaults, then <home>/rules); report the first problem with file and line."""
    with user_errors():
        settings = get_settings()
        ruleset = load_ruleset(settings)
        registry = load_registry()
        typer.echo(
            f"{len(ruleset.rules)} rules, {len(ruleset.schedules)} schedules, version {ruleset.version}"
        )
        for path in ruleset.files:
            typer.echo(f"  {path}")
        for subsystem, limits in sorted(ruleset.queues.items()):
            typer.echo(f"  queue {subsystem}: {limits.describe()}")
            if subsystem not in registry.subsystems:
                typer.echo(f"note: queue {subsystem}: no such subsystem is installed")
        offered = set(registry.action_names())
        for rule in ruleset.rules:
            for call in rule.actions:
                if call.action not in offered:
                    typer.echo(
                        f"note: {rule.where}: rule {rule.id}: no subsystem offers {call.action} (it will be logged as missing)"
                    )
        typer.echo(f"rules folders: {', '.join(str(f) for f in rules_folders(settings))}")


@app.command("test")
def try_rule(
    rule_id: str = typer.Argument(..., metavar="RULE", help="Rule id."),
    event_file: Path = typer.Option(
        ..., "--event", exists=True, dir_okay=False, help="A CloudEvent as JSON."
    ),
) -> None:
    """Show what RULE would do for the event in FILE (nothing is written)."""
    with user_errors():
        try:
            event = CloudEvent.model_validate(json.loads(event_file.read_text(encoding="utf-8")))
        except (json.JSONDecodeError, ValueError) as exc:
            raise ValidationError(f"{event_file}: not a CloudEvent: {str(exc).splitlines()[0]}") from exc
        settings = get_settings()
        full = load_ruleset(settings)
        rule = full.rule(rule_id)
        ruleset = RuleSet((rule,), full.policy, (), full.version, full.files)
        database = open_database()
        session = database.sessions()
        try:
            outcome = decide(session, "rules-test", event, ruleset, load_registry())
            from shopweave.decisions.log import decision_json, explain

            typer.echo(explain(decision_json(session, outcome.decision_id)))
            if event.type not in rule.on:
                typer.echo(f"(rule {rule.id} listens to {', '.join(rule.on)}, not {event.type})")
        finally:
            session.rollback()
            session.close()
            database.close()
