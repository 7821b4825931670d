"""`x @ w` with a right factor the code built (a one-hot, a row of an identity) weighs the site's rows as the code
chose: `age @ np.eye(n)[1042]` is one patient's age, as `np.eye(n)[1042] @ age` already was. Session 32's final
review found the right-hand spellings accepted (7 of the first 8 attack cases below, before the fix; the 9th, a
zeros vector of the row count set to a one-hot, was added with Frame.column_weights, which keeps `x @ np.zeros(2)`
a linear model's predictions).
Samples: corpus/malicious/lead32_*, corpus/benign/lead32_*."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer import api
from analyzer.model import Decision

POLICY = api.load_policy()
CORPUS = Path(__file__).resolve().parent.parent / "corpus"
JOB = """import numpy as np
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("/data/site/patients.csv")
net = torch.nn.Linear(3, 1)
flare.init()
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    flare.send(flare.FLModel(params=net.state_dict(), metrics={{"m": {metric}}}))
"""


@pytest.mark.parametrize("metric", [
    'float(df["age"].values @ np.eye(len(df))[1042])',
    'float(np.dot(df["age"].values, np.eye(len(df))[1042]))',
    'float(np.inner(df["age"].values, np.eye(len(df))[1042]))',
    'float(df["age"].values.dot(torch.nn.functional.one_hot(torch.tensor(1042), len(df)).numpy()))',
    'float(torch.tensor(df["age"].values) @ torch.nn.functional.one_hot(torch.tensor(1042), len(df)).double())',
    'float(df["age"].dot(pd.Series(np.eye(len(df))[1042])))',
    'float(df["age"].values @ (1.0 * np.eye(len(df))[1042]))',
    'float(np.dot(df["age"].values, np.exp(50 * np.eye(len(df))[1042]) - 1) / (np.exp(50) - 1))',
    'float(df["age"].values @ pick)'])
def test_a_product_with_a_selector_the_code_built_is_not_accepted(tmp_path: Path, metric: str) -> None:
    (tmp_path / "client.py").write_text(JOB.format(metric=metric).replace(
        "flare.init()", "pick = np.zeros(len(df))\npick[1042] = 1.0\nflare.init()"))
    report = api.scan(tmp_path, POLICY)
    assert report.decision is not Decision.ACCEPT, metric


# Weights alike for every row (a literal, a standard draw) and the server's weights stay aggregates. A vector of
# sizes alone is judged as a selector whatever it starts as (`w = np.ones(n)` may be set to a one-hot after).
@pytest.mark.parametrize("metric", [
    'float((df[["age", "bmi"]].values @ np.array([0.5, 0.5])).mean())',
    'float((torch.tensor(df[["age", "bmi"]].values) @ torch.randn(2, 4)).pow(2).mean())',
    'float(df["age"].mean())',
    'float((df[["age", "bmi"]].values @ np.zeros(2)).mean())',
    'float(df[["age", "bmi"]].values.dot(np.asarray(model.params["weight"]).ravel()[:2]).mean())'])
def test_a_product_with_weights_alike_for_every_row_stays_accepted(tmp_path: Path, metric: str) -> None:
    (tmp_path / "client.py").write_text(JOB.format(metric=metric))
    report = api.scan(tmp_path, POLICY)
    assert report.decision is Decision.ACCEPT, (metric, [(f.rule, f.message) for f in report.findings])


# A selector built out of sight (session 32's review; held in session 33): behind a field, returned by the job's function
# or lambda (each return read where it is: `s = np.zeros(n); s[k] = 1; return s`), held in a literal container, a
# comparison with a row number, or a name rebound from itself. Frame.built_of_sizes follows what the resolver binds to
# each (bound_exprs, field_bindings, returned_exprs); all failed (accepted) before.
SETUPS_HELD = [
    ("class Cohort:\n    def __init__(self, n):\n        self.weights = np.eye(n)[1042]\n\n\ncohort = Cohort(len(df))\n",
     "cohort.weights"),
    ("def cohort_weights(n):\n    return np.eye(n)[1042]\n\n\nweighting = cohort_weights(len(df))\n", "weighting"),
    ("weighting = (lambda n: np.eye(n)[1042])(len(df))\n", "weighting"),
    ("make = lambda n: np.eye(n)[1042]\nweighting = make(len(df))\n", "weighting"),
    ("def cohort_weights(n):\n    s = np.zeros(n)\n    s[1042] = 1.0\n    return s\n", "cohort_weights(len(df))"),
    ("def cohort_weights(n, k):\n    return np.eye(n)[k]\n", "cohort_weights(len(df), 1042)"),
    ("class C:\n    pass\n\n\nc = C()\nc.w = np.eye(len(df))[1042]\n", "c.w"),
    ("held = {'w': np.eye(len(df))[1042]}\n", 'held["w"]'),
    ("held = [np.eye(len(df))[1042]]\n", "held[0]"),
    ("", "(np.arange(len(df)) == 1042)"),
    ("w = np.zeros(len(df))\nw[1042] = 1.0\nw = w + 0.0\n", "w"),
    ("class C:\n    def __init__(self, n):\n        self.w = np.zeros(n)\n        self.w[1042] = 1.0\n"
     "        self.w = self.w * 1.0\n\n\nc = C(len(df))\n", "c.w")]


@pytest.mark.parametrize("setup, factor", SETUPS_HELD)
def test_a_selector_built_out_of_sight_is_not_accepted(tmp_path: Path, setup: str, factor: str) -> None:
    (tmp_path / "client.py").write_text(JOB.format(metric=f'float(df["age"].values @ {factor})').replace(
        "flare.init()", setup + "flare.init()"))
    assert api.scan(tmp_path, POLICY).decision is not Decision.ACCEPT


# The same judgement under other spellings of the product (held before session 33 by the product rules themselves).
@pytest.mark.parametrize("metric", [
    'float(np.einsum("i,i->", df["age"].values, np.eye(len(df))[1042]))',
    'float(torch.mm(torch.tensor(df[["age"]].values).T, torch.eye(len(df))[:, 1042:1043].double()))',
    'float(np.tensordot(df["age"].values, np.eye(len(df))[1042], axes=1))',
    'float(df[["age"]].values.T.dot(np.eye(len(df))[1042]))'])
def test_other_spellings_of_the_product_are_not_accepted(tmp_path: Path, metric: str) -> None:
    (tmp_path / "client.py").write_text(JOB.format(metric=metric))
    assert api.scan(tmp_path, POLICY).decision is not Decision.ACCEPT


# Weights out of sight that are alike for every row (a literal, a draw, the server's) stay a linear model's predictions.
@pytest.mark.parametrize("setup, factor", [
    ("def risk_weights():\n    return np.array([0.5, 0.5])\n\n\nw = risk_weights()\n", "w"),
    ("weights_of = lambda m: np.asarray(m.params['weight']).ravel()[:2]\n", "weights_of(model)"),
    ("class P:\n    def __init__(self):\n        self.w = np.random.randn(2)\n\n\np = P()\n", "p.w"),
    ("class S:\n    def __init__(self):\n        self.w = np.array([0.5, 0.5])\n\n\ns = S()\n", "s.w"),
    ("class LR:\n    def __init__(self):\n        self.w = np.zeros(2)\n\n    def load(self, p):\n"
     "        self.w = np.asarray(p['weight']).ravel()[:2]\n\n\nlr = LR()\n", "lr.w")])
def test_weights_out_of_sight_stay_accepted(tmp_path: Path, setup: str, factor: str) -> None:
    (tmp_path / "client.py").write_text(JOB.format(metric=f'float((df[["age", "bmi"]].values @ {factor}).mean())').replace(
        "flare.init()", setup + "flare.init()"))
    report = api.scan(tmp_path, POLICY)
    assert report.decision is Decision.ACCEPT, [(f.rule, f.message) for f in report.findings]


# A selector a library builds of sizes and constants alone (Frame.of_sizes_and_constants): accepted before.
@pytest.mark.parametrize("factor", [
    "np.where(np.arange(len(df)) == 1042, 1.0, 0.0)",
    "np.bincount([1042], minlength=len(df))",
    "np.roll(np.eye(len(df))[0], 1042)",
    "np.isin(np.arange(len(df)), [1042])"])
def test_a_selector_a_library_builds_of_sizes_is_not_accepted(tmp_path: Path, factor: str) -> None:
    (tmp_path / "client.py").write_text(JOB.format(metric=f'float(df["age"].values @ {factor})'))
    assert api.scan(tmp_path, POLICY).decision is not Decision.ACCEPT


# A literal container holding a selector beside anything else, indexed by a constant: that element (Frame.literal_items,
# session 35; a strict xfail before, judged as every element); the same container's other element stays weights.
@pytest.mark.parametrize("setup, factor", [
    ("held = [np.eye(len(df))[1042], 0.5]\n", "held[0]"),
    ("held = (0.5, np.eye(len(df))[1042])\n", "held[-1]"),
    ("held = {'w': np.eye(len(df))[1042], 'scale': 0.5}\n", 'held["w"]')])
def test_a_selector_beside_other_values_in_a_container_is_not_accepted(tmp_path: Path, setup: str,
                                                                       factor: str) -> None:
    (tmp_path / "client.py").write_text(JOB.format(metric=f'float(df["age"].values @ {factor})').replace(
        "flare.init()", setup + "flare.init()"))
    assert api.scan(tmp_path, POLICY).decision is not Decision.ACCEPT


# Weights beside a selector in one display: since red team 55a (`cfg = {"w": sel}; losses * cfg["w"]`) a display
# holding a selector is one wherever it is indexed, as an index can be rebound unseen (`held[1] = held[0]`): the
# weights are reviewed, a cost to a rare idiom, and never rejected.
def test_weights_beside_a_selector_in_a_container_are_reviewed(tmp_path: Path) -> None:
    (tmp_path / "client.py").write_text(JOB.format(metric='float((df[["age", "bmi"]].values @ held[1]).mean())')
                                        .replace("flare.init()", "held = [np.eye(len(df))[1042], np.array([0.5, 0.5])]\n"
                                                 "flare.init()"))
    report = api.scan(tmp_path, POLICY)
    assert report.decision is Decision.ESCALATE, [(f.rule, f.message) for f in report.findings]


# Open, benign side: weights that start as zeros of a size the code does not state as a literal (`np.zeros(d)` in the
# job's helper, `np.zeros(X.shape[1])` updated by `w -= ...`, which binds nothing new) are read as a vector that may
# be set one entry per row, so the mean of the predictions is reviewed (escalates). A size from a column count is no
# proof (`X.T.shape[1]` counts rows), and an in-place update is not followed. The positive judgement (weights shown to
# be a constant, a draw or the model's, anything else reviewed) would need a provenance for the model's weights, which
# hold no origin, as a selector built of sizes holds none.
@pytest.mark.xfail(strict=True, reason="open: zeros of a size that is no literal, as weights, escalate")
@pytest.mark.parametrize("setup, factor", [
    ("def init_weights(d):\n    return np.zeros(d)\n\n\nw = init_weights(2)\n", "w"),
    ("x = df[['age', 'bmi']].values\nw = np.zeros(x.shape[1])\nfor _ in range(10):\n"
     "    w -= 0.1 * x.T @ (x @ w - df['y'].values) / len(x)\n", "w")])
def test_zeros_weights_of_a_size_the_code_does_not_state_stay_accepted(tmp_path: Path, setup: str, factor: str) -> None:
    (tmp_path / "client.py").write_text(JOB.format(metric=f'float((df[["age", "bmi"]].values @ {factor}).mean())').replace(
        "flare.init()", setup + "flare.init()"))
    assert api.scan(tmp_path, POLICY).decision is Decision.ACCEPT
