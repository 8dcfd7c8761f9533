"""Fixtures of the importer tests: run an import, count what the store holds, the fixture folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from shopweave.catalog.importers import ColumnMapping, ImportOptions, ImportReport, import_files
from shopweave.catalog.store import Database, count_catalog
from shopweave.catalog.store.tables import (
    CustomerRow,
    InventoryLevelRow,
    OrderLineRow,
    OrderRow,
    QuarantineRow,
)
from shopweave.events.tables import EventRow

DATA = Path(__file__).parent / "data"


def run_import(
    database: Database,
    *paths: Path,
    format: str = "auto",
    kind: str = "auto",
    mapping: ColumnMapping | None = None,
    batch_size: int = 500,
) -> ImportReport:
    """Import `paths` with default options (USD)."""
    return import_files(
        database,
        list(paths),
        format=format,
        kind=kind,
        options=ImportOptions(currency="USD", mapping=mapping),
        batch_size=batch_size,
    )


def stored(database: Database) -> dict[str, int]:
    """How many rows of each imported kind the store holds (with the quarantine and events)."""
    with database.transaction() as session:
        counts = count_catalog(session)
        for name, table in (
            ("customers", CustomerRow),
            ("orders", OrderRow),
            ("order_lines", OrderLineRow),
            ("inventory_levels", InventoryLevelRow),
            ("quarantine", QuarantineRow),
            ("events", EventRow),
        ):
            counts[name] = session.scalar(select(func.count()).select_from(table)) or 0
    return counts


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write a small fixture file and return its path."""
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def data() -> Path:
    """The folder of small fixture files written for these tests."""
    return DATA


@pytest.fixture
def run() -> Callable[..., ImportReport]:
    """`run(database, *paths, format=, kind=, mapping=, batch_size=)`: import with USD defaults."""
    return run_import


@pytest.fixture
def counts() -> Callable[[Database], dict[str, int]]:
    """`counts(database)`: rows per imported kind, quarantine and events."""
    return stored
