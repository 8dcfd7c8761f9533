"""The self-contained HTML audit report: inline CSS, no scripts, nothing loaded from elsewhere."""

from __future__ import annotations

from importlib import resources

from jinja2 import Environment, select_autoescape

from shopweave.catalog.audit.models import AuditReport

_ENV = Environment(autoescape=select_autoescape(default=True, default_for_string=True))


def render_html(report: AuditReport) -> str:
    """The report as one HTML page; products listed lowest score first."""
    source = resources.files("shopweave.catalog.audit").joinpath("report.html").read_text(encoding="utf-8")
    template = _ENV.from_string(source)
    products = sorted(report.products, key=lambda p: (p.score, p.handle))
    return template.render(report=report, counts=report.problem_counts(), products=products)
