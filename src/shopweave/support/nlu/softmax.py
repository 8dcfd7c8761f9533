"""Multinomial logistic regression trained by full-batch Adam, for dense or sparse features."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

Matrix = NDArray[np.float32]


def softmax(logits: Matrix) -> Matrix:
    """Row-wise softmax."""
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return (shifted / shifted.sum(axis=1, keepdims=True)).astype(np.float32)  # type: ignore[no-any-return]


def train_softmax(
    *,
    forward: Callable[[Matrix], Matrix],
    backward: Callable[[Matrix], Matrix],
    features: int,
    labels: NDArray[np.int64],
    classes: int,
    l2: float,
    steps: int,
    learning_rate: float,
) -> tuple[Matrix, Matrix]:
    """Weights (features, classes) and bias (classes,) minimising cross-entropy + l2·|W|².

    `forward(W)` must return X @ W and `backward(G)` X.T @ G, so X may be dense or sparse.
    Deterministic: starts from zeros.
    """
    n = len(labels)
    onehot = np.zeros((n, classes), dtype=np.float32)
    onehot[np.arange(n), labels] = 1.0
    weights = np.zeros((features, classes), dtype=np.float32)
    bias = np.zeros(classes, dtype=np.float32)
    m_w, v_w = np.zeros_like(weights), np.zeros_like(weights)
    m_b, v_b = np.zeros_like(bias), np.zeros_like(bias)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for step in range(1, steps + 1):
        probs = softmax(forward(weights) + bias)
        delta = ((probs - onehot) / n).astype(np.float32)
        grad_w = backward(delta) + 2 * l2 * weights
        grad_b = delta.sum(axis=0)
        for param, grad, m, v in ((weights, grad_w, m_w, v_w), (bias, grad_b, m_b, v_b)):
            m *= beta1
            m += (1 - beta1) * grad
            v *= beta2
            v += (1 - beta2) * grad * grad
            m_hat = m / (1 - beta1**step)
            v_hat = v / (1 - beta2**step)
            param -= learning_rate * m_hat / (np.sqrt(v_hat) + eps)
    return weights, bias
