"""Conditions and parameter expressions in CEL (Common Expression Language), never `eval`.

An expression is compiled once, when its file is loaded (syntax errors are load errors), and
evaluated against an activation of plain JSON-like values: `event`, `data`, `subject`, `store`.
An activation read by several expressions is converted to CEL values once (`Activation`): the
conversion costs as much as evaluating a simple expression.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import celpy
from celpy import celtypes
from celpy.adapter import json_to_cel
from celpy.celparser import CELParseError
from celpy.evaluation import CELEvalError

_ENV = celpy.Environment()


class CelError(Exception):
    """An expression failed to compile or to evaluate; the message says why."""


class Activation:
    """Values for expressions, converted to CEL once however many expressions read them."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.cel = {name: json_to_cel(value) for name, value in values.items()}

    def with_value(self, name: str, value: Any) -> Activation:
        """A copy with `name` set to the plain `value`."""
        copy = Activation({})
        copy.cel = {**self.cel, name: json_to_cel(value)}
        return copy


@dataclass(frozen=True)
class Expression:
    """A compiled CEL expression and its source text."""

    source: str
    program: Any = field(repr=False, compare=False)

    def evaluate(self, activation: Mapping[str, Any] | Activation) -> Any:
        """The value of the expression over `activation` (plain values or converted), as Python."""
        if not isinstance(activation, Activation):
            activation = Activation(activation)
        try:
            result = self.program.evaluate(activation.cel)
        except CELEvalError as exc:
            raise CelError(_eval_message(exc)) from exc
        except (TypeError, ValueError, ZeroDivisionError) as exc:
            raise CelError(f"{type(exc).__name__}: {exc}") from exc
        if isinstance(result, CELEvalError):
            raise CelError(_eval_message(result))
        return to_python(result)


def _eval_message(exc: CELEvalError) -> str:
    args = exc.args
    message = str(args[0]) if args else str(exc)
    return message.split(" (in activation")[0]


def compile_expression(source: str) -> Expression:
    """Compile `source`; CelError with the caret message when it is not valid CEL."""
    try:
        ast = _ENV.compile(source)
        return Expression(source=source, program=_ENV.program(ast))
    except CELParseError as exc:
        raise CelError(f"invalid CEL expression {source!r}: {' '.join(str(exc).split())}") from exc


def to_python(value: Any) -> Any:
    """A CEL value as plain Python (bool, int, float, str, None, list, dict)."""
    if isinstance(value, celtypes.BoolType):
        return bool(value)
    if isinstance(value, celtypes.IntType | celtypes.UintType):
        return int(value)
    if isinstance(value, celtypes.DoubleType):
        return float(value)
    if isinstance(value, celtypes.StringType):
        return str(value)
    if isinstance(value, celtypes.MapType):
        return {to_python(k): to_python(v) for k, v in value.items()}
    if isinstance(value, celtypes.ListType):
        return [to_python(v) for v in value]
    if value is None or isinstance(value, celtypes.NullType):
        return None
    return value
