"""A third-party subsystem, installed next to Shopweave, that the tests drive.

Its side effects go to a table of its own, `fixture_effects`, guarded by the idempotency key
(the way a real plugin would call an external API with an `Idempotency-Key` header); every call,
including repeated ones, is also counted in `fixture_calls`.
"""

from __future__ import annotations

import time

from pydantic import BaseModel, Field
from sqlalchemy import text

from shopweave.events import CloudEvent
from shopweave.plugins import Action, ActionContext, Health, Subsystem, hookimpl
from shopweave.settings import Settings

_TABLES = [
    "CREATE TABLE IF NOT EXISTS fixture_effects (idempotency_key VARCHAR(300) NOT NULL, note VARCHAR(300) NOT NULL)",
    "CREATE TABLE IF NOT EXISTS fixture_calls (idempotency_key VARCHAR(300) NOT NULL, action VARCHAR(100) NOT NULL)",
]


class Note(BaseModel):
    """What to record."""

    note: str = Field(description="Free text.")
    seconds: float = Field(default=0.0, description="How long to work before recording.")
    fail_times: int = Field(default=0, description="Fail this many calls before succeeding.")


class Recorded(BaseModel):
    """What happened."""

    applied: bool = Field(description="False when the idempotency key had already been applied.")
    calls: int = Field(description="Calls so far with this idempotency key.")


def _setup(ctx: ActionContext) -> None:
    with ctx.database.engine.begin() as conn:
        for statement in _TABLES:
            conn.execute(text(statement))


def _count_call(ctx: ActionContext, action: str) -> int:
    with ctx.database.engine.begin() as conn:
        conn.execute(
            text("INSERT INTO fixture_calls (idempotency_key, action) VALUES (:k, :a)"),
            {"k": ctx.idempotency_key, "a": action},
        )
        return int(
            conn.execute(
                text("SELECT count(*) FROM fixture_calls WHERE idempotency_key = :k AND action = :a"),
                {"k": ctx.idempotency_key, "a": action},
            ).scalar_one()
        )


def _apply(ctx: ActionContext, note: str) -> bool:
    with ctx.database.engine.begin() as conn:
        if conn.execute(
            text("SELECT 1 FROM fixture_effects WHERE idempotency_key = :k"), {"k": ctx.idempotency_key}
        ).first():
            return False
        conn.execute(
            text("INSERT INTO fixture_effects (idempotency_key, note) VALUES (:k, :n)"),
            {"k": ctx.idempotency_key, "n": note},
        )
        return True


def record(ctx: ActionContext, payload: Note) -> Recorded:
    """Record `note` once per idempotency key, after `seconds`; fail the first `fail_times` calls."""
    _setup(ctx)
    calls = _count_call(ctx, "record")
    if calls <= payload.fail_times:
        raise ConnectionError(f"fixture API unavailable (call {calls})")
    if payload.seconds:
        time.sleep(payload.seconds)
    applied = _apply(ctx, payload.note)
    ctx.emit(
        CloudEvent(
            source="/fixture",
            type="fixture.recorded",
            subject=f"note/{payload.note}",
            data={"note": payload.note},
        )
    )
    return Recorded(applied=applied, calls=calls)


def broken(ctx: ActionContext, payload: Note) -> Recorded:
    """Always fails (a dependency that is down)."""
    _setup(ctx)
    _count_call(ctx, "broken")
    raise ConnectionError("fixture dependency is down")


def broken_fallback(ctx: ActionContext, payload: Note) -> Recorded:
    """Records the note marked as coming from the fallback."""
    _setup(ctx)
    return Recorded(applied=_apply(ctx, f"fallback:{payload.note}"), calls=_count_call(ctx, "fallback"))


def _health(settings: Settings) -> Health:
    return Health(ok=True, detail="fixture ready")


@hookimpl
def shopweave_subsystem() -> Subsystem:
    """The fixture subsystem."""
    return Subsystem(
        name="fixture",
        version="0.1.0",
        description="Test plugin installed from tests/plugins/fixture_plugin.",
        consumes=("fixture.requested",),
        emits=("fixture.recorded",),
        actions=(
            Action("record", "Record a note once per idempotency key.", Note, Recorded, record),
            Action(
                "record_inline",
                "The same, declared inline (first attempt inside the ingest workflow).",
                Note,
                Recorded,
                record,
                inline=True,
            ),
            Action(
                "broken_with_fallback",
                "Always fails; its fallback records the note.",
                Note,
                Recorded,
                broken,
                fallback=broken_fallback,
                external_dependency="fixture-api",
            ),
            Action("broken", "Always fails, no fallback.", Note, Recorded, broken),
        ),
        health=_health,
    )
