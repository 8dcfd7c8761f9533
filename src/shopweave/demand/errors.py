"""Errors of the demand subsystem, each with a stable `code`.

ShopweaveError
├── ValidationError                     invalid
│   ├── SalesFileError                  demand.sales          422
│   └── PurchaseOrderStateError         demand.po_state       422
├── NotFoundError
│   └── PurchaseOrderNotFoundError           demand.po_not_found   404
└── ConfigurationError
    └── MailConfigurationError          demand.mail_config    500
MailSendError (ShopweaveError)          demand.mail_send      502
"""

from __future__ import annotations

from shopweave.errors import ConfigurationError, NotFoundError, ShopweaveError, ValidationError


class SalesFileError(ValidationError):
    """A sales history file cannot be read as a whole (missing columns, unreadable, empty)."""

    code = "demand.sales"


class PurchaseOrderStateError(ValidationError):
    """The purchase order is not in a state that allows this change (e.g. editing a sent PO)."""

    code = "demand.po_state"


class PurchaseOrderNotFoundError(NotFoundError):
    """No purchase order has this number."""

    code = "demand.po_not_found"


class MailConfigurationError(ConfigurationError):
    """SMTP settings are missing, or the supplier has no e-mail address."""

    code = "demand.mail_config"


class MailSendError(ShopweaveError):
    """The SMTP server refused or could not be reached; the send is retried later."""

    code = "demand.mail_send"
    status = 502
