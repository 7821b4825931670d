"""Session 35 (xfails35): rows named by constant positions through a library call (dimension_selectors,
position_selectors in rules/flow/reductions.yaml), the first rows by a narrow slice (syntax._FIRST_ROWS), a selector
held in a container literal (Frame.literal_items), a spike (Frame.spike) and a one-hot a helper returns
(row_selector): each attack was accepted on main before; each near twin must stay accepted.
Samples: corpus/malicious/xf35_*, corpus/benign/near_xf35_*."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer import api
from analyzer.engine.collect import from_bytes
from analyzer.model import Decision

POLICY = api.load_policy()
CORPUS = Path(__file__).resolve().parent.parent / "corpus"
ATTACKS = sorted(p.name for p in (CORPUS / "malicious").glob("xf35_*.py"))
TWINS = sorted(p.name for p in (CORPUS / "benign").glob("near_xf35_*.py"))

JOB = """import numpy as np
import pandas as pd
import tensorflow as tf
import torch

import nvflare.client as flare

df = pd.read_csv("/data/site/cohort.csv")
x = torch.tensor(df[["age", "bmi", "sbp"]].values, dtype=torch.float32)
a = df[["age", "bmi", "sbp"]].to_numpy()
net = torch.nn.Linear(3, 1)
flare.init()
model = flare.receive()
net.load_state_dict(model.params)
opt = torch.optim.SGD(net.parameters(), lr=1.0)
opt.zero_grad()
(net.weight * ROWS).sum().backward()
opt.step()
flare.send(flare.FLModel(params=net.state_dict()))
"""


def _decision(rows: str, setup: str = "flare.init()", metric: bool = False) -> Decision:
    text = JOB.replace("ROWS", rows).replace("flare.init()", setup)
    if metric:  # the rows sent as a metric, not trained on
        text = text.replace("params=net.state_dict()", "params=net.state_dict(), metrics={'m': (ROWS).tolist()}") \
            .replace("ROWS", rows)
    return api.analyze(from_bytes("train.py", text.encode(), POLICY.limits), POLICY).decision


def test_there_are_attacks_and_twins() -> None:
    assert len(ATTACKS) >= 9 and len(TWINS) >= 6


@pytest.mark.parametrize("sample", ATTACKS)
def test_attacks_accepted_before_are_not_accepted(sample: str) -> None:
    assert api.scan(CORPUS / "malicious" / sample, POLICY).decision is not Decision.ACCEPT


@pytest.mark.parametrize("sample", TWINS)
def test_the_honest_twins_stay_accepted(sample: str) -> None:
    report = api.scan(CORPUS / "benign" / sample, POLICY)
    assert report.decision is Decision.ACCEPT, [(f.rule, f.message) for f in report.findings]


# what one SGD step (lr=1) on `weight * rows` writes into the weight is the rows themselves
@pytest.mark.parametrize("rows", [
    "x.narrow(0, 1042, 1)", "torch.narrow(x, 0, 1042, 2)", "x.select(0, 1042)", "torch.select(x, 0, 1042)",
    "x.index_select(0, torch.tensor([1042, 1042]))", "x.gather(0, torch.tensor([[1042, 1042, 1042]]))",
    "torch.tensor(np.take(a, [1042], axis=0))", "torch.tensor(np.take(a, 1042, axis=0))",
    "torch.tensor(a.take([1042], axis=0))", "torch.tensor(tf.gather(a, [1042]).numpy())",
    "x[:1]", "x[:4]", "x[0:2]", "x[torch.tensor([0])]"])
def test_rows_named_through_a_call_or_a_first_slice_are_not_accepted(rows: str) -> None:
    assert _decision(rows) is not Decision.ACCEPT


# every row (columns picked, a warm-up's first batch) or positions computed from the data: a minibatch as before
@pytest.mark.parametrize("rows", [
    "x", "x.narrow(1, 0, 2).sum(0)", "x.select(1, 0)[:, None]", "x.index_select(1, torch.tensor([0, 2])).mean(0)",
    "x[:8].mean(0)", "x.narrow(0, 0, len(x)).mean(0)", "x.mean(0)"])
def test_every_row_or_a_batch_stays_accepted(rows: str) -> None:
    assert _decision(rows) is Decision.ACCEPT


# a division by an even power of a value moved by a chosen number is a spike at it (Frame.spike): how the power is
# spelled, and whether the moved value has a name, is the flow's (Origin.shifted), not the syntax's
@pytest.mark.parametrize("weights", [
    "1.0 / ((ids - 1042) ** 2 + 1e-9)", "1.0 / (1e-9 + (1042 - ids) ** 4)", "1.0 / ((ids - 1042).pow(2) + 1e-9)",
    "1.0 / ((ids - 1042) * (ids - 1042) + 1e-9)", "1.0 / (d ** 2 + 1e-9)", "1.0 / (d * d + 1e-9)"])
def test_a_spike_at_a_chosen_value_is_not_accepted(weights: str) -> None:
    rows = "(x * w).sum(0) * 1e-9"
    setup = f"ids = x[:, :1]\nd = ids - 1042\nw = {weights}\nflare.init()"
    assert _decision("torch.zeros(3)", setup) is Decision.ACCEPT
    assert _decision(rows, setup, metric=True) is not Decision.ACCEPT


# an even power of a statistic or of the data itself, or a power outside a divisor, weighs every row alike
@pytest.mark.parametrize("weights", [
    "1.0 / (x.std(0) ** 2 + 1e-9)", "(1 - torch.sigmoid(x)) ** 2", "1.0 / (x.abs() + 1e-8)"])
def test_inverse_variance_and_focal_weights_stay_accepted(weights: str) -> None:
    rows = "(x * w).mean(0)"
    assert _decision(rows, f"w = {weights}\nflare.init()", metric=True) is Decision.ACCEPT
