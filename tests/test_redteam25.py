"""Red team 25: one row (one patient's value) selected through array primitives the flow engine read as keeping
or reducing rows, sent as a metric. Each attack here was accepted before its fix; the legitimate idiom nearest to
each stays accepted. Samples: corpus/*/rt25_*."""

from __future__ import annotations

from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer.model import Decision


JOB = '''import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F
import nvflare.client as flare

df = pd.read_csv("/data/site/patients.csv")
x = df["age"].values
t = torch.tensor(x)
net = torch.nn.Linear(3, 1)
flare.init()
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"age": METRIC}))
'''


def _scan(tmp_path: Path, metric: str) -> tuple[Decision, list[tuple[str, str]]]:
    report = kit.scan_source(tmp_path, JOB.replace("METRIC", metric))
    return report.decision, kit.findings(report)


# A constant index of what a call that keeps every row returns was read as a part of a tuple it returns (as
# `torch.max(out, 1)[1]` is), so every row, and float() of it an aggregate: it is one row unless the call is one of
# rules/flow/reductions.yaml tuple_results / tuple_result_methods.
@pytest.mark.parametrize("metric", [
    "float(np.abs(x)[1042])", "float(np.log(x)[1042])", "float(np.exp(x)[1042])", "float(np.round(x)[1042])",
    "float(np.sqrt(x)[1042] ** 2)", "float(np.float64(x)[1042])", "float(np.squeeze(x)[1042])",
    "float(np.nan_to_num(x)[1042])", "float(np.clip(x, 0, 200)[1042])", "float(x.clip(0, 200)[1042])",
    "float(np.minimum(x, 1e9)[1042])", "float(np.maximum(x, -1)[1042])", "int(np.abs(x)[1042])",
    "np.abs(x)[1042].item()", "float(torch.abs(t)[1042])", "float(torch.sigmoid(t)[1042])",
    "float(torch.log(t)[1042])", "float(torch.softmax(t.double(), 0)[1042])", "float(F.relu(t.double())[1042])",
    "float(F.one_hot(t.long())[1042].argmax())", "float(t.abs()[1042])", "float(t.float()[1042])",
    "float(t.exp()[1042])", "float(t.sigmoid()[1042])", "float(x.round()[1042])",
    "t.float()[1042].item()", "float(net.forward(t.float().reshape(-1, 3))[1042])"])
def test_a_constant_index_of_a_row_keeping_call_is_a_row(tmp_path: Path, metric: str) -> None:
    found, findings = _scan(tmp_path, metric)
    assert found is Decision.REJECT, findings


# The twins: a part of what a per-row reduction or a split returns, and reductions over every row.
@pytest.mark.parametrize("metric", [
    "float((torch.max(net(t.float().reshape(-1, 3)), 1)[1] == 0).float().mean())",
    "float(np.abs(x).mean())", "float(torch.sigmoid(t.double()).mean())", "float(t.float().mean())",
    "float(np.percentile(np.abs(x), 50))"])
def test_a_part_of_a_tuple_result_and_a_mean_stay_accepted(tmp_path: Path, metric: str) -> None:
    found, findings = _scan(tmp_path, metric)
    assert found is Decision.ACCEPT, findings


# "numpy.nan*" on reduction_calls read nan_to_num and nancumsum, which keep every row, as reductions over the rows:
# a constant index of them, or a difference of two cumulative sums, was an aggregate.
@pytest.mark.parametrize("metric", [
    "float(np.nancumsum(x)[1042] - np.nancumsum(x)[1041])", "float(np.nancumprod(x)[0])",
    "float(x[np.nanargmax(x)])"])
def test_nan_functions_that_keep_or_pick_rows_are_no_reductions(tmp_path: Path, metric: str) -> None:
    found, findings = _scan(tmp_path, metric)
    assert found is not Decision.ACCEPT, findings


@pytest.mark.parametrize("metric", ["float(np.nanmean(x))", "float(np.nan_to_num(x).mean())",
                                    "float(np.nanpercentile(x, 50))"])
def test_nan_reductions_over_every_row_stay_accepted(tmp_path: Path, metric: str) -> None:
    found, findings = _scan(tmp_path, metric)
    assert found is Decision.ACCEPT, findings


# Not an attack by design (strict xfail until session 33, decided then): the 0th/100th percentile or quantile of a
# column taken whole, and `torch.max(t, 0)[0]` of a column (its max along the rows), are the column's min and max,
# the same numbers `x.min()` / `x.max()` are. docs/architecture.md ("By design", red team 15) accepts the max, min,
# `describe()` and `quantile(1.0)` of the data taken whole as aggregates: the extremes a federated statistics job
# reports (NVFlare's federated statistics reports min and max; its quantiles come from the same per-site data).
# Each is one row's value, as any extreme is, and none is more: no row is chosen by the code. Reviewing them would
# have to review `x.min()` too. What stays a row: a constant index, an extreme of text (text_extremes), an
# argmax used as an index (`x[np.nanargmax(x)]`, above).
@pytest.mark.parametrize("metric", ["float(np.percentile(x, 0, method='lower'))", "float(torch.quantile(t.double(), 0.0))",
                                    "float(torch.max(t, 0)[0])", "float(x.min())", "float(np.percentile(x, 100))",
                                    "float(t.max())"])
def test_an_extreme_of_the_column_as_a_percentile_is_an_aggregate_as_its_min_is(tmp_path: Path, metric: str) -> None:
    found, findings = _scan(tmp_path, metric)
    assert found is Decision.ACCEPT, findings


# The same extreme of rows the code chose is theirs: not an aggregate.
@pytest.mark.parametrize("metric", ["float(np.percentile(x[1040:1043], 0, method='lower'))",
                                    "float(torch.quantile(t[1042:1043].double(), 0.0))", "float(torch.max(t[:1], 0)[0])"])
def test_an_extreme_of_chosen_rows_is_theirs(tmp_path: Path, metric: str) -> None:
    found, findings = _scan(tmp_path, metric)
    assert found is not Decision.ACCEPT, findings
