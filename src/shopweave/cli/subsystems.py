"""`shopweave subsystems`: the installed subsystem plugins, their health and their events."""

from __future__ import annotations

import json
from typing import Any

import typer

from shopweave.cli.errors import user_errors
from shopweave.plugins import Health, load_registry
from shopweave.settings import get_settings

app = typer.Typer(help="List installed subsystems with health and what they consume and emit.")


def _health(check: object) -> Health:
    try:
        result = check(get_settings())  # type: ignore[operator]
    except Exception as exc:  # a failing health check is a result, not a crash
        return Health(ok=False, detail=f"{type(exc).__name__}: {exc}")
    return (
        result if isinstance(result, Health) else Health(ok=False, detail="health check returned no Health")
    )


@app.callback(invoke_without_command=True)
def list_subsystems(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List subsystems (and plugins that failed to load, with their error)."""
    with user_errors(as_json=as_json):
        registry = load_registry()
        rows: list[dict[str, Any]] = []
        for name, subsystem in sorted(registry.subsystems.items()):
            health = _health(subsystem.health)
            rows.append(
                {
                    "name": name,
                    "version": subsystem.version,
                    "description": subsystem.description,
                    "health": {"ok": health.ok, "detail": health.detail},
                    "consumes": list(subsystem.consumes),
                    "emits": list(subsystem.emits),
                    "actions": [a.name for a in subsystem.actions],
                }
            )
        failures = [{"name": f.name, "target": f.target, "error": f.error} for f in registry.failures]
        if as_json:
            typer.echo(json.dumps({"subsystems": rows, "failed": failures}, indent=2))
            return
        for row in rows:
            mark = "ok" if row["health"]["ok"] else "UNHEALTHY"
            typer.echo(f"{row['name']} {row['version']} [{mark}] {row['description']}")
            if row["health"]["detail"]:
                typer.echo(f"  health:   {row['health']['detail']}")
            typer.echo(f"  actions:  {', '.join(row['actions']) or '-'}")
            typer.echo(f"  consumes: {', '.join(row['consumes']) or '-'}")
            typer.echo(f"  emits:    {', '.join(row['emits']) or '-'}")
        for failure in failures:
            typer.echo(f"{failure['name']} [FAILED TO LOAD] {failure['target']}: {failure['error']}")
