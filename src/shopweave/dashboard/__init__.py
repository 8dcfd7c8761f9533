"""Server-rendered web pages (Jinja2 templates and CSS shipped in the package; nothing is
loaded from the internet)."""

from shopweave.dashboard.catalog_health import CatalogHealth, build_catalog_health
from shopweave.dashboard.pages import router

__all__ = ["CatalogHealth", "build_catalog_health", "router"]
