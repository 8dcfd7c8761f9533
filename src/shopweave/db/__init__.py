"""Database plumbing shared by every layer: the declarative base, engines and migrations.

Each package that owns tables defines them on `Base` and keeps its Alembic revisions in its own
`migrations/` folder (one Alembic branch per package); `upgrade()` applies all of them.
"""

from shopweave.db.base import Base
from shopweave.db.engine import create_db_engine, session_factory
from shopweave.db.migrate import upgrade

__all__ = ["Base", "create_db_engine", "session_factory", "upgrade"]
