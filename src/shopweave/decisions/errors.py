"""Errors of the decision layer.

ShopweaveError
└── ValidationError                 invalid
    ├── RuleError                   rules.invalid      a rule or policy file is wrong (file:line: reason)
    └── ScenarioError               scenario.invalid   a scenario file is wrong
ShopweaveError
├── WorkflowError                   workflow           a workflow cannot be found or resumed
└── EngineUnavailableError          engine.unavailable the workflow engine (DBOS) is not installed
"""

from __future__ import annotations

from shopweave.errors import ShopweaveError, ValidationError


class RuleError(ValidationError):
    """A rule, arbitration or schedule file is invalid; the message starts with `file:line:`."""

    code = "rules.invalid"


class ScenarioError(ValidationError):
    """A scenario file is invalid."""

    code = "scenario.invalid"


class WorkflowError(ShopweaveError):
    """A workflow, approval or dead letter does not exist or is not in a state that allows this."""

    code = "workflow"
    status = 409


class EngineUnavailableError(ShopweaveError):
    """The durable workflow engine is missing."""

    code = "engine.unavailable"
    status = 500
