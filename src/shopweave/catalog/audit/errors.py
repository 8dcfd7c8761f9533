"""Errors of the catalog audit.

ShopweaveError
└── ValidationError                 invalid         422
    ├── UnknownChannelError         audit.channel   422
    └── AuditRulesError             audit.rules     422
"""

from __future__ import annotations

from shopweave.errors import ValidationError


class UnknownChannelError(ValidationError):
    """A channel name the audit has no rules for."""

    code = "audit.channel"


class AuditRulesError(ValidationError):
    """A channel-rules YAML file is malformed; the message names the file and the field."""

    code = "audit.rules"
