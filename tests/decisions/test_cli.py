import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from shopweave.catalog.store import Database
from shopweave.cli.main import app
from shopweave.decisions.tables import DecisionRow
from shopweave.events import read_events
from shopweave.settings import Settings


@pytest.fixture
def cli(settings: Settings, database: Database, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("SHOPWEAVE_HOME", str(settings.home))
    if settings.database_url:
        monkeypatch.setenv("SHOPWEAVE_DATABASE_URL", settings.database_url)
    else:
        monkeypatch.delenv("SHOPWEAVE_DATABASE_URL", raising=False)
    return CliRunner()


def test_rules_check_names_file_and_line_of_a_bad_rule(cli: CliRunner, settings: Settings) -> None:
    rules = settings.home / "rules"
    rules.mkdir(parents=True)
    (rules / "mine.yaml").write_text(
        "rules:\n  - id: x\n    on: [a.b]\n    when: 'data.x >'\n    do: [{action: a.b}]\n"
    )
    result = cli.invoke(app, ["rules", "check"])
    assert result.exit_code == 2
    assert f"error[rules.invalid]: {rules / 'mine.yaml'}:4: invalid CEL expression 'data.x >'" in " ".join(
        result.stderr.split()
    )


def test_rules_check_accepts_the_defaults_and_notes_missing_actions(cli: CliRunner) -> None:
    result = cli.invoke(app, ["rules", "check"])
    assert result.exit_code == 0
    assert result.stdout.startswith("12 rules, 2 schedules, version ")
    assert "  queue studio: 2 at once per worker\n" in result.stdout
    assert (
        "rule publish-built-page: no subsystem offers pages.publish (it will be logged as missing)"
        in result.stdout
    )


def test_events_emit_records_once_and_rejects_bad_data(cli: CliRunner, database: Database) -> None:
    data = json.dumps({"sku": "A", "available": 3})
    first = cli.invoke(
        app, ["events", "emit", "inventory.changed", "--data", data, "--id", "e1", "--subject", "sku/A"]
    )
    again = cli.invoke(app, ["events", "emit", "inventory.changed", "--data", data, "--id", "e1"])
    bad = cli.invoke(app, ["events", "emit", "inventory.changed", "--data", '{"sku": "A"}'])
    assert (first.exit_code, first.stdout) == (0, "e1 recorded\n")
    assert (again.exit_code, again.stdout) == (0, "e1 already recorded (duplicate)\n")
    assert bad.exit_code == 2
    assert "data.available: Field required" in bad.stderr
    with database.transaction() as session:
        assert [(e.id, e.subject) for _, e in read_events(session)] == [("e1", "sku/A")]


def test_rules_test_shows_what_would_fire_and_writes_nothing(
    cli: CliRunner, database: Database, tmp_path: Path
) -> None:
    event = tmp_path / "event.json"
    event.write_text(
        json.dumps(
            {"id": "x", "source": "/t", "type": "inventory.changed", "data": {"sku": "A", "available": 2}}
        )
    )
    result = cli.invoke(app, ["rules", "test", "low-stock", "--event", str(event)])
    assert result.exit_code == 0, result.output
    assert "  - low-stock fired: defined at " in result.stdout
    assert (
        "2. marketing.pause_promotion (rule low-stock, priority 90): not run — "
        "no subsystem offers marketing.pause_promotion" in result.stdout
    )
    with database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(DecisionRow)) == 0
