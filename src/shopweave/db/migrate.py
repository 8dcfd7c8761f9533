"""Alembic migrations, run from code: every package's `migrations/` folder is one branch."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def version_locations() -> list[str]:
    """Every `src/shopweave/<package>/migrations` folder, in a stable order."""
    return sorted(str(p) for p in PACKAGE_ROOT.glob("*/migrations") if p.is_dir())


def alembic_config(engine: Engine) -> Config:
    """An Alembic config for `engine` without any ini file."""
    config = Config()
    config.set_main_option("script_location", str(Path(__file__).resolve().parent / "alembic"))
    config.set_main_option("version_locations", " ".join(version_locations()))
    config.set_main_option("path_separator", "space")
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Bring the database schema up to date (all branches)."""
    command.upgrade(alembic_config(engine), revision)
