"""Subsystem plugins: the contract (`spec`), hook specifications and the registry."""

from shopweave.plugins.hookspecs import ENTRY_POINT_GROUP, hookimpl, hookspec
from shopweave.plugins.registry import LoadFailure, Registry, load_registry
from shopweave.plugins.spec import Action, ActionContext, Health, Subsystem

__all__ = [
    "ENTRY_POINT_GROUP",
    "Action",
    "ActionContext",
    "Health",
    "LoadFailure",
    "Registry",
    "Subsystem",
    "hookimpl",
    "hookspec",
    "load_registry",
]
