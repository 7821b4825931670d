"""Evaluation metrics in NumPy, shared by classification and segmentation trainers."""

from typing import Dict

import numpy as np


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, n_classes: int) -> np.ndarray:
    cm = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(cm, (y_true.astype(int), y_pred.astype(int)), 1)
    return cm


def classification_report(y_true, y_pred, n_classes: int) -> Dict[str, float]:
    cm = confusion_matrix(np.asarray(y_true), np.asarray(y_pred), n_classes)
    tp = np.diag(cm).astype(np.float64)
    precision = tp / np.maximum(cm.sum(axis=0), 1)
    recall = tp / np.maximum(cm.sum(axis=1), 1)
    f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-12)
    return {
        "accuracy": float(tp.sum() / max(cm.sum(), 1)),
        "macro_precision": float(precision.mean()),
        "macro_recall": float(recall.mean()),
        "macro_f1": float(f1.mean()),
    }


def dice(pred: np.ndarray, target: np.ndarray, eps: float = 1e-6) -> float:
    pred = pred.astype(bool)
    target = target.astype(bool)
    inter = np.logical_and(pred, target).sum()
    return float((2.0 * inter + eps) / (pred.sum() + target.sum() + eps))


def expected_calibration_error(probs: np.ndarray, y_true: np.ndarray, n_bins: int = 15) -> float:
    conf = probs.max(axis=1)
    pred = probs.argmax(axis=1)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    ece = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        in_bin = (conf > lo) & (conf <= hi)
        if in_bin.any():
            acc = (pred[in_bin] == y_true[in_bin]).mean()
            ece += in_bin.mean() * abs(acc - conf[in_bin].mean())
    return float(ece)


if __name__ == "__main__":
    rng = np.random.default_rng(1)
    y = rng.integers(0, 3, 100)
    p = rng.dirichlet(np.ones(3), 100)
    print(classification_report(y, p.argmax(1), 3), expected_calibration_error(p, y))
