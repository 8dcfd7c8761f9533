from pathlib import Path

import pytest

from shopweave.decisions.errors import RuleError
from shopweave.decisions.queues import QueueLimits
from shopweave.decisions.rules import parse_duration
from shopweave.decisions.ruleset import DEFAULT_RULES_DIR, load_ruleset_files

GOOD = """\
rules:
  - id: low-stock
    on: [inventory.changed]
    edge: {value: "data.available", below: 5}
    cooldown: 6h
    max: {count: 3, per: 1d}
    do:
      - action: demand.notify_supplier
        with: {sku: "{{ data.sku }}"}
"""


def _load(tmp_path: Path, text: str) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    load_ruleset_files([path])


def test_a_good_rule_compiles_with_its_settings(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(GOOD, encoding="utf-8")
    rule = load_ruleset_files([path]).rules[0]
    assert (rule.id, rule.on, rule.cooldown_s, rule.cap, rule.line) == (
        "low-stock", ("inventory.changed",), 21600.0, (3, 86400.0), 2
    )  # fmt: skip
    assert rule.actions[0].render({"data": {"sku": "A"}}) == {"sku": "A"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(
            "rules:\n  - id: x\n    on: [a.b]\n    do: []\n",
            r"r\.yaml:4: do: List should have at least 1 item",
            id="empty-do",
        ),
        pytest.param(
            "rules:\n  - id: x\n    on: [a.b]\n    when: 'data.x <'\n    do: [{action: a.b}]\n",
            r"r\.yaml:4: invalid CEL expression 'data\.x <'",
            id="bad-cel",
        ),
        pytest.param(
            "rules:\n  - id: x\n    on: [Thing]\n    do: [{action: a.b}]\n",
            r"r\.yaml:3: rule x: 'Thing' is not a `noun\.verb` event type",
            id="bad-event-type",
        ),
        pytest.param(
            "rules:\n  - id: x\n    on: [a.b]\n    do:\n      - action: publish\n",
            r"r\.yaml:5: rule x: action 'publish' must look like `subsystem\.action`",
            id="bad-action",
        ),
        pytest.param(
            "rules:\n  - id: x\n    on: [a.b]\n    cooldown: soon\n    do: [{action: a.b}]\n",
            r"r\.yaml:2: rule x: 'soon' is not a duration",
            id="bad-duration",
        ),
        pytest.param(
            "rules:\n  - id: x\n    on: [a.b]\n    edge: {value: data.x}\n    do: [{action: a.b}]\n",
            r"r\.yaml:4: rule x: edge needs exactly one of `below` or `above`",
            id="edge-without-threshold",
        ),
        pytest.param(
            "rules:\n  - id: x\n    on: [a.b]\n    do: [{action: a.b}]\n    priorty: 3\n",
            r"r\.yaml:5: priorty: Extra inputs are not permitted",
            id="typo-field",
        ),
        pytest.param(
            "rules:\n  - id: x\n    on: [a.b]\n    do: [{action: a.b}]\n  - id: x\n    on: [a.b]\n    do: [{action: a.b}]\n",
            r"r\.yaml:5: rule id 'x' is already used at .*r\.yaml:2",
            id="duplicate-id",
        ),
        pytest.param("rules:\n  - id: x\n   on: [a.b]\n", r"r\.yaml:3: invalid YAML", id="bad-yaml"),
        pytest.param("rulez: []\n", r"r\.yaml:1: unknown section 'rulez'", id="unknown-section"),
        pytest.param(
            "schedules:\n  - {id: n, cron: 'every night'}\n",
            r"r\.yaml:2: schedule n: 'every night' is not a cron",
            id="bad-cron",
        ),
        pytest.param(
            "queues:\n  studio: {concurrency: 0}\n",
            r"r\.yaml:2: queue studio: concurrency: Input should be greater than or equal to 1",
            id="queue-concurrency-zero",
        ),
        pytest.param(
            "queues:\n  studio:\n    rate: {limit: 5, per: soon}\n",
            r"r\.yaml:2: queue studio: rate\.per: 'soon' is not a duration",
            id="queue-bad-rate-period",
        ),
        pytest.param(
            "queues:\n  Studio: {concurrency: 2}\n",
            r"r\.yaml:2: queue 'Studio': a subsystem name is lowercase",
            id="queue-bad-name",
        ),
        pytest.param(
            "queues:\n  studio: {concurency: 2}\n",
            r"r\.yaml:2: queue studio: concurency: Extra inputs are not permitted",
            id="queue-typo",
        ),
        pytest.param(
            "arbitration:\n  vetoes:\n    - {id: v, blocks: [m.p], when_recent: s.r, within: 1x, reason: r}\n",
            r"r\.yaml:3: veto v: '1x' is not a duration",
            id="bad-veto",
        ),
    ],
)
def test_an_invalid_rules_file_is_rejected_with_file_line_and_reason(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(RuleError, match=message):
        _load(tmp_path, text)


def test_the_shipped_default_rules_load() -> None:
    ruleset = load_ruleset_files(sorted(DEFAULT_RULES_DIR.glob("*.yaml")))
    assert sorted(r.id for r in ruleset.rules) == [
        "build-page-after-images",
        "forecast-spike",
        "hourly-catalog-image-audit",
        "low-stock",
        "new-product-image-audit",
        "nightly-demand-run",
        "promote-proposed-campaign",
        "publish-built-page",
        "studio-accessories",
        "studio-apparel",
        "studio-default-white-background",
        "support-refresh-images",
    ]
    assert [s.id for s in ruleset.schedules] == ["hourly-image-audit", "nightly-forecast"]


def test_queue_limits_load_and_a_later_file_overrides_per_subsystem(tmp_path: Path) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(
        "queues:\n  studio: {concurrency: 2, total: 4, rate: {limit: 30, per: 1m}}\n  demand: {concurrency: 1}\n",
        encoding="utf-8",
    )
    second.write_text("queues:\n  demand: {rate: {limit: 10, per: 2s}}\n", encoding="utf-8")
    queues = load_ruleset_files([first, second]).queues
    assert queues == {
        "studio": QueueLimits(concurrency=2, total=4, rate_limit=30, rate_period_s=60.0),
        "demand": QueueLimits(rate_limit=10, rate_period_s=2.0),
    }
    assert queues["studio"].describe() == "2 at once per worker, 4 at once in all, at most 30 started per 60s"


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("250ms", 0.25), ("5s", 5.0), ("10m", 600.0), ("6h", 21600.0), ("1d", 86400.0), ("7", 7.0)],
)
def test_durations(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds
