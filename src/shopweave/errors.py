"""The one error tree. Every error a user can see has a stable `code` and, where it reaches the
API, an HTTP status. Messages say what is wrong and what to do next.

    ShopweaveError                      code            status
    ├── ConfigurationError              config          500
    ├── NotFoundError                   not_found       404
    ├── ValidationError                 invalid         422
    │   ├── ImportFormatError           import.format   422
    │   └── MappingError                import.mapping  422
    ├── ConflictError                   conflict        409
    └── StorageError                    storage         503
"""

from __future__ import annotations


class ShopweaveError(Exception):
    """Root of every error Shopweave raises on purpose."""

    code: str = "error"
    status: int = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def to_dict(self) -> dict[str, str]:
        """The JSON body the API and `--json` output use for this error."""
        return {"code": self.code, "message": self.message}


class ConfigurationError(ShopweaveError):
    """A setting or configuration file is missing or wrong."""

    code = "config"
    status = 500


class NotFoundError(ShopweaveError):
    """The thing asked for does not exist."""

    code = "not_found"
    status = 404


class ValidationError(ShopweaveError):
    """Input is malformed; the message names the file, line or field."""

    code = "invalid"
    status = 422


class ImportFormatError(ValidationError):
    """A file is not in the format it claims to be (or no format could be detected)."""

    code = "import.format"


class MappingError(ValidationError):
    """A column-mapping file is invalid."""

    code = "import.mapping"


class ConflictError(ShopweaveError):
    """The change conflicts with what is stored."""

    code = "conflict"
    status = 409


class StorageError(ShopweaveError):
    """The database or the image store cannot be reached or written."""

    code = "storage"
    status = 503
