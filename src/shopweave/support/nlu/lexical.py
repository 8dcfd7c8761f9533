"""A lexical intent model: word and character n-gram TF-IDF features with a softmax regression.

Character n-grams inside word boundaries make it tolerant of typos ("cancell", "pasword");
word bigrams keep short phrases ("refund status" vs. "refund policy") apart. Pure numpy: the
sparse products are done with gathers and `np.add.at`, the model trains in about a second and
is cached next to the embeddings.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from shopweave.support.nlu.softmax import train_softmax

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def ngrams(text: str) -> list[str]:
    """The features of one normalised text: words, word bigrams and char 2-5-grams per word."""
    words = _WORD.findall(text)
    feats = [f"w:{w}" for w in words]
    feats += [f"b:{a}_{b}" for a, b in itertools.pairwise(words)]
    for word in words:
        padded = f"<{word}>"
        for n in (3, 4, 5):
            feats += [f"c:{padded[i : i + n]}" for i in range(max(1, len(padded) - n + 1))]
    return feats


@dataclass
class SparseRows:
    """A CSR-like batch of L2-normalised TF-IDF rows."""

    indptr: NDArray[np.int64]
    indices: NDArray[np.int64]
    values: NDArray[np.float32]

    @property
    def rows(self) -> int:
        return len(self.indptr) - 1

    def row_ids(self) -> NDArray[np.int64]:
        return np.repeat(np.arange(self.rows), np.diff(self.indptr))

    def dot(self, weights: NDArray[np.float32]) -> NDArray[np.float32]:
        """self @ weights, for a dense (features, classes) matrix."""
        out = np.zeros((self.rows, weights.shape[1]), dtype=np.float32)
        if len(self.indices) == 0:
            return out
        products = weights[self.indices] * self.values[:, None]
        starts = self.indptr[:-1]
        filled = starts < self.indptr[1:]
        out[filled] = np.add.reduceat(products, starts[filled], axis=0)
        return out

    def transposed_dot(self, features: int) -> Callable[[NDArray[np.float32]], NDArray[np.float32]]:
        """A function computing self.T @ grads, with the column ordering precomputed."""
        order = np.argsort(self.indices, kind="stable")
        columns = self.indices[order]
        rows = self.row_ids()[order]
        values = self.values[order][:, None]
        starts = np.flatnonzero(np.r_[True, columns[1:] != columns[:-1]])
        targets = columns[starts]

        def tdot(grads: NDArray[np.float32]) -> NDArray[np.float32]:
            out = np.zeros((features, grads.shape[1]), dtype=np.float32)
            out[targets] = np.add.reduceat(grads[rows] * values, starts, axis=0)
            return out

        return tdot


class TfidfVectorizer:
    """Maps texts to TF-IDF rows over the n-grams seen in training."""

    def __init__(self, vocabulary: dict[str, int], idf: NDArray[np.float32]) -> None:
        self.vocabulary = vocabulary
        self.idf = idf

    @classmethod
    def fit(cls, texts: list[str], min_df: int = 1) -> TfidfVectorizer:
        df: Counter[str] = Counter()
        for text in texts:
            df.update(set(ngrams(text)))
        kept = sorted(f for f, c in df.items() if c >= min_df)
        vocabulary = {f: i for i, f in enumerate(kept)}
        n = len(texts)
        idf = np.array([math.log((1 + n) / (1 + df[f])) + 1.0 for f in kept], dtype=np.float32)
        return cls(vocabulary, idf)

    @property
    def features(self) -> int:
        return len(self.vocabulary)

    def transform(self, texts: list[str]) -> SparseRows:
        indptr = [0]
        indices: list[int] = []
        values: list[float] = []
        for text in texts:
            counts = Counter(self.vocabulary[f] for f in ngrams(text) if f in self.vocabulary)
            row = {i: (1.0 + math.log(c)) * float(self.idf[i]) for i, c in counts.items()}
            norm = math.sqrt(sum(v * v for v in row.values())) or 1.0
            indices.extend(row)
            values.extend(v / norm for v in row.values())
            indptr.append(len(indices))
        return SparseRows(
            np.array(indptr, dtype=np.int64),
            np.array(indices, dtype=np.int64),
            np.array(values, dtype=np.float32),
        )


class LexicalModel:
    """TF-IDF n-grams + softmax regression; `logits(texts)` is (n, classes)."""

    def __init__(self, vectorizer: TfidfVectorizer, weights: NDArray[np.float32], bias: NDArray[np.float32]):
        self.vectorizer = vectorizer
        self.weights = weights
        self.bias = bias

    @classmethod
    def train(cls, texts: list[str], labels: NDArray[np.int64], classes: int) -> LexicalModel:
        vectorizer = TfidfVectorizer.fit(texts)
        rows = vectorizer.transform(texts)
        weights, bias = train_softmax(
            forward=rows.dot,
            backward=rows.transposed_dot(vectorizer.features),
            features=vectorizer.features,
            labels=labels,
            classes=classes,
            l2=1e-4,
            steps=40,
            learning_rate=0.3,
        )
        return cls(vectorizer, weights, bias)

    def logits(self, texts: list[str]) -> NDArray[np.float32]:
        return self.vectorizer.transform(texts).dot(self.weights) + self.bias
