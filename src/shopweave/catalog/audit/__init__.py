"""The catalog quality audit: scores 0–100 per product, per channel and overall, and the list of
problems with stable codes, the field and a sentence saying how to fix each.

    report = audit_catalog(session, ["google"], images_dir=settings.images_dir)
    report.score, report.channels["google"].missing, report.worst_problems(5)

Channel rules are data (`rules.yaml`); codes and scoring are documented in docs/audit.md.
"""

from shopweave.catalog.audit.codes import CODES, CodeInfo
from shopweave.catalog.audit.engine import audit_catalog, audit_products, resolve_channels
from shopweave.catalog.audit.errors import AuditRulesError, UnknownChannelError
from shopweave.catalog.audit.html import render_html
from shopweave.catalog.audit.models import (
    AuditReport,
    ChannelScore,
    ChannelSummary,
    Problem,
    ProblemCount,
    ProductAudit,
    Severity,
)
from shopweave.catalog.audit.rules import AuditRules, ChannelRules, default_rules, load_rules

__all__ = [
    "CODES",
    "AuditReport",
    "AuditRules",
    "AuditRulesError",
    "ChannelRules",
    "ChannelScore",
    "ChannelSummary",
    "CodeInfo",
    "Problem",
    "ProblemCount",
    "ProductAudit",
    "Severity",
    "UnknownChannelError",
    "audit_catalog",
    "audit_products",
    "default_rules",
    "load_rules",
    "render_html",
    "resolve_channels",
]
