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


# Open (session 32's review of this rule): built_of_sizes follows names only, so a selector built behind a field, a
# helper function or a lambda is not seen as one: `self.weights = np.eye(n)[1042]`, `def w(n): return np.eye(n)[1042]`,
# `(lambda n: np.eye(n)[1042])(len(df))`. Following them needs the flow's own values of the factor, not its spelling.
@pytest.mark.xfail(strict=True, reason="open: a selector built behind a field, a helper or a lambda (see above)")
@pytest.mark.parametrize("setup, factor", [
    ("class Cohort:\n    def __init__(self, n):\n        self.weights = np.eye(n)[1042]\n\n\ncohort = Cohort(len(df))\n",
     "cohort.weights"),
    ("def cohort_weights(n):\n    return np.eye(n)[1042]\n\n\nweighting = cohort_weights(len(df))\n", "weighting"),
    ("weighting = (lambda n: np.eye(n)[1042])(len(df))\n", "weighting")])
def test_a_selector_built_out_of_sight_is_not_accepted(tmp_path: Path, setup: str, factor: str) -> None:
    (tmp_path / "client.py").write_text(JOB.format(metric=f'float(df["age"].values @ {factor})').replace(
        "flare.init()", setup + "flare.init()"))
    assert api.scan(tmp_path, POLICY).decision is not Decision.ACCEPT
