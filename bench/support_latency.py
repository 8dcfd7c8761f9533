"""Reply latency of the assistant (no LLM) on the sample store, after start-up; and start-up time.

    .venv/bin/python bench/support_latency.py [--products 60] [--rounds 5] [--profile FILE]

Seeds the demo store into a temporary SQLite database, then replays scripted conversations
(order status with verification, cancellation offer, return, refund status, stock, product,
shipping, policy, greeting) and prints p50/p95/max per reply, end to end (classification,
lookups, writes, commit), in wall time and in CPU time of this process (the steadier figure on a
shared machine). `--profile FILE` writes cProfile statistics of the replies alone. The scripts
repeat short messages ("hi", "no", "thanks!") and product titles, which the encoder's embedding
cache answers after the first time; `--no-cache` encodes every message as if it were new.
"""

from __future__ import annotations

import argparse
import cProfile
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from shopweave.catalog.images import ImageStore
from shopweave.catalog.store import Database
from shopweave.catalog.store.tables import OrderRow, ProductRow
from shopweave.demo.seed import seed_demo_store
from shopweave.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--products", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", type=Path, default=None, help="write cProfile stats of the replies here")
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="encode every message (no embedding cache), as if all were new",
    )
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="shopweave-bench-"))
    settings = Settings(home=home)
    database = Database.open(settings)
    seed_demo_store(database, ImageStore(settings.images_dir), products=args.products)
    with database.sessions() as session:
        orders = session.execute(
            select(OrderRow.number, OrderRow.email).where(OrderRow.email.is_not(None)).limit(40)
        ).all()
        titles = session.scalars(select(ProductRow.title).limit(20)).all()
    started = time.perf_counter()
    from shopweave.support.service import build_assistant

    assistant = build_assistant(settings, database)
    assistant.classifier.classify_one("warm up")
    if args.no_cache and assistant.classifier.embedding is not None:
        assistant.classifier.embedding.encoder.cache_size = 0
        assistant.classifier.embedding.encoder.clear_cache()
    print(f"start-up (classifier + assistant, in process): {time.perf_counter() - started:.2f} s")
    timings: list[float] = []
    cpu_timings: list[float] = []
    profiler = cProfile.Profile() if args.profile else None
    for round_ in range(args.rounds):
        for i, (number, email) in enumerate(orders):
            title = titles[(i + round_) % len(titles)]
            script = [
                "hi",
                f"where is my order {number}?",
                str(email),
                "can I cancel it?",
                "no",
                "I want to return it",
                "where is my refund?",
                f"is the {title} in stock?",
                f"what is the {title} made of?",
                "how long does delivery to germany take?",
                "what's your return policy?",
                "thanks!",
            ]
            conversation_id = assistant.start("api")
            for message in script:
                t, c = time.perf_counter(), time.process_time()
                if profiler is not None:
                    profiler.enable()
                assistant.respond(conversation_id, message)
                if profiler is not None:
                    profiler.disable()
                timings.append((time.perf_counter() - t) * 1000)
                cpu_timings.append((time.process_time() - c) * 1000)
    for label, values in (("wall", timings), ("CPU", cpu_timings)):
        values.sort()
        p95 = values[int(0.95 * (len(values) - 1))]
        print(
            f"replies ({label}): {len(values)}; p50 {statistics.median(values):.1f} ms, p95 {p95:.1f} ms, "
            f"max {values[-1]:.1f} ms"
        )
    if profiler is not None and args.profile is not None:
        profiler.dump_stats(args.profile)
    database.close()


if __name__ == "__main__":
    main()
