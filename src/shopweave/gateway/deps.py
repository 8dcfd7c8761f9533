"""Request dependencies: a database session per request, the settings and the image store."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from shopweave.catalog.images import ImageStore
from shopweave.catalog.store import Database
from shopweave.settings import Settings

__all__ = ["AppSettings", "DbSession", "Images", "get_database"]


def get_database(request: Request) -> Database:
    """The app's database."""
    database: Database = request.app.state.database
    return database


def _session(request: Request) -> Iterator[Session]:
    with get_database(request).sessions() as session:
        yield session


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _images(request: Request) -> ImageStore:
    return ImageStore(_settings(request).images_dir)


DbSession = Annotated[Session, Depends(_session)]
AppSettings = Annotated[Settings, Depends(_settings)]
Images = Annotated[ImageStore, Depends(_images)]
