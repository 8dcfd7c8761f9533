"""Subsystem plugins: the contract (`spec`), hook specifications and the registry."""

from shopweave.plugins.spec import Action, ActionContext, Health, Subsystem

__all__ = ["Action", "ActionContext", "Health", "Subsystem"]
