"""Every error the API returns has one shape: `{"error": {"code": ..., "message": ...}}`.

`ShopweaveError` subclasses keep their stable `code` and HTTP `status`; request validation
failures become `invalid` (422) naming the parameter; unknown routes `not_found` (404); anything
unexpected `internal` (500) without leaking a traceback.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from shopweave.errors import ShopweaveError

__all__ = ["ErrorBody", "ErrorDetail", "error_response", "install_error_handlers"]

logger = logging.getLogger("shopweave.gateway")

_HTTP_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 406: "not_acceptable"}


class ErrorDetail(BaseModel):
    """What went wrong."""

    code: str = Field(description="Stable code clients can match on.", examples=["not_found"])
    message: str = Field(
        description="What is wrong and what to do next.", examples=["no product with handle 'x'"]
    )


class ErrorBody(BaseModel):
    """The body of every error response."""

    error: ErrorDetail


def error_response(status: int, code: str, message: str) -> JSONResponse:
    """A JSON error response in the API's one shape."""
    return JSONResponse(status_code=status, content={"error": {"code": code, "message": message}})


def _where(location: tuple[object, ...]) -> str:
    parts = [str(p) for p in location]
    if parts and parts[0] in ("query", "path", "header", "body"):
        kind = {
            "query": "query parameter",
            "path": "path parameter",
            "header": "header",
            "body": "body field",
        }
        return f"{kind[parts[0]]} {'.'.join(parts[1:])!r}" if len(parts) > 1 else parts[0]
    return ".".join(parts)


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that give every error the one JSON shape."""

    @app.exception_handler(ShopweaveError)
    async def shopweave_error(_request: Request, exc: ShopweaveError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        message = f"{_where(tuple(first.get('loc', ())))}: {first.get('msg', 'invalid')}"
        return error_response(422, "invalid", message)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}")
        message = str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such endpoint: {request.method} {request.url.path}; see /docs"
        return error_response(exc.status_code, code, message)

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
        logger.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        return error_response(500, "internal", "unexpected server error; the server log has the details")
