"""The one typed settings object, read from the environment and `.env`.

Every setting is documented by its field description; `docs/settings.md` is generated from it
and a test keeps the two in step. Tests inject their own `Settings(...)` instead of touching the
environment.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Shopweave's settings. Each field is read from `SHOPWEAVE_<NAME>` or the `.env` file."""

    model_config = SettingsConfigDict(
        env_prefix="SHOPWEAVE_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    home: Path = Field(
        default=Path(".shopweave"),
        description="Data folder: the SQLite database, the image store, rules and reports.",
        examples=["./.shopweave"],
    )
    database_url: str | None = Field(
        default=None,
        description=(
            "SQLAlchemy URL of the database. Unset means SQLite in WAL mode at "
            "`<home>/shopweave.db`; a `postgresql://` URL selects PostgreSQL."
        ),
        examples=["postgresql://postgres@127.0.0.1:5432/shopweave"],
    )
    host: str = Field(
        default="127.0.0.1",
        description="Address `shopweave up` listens on.",
        examples=["127.0.0.1"],
    )
    port: int = Field(default=8420, description="Port `shopweave up` listens on.", examples=[8420])
    import_batch_size: int = Field(
        default=500,
        ge=1,
        description="Rows committed per transaction during a catalog import.",
        examples=[500],
    )
    default_currency: str = Field(
        default="USD",
        description="ISO 4217 currency used when an import file does not name one.",
        examples=["EUR"],
    )
    llm_base_url: str | None = Field(
        default=None,
        description="Optional OpenAI-compatible endpoint (`…/v1`) the support assistant may use to phrase answers.",
        examples=["http://127.0.0.1:11434/v1"],
    )
    llm_api_key: str | None = Field(
        default=None, description="Bearer token for `llm_base_url`, if it needs one.", examples=["sk-…"]
    )
    llm_model: str = Field(
        default="gpt-4o-mini", description="Model name sent to the LLM endpoint.", examples=["llama3.1"]
    )
    llm_timeout_s: float = Field(
        default=3.0,
        gt=0,
        description="Seconds to wait for the LLM before the template answer goes out.",
        examples=[3.0],
    )
    support_link_secret: str | None = Field(
        default=None,
        description="Secret that signs order links for the support assistant; unset disables signed links.",
        examples=["change-me"],
    )
    store_url: str | None = Field(
        default=None,
        description=(
            "Public base URL of the storefront; exported feeds link products as "
            "`<store_url>/products/<handle>`. Required by `catalog export --format google-feed`."
        ),
        examples=["https://shop.example.com"],
    )
    smtp_host: str | None = Field(
        default=None,
        description="SMTP server that sends purchase orders to suppliers; unset disables sending.",
        examples=["smtp.example.com"],
    )
    smtp_port: int = Field(
        default=587, ge=1, le=65535, description="Port of the SMTP server.", examples=[587]
    )
    smtp_username: str | None = Field(
        default=None,
        description="SMTP login (AUTH); unset sends without logging in.",
        examples=["orders@shop.example.com"],
    )
    smtp_password: str | None = Field(
        default=None, description="Password for `smtp_username`.", examples=["app-password"]
    )
    smtp_starttls: bool = Field(
        default=True,
        description="Upgrade the SMTP connection with STARTTLS before logging in.",
        examples=[True],
    )
    mail_from: str | None = Field(
        default=None,
        description="From address of purchase-order e-mails (defaults to `smtp_username`).",
        examples=["Shop Purchasing <orders@shop.example.com>"],
    )

    @property
    def resolved_database_url(self) -> str:
        """The database URL to connect to, with the SQLite default filled in."""
        if self.database_url:
            return normalise_database_url(self.database_url)
        return f"sqlite:///{(self.home / 'shopweave.db').resolve()}"

    @property
    def images_dir(self) -> Path:
        """Folder of the content-addressed image store."""
        return self.home / "images"


def normalise_database_url(url: str) -> str:
    """Map `postgresql://` and `postgres://` to the psycopg 3 driver SQLAlchemy should use."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def get_settings() -> Settings:
    """Settings from the environment (a new object each call, so tests can change the env)."""
    return Settings()
