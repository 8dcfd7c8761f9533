"""docs/audit.md carries the generated rules, fields and codes tables; they must match the code."""

import re
from collections.abc import Callable
from pathlib import Path

import pytest

import shopweave.catalog.audit as audit
from shopweave.catalog.audit import CODES, default_rules
from shopweave.catalog.audit.reference import codes_markdown, fields_markdown, rules_markdown

DOC = Path(__file__).resolve().parents[3] / "docs" / "audit.md"


def block(name: str) -> str:
    found = re.search(
        rf"<!-- generated:{name} -->\n(.*?)<!-- /generated:{name} -->", DOC.read_text("utf-8"), re.S
    )
    assert found is not None, f"docs/audit.md has no generated:{name} block"
    return found.group(1)


@pytest.mark.parametrize(
    ("name", "render"),
    [
        pytest.param("rules", lambda: rules_markdown(default_rules()), id="rules"),
        pytest.param("fields", fields_markdown, id="fields"),
        pytest.param("codes", codes_markdown, id="codes"),
    ],
)
def test_generated_blocks_are_current(name: str, render: Callable[[], str]) -> None:
    assert block(name) == render(), "regenerate the block with shopweave.catalog.audit.reference"


def test_every_code_is_documented_once() -> None:
    documented = re.findall(r"^\| `([a-z_.]+)` \|", block("codes"), re.M)
    assert documented == list(CODES)


def test_public_names_are_exported() -> None:
    public = {name for name in vars(audit) if not name.startswith("_") and name not in {"annotations"}}
    modules = {"barcodes", "checks", "codes", "duplicates", "engine", "errors", "fields", "html", "images",
               "models", "reference", "rules", "scoring"}  # fmt: skip
    assert sorted(public - modules) == sorted(audit.__all__)
