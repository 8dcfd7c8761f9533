"""Errors of the support subsystem.

ShopweaveError
└── SupportError                    support             400
    ├── ModelUnavailableError       support.model       503
    ├── ConversationNotFoundError        support.not_found   404
    ├── VerificationRequiredError        support.unverified  403
    └── LLMError                    support.llm         502
"""

from __future__ import annotations

from shopweave.errors import ShopweaveError


class SupportError(ShopweaveError):
    """Something the support assistant cannot do as asked."""

    code = "support"
    status = 400


class ModelUnavailableError(SupportError):
    """The packaged sentence-embedding model is not installed or unreadable."""

    code = "support.model"
    status = 503


class ConversationNotFoundError(SupportError):
    """No conversation with that id."""

    code = "support.not_found"
    status = 404


class VerificationRequiredError(SupportError):
    """The shopper must be verified (order number + email) first."""

    code = "support.unverified"
    status = 403


class LLMError(SupportError):
    """The optional LLM endpoint failed, timed out or answered something unusable."""

    code = "support.llm"
    status = 502
