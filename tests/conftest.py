"""Fixtures every test may use: settings in a temporary home, and a migrated database that is
SQLite by default and PostgreSQL for the `postgres`-marked copy of each database test."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text

from shopweave.catalog.images import ImageStore
from shopweave.catalog.store import Database
from shopweave.db import Base
from shopweave.demo import SeedReport, seed_demo_store
from shopweave.gateway import create_app
from shopweave.settings import Settings
from shopweave.testing.databases import temporary_postgres_database
from shopweave.testing.server import live_server

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The development data folder; tests that need it skip with a reason when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"development data not found at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """One fresh PostgreSQL database for the whole test session."""
    with temporary_postgres_database() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    """Which database backend a test runs on."""
    return str(request.param)


@pytest.fixture
def settings(tmp_path: Path, backend: str, request: pytest.FixtureRequest) -> Settings:
    """Settings with a temporary home, on the backend under test."""
    url = request.getfixturevalue("postgres_url") if backend == "postgres" else None
    return Settings(home=tmp_path / "home", database_url=url)


@pytest.fixture
def database(settings: Settings, backend: str) -> Iterator[Database]:
    """A migrated, empty database."""
    db = Database.open(settings)
    if backend == "postgres":
        with db.engine.begin() as conn:
            names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    yield db
    db.close()


# The gateway and dashboard tests share one seeded sample store (20 products) served by a real
# uvicorn server, once per module and backend; it gets its own database so other tests'
# truncation cannot touch it.
@dataclass
class Served:
    """A running server over a seeded store."""

    base_url: str
    settings: Settings
    database: Database
    report: SeedReport
    backend: str


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def served(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    home: Path = tmp_path_factory.mktemp("served") / "home"
    with (
        temporary_postgres_database("shopweave_gateway")
        if request.param == "postgres"
        else nullcontext() as url
    ):
        settings = Settings(home=home, database_url=url)
        database = Database.open(settings)
        report = seed_demo_store(database, ImageStore(settings.images_dir), products=20, seed=7)
        try:
            with live_server(create_app(settings, database)) as base_url:
                yield Served(base_url, settings, database, report, str(request.param))
        finally:
            database.close()
