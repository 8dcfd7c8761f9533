"""Running one action: input validation, timeout, circuit breaker, fallback, emitted events.

`attempt` is called from a workflow step; it never raises for a failure of the action itself:
it returns an `Attempt` saying what happened, so the workflow can retry, fall back or give up.
"""

from __future__ import annotations

import concurrent.futures
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError as PydanticValidationError
from sqlalchemy.orm import Session

from shopweave.catalog.store import Database
from shopweave.decisions.breaker import Breakers
from shopweave.events.envelope import CloudEvent
from shopweave.events.log import record_event
from shopweave.plugins.registry import Registry
from shopweave.plugins.spec import Action, ActionContext
from shopweave.settings import Settings

_POOL = concurrent.futures.ThreadPoolExecutor(max_workers=32, thread_name_prefix="shopweave-action")


@dataclass
class Attempt:
    """The result of one attempt."""

    ok: bool
    output: dict[str, Any] | None = None
    error: str = ""
    via_fallback: bool = False
    retryable: bool = True
    emitted: list[CloudEvent] = field(default_factory=list)


def _call(action: Action[Any, Any], handler: Any, ctx: ActionContext, payload: Any, timeout_s: float) -> Any:
    if timeout_s <= 0:
        return handler(ctx, payload)
    future = _POOL.submit(handler, ctx, payload)
    try:
        return future.result(timeout=timeout_s)
    except concurrent.futures.TimeoutError:
        raise TimeoutError(f"{action.name} did not finish within {timeout_s:g}s") from None


def attempt(
    *,
    settings: Settings,
    database: Database,
    registry: Registry,
    breakers: Breakers,
    action_name: str,
    params: dict[str, Any],
    idempotency_key: str,
    timeout_s: float,
    last_chance: bool,
) -> Attempt:
    """Run `action_name` once (or its fallback when its dependency's breaker is open)."""
    found = registry.action(action_name)
    if found is None:
        return Attempt(ok=False, error=f"no subsystem offers {action_name}", retryable=False)
    _, action = found
    emitted: list[CloudEvent] = []
    ctx = ActionContext(
        settings=settings, database=database, emit=emitted.append, idempotency_key=idempotency_key
    )
    try:
        payload = action.input_model.model_validate(params)
    except PydanticValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        return Attempt(ok=False, error=f"invalid input for {action_name}: {problems}", retryable=False)
    breaker = breakers.get(action.external_dependency) if action.external_dependency else None
    use_fallback = breaker is not None and not breaker.allow()
    error = f"circuit open for {action.external_dependency}" if use_fallback else ""
    if not use_fallback:
        try:
            output = _call(action, action.handler, ctx, payload, timeout_s)
            if breaker is not None:
                breaker.record(ok=True)
            return Attempt(ok=True, output=_dump(output), emitted=emitted)
        except Exception as exc:  # the action failed: retry, fall back or dead-letter
            error = f"{type(exc).__name__}: {exc}"
            if breaker is not None:
                breaker.record(ok=False)
            use_fallback = last_chance or (breaker is not None and not breaker.allow())
    if use_fallback and action.fallback is not None:
        emitted.clear()
        try:
            output = _call(action, action.fallback, ctx, payload, timeout_s)
            return Attempt(ok=True, output=_dump(output), via_fallback=True, error=error, emitted=emitted)
        except Exception as exc:  # the fallback failed too
            return Attempt(ok=False, error=f"{error}; fallback failed: {type(exc).__name__}: {exc}")
    return Attempt(ok=False, error=error)


def _dump(output: Any) -> dict[str, Any]:
    if hasattr(output, "model_dump"):
        return dict(output.model_dump(mode="json"))
    return {"result": output}


def record_emitted(session: Session, events: list[CloudEvent], idempotency_key: str) -> None:
    """Record events an action emitted, with ids derived from its idempotency key (exactly once)."""
    for index, event in enumerate(events):
        record_event(session, event.model_copy(update={"id": f"{idempotency_key}#{index}"}))
