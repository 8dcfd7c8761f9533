"""CPU an idle decision engine uses: what a worker costs while nothing happens.

    .venv/bin/python bench/decisions_idle.py [--seconds 10] [--backends sqlite,postgres]

For each backend, an engine with the installed subsystems and the default rules (schedules off)
is started in this process and left idle; the CPU time it used over `--seconds` is printed as a
share of one core, with adaptive queue polling (the default: idle queues looked at every 1 s)
and with every queue polled at the busy interval all the time (how it was before). PostgreSQL
needs SHOPWEAVE_TEST_POSTGRES_URL (or the default local server).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from shopweave.catalog.store import Database
from shopweave.decisions.engine import EngineOptions
from shopweave.decisions.runtime import build_engine
from shopweave.settings import Settings
from shopweave.testing.databases import temporary_postgres_database


def idle_cpu(backend: str, always_busy: bool, seconds: float) -> tuple[float, int]:
    """Share of one core the idle engine used, and how many queues it polls."""
    with ExitStack() as stack:
        home = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="shopweave-idle-")))
        url = (
            stack.enter_context(temporary_postgres_database("shopweave_idle"))
            if backend == "postgres"
            else None
        )
        settings = Settings(home=home, database_url=url)
        database = Database.open(settings)
        stack.callback(database.close)
        options = EngineOptions(schedules=False)
        if always_busy:
            options.idle_queue_polling_s = options.queue_poll_s(database)
        engine = build_engine(settings, database, options)
        engine.start()
        stack.callback(engine.stop)
        time.sleep(3)  # start-up work settles
        cpu, wall = time.process_time(), time.perf_counter()
        time.sleep(seconds)
        share = (time.process_time() - cpu) / (time.perf_counter() - wall)
        return share, len(engine.registry.subsystems) + 1


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--backends", default="sqlite,postgres")
    args = parser.parse_args()
    print(f"{'backend':<10} {'queues':>6} {'adaptive polling':>17} {'always busy':>12}")
    for backend in args.backends.split(","):
        adaptive, queues = idle_cpu(backend, False, args.seconds)
        busy, _ = idle_cpu(backend, True, args.seconds)
        print(f"{backend:<10} {queues:>6} {100 * adaptive:>16.1f}% {100 * busy:>11.1f}%", flush=True)


if __name__ == "__main__":
    main()
