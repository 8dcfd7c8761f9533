"""`shopweave events`: emit, list and follow events; publish their JSON Schemas."""

from __future__ import annotations

import json
import time
from pathlib import Path

import typer

from shopweave.cli.context import open_database
from shopweave.cli.errors import user_errors
from shopweave.errors import ValidationError
from shopweave.events import CloudEvent, read_events, record_event
from shopweave.events.schemas import validate_event, write_event_schemas
from shopweave.events.types import EVENT_TYPES

app = typer.Typer(help="Emit, list and follow events (CloudEvents 1.0).", no_args_is_help=True)


@app.command()
def emit(
    event_type: str = typer.Argument(..., metavar="TYPE", help="Event type, `noun.verb`."),
    data: str = typer.Option("{}", "--data", help="The payload, a JSON object."),
    subject: str | None = typer.Option(None, help="What the event is about, e.g. sku/LS-M."),
    source: str = typer.Option("/shopweave/cli", help="Who produced it."),
    event_id: str | None = typer.Option(
        None, "--id", help="Event id (default: a new UUID); reuse it to deduplicate."
    ),
) -> None:
    """Append an event to the log; workers pick it up."""
    with user_errors():
        try:
            payload = json.loads(data)
        except json.JSONDecodeError as exc:
            raise ValidationError(f"--data is not JSON: {exc.msg} at column {exc.colno}") from exc
        if not isinstance(payload, dict):
            raise ValidationError("--data must be a JSON object")
        try:
            fields = {"source": source, "type": event_type, "subject": subject, "data": payload}
            event = CloudEvent(**({**fields, "id": event_id} if event_id else fields))
        except Exception as exc:  # pydantic's message names the field
            raise ValidationError(str(exc).splitlines()[-1] if str(exc) else "invalid event") from exc
        event = validate_event(event)
        database = open_database()
        with database.transaction() as session:
            new = record_event(session, event)
        database.close()
        typer.echo(f"{event.id} {'recorded' if new else 'already recorded (duplicate)'}")


@app.command()
def tail(
    follow: bool = typer.Option(False, "--follow", "-f", help="Keep printing new events."),
    event_type: list[str] = typer.Option([], "--type", help="Only these types (repeatable)."),
    limit: int = typer.Option(20, help="How many recent events to show first."),
    as_json: bool = typer.Option(False, "--json", help="One JSON event per line."),
) -> None:
    """Show the latest events, and follow new ones with --follow."""
    with user_errors():
        database = open_database()
        with database.transaction() as session:
            newest = read_events(session, after_seq=0, types=event_type or None, limit=10**9)[-limit:]
        cursor = newest[0][0] - 1 if newest else 0
        try:
            while True:
                with database.transaction() as session:
                    batch = read_events(session, after_seq=cursor, types=event_type or None, limit=500)
                for seq, event in batch:
                    cursor = seq
                    if as_json:
                        typer.echo(event.model_dump_json())
                    else:
                        subject = f" {event.subject}" if event.subject else ""
                        typer.echo(
                            f"{seq:>7} {event.time.isoformat()} {event.type}{subject} {json.dumps(event.data)}"
                        )
                if not follow:
                    break
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            database.close()


@app.command()
def types() -> None:
    """List the core event types and what they mean."""
    for name, model in sorted(EVENT_TYPES.items()):
        typer.echo(f"{name:<22} {(model.__doc__ or '').strip().splitlines()[0]}")


@app.command()
def schemas(out: Path = typer.Option(Path("schemas/events"), help="Folder to write into.")) -> None:
    """Write one JSON Schema file per core event type."""
    for path in write_event_schemas(out):
        typer.echo(path)
