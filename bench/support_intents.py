"""Intent classification: accuracy and confusions on the labelled evaluation set, throughput, start-up.

    .venv/bin/python bench/support_intents.py            # hybrid (embeddings + n-grams) and lexical
    .venv/bin/python bench/support_intents.py --repeat 5 # more passes for the throughput figure

Throughput is measured with the encoder's embedding cache emptied before each pass (every
message is encoded), in wall time and in CPU time of this process: on a shared machine the
CPU-time figure is the steadier one.

The evaluation set (bench/support_intents_eval.yaml, >= 20 messages per intent) is separate from
the training phrasings; tests/support/test_classifier.py checks that no sentence is shared.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

from shopweave.support.intents import INTENTS
from shopweave.support.nlu.classifier import IntentClassifier

EVAL = Path(__file__).resolve().parent / "support_intents_eval.yaml"
STARTUP = (
    "import time; t=time.perf_counter();"
    "from shopweave.support.nlu.classifier import IntentClassifier;"
    "c=IntentClassifier(use_embeddings={emb}); c.classify_one('where is my order');"
    "print(time.perf_counter()-t)"
)


def evaluate(classifier: IntentClassifier, texts: list[str], labels: list[str], repeat: int) -> None:
    predictions = classifier.classify(texts)
    correct = [p.intent == y for p, y in zip(predictions, labels, strict=True)]
    print(
        f"accuracy: {sum(correct) / len(correct):.3f} ({sum(correct)}/{len(correct)} messages, {len(INTENTS)} intents)"
    )
    per_intent = {i: [c for c, y in zip(correct, labels, strict=True) if y == i] for i in INTENTS}
    weakest = sorted(per_intent.items(), key=lambda kv: sum(kv[1]) / len(kv[1]))[:8]
    print("weakest intents: " + ", ".join(f"{i} {sum(v) / len(v):.2f}" for i, v in weakest))
    confusions = Counter((y, p.intent) for p, y in zip(predictions, labels, strict=True) if p.intent != y)
    print("top confusions (true -> predicted: count):")
    for (truth, guess), count in confusions.most_common(12):
        print(f"  {truth} -> {guess}: {count}")
    right = [p.confidence for p, c in zip(predictions, correct, strict=True) if c]
    wrong = [p.confidence for p, c in zip(predictions, correct, strict=True) if not c]
    print(
        f"mean confidence: right {sum(right) / max(1, len(right)):.2f}, wrong {sum(wrong) / max(1, len(wrong)):.2f}"
    )
    print(throughput(classifier, texts, repeat))
    print(single_latency(classifier, texts))


def _clear_cache(classifier: IntentClassifier) -> None:
    if classifier.embedding is not None:
        classifier.embedding.encoder.clear_cache()


def throughput(classifier: IntentClassifier, texts: list[str], repeat: int) -> str:
    """Messages/s over the whole set in one batch, the embedding cache emptied before each pass."""
    walls: list[float] = []
    cpus: list[float] = []
    for _ in range(repeat):
        _clear_cache(classifier)
        wall, cpu = time.perf_counter(), time.process_time()
        classifier.classify(texts)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    n = len(texts) * repeat
    return (
        f"batch throughput (cold cache, {repeat} x {len(texts)} messages): {n / sum(walls):.0f} messages/s wall, "
        f"{n / sum(cpus):.0f} messages/s of CPU time (best pass {len(texts) / min(walls):.0f}/s wall)"
    )


def single_latency(classifier: IntentClassifier, texts: list[str]) -> str:
    """classify_one per message, cold cache: p50/p95 wall and CPU milliseconds."""
    _clear_cache(classifier)
    sample = texts[::4]
    walls: list[float] = []
    cpus: list[float] = []
    for text in sample:
        wall, cpu = time.perf_counter(), time.process_time()
        classifier.classify_one(text)
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    walls.sort()
    cpus.sort()
    p95 = int(0.95 * (len(sample) - 1))
    return (
        f"one message at a time ({len(sample)} messages, cold cache): wall p50 {statistics.median(walls):.1f} ms, "
        f"p95 {walls[p95]:.1f} ms; CPU p50 {statistics.median(cpus):.1f} ms, p95 {cpus[p95]:.1f} ms"
    )


def startup(use_embeddings: bool) -> float:
    out = subprocess.run(
        [sys.executable, "-c", STARTUP.format(emb=use_embeddings)], capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--repeat", type=int, default=3, help="times the eval set is classified for throughput"
    )
    args = parser.parse_args()
    data = yaml.safe_load(EVAL.read_text(encoding="utf-8"))
    texts = [str(s) for i in INTENTS for s in data[i]]
    labels = [i for i in INTENTS for _ in data[i]]
    for use_embeddings in (True, False):
        classifier = IntentClassifier(use_embeddings=use_embeddings)
        print(f"\n== backend: {classifier.backend} ==")
        evaluate(classifier, texts, labels, args.repeat)
        print(f"start-up to first classification (fresh process): {startup(use_embeddings):.2f} s")


if __name__ == "__main__":
    main()
