from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from pydantic import BaseModel

from shopweave.catalog.store import Database
from shopweave.decisions.decide import decide
from shopweave.decisions.log import decision_json, explain
from shopweave.decisions.ruleset import RuleSet, load_ruleset_files
from shopweave.events import CloudEvent, record_event
from shopweave.plugins import Action, Subsystem, hookimpl
from shopweave.plugins.registry import Registry, build_registry

T0 = datetime(2026, 3, 1, 12, tzinfo=UTC)


class Anything(BaseModel):
    model_config = {"extra": "allow"}


def _registry(*actions: str) -> Registry:
    by_subsystem: dict[str, list[str]] = {}
    for name in actions:
        subsystem, _, action = name.partition(".")
        by_subsystem.setdefault(subsystem, []).append(action)
    plugins = []
    for subsystem, names in by_subsystem.items():

        def make(subsystem: str = subsystem, names: list[str] = names) -> Subsystem:
            return Subsystem(
                subsystem,
                "1",
                "test",
                actions=tuple(Action(n, n, Anything, Anything, lambda c, i: i) for n in names),
            )

        plugins.append((subsystem, SimpleNamespace(shopweave_subsystem=hookimpl(make))))
    return build_registry(plugins)


def _rules(tmp_path: Path, text: str) -> RuleSet:
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    return load_ruleset_files([path])


def _stock(n: int, available: int, minutes: int = 0) -> CloudEvent:
    return CloudEvent(
        id=f"s-{n}",
        source="/test",
        type="inventory.changed",
        time=T0 + timedelta(minutes=minutes),
        data={"sku": "A", "available": available},
    )


def _results(database: Database, ruleset: RuleSet, registry: Registry, events: list[CloudEvent]) -> list[Any]:
    results = []
    for event in events:
        with database.transaction() as session:
            outcome = decide(session, f"d-{event.id}", event, ruleset, registry)
        results.append(([e["result"] for e in outcome.evaluated], [d.action for d in outcome.dispatch]))
    return results


EDGE = """
rules:
  - id: low-stock
    on: [inventory.changed]
    subject: "'sku/' + data.sku"
    edge: {value: "data.available", below: 5}
    do: [{action: demand.notify_supplier, with: {sku: "{{ data.sku }}"}}]
"""


def test_edge_fires_only_when_stock_crosses_below_the_threshold(tmp_path: Path, database: Database) -> None:
    # given stock going 10 → 7 → 4 → 3 → 8 → 2
    events = [_stock(i, a, i) for i, a in enumerate([10, 7, 4, 3, 8, 2])]
    # when each is decided
    results = _results(database, _rules(tmp_path, EDGE), _registry("demand.notify_supplier"), events)
    # then only 7 → 4 and 8 → 2 fire
    fired = [r[0] == ["fired"] for r in results]
    assert fired == [False, False, True, False, False, True]


def test_cooldown_and_frequency_cap_suppress_with_a_reason(tmp_path: Path, database: Database) -> None:
    ruleset = _rules(
        tmp_path,
        """
rules:
  - id: notify
    on: [inventory.changed]
    subject: "'sku/' + data.sku"
    cooldown: 10m
    max: {count: 2, per: 1h}
    do: [{action: demand.notify_supplier}]
""",
    )
    events = [_stock(0, 1, 0), _stock(1, 1, 5), _stock(2, 1, 11), _stock(3, 1, 22), _stock(4, 1, 70)]
    results = _results(database, ruleset, _registry("demand.notify_supplier"), events)
    assert [r[0][0] for r in results] == ["fired", "suppressed", "fired", "suppressed", "fired"]
    with database.transaction() as session:
        story = explain(decision_json(session, "d-s-1")) + explain(decision_json(session, "d-s-3"))
    assert "cooldown: fired 5m ago for sku/A, cooldown 10m" in story
    assert "frequency cap: already fired 2 times in 60m for sku/A (max 2)" in story


def test_deciding_twice_for_the_same_id_returns_the_first_decision(
    tmp_path: Path, database: Database
) -> None:
    ruleset, registry = _rules(tmp_path, EDGE), _registry("demand.notify_supplier")
    first = _results(database, ruleset, registry, [_stock(0, 3)])
    again = _results(database, ruleset, registry, [_stock(0, 3)])
    assert first == again == [(["fired"], ["demand.notify_supplier"])]


ARBITRATION = """
rules:
  - id: promote
    on: [campaign.proposed]
    priority: 40
    do: [{action: marketing.promote}]
  - id: hold
    on: [campaign.proposed]
    when: "data.kind == 'risky'"
    priority: 50
    do: [{action: marketing.hold_promotion}, {action: pages.publish}]
arbitration:
  priorities: {marketing.hold_promotion: 90}
  exclusive:
    - {id: promotion, actions: [marketing.promote, marketing.hold_promotion]}
  vetoes:
    - id: no-promo-before-restock
      blocks: ["marketing.promote"]
      when_recent: stockout.risk
      within: 14d
      condition: "recent.data.days_until_stockout < recent.data.next_po_days"
      reason: the item sells out before the next purchase order lands
"""


def _campaign(n: int, kind: str, subject: str = "sku/A") -> CloudEvent:
    return CloudEvent(
        id=f"c-{n}", source="/test", type="campaign.proposed", subject=subject, time=T0, data={"kind": kind}
    )


def test_an_exclusive_group_keeps_the_highest_priority_and_a_missing_action_is_logged(
    tmp_path: Path, database: Database
) -> None:
    ruleset = _rules(tmp_path, ARBITRATION)
    registry = _registry("marketing.promote", "marketing.hold_promotion")
    results = _results(database, ruleset, registry, [_campaign(1, "risky")])
    assert results == [(["fired", "fired"], ["marketing.hold_promotion"])]
    with database.transaction() as session:
        actions = [
            (a["action"], a["status"], a["detail"]) for a in decision_json(session, "d-c-1")["actions"]
        ]
    assert actions == [
        ("marketing.hold_promotion", "planned", ""),
        ("pages.publish", "missing", "no subsystem offers pages.publish"),
        (
            "marketing.promote",
            "suppressed",
            "exclusive group promotion: marketing.hold_promotion from rule hold won (priority 90 vs 40)",
        ),
    ]


@pytest.mark.parametrize(
    ("days_until_stockout", "subject", "promoted"),
    [
        pytest.param(5.0, "sku/A", False, id="sells-out-first-vetoed"),
        pytest.param(30.0, "sku/A", True, id="po-lands-first-allowed"),
        pytest.param(5.0, "sku/B", True, id="other-subject-allowed"),
    ],
)
def test_a_recent_stockout_risk_vetoes_promotion_on_the_same_subject(
    tmp_path: Path, database: Database, days_until_stockout: float, subject: str, promoted: bool
) -> None:
    # given a stock-out risk recorded for sku/A two days before the campaign
    with database.transaction() as session:
        record_event(
            session,
            CloudEvent(
                source="/demand",
                type="stockout.risk",
                subject="sku/A",
                time=T0 - timedelta(days=2),
                data={"sku": "A", "days_until_stockout": days_until_stockout, "next_po_days": 14.0},
            ),
        )
    registry = _registry("marketing.promote", "marketing.hold_promotion")
    # when a campaign is proposed
    results = _results(database, _rules(tmp_path, ARBITRATION), registry, [_campaign(1, "plain", subject)])
    # then it is promoted only when the veto does not apply
    assert results == [(["not_matched", "fired"], ["marketing.promote"] if promoted else [])]
    if not promoted:
        with database.transaction() as session:
            detail = decision_json(session, "d-c-1")["actions"][0]["detail"]
        assert detail.startswith(
            "vetoed by no-promo-before-restock: the item sells out before the next purchase order lands (stockout.risk"
        )


def test_a_condition_that_fails_to_evaluate_is_logged_as_an_error(tmp_path: Path, database: Database) -> None:
    ruleset = _rules(
        tmp_path, "rules:\n  - id: r\n    on: [a.b]\n    when: 'data.missing > 1'\n    do: [{action: x.y}]\n"
    )
    event = CloudEvent(id="e", source="/t", type="a.b", data={})
    with database.transaction() as session:
        outcome = decide(session, "d-e", event, ruleset, _registry())
    assert outcome.evaluated == [
        {
            "rule": "r",
            "result": "error",
            "reason": f"{tmp_path / 'rules.yaml'}:2: no such member in mapping: 'missing'",
        }
    ]
