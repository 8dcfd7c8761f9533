"""A seeded sample store (20 products) served by a real uvicorn server, once per module and
backend; the store gets its own database so other tests' truncation cannot touch it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

import pytest

from shopweave.catalog.images import ImageStore
from shopweave.catalog.store import Database
from shopweave.demo import SeedReport, seed_demo_store
from shopweave.gateway import create_app
from shopweave.settings import Settings
from shopweave.testing.databases import temporary_postgres_database
from shopweave.testing.server import live_server


@dataclass
class Served:
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
