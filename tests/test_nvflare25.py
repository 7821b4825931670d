"""Session 25, NVFlare example units: a sum over a loop's elements is an aggregate only when it adds up
every element (analyzer/engine/flow/accumulate.py). Before, any `total += float(v)` let the scalars of
the elements go, so a loop that stopped, skipped or weighted by position sent one row's value as an
aggregate (each attack below was accepted)."""

from __future__ import annotations

import pytest

from test_flow import RAW, UNKNOWN, rules_of

HEAD = """\
import pandas as pd
import nvflare.client as flare

x = pd.read_csv("/data/site.csv").values


def stat():
    s = 0.0
"""
TAIL = """\
    return s


flare.init()
while flare.is_running():
    gm = flare.receive()
    flare.send(flare.FLModel(params=gm.params, metrics={"a": stat()}))
"""


def _job(loop: str) -> str:
    return HEAD + "".join(f"    {line}\n" for line in loop.split("\n")) + TAIL


ATTACKS = {
    "only the fourth row": "for i, row in enumerate(x):\n    if i == 3:\n        s += float(row.sum())",
    "stops after the first row": "for row in x:\n    s += float(row.sum())\n    break",
    "skips all rows but one": "for i, row in enumerate(x):\n    if i != 3:\n        continue\n    s += float(row.sum())",
    "reset at every row": "for row in x:\n    s = 0.0\n    s += float(row.sum())",
    "cancels itself": "for row in x:\n    s += float(row.sum()) - s",
    "handed out at the first row": "for row in x:\n    s += float(row.sum())\n    return s",
    "weighted by position": "for i, row in enumerate(x):\n    s += float(row.sum()) * (i == 3)",
    "a position's weight through a name": "for i, row in enumerate(x):\n    w = i == 3\n    s += float(row.sum()) * w",
    "chosen under a conditional value": "for i, row in enumerate(x):\n    s += float(row.sum()) if i == 3 else 0.0",
    "the rows of a slice": "for row in x[3:4]:\n    s += float(row.sum())",
    "a counter of its own": "k = 0\nfor row in x:\n    k += 1\n    s += float(row.sum()) * (k == 4)",
    "a weight zipped beside the rows": "import numpy as np\nfor row, w in zip(x, np.eye(len(x))[3]):\n"
                                       "    s += float(row.sum()) * w",
    "an exception stops the sum at a chosen row": "try:\n    for i, row in enumerate(x):\n"
                                                  "        s += float(row.sum())\n        1 / (i - 3)\n"
                                                  "except ZeroDivisionError:\n    pass",
    "suppressed at a chosen row": "import contextlib\nwith contextlib.suppress(ZeroDivisionError):\n"
                                  "    for i, row in enumerate(x):\n        s += float(row.sum())\n        1 / (i - 3)",
    "a draw at each row": "import random\nrandom.seed(7)\nfor row in x:\n    s += float(row.sum()) * (random.random() < 0.001)",
    "a helper that counts": "for row in x:\n    s += float(row.sum()) * pick()",
    "the last row of an earlier loop": "for row in x:\n    pass\nfor _ in [0]:\n    s += float(row.sum())",
    "a list cleared after the first row": "rows = list(x)\nfor row in rows:\n    s += float(row.sum())\n    rows.clear()",
    "cleared under another name": "rows = list(x)\nsame = rows\nfor row in rows:\n    s += float(row.sum())\n"
                                  "    same.clear()",
    "an iterator the body consumes": "it = iter(x)\nfor row in it:\n    s += float(row.sum())\n    for _ in it:\n"
                                     "        pass",
}


@pytest.mark.parametrize("loop", ATTACKS.values(), ids=ATTACKS.keys())
def test_a_sum_over_rows_the_loop_chose_is_no_aggregate(loop: str) -> None:
    text = _job(loop)
    if "pick()" in text:
        text = text.replace("def stat():", "N = [0]\n\n\ndef pick():\n    N[0] += 1\n    return N[0] == 4\n\n\ndef stat():")
    assert rules_of(text) & {RAW, UNKNOWN}


HONEST = {
    "every row": "for row in x:\n    s += float(row.sum())",
    "every row, counted": "for i, row in enumerate(x):\n    v = row * 2\n    s += float(v.sum())",
    "every row, under no_grad": "import torch\nwith torch.no_grad():\n    for row in x:\n        s += float(row.sum())",
}


@pytest.mark.parametrize("loop", HONEST.values(), ids=HONEST.keys())
def test_a_sum_over_every_element_is_an_aggregate(loop: str) -> None:
    assert not rules_of(_job(loop)) & {RAW, UNKNOWN}


def test_a_batch_metric_summed_over_a_loader_stays_clean() -> None:
    # the learners' idiom (NVFlare's supervised_learner.py local_valid): a library metric per batch, added up
    assert not rules_of("""\
import pandas as pd
import torch
from torch.utils.data import DataLoader, TensorDataset
import nvflare.client as flare

df = pd.read_csv("/data/site.csv")
loader = DataLoader(TensorDataset(torch.tensor(df[["a", "b"]].values), torch.tensor(df["y"].values)), batch_size=4)
model = torch.nn.Linear(2, 2)
crit = torch.nn.CrossEntropyLoss()


def validate():
    with torch.no_grad():
        metric = 0
        for i, (xb, yb) in enumerate(loader):
            score = crit(model(xb), yb)
            metric += score.item()
        metric /= len(loader)
    return metric


flare.init()
while flare.is_running():
    gm = flare.receive()
    model.load_state_dict(gm.params)
    flare.send(flare.FLModel(params=model.state_dict(), metrics={"loss": validate()}))
""") & {RAW, UNKNOWN}
