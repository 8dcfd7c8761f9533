"""Channel rules as data: the models `rules.yaml` is read into, and the loader.

The built-in `rules.yaml` next to this module is the default; a seller can pass another file of
the same layout. Field names and conditions are checked against `fields.py` when loading, so a
typo in a rules file is a clear error naming the file, channel and entry.
"""

from __future__ import annotations

import re
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Literal

import pydantic
import yaml
from pydantic import BaseModel, ConfigDict, Field

from shopweave.catalog.audit.errors import AuditRulesError
from shopweave.catalog.audit.fields import CONDITIONS, FIELDS


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Requirement(_Strict):
    """A required attribute: one field, or several separated by `|` of which one is enough."""

    field: str = Field(description="Field name, or alternatives `a|b`.", examples=["gtin|mpn"])
    when: str | None = Field(default=None, description="Only required when this holds.", examples=["apparel"])
    unless: str | None = Field(
        default=None, description="Not required when this holds.", examples=["identifier_exists_no"]
    )

    @cached_property
    def alternatives(self) -> tuple[str, ...]:
        """The field names any one of which satisfies the requirement."""
        return tuple(self.field.split("|"))


class ImageRules(_Strict):
    """Size, format and count limits of a channel's images. Unset means no limit."""

    formats: list[str] | None = Field(default=None, description="Accepted Pillow format names.")
    min_each_side: int | None = Field(default=None, description="Both sides at least this (px).")
    min_each_side_apparel: int | None = Field(default=None, description="Same, for apparel.")
    min_longest_side: int | None = Field(default=None, description="Longest side at least this.")
    recommended_each_side: int | None = Field(default=None, description="Recommended minimum, both sides.")
    recommended_longest_side: int | None = Field(default=None, description="Recommended longest side.")
    max_each_side: int | None = Field(default=None, description="Neither side above this.")
    max_longest_side: int | None = Field(default=None, description="Longest side at most this.")
    max_megapixels: float | None = Field(default=None, description="Width × height at most this, in MP.")
    max_count: int | None = Field(default=None, description="Images the channel shows at most.")


class ChannelRules(_Strict):
    """Everything the audit checks for one channel."""

    label: str = Field(description="Human name.", examples=["Google Merchant Center"])
    required: list[Requirement] = Field(default_factory=list, description="Required attributes.")
    allowed_values: dict[str, list[str]] = Field(
        default_factory=dict, description="Attribute to the values the channel accepts."
    )
    title_max: int | None = Field(default=None, description="Longest title, in characters.")
    description_max: int | None = Field(default=None, description="Longest description text.")
    images: ImageRules = Field(default_factory=ImageRules, description="Image limits.")


Level = Literal["error", "warning", "info"]


def _default_penalties() -> dict[Level, float]:
    return {"error": 20.0, "warning": 5.0, "info": 1.0}


class Scoring(_Strict):
    """Points off a channel score per distinct problem, by severity."""

    penalties: dict[Level, float] = Field(default_factory=_default_penalties)


class ApparelRules(_Strict):
    """How the audit recognises apparel (which needs more attributes and larger images)."""

    category_prefixes: list[str] = Field(default_factory=list)
    product_types: list[str] = Field(default_factory=list)


class TitleRules(_Strict):
    """Channel-independent title checks."""

    promotional_patterns: list[str] = Field(default_factory=list)


class AuditRules(_Strict):
    """The whole rule set: scoring, shared checks and one entry per channel."""

    scoring: Scoring = Field(default_factory=Scoring)
    apparel: ApparelRules = Field(default_factory=ApparelRules)
    title: TitleRules = Field(default_factory=TitleRules)
    channels: dict[str, ChannelRules]

    def promotional_regex(self) -> re.Pattern[str] | None:
        """One compiled pattern matching any promotional phrase, or None when there are none."""
        if not self.title.promotional_patterns:
            return None
        return re.compile("|".join(f"(?:{p})" for p in self.title.promotional_patterns), re.IGNORECASE)


def _check_names(rules: AuditRules, source: str) -> None:
    for name, channel in rules.channels.items():
        for index, requirement in enumerate(channel.required):
            where = f"{source}: channels.{name}.required[{index}]"
            for field in requirement.alternatives:
                if field not in FIELDS:
                    raise AuditRulesError(
                        f"{where}: unknown field {field!r}; known fields: {', '.join(sorted(FIELDS))}"
                    )
            for condition in (requirement.when, requirement.unless):
                if condition is not None and condition not in CONDITIONS:
                    raise AuditRulesError(
                        f"{where}: unknown condition {condition!r}; known: {', '.join(sorted(CONDITIONS))}"
                    )
    for pattern in rules.title.promotional_patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise AuditRulesError(
                f"{source}: title.promotional_patterns: {pattern!r} is not a regex: {exc}"
            ) from None


def parse_rules(text: str, source: str) -> AuditRules:
    """Rules from YAML text; `source` names the file in error messages."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise AuditRulesError(f"{source}: not valid YAML: {exc}") from None
    try:
        rules = AuditRules.model_validate(data)
    except pydantic.ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise AuditRulesError(f"{source}: {where}: {first['msg']}") from None
    _check_names(rules, source)
    return rules


@cache
def default_rules() -> AuditRules:
    """The built-in rules shipped in `rules.yaml`."""
    text = resources.files("shopweave.catalog.audit").joinpath("rules.yaml").read_text(encoding="utf-8")
    return parse_rules(text, "rules.yaml (built in)")


def load_rules(path: Path | None = None) -> AuditRules:
    """The rules in `path`, or the built-in ones."""
    if path is None:
        return default_rules()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise AuditRulesError(f"{path}: cannot read the rules file: {exc.strerror}") from None
    return parse_rules(text, str(path))
