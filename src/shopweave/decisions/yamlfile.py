"""Reading YAML files while remembering the line of every mapping and key, for error messages."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from shopweave.decisions.errors import RuleError

LINE_KEY = "__line__"
LINES_KEY = "__lines__"


class _LineLoader(yaml.SafeLoader):
    """A safe loader that annotates each mapping with its line and the line of each key.

    Booleans follow YAML 1.2 (`true`/`false` only), so a rule's `on:` key stays the word "on".
    """


_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LineLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    result: dict[str, Any] = {str(k): v for k, v in mapping.items()}
    result[LINE_KEY] = node.start_mark.line + 1
    result[LINES_KEY] = {str(key.value): key.start_mark.line + 1 for key, _ in node.value}
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path: Path) -> Any:
    """The YAML document in `path`, mappings annotated with lines; a syntax error names file:line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RuleError(f"{path}: cannot read: {exc.strerror}") from exc
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 0
        raise RuleError(f"{path}:{line}: invalid YAML: {exc.problem}") from exc


def strip_lines(value: Any) -> Any:
    """`value` without the line annotations."""
    if isinstance(value, dict):
        return {k: strip_lines(v) for k, v in value.items() if k not in (LINE_KEY, LINES_KEY)}
    if isinstance(value, list):
        return [strip_lines(v) for v in value]
    return value


def line_of(mapping: Any, key: str | None = None) -> int:
    """The line of `key` in `mapping` (or of the mapping itself)."""
    if not isinstance(mapping, dict):
        return 0
    if key is not None and key in mapping.get(LINES_KEY, {}):
        return int(mapping[LINES_KEY][key])
    return int(mapping.get(LINE_KEY, 0))
