"""`/healthz`: the server is up and its database answers."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from shopweave import __version__
from shopweave.catalog.store.tables import ProductRow
from shopweave.errors import StorageError
from shopweave.gateway.deps import DbSession
from shopweave.gateway.errors import ErrorBody
from shopweave.gateway.models import Health

router = APIRouter(tags=["health"])


@router.get(
    "/healthz",
    response_model=Health,
    summary="Health check",
    responses={503: {"model": ErrorBody, "description": "The database does not answer."}},
)
def health(session: DbSession) -> Health:
    """`ok` with the version, the database backend and the number of products."""
    try:
        products = session.scalar(select(func.count(ProductRow.id))) or 0
    except SQLAlchemyError as exc:
        raise StorageError(f"the database does not answer: {exc.__class__.__name__}") from None
    backend = session.get_bind().dialect.name
    return Health(status="ok", version=__version__, database=backend, products=products)
