"""The rule set: every rules file (shipped defaults overlaid by `<home>/rules/`), compiled."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from shopweave.decisions.arbitration import Policy, compile_policy
from shopweave.decisions.errors import RuleError
from shopweave.decisions.queues import QueueLimits, compile_queues
from shopweave.decisions.rules import Rule, load_rules_file, rule_files, version_of
from shopweave.decisions.schedules import Schedule, compile_schedules
from shopweave.settings import Settings

DEFAULT_RULES_DIR = Path(__file__).resolve().parent / "defaults"


@dataclass(frozen=True)
class RuleSet:
    """Compiled rules, arbitration policy, schedules and queue limits, with a version hash of their files."""

    rules: tuple[Rule, ...] = ()
    policy: Policy = field(default_factory=Policy)
    schedules: tuple[Schedule, ...] = ()
    version: str = "empty"
    files: tuple[Path, ...] = ()
    queues: Mapping[str, QueueLimits] = field(default_factory=dict)

    def for_event(self, event_type: str) -> list[Rule]:
        """Rules listening to `event_type`, highest priority first."""
        return sorted((r for r in self.rules if event_type in r.on), key=lambda r: -r.priority)

    def rule(self, rule_id: str) -> Rule:
        """The rule called `rule_id`."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise RuleError(f"no rule called {rule_id!r}; list them with `shopweave rules check`")


def load_ruleset_files(paths: list[Path]) -> RuleSet:
    """Compile `paths`; the first problem raises RuleError naming file and line."""
    rules: list[Rule] = []
    policy = Policy()
    schedules: list[Schedule] = []
    queues: dict[str, QueueLimits] = {}
    seen: dict[str, Rule] = {}
    for path in paths:
        file_rules, document = load_rules_file(path)
        for rule in file_rules:
            if rule.id in seen:
                raise RuleError(f"{rule.where}: rule id {rule.id!r} is already used at {seen[rule.id].where}")
            seen[rule.id] = rule
        rules.extend(file_rules)
        if isinstance(document, dict):
            policy = policy.merged(compile_policy(document.get("arbitration"), path))
            schedules.extend(compile_schedules(document.get("schedules"), path))
            queues.update(compile_queues(document.get("queues"), path))
    return RuleSet(
        tuple(rules),
        policy,
        tuple(schedules),
        version_of(paths) if paths else "empty",
        tuple(paths),
        queues,
    )


def rules_folders(settings: Settings) -> list[Path]:
    """Where rules are read from: the shipped defaults, then `<home>/rules` (same name replaces)."""
    return [DEFAULT_RULES_DIR, settings.home / "rules"]


def load_ruleset(settings: Settings) -> RuleSet:
    """The rule set in effect for `settings`."""
    return load_ruleset_files(rule_files(rules_folders(settings)))
