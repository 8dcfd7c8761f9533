"""The self-contained HTML audit report: inline CSS, no scripts, nothing loaded from elsewhere."""

from __future__ import annotations

from importlib import resources

from shopweave.catalog.audit.models import AuditReport


def render_html(report: AuditReport) -> str:
    """The report as one HTML page; products listed lowest score first."""
    from jinja2 import Environment, select_autoescape  # only the HTML report needs it

    environment = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    source = resources.files("shopweave.catalog.audit").joinpath("report.html").read_text(encoding="utf-8")
    template = environment.from_string(source)
    products = sorted(report.products, key=lambda p: (p.score, p.handle))
    return template.render(report=report, counts=report.problem_counts(), products=products)
