"""Intent classification: accuracy and confusions on the labelled evaluation set, throughput, start-up.

    .venv/bin/python bench/support_intents.py            # hybrid (embeddings + n-grams) and lexical
    .venv/bin/python bench/support_intents.py --repeat 3 # more messages for the throughput figure

The evaluation set (bench/support_intents_eval.yaml, >= 20 messages per intent) is separate from
the training phrasings; tests/support/test_classifier.py checks that no sentence is shared.
"""

from __future__ import annotations

import argparse
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
    batch = texts * repeat
    started = time.perf_counter()
    classifier.classify(batch)
    elapsed = time.perf_counter() - started
    print(
        f"batch throughput: {len(batch) / elapsed:.0f} messages/s ({len(batch)} messages in {elapsed:.2f} s)"
    )


def startup(use_embeddings: bool) -> float:
    out = subprocess.run(
        [sys.executable, "-c", STARTUP.format(emb=use_embeddings)], capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--repeat", type=int, default=1, help="times the eval set is classified for throughput"
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
