from pathlib import Path

import pytest
from typer.testing import CliRunner

from shopweave.cli.main import app
from shopweave.cli.settings import render_settings_doc
from shopweave.settings import Settings

DOC = Path(__file__).resolve().parents[2] / "docs" / "settings.md"


def test_every_setting_has_a_description_and_an_example() -> None:
    for name, field in Settings.model_fields.items():
        assert field.description, f"setting {name} has no description"
        assert field.examples, f"setting {name} has no example"


def test_settings_doc_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == render_settings_doc(), (
        "run `shopweave settings docs > docs/settings.md`"
    )


def test_settings_show_prints_the_effective_values(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SHOPWEAVE_HOME", str(tmp_path))
    monkeypatch.setenv("SHOPWEAVE_DATABASE_URL", "sqlite:///x.db")
    result = CliRunner().invoke(app, ["settings", "show"])
    assert result.exit_code == 0
    assert f"SHOPWEAVE_HOME={tmp_path}" in result.output.splitlines()
    assert "SHOPWEAVE_DATABASE_URL=sqlite:///x.db" in result.output.splitlines()
