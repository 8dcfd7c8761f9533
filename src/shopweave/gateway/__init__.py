"""The application integration layer: the REST API (FastAPI, OpenAPI) and the HTTP server."""

from shopweave.gateway.app import create_app

__all__ = ["create_app"]
