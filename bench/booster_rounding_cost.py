"""What `update_filter.mantissa_bits` costs an XGBoost model: boosters trained on a synthetic binary task, rounded
as the update filter rounds them, reloaded by XGBoost and scored on held-out rows.

    PYTHONPATH=. python bench/booster_rounding_cost.py    # a Python with xgboost and numpy; jobgate on the path

docs/site-admin.md, "Session 58 (runtime58)", has the numbers (xgboost 3.2.0).
"""

import json
import time

import numpy as np
import xgboost as xgb

from handler.update_rules import _rounded_booster

rng = np.random.default_rng(0)
n, f = 6000, 20
X = rng.standard_normal((n, f)).astype(np.float32)
logit = X[:, 0] * 1.5 - X[:, 1] ** 2 + np.sin(3 * X[:, 2]) + 0.5 * X[:, 3] * X[:, 4]
y = (logit + rng.standard_normal(n) * 0.5 > 0).astype(int)
tr, te = slice(0, 4000), slice(4000, None)
for trees, depth in ((100, 6), (1000, 6)):
    bst = xgb.train({"objective": "binary:logistic", "max_depth": depth, "eta": 0.1, "nthread": 1},
                    xgb.DMatrix(X[tr], y[tr]), trees)
    raw = bytearray(json.dumps(json.loads(bst.save_raw("json")), sort_keys=True), "utf-8")
    d = xgb.DMatrix(X[te])
    base = bst.predict(d)
    row = [f"{trees} trees depth {depth} ({len(raw) / 1e6:.2f} MB)"]
    for bits in (None, 10, 7, 4, 2):
        if bits is None:
            p = base
        else:
            t0 = time.perf_counter()
            out = _rounded_booster(raw, bits)
            dt = time.perf_counter() - t0
            b = xgb.Booster(); b.load_model(bytearray(out))
            p = b.predict(d)
        acc = float(((p > 0.5) == y[te]).mean())
        ll = float(-np.mean(y[te] * np.log(np.clip(p, 1e-7, 1)) + (1 - y[te]) * np.log(np.clip(1 - p, 1e-7, 1))))
        row.append(f"{bits}: acc {acc:.4f} logloss {ll:.4f} max|dp| {float(np.abs(p - base).max()):.4f}"
                   + ("" if bits is None else f" {dt:.2f}s"))
    print(" | ".join(row), flush=True)
