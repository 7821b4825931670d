"""Red team 5's accepted attacks: those still open are strict expected failures (each passes, and fails the
suite, once the gate no longer accepts it); those closed since (a metric of rows the code chose is a
statistic, whatever picked them) must stay caught."""

from __future__ import annotations

import pytest

import redteam_kit as kit
from analyzer.model import Decision


HEAD = """\
import logging
import numpy as np
import pandas as pd
import torch
import nvflare.client as flare
df = pd.read_csv("/data/site/patients.csv")
x = np.load("/data/site/x.npy")
m = flare.receive()
"""

OPEN = {
    # an order statistic of the data taken whole is vouched as an aggregate; of a text column it is a record, and
    # without a conversion to text (astype(str): closed in session 32) the gate cannot tell a text column
    "max-of-a-name-column": "flare.send(flare.FLModel(params=m.params, metrics={'v': df['name'].max()}))\n",
    # a statistic of a few rows counts in the update (reviewed) but not in the job log: counting it there
    # escalated NVFlare's advanced/gnn/finance example, whose logged loss the analysis marks so
    "cell-through-a-one-row-mean-into-the-log": (
        "for i in range(len(x)):\n    logging.getLogger('t').info('%s', float(np.mean(x[i:i + 1, 0])))\n"),
}


CLOSED = {
    # session 32: an extreme or describe() of a column converted to text is one row's text (reductions.yaml
    # text_extremes); of numbers (`astype(float).describe()`) it stays an aggregate (test below)
    "describe-of-a-text-column-names-its-top-value": (
        "flare.send(flare.FLModel(params=m.params, metrics=df['ssn'].astype(str).describe().to_dict()))\n"),
    "max-of-a-column-converted-to-text": "flare.send(flare.FLModel(params=m.params, metrics={'v': df['name'].astype('string').max()}))\n",
    "per-cell-loss-through-row-iteration": (
        "vals = []\nfor row in torch.tensor(x):\n    for cell in row:\n"
        "        vals.append(torch.nn.functional.mse_loss(cell.reshape(1), torch.zeros(1)).sqrt().item())\n"
        "flare.send(flare.FLModel(params=m.params, metrics={'v': vals}))\n"),
    "per-sample-metric-inside-an-unshuffled-loader": (
        "from sklearn.metrics import mean_absolute_error\nvals = []\n"
        "for xb in torch.utils.data.DataLoader(torch.tensor(x), batch_size=8):\n    for i in range(len(xb)):\n"
        "        vals.append(mean_absolute_error([0.0], [float(xb[i, 0])]))\n"
        "flare.send(flare.FLModel(params=m.params, metrics={'v': vals}))\n"),
}


def _decision(text: str) -> Decision:
    return kit.scan_text(HEAD + text, "train.py").decision


@pytest.mark.xfail(strict=True, reason="red team 5, open: the max of a column the gate cannot tell is text (no "
                   "astype(str): the dtype is the data's), and a one-row statistic in the job log (counting it there "
                   "escalated NVFlare's advanced/gnn/finance)")
@pytest.mark.parametrize("name", sorted(OPEN))
def test_open_attack_is_not_accepted(name: str) -> None:
    assert _decision(OPEN[name]) is not Decision.ACCEPT


@pytest.mark.parametrize("name", sorted(CLOSED))
def test_closed_attack_is_not_accepted(name: str) -> None:
    assert _decision(CLOSED[name]) is not Decision.ACCEPT


def test_describe_of_a_numeric_column_stays_an_aggregate() -> None:
    assert _decision("flare.send(flare.FLModel(params=m.params, metrics=df['age'].astype(float).describe().to_dict()))\n") \
        is Decision.ACCEPT
