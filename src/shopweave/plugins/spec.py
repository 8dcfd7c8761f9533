"""The subsystem contract: what every subsystem, built-in or third-party, declares.

A subsystem is a plugin: a package exposes a module under the entry-point group
`shopweave.subsystems`; the module implements the `shopweave_subsystem` hook (see `hookspecs`)
and returns a `Subsystem`. Built-ins register exactly this way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from shopweave.catalog.store import Database
from shopweave.events.envelope import CloudEvent
from shopweave.settings import Settings

InputT = TypeVar("InputT", bound=BaseModel)
OutputT = TypeVar("OutputT", bound=BaseModel)


@dataclass
class ActionContext:
    """What an action may use: settings, the database, and a way to emit events.

    `emit` records the event in the caller's transaction (see `shopweave.events.record_event`),
    so it is published exactly when the action's own changes commit.
    `idempotency_key` is stable across retries of the same step: use it for side effects.
    """

    settings: Settings
    database: Database
    emit: Callable[[CloudEvent], None]
    idempotency_key: str = ""


@dataclass(frozen=True)
class Action(Generic[InputT, OutputT]):
    """One thing a subsystem can be asked to do, with typed input and output.

    `inline` declares a quick, local action (no network, well under a second): its first attempt
    runs inside the event's ingest workflow instead of behind its subsystem's queue, which saves
    a queue hop per event. Retries, approvals and anything with an `external_dependency` always
    go through the queue, where concurrency and rate limits apply.
    """

    name: str
    description: str
    input_model: type[InputT]
    output_model: type[OutputT]
    handler: Callable[[ActionContext, InputT], OutputT]
    fallback: Callable[[ActionContext, InputT], OutputT] | None = None
    external_dependency: str | None = None
    inline: bool = False


@dataclass(frozen=True)
class Health:
    """Result of a subsystem's health check."""

    ok: bool
    detail: str = ""


@dataclass(frozen=True)
class Subsystem:
    """A subsystem's declaration."""

    name: str
    version: str
    description: str
    consumes: tuple[str, ...] = ()
    emits: tuple[str, ...] = ()
    actions: tuple[Action[Any, Any], ...] = ()
    health: Callable[[Settings], Health] = field(default=lambda _settings: Health(ok=True))
