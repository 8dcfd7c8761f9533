"""`create_app`: the FastAPI application — REST API, image files, API reference and web pages.

app = create_app()                        # opens the configured database on startup
app = create_app(settings, database)      # tests: use this database, leave it open
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from shopweave import __version__
from shopweave.catalog.store import Database
from shopweave.dashboard import router as dashboard_router
from shopweave.dashboard.templating import STATIC_DIR
from shopweave.decisions.api import router as decisions_router
from shopweave.gateway import reference
from shopweave.gateway.errors import install_error_handlers
from shopweave.gateway.routes import audit, health, images, inventory, orders, products
from shopweave.settings import Settings, get_settings
from shopweave.support.api import router as support_router

__all__ = ["DESCRIPTION", "create_app"]

DESCRIPTION = (
    "Shopweave's REST API: products, orders, inventory and the catalog quality audit of a "
    "self-hosted store. Lists page with `limit` and `offset`; errors are "
    '`{"error": {"code", "message"}}` with the HTTP status of the error.'
)


def create_app(settings: Settings | None = None, database: Database | None = None) -> FastAPI:
    """The application; opens (and on shutdown closes) the database unless one is given."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = database is None
        app.state.database = database or Database.open(settings)
        try:
            yield
        finally:
            if owned:
                app.state.database.close()

    app = FastAPI(
        title="Shopweave",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    if database is not None:
        app.state.database = database
    install_error_handlers(app)
    for router in (
        products.router,
        orders.router,
        inventory.router,
        audit.router,
        health.router,
        images.router,
    ):
        app.include_router(router)
    app.include_router(reference.router)
    app.include_router(dashboard_router)
    app.include_router(support_router)
    app.include_router(decisions_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
