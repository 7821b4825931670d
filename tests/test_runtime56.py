"""Session 56 (runtime56): XGBoost's models through the update filter; the job boundary in the process guard.

The boosters are real: tests/data/xgboost_boosters.json holds the bytes NVFlare's tree-based executor sends
(tests/data/xgboost_boosters.py wrote them with xgboost), each judged through NVFlare's own filter chain and, for
what it lets out, NVFlare's own serialiser (fobs).
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import numpy as np
import pytest

from nvflare.apis.dxo import DXO, DataKind
from nvflare.fuel.utils import fobs

from test_update_filter import refused, site  # noqa: F401  (the fixture)

BOOSTERS = {k: v for k, v in json.loads((Path(__file__).parent / "data" / "xgboost_boosters.json").read_text()).items()
            if k != "xgboost"}
ROWS = "".join(f"patient-{i},1961-03-{i % 28 + 1:02d},E11.9,{70 + i % 40};" for i in range(1500))


def _sent(model: dict | str) -> bytearray:
    """What FedXGBTreeExecutor puts in its result (app_opt/xgboost/tree_based/executor.py)."""
    return bytearray(model if isinstance(model, str) else json.dumps(model, sort_keys=True), "utf-8")


def _result(model) -> DXO:
    return DXO(DataKind.WEIGHTS, {"model_data": _sent(model)})


def _incoming(name: str, first: bool) -> DXO | None:
    """What the task brought in: nothing in the first round; else the global model (cyclic) or the rounds
    each site added (bagging: app_opt/xgboost/tree_based/bagging_aggregator.py)."""
    if first:
        return None
    model = _sent(BOOSTERS[name])
    return DXO(DataKind.WEIGHTS, {"model_data": [model, model] if name == "bagging" else model})


@pytest.mark.parametrize("first", [True, False], ids=["first round", "later round"])
@pytest.mark.parametrize("name", list(BOOSTERS))
def test_xgboosts_models_leave_the_site_as_nvflare_sends_them(site, name, first):  # noqa: F811
    s = site()
    out = s.task(_incoming(name, first), _result(BOOSTERS[name]))
    assert "DXO" in out and s.last()["decision"] == "pass", s.last()["problems"]
    assert fobs.dumps(out)  # NVFlare's serialiser sends it


def _edit(change) -> dict:
    model = json.loads(BOOSTERS["cyclic"])
    change(model, model["learner"]["gradient_booster"]["model"]["trees"][0])
    return model


def _many_nodes(model, tree):
    n = 5001
    tree["tree_param"]["num_nodes"] = str(n)
    for k in ("left_children", "right_children", "split_indices", "split_type", "default_left"):
        tree[k] = [-1 if "children" in k else 0] * n
    tree["parents"] = [2147483647] + [0] * (n - 1)
    for k in ("split_conditions", "loss_changes", "sum_hessian", "base_weights"):
        tree[k] = [float(np.float32(ord(c) / 1000)) for c in ROWS[:n]]


ROWS_IN_BYTES = {
    "the rows as CSV": ROWS.encode(),
    "the rows pickled": pickle.dumps(ROWS.split(";")),
    "a booster with the rows in a learner attribute":
        _edit(lambda m, t: m["learner"]["attributes"].update(rows=ROWS)),
    "a booster with the rows as a feature name": _edit(lambda m, t: m["learner"]["feature_names"].__setitem__(0, ROWS)),
    "a booster with a key of its own in a tree": _edit(lambda m, t: t.update(notes=[ord(c) for c in ROWS])),
    "a booster with a tree of 5,001 nodes of rows": _edit(_many_nodes),
    "a booster with the rows as digits in a tree's parameters": _edit(lambda m, t: t["tree_param"].update(
        {f"p{i}": str(ord(c)) for i, c in enumerate(ROWS[:8])})),
    "a booster with the rows as digits in its number of trees": _edit(lambda m, t: m["learner"][
        "gradient_booster"]["model"]["gbtree_model_param"].update(num_trees=",".join(str(ord(c)) for c in ROWS))),
    "a booster with the rows as digits in its base score": _edit(lambda m, t: m["learner"][
        "learner_model_param"].update(base_score="[" + ",".join(str(ord(c)) for c in ROWS[:99]) + "]")),
    "a booster of 200 features named with 40,000 characters of rows": _edit(lambda m, t: m["learner"].update(
        feature_names=[ROWS[i * 200:(i + 1) * 200] for i in range(200)],
        learner_model_param=dict(m["learner"]["learner_model_param"], num_feature="200"))),
    "a booster whose split condition carries 17 digits": _edit(
        lambda m, t: t["split_conditions"].__setitem__(0, 0.33668691961031234)),
    "a booster with 40 spaces after 300 of its commas": json.dumps(json.loads(BOOSTERS["cyclic"])).replace(
        ", ", "," + " " * 40, 300),
    "a booster with a key written twice": BOOSTERS["cyclic"].replace('{"learner": ', '{"learner": "' + ROWS + '", '
                                                                     '"learner": ', 1),
    "a booster of another order of keys (json.dumps's own)": json.dumps(
        dict(reversed(list(json.loads(BOOSTERS["cyclic"]).items())))),
}


@pytest.mark.parametrize("attempt", list(ROWS_IN_BYTES))
def test_rows_in_bytes_are_refused(site, attempt):  # noqa: F811
    value = ROWS_IN_BYTES[attempt]
    s = site()
    reply = s.task(_incoming("cyclic", False), DXO(DataKind.WEIGHTS, {
        "model_data": value if isinstance(value, bytes) else _sent(value)}))
    assert "not an XGBoost model" in refused(reply), s.last()["problems"]
    assert ROWS[:100].encode() not in fobs.dumps(reply)


def test_only_one_booster_and_only_where_the_site_allows_them(site):  # noqa: F811
    two = DXO(DataKind.WEIGHTS, {"model_data": _sent(BOOSTERS["cyclic"]), "more": _sent(BOOSTERS["dart"])})
    refused(site().task(_incoming("cyclic", False), two))
    s = site("update_filter:\n  booster: {allow: false}\n")
    assert "update_filter.booster.allow" in refused(s.task(None, _result(BOOSTERS["cyclic"])))
    s = site("update_filter:\n  booster: {max_trees: 2}\n")
    assert "max_trees" in refused(s.task(None, _result(BOOSTERS["cyclic"])))
