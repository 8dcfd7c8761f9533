"""Shared helpers for commands: opening the configured database."""

from __future__ import annotations

from shopweave.catalog.store import Database
from shopweave.settings import get_settings


def open_database() -> Database:
    """The configured, migrated database."""
    return Database.open(get_settings())
