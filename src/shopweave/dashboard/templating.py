"""The Jinja2 environment of the web pages and the folder of their static files."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates

__all__ = ["STATIC_DIR", "templates"]

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
templates = Jinja2Templates(directory=HERE / "templates")


def _score_class(score: float) -> str:
    if score >= 85:
        return "good"
    if score >= 60:
        return "fair"
    return "poor"


templates.env.filters["score_class"] = _score_class
