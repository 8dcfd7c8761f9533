"""The web pages: `/` shows catalog health."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from shopweave.dashboard.catalog_health import build_catalog_health
from shopweave.dashboard.templating import templates
from shopweave.gateway.deps import AppSettings, DbSession

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def catalog_health(request: Request, session: DbSession, settings: AppSettings) -> HTMLResponse:
    """Overall and per-channel scores, the worst problems and the weakest products."""
    health = build_catalog_health(session, settings.images_dir)
    return templates.TemplateResponse(
        request, "catalog_health.html", {"title": "Catalog health", "health": health}
    )
