"""`Database`: an engine plus sessions, migrated on open. The one way code reaches the store."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from shopweave.db import create_db_engine, session_factory, upgrade
from shopweave.errors import StorageError
from shopweave.settings import Settings


@dataclass
class Database:
    """A migrated database and its session factory."""

    engine: Engine
    sessions: sessionmaker[Session]

    @classmethod
    def open(cls, settings: Settings, *, migrate: bool = True) -> Database:
        """Connect to the configured database and bring its schema up to date."""
        settings.home.mkdir(parents=True, exist_ok=True)
        engine = create_db_engine(settings.resolved_database_url)
        try:
            if migrate:
                upgrade(engine)
        except OperationalError as exc:
            engine.dispose()
            raise StorageError(
                f"cannot open the database at {engine.url.render_as_string(hide_password=True)}: "
                f"{exc.orig}. Check SHOPWEAVE_DATABASE_URL."
            ) from exc
        return cls(engine=engine, sessions=session_factory(engine))

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work commits on success and rolls back on any error."""
        with self.sessions.begin() as session:
            yield session

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()
