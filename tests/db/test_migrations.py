from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

import shopweave.db.tables  # noqa: F401
from shopweave.catalog.store import Database
from shopweave.db import Base
from shopweave.db.migrate import alembic_config


def test_migrations_produce_exactly_the_declared_tables(database: Database) -> None:
    with database.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_each_package_branch_has_a_single_head(database: Database) -> None:
    script = ScriptDirectory.from_config(alembic_config(database.engine))
    heads = script.get_heads()
    branches = [script.get_revision(h).branch_labels for h in heads]  # type: ignore[union-attr]
    assert len(heads) == len(branches)
    labels = [label for labels in branches for label in labels]
    assert len(labels) == len(set(labels)), f"two heads share a branch: {heads}"


def test_reopening_a_migrated_database_is_a_no_op(database: Database) -> None:
    from shopweave.db import upgrade

    upgrade(database.engine)
    with database.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_heads()
