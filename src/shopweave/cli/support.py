"""`shopweave support`: classify messages, chat with the assistant, list conversations."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from shopweave.cli.errors import user_errors
from shopweave.errors import ValidationError
from shopweave.settings import get_settings

app = typer.Typer(help="The customer-service assistant.", no_args_is_help=True)

BATCH = 256


@app.command()
def classify(
    file: Annotated[
        str, typer.Argument(help="Text file with one message per line, or - for standard input.")
    ] = "-",
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
    lexical: Annotated[
        bool, typer.Option("--lexical", help="N-gram model only (no sentence embeddings).")
    ] = False,
) -> None:
    """Detect the intent of each message: `{"text", "intent", "confidence"}` per line."""
    from shopweave.support.nlu.classifier import get_classifier

    with user_errors(as_json=as_json):
        if file == "-":
            lines = sys.stdin.read().splitlines()
        else:
            path = Path(file)
            if not path.is_file():
                raise ValidationError(
                    f"{file}: no such file (give a text file with one message per line, or -)"
                )
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except UnicodeDecodeError as exc:
                line_no = path.read_bytes()[: exc.start].count(b"\n") + 1
                raise ValidationError(f"{file}: line {line_no} is not UTF-8 text") from None
        messages = [line.strip() for line in lines if line.strip()]
        classifier = get_classifier(use_embeddings=not lexical, cache_dir=get_settings().home / "cache")
        for start in range(0, len(messages), BATCH):
            for prediction in classifier.classify(messages[start : start + BATCH], alternatives=0):
                if as_json:
                    typer.echo(json.dumps({"text": prediction.text, "intent": prediction.intent,
                                           "confidence": prediction.confidence}, ensure_ascii=False))  # fmt: skip
                else:
                    typer.echo(f"{prediction.intent}\t{prediction.confidence:.2f}\t{prediction.text}")


@app.command()
def chat() -> None:
    """Talk to the assistant in the terminal, against the configured store (Ctrl-D to quit)."""
    from shopweave.catalog.store import Database
    from shopweave.support.service import build_assistant

    with user_errors():
        settings = get_settings()
        database = Database.open(settings)
        try:
            assistant = build_assistant(settings, database)
            conversation_id = assistant.start("cli")
            typer.echo(f"Conversation {conversation_id}. Ask about an order, a return, stock or delivery.")
            while True:
                try:
                    text = input("you> ")
                except EOFError:
                    typer.echo("")
                    break
                if not text.strip():
                    continue
                reply = assistant.respond(conversation_id, text)
                tag = f"[{reply.intent} {reply.confidence:.2f}{' ' + ','.join(reply.actions) if reply.actions else ''}]"
                typer.echo(f"bot> {reply.text or '(waiting for an agent)'}  {tag}")
        finally:
            database.close()


@app.command()
def conversations(
    status: Annotated[str | None, typer.Option(help="open, handed_over or agent.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """List stored conversations, most recent first."""
    from shopweave.catalog.store import Database
    from shopweave.support.conversations import list_conversations

    with user_errors(as_json=as_json):
        database = Database.open(get_settings())
        try:
            with database.sessions() as session:
                rows = list_conversations(session, status)
        finally:
            database.close()
        for row in rows:
            if as_json:
                typer.echo(row.model_dump_json())
            else:
                reasons = ",".join(h.reason for h in row.handovers)
                typer.echo(f"{row.id}\t{row.status}\t{row.channel}\t{row.verified_order or '-'}\t{reasons}")


@app.command("train", hidden=True)
def train() -> None:
    """Maintainers: retrain the shipped intent model after editing examples.yaml."""
    from shopweave.support.nlu.classifier import write_packaged_model

    with user_errors():
        typer.echo(str(write_packaged_model()))
