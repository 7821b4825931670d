"""Writes xgboost_boosters.json beside this file: real XGBoost models, each the bytes NVFlare's tree-based
executor sends (app_opt/xgboost/tree_based/executor.py: `json.loads(bst.save_raw("json"))`, sum_hessian masked,
then `json.dumps`), for tests/test_runtime56.py. Needs xgboost (not a dependency of jobgate):
    python tests/data/xgboost_boosters.py
"""

import json
from pathlib import Path

import numpy as np
import xgboost as xgb

rng = np.random.default_rng(0)
X = rng.normal(size=(200, 5))
binary = (X[:, 0] + X[:, 1] > 0).astype(int)
models = {}
for name, params, label in [
    ("cyclic", {"objective": "binary:logistic", "max_depth": 3, "eta": 0.1}, binary),
    ("dart", {"booster": "dart", "objective": "reg:squarederror", "max_depth": 2}, X[:, 2]),
    ("multiclass", {"objective": "multi:softprob", "num_class": 3, "max_depth": 2}, rng.integers(0, 3, 200)),
]:
    data = xgb.DMatrix(X, label=label, feature_names=["age", "income", "height", "weight", "score"])
    bst = xgb.train(params, data, num_boost_round=3)
    if name == "cyclic":  # bagging sends the rounds it added: a slice of the booster
        models["bagging"] = json.loads(bst[1:3].save_raw("json"))
    models[name] = json.loads(bst.save_raw("json"))
for model in models.values():
    for tree in model["learner"]["gradient_booster"].get("model", {}).get("trees", []):
        tree["sum_hessian"] = [1.0] * len(tree["sum_hessian"])  # the executor's mask_sum_hessian
out = {name: json.dumps(model) for name, model in models.items()}
out["xgboost"] = xgb.__version__
Path(__file__).with_suffix(".json").write_text(json.dumps(out, indent=1) + "\n")
