"""The built-in `core` subsystem: small actions every installation has (registered by entry point)."""

from __future__ import annotations

import logging

from pydantic import BaseModel, ConfigDict, Field

from shopweave.plugins.hookspecs import hookimpl
from shopweave.plugins.spec import Action, ActionContext, Subsystem

log = logging.getLogger("shopweave.core")


class LogInput(BaseModel):
    """A message to write to the log."""

    model_config = ConfigDict(extra="allow")
    message: str = Field(default="", description="What to log.", examples=["low stock on LS-M"])


class LogOutput(BaseModel):
    """What was logged."""

    message: str = Field(description="The message.", examples=["low stock on LS-M"])


def _log(ctx: ActionContext, payload: LogInput) -> LogOutput:
    log.info("%s [%s]", payload.message, ctx.idempotency_key)
    return LogOutput(message=payload.message)


@hookimpl
def shopweave_subsystem() -> Subsystem:
    """The core subsystem."""
    return Subsystem(
        name="core",
        version="0.1.0",
        description="Built-in actions of the decision layer.",
        actions=(
            Action("log", "Write a message to the application log.", LogInput, LogOutput, _log, inline=True),
        ),
    )
