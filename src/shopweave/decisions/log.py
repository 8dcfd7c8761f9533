"""Reading the decision log: one decision as JSON, or as a story a person can read."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from shopweave.decisions.tables import DecisionActionRow, DecisionRow
from shopweave.errors import NotFoundError

_RESULT_WORDS = {
    "fired": "fired",
    "not_matched": "did not match",
    "suppressed": "was suppressed",
    "error": "failed to evaluate",
}
_STATUS_WORDS = {
    "planned": "dispatched, not finished yet",
    "waiting_approval": "waiting for approval",
    "retrying": "failed, will retry",
    "done": "done",
    "fallback": "done by its fallback",
    "failed": "failed and went to the dead-letter list",
    "rejected": "rejected",
    "missing": "not run",
    "suppressed": "suppressed",
}


def decision_json(session: Session, decision_id: str) -> dict[str, Any]:
    """The decision `decision_id` with its actions, as JSON (what the API serves)."""
    row = session.get(DecisionRow, decision_id)
    if row is None:
        raise NotFoundError(f"no decision {decision_id!r}; list recent ones with `shopweave decisions list`")
    actions = session.scalars(
        select(DecisionActionRow)
        .where(DecisionActionRow.decision_id == decision_id)
        .order_by(DecisionActionRow.position)
    ).all()
    return {
        "id": row.id,
        "created_at": row.created_at.isoformat(),
        "rules_version": row.rules_version,
        "event": row.event,
        "evaluated": row.evaluated,
        "actions": [
            {
                "position": a.position,
                "rule": a.rule,
                "action": a.action,
                "params": a.params.get("params", {}),
                "priority": a.priority,
                "status": a.status,
                "detail": a.detail,
                "attempts": a.attempts,
                "workflow_id": a.workflow_id,
                "started_at": a.started_at.isoformat() if a.started_at else None,
                "updated_at": a.updated_at.isoformat(),
            }
            for a in actions
        ],
    }


def list_decisions(session: Session, limit: int = 20, event_type: str | None = None) -> list[dict[str, Any]]:
    """The most recent decisions, newest first, in short form."""
    query = select(DecisionRow).order_by(DecisionRow.created_at.desc(), DecisionRow.id.desc()).limit(limit)
    if event_type:
        query = query.where(DecisionRow.event_type == event_type)
    rows = session.scalars(query).all()
    return [
        {
            "id": r.id,
            "created_at": r.created_at.isoformat(),
            "event_type": r.event_type,
            "subject": r.subject,
            "fired": [e["rule"] for e in r.evaluated if e["result"] == "fired"],
        }
        for r in rows
    ]


def explain(decision: dict[str, Any]) -> str:
    """A decision told as a story: the event, each rule, each action and what became of it."""
    event = decision["event"]
    lines = [
        f"Decision {decision['id']} ({decision['created_at']}, rules version {decision['rules_version']})",
        f"Event {event['type']} {event['id']} from {event['source']}"
        + (f" about {event['subject']}" if event.get("subject") else "")
        + f" at {event['time']}.",
    ]
    if not decision["evaluated"]:
        lines.append("No rule listens to this event type, so nothing was done.")
    else:
        lines.append(f"{len(decision['evaluated'])} rule(s) evaluated:")
        for entry in decision["evaluated"]:
            words = _RESULT_WORDS.get(entry["result"], entry["result"])
            reason = entry["reason"] if entry["result"] != "fired" else f"defined at {entry['reason']}"
            lines.append(f"  - {entry['rule']} {words}: {reason}")
    if decision["actions"]:
        lines.append("Actions:")
        for action in decision["actions"]:
            status = _STATUS_WORDS.get(action["status"], action["status"])
            line = f"  {action['position'] + 1}. {action['action']} (rule {action['rule']}, priority {action['priority']}): {status}"
            if action["detail"] and action["detail"] != "done":
                line += f" — {action['detail']}"
            if action["attempts"] > 1:
                line += f" after {action['attempts']} attempts"
            lines.append(line)
    return "\n".join(lines)
