"""Markdown reference of the problem codes, the fields and the channel rules, pasted into
docs/audit.md between markers (a test fails when the page and the code disagree)."""

from __future__ import annotations

from shopweave.catalog.audit.codes import CODES
from shopweave.catalog.audit.fields import CONDITIONS, FIELDS
from shopweave.catalog.audit.rules import AuditRules, ImageRules


def codes_markdown() -> str:
    """One table row per problem code."""
    lines = ["| code | severity | meaning | message (fix) |", "| --- | --- | --- | --- |"]
    for code, info in CODES.items():
        fix = info.fix.replace("|", "\\|")
        lines.append(f"| `{code}` | {info.severity.value} | {info.summary} | {fix} |")
    return "\n".join(lines) + "\n"


def fields_markdown() -> str:
    """What each field the rules may require is read from."""
    lines = ["| field | filled when there is |", "| --- | --- |"]
    lines += [f"| `{name}` | {spec.source} |" for name, spec in FIELDS.items()]
    lines += ["", "| condition | holds when |", "| --- | --- |"]
    lines += [f"| `{name}` | {text} |" for name, text in CONDITIONS.items()]
    return "\n".join(lines) + "\n"


def _images(rules: ImageRules) -> str:
    parts: list[str] = []
    if rules.min_each_side:
        parts.append(f"min {rules.min_each_side}×{rules.min_each_side}")
    if rules.min_each_side_apparel:
        parts.append(f"apparel min {rules.min_each_side_apparel}×{rules.min_each_side_apparel}")
    if rules.min_longest_side:
        parts.append(f"min {rules.min_longest_side} longest side")
    if rules.recommended_each_side:
        parts.append(f"recommended {rules.recommended_each_side}×{rules.recommended_each_side}")
    if rules.recommended_longest_side:
        parts.append(f"recommended {rules.recommended_longest_side} longest side")
    if rules.max_each_side:
        parts.append(f"max {rules.max_each_side}×{rules.max_each_side}")
    if rules.max_longest_side:
        parts.append(f"max {rules.max_longest_side} longest side")
    if rules.max_megapixels:
        parts.append(f"max {rules.max_megapixels:g} MP")
    if rules.max_count:
        parts.append(f"up to {rules.max_count} images")
    if rules.formats:
        parts.append("formats " + "/".join(rules.formats))
    return "; ".join(parts) or "-"


def rules_markdown(rules: AuditRules) -> str:
    """One table row per channel: required attributes, value lists, length and image limits."""
    lines = [
        "| channel | required | allowed values | title / description max | images (px) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, channel in rules.channels.items():
        required = []
        for requirement in channel.required:
            text = f"`{requirement.field}`"
            if requirement.when:
                text += f" when {requirement.when}"
            if requirement.unless:
                text += f" unless {requirement.unless}"
            required.append(text)
        allowed = "; ".join(f"`{k}`: {', '.join(v)}" for k, v in channel.allowed_values.items()) or "-"
        lengths = f"{channel.title_max or '-'} / {channel.description_max or '-'}"
        lines.append(
            f"| `{name}` ({channel.label}) | {', '.join(required)} | {allowed} | {lengths} | {_images(channel.images)} |"
        )
    return "\n".join(lines) + "\n"
