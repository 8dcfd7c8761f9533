"""Fixtures for the decision layer: rules in a temporary home, and a running durable engine."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from shopweave.catalog.store import Database
from shopweave.decisions.engine import DurableEngine, EngineOptions
from shopweave.decisions.ruleset import load_ruleset_files
from shopweave.plugins import load_registry
from shopweave.settings import Settings
from shopweave.testing.databases import temporary_postgres_database
from shopweave.testing.plugins import ensure_fixture_plugin


@pytest.fixture
def settings(tmp_path: Path, backend: str) -> Iterator[Settings]:
    """Settings on a database of the test's own.

    On PostgreSQL each test gets a fresh database: DBOS keeps its workflow state (keyed by
    deterministic event ids) and the dispatcher's advisory lock in the database, and neither may
    leak from one test into the next.
    """
    if backend == "postgres":
        with temporary_postgres_database("shopweave_decisions") as url:
            yield Settings(home=tmp_path / "home", database_url=url)
    else:
        yield Settings(home=tmp_path / "home")


@pytest.fixture(scope="session")
def fixture_plugin_installed() -> None:
    """tests/plugins/fixture_plugin, installed into this environment."""
    ensure_fixture_plugin()


def write_rules(folder: Path, text: str, name: str = "rules.yaml") -> Path:
    """Write a rules file and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def run_engine(
    settings: Settings, database: Database, fixture_plugin_installed: None
) -> Callable[..., object]:
    """Start a durable engine on the test database with the given rules text (only those rules)."""

    @contextmanager
    def start(rules_text: str, **options: object) -> Iterator[DurableEngine]:
        path = write_rules(settings.home / "rules", rules_text)
        engine = DurableEngine(
            settings,
            database,
            load_registry(),
            load_ruleset_files([path]),
            EngineOptions(**options),  # type: ignore[arg-type]
        )
        engine.start()
        try:
            yield engine
        finally:
            engine.stop()

    return start
