"""Building a durable engine from settings: database, plugin registry, rule set."""

from __future__ import annotations

from shopweave.catalog.store import Database
from shopweave.decisions.engine import DurableEngine, EngineOptions
from shopweave.decisions.ruleset import load_ruleset
from shopweave.plugins.registry import load_registry
from shopweave.settings import Settings


def build_engine(settings: Settings, database: Database, options: EngineOptions) -> DurableEngine:
    """An engine (not started) with the installed subsystems and the rules in effect."""
    return DurableEngine(settings, database, load_registry(), load_ruleset(settings), options)
