"""`/api/audit`: the catalog quality audit, overall and per channel."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from shopweave.catalog.audit import AuditReport, audit_catalog
from shopweave.gateway.deps import AppSettings, DbSession
from shopweave.gateway.errors import ErrorBody

router = APIRouter(prefix="/api/audit", tags=["audit"])


@router.get(
    "",
    response_model=AuditReport,
    summary="Audit the catalog",
    responses={422: {"model": ErrorBody, "description": "Unknown channel."}},
)
def read_audit(
    session: DbSession,
    settings: AppSettings,
    channel: Annotated[
        str | None,
        Query(description="Audit for one channel: amazon, google, shopify, ebay or etsy; all when omitted."),
    ] = None,
) -> AuditReport:
    """Scores 0–100 per product, per channel and overall, with every problem and how to fix it."""
    return audit_catalog(session, [channel] if channel else None, images_dir=settings.images_dir)
