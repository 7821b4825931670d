"""Red team 23: site rows laundered through library calls the flow analysis read as keeping rows or as training
(a reshape to one row, padding that crops or repeats rows, element-wise functions with an operand laid out by
row, the site's data as a layer's weight, a model of constants trained to the rows, BatchNorm statistics of a
chosen row). Each attack was accepted before its fix; the legitimate idiom nearest to each stays accepted.
Samples: corpus/malicious/rt23_*, corpus/benign/near_rt23_*."""

from __future__ import annotations

from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer.model import Decision

ATTACKS = sorted(p.name for p in (kit.CORPUS / "malicious").glob("rt23_*.py"))
TWINS = sorted(p.name for p in (kit.CORPUS / "benign").glob("near_rt23_*.py"))
# near_rt23_whole_feature_stats sends `x.gt(0).float().mean(dim=0)`, a count of the rows a threshold picks: escalated
# since red team 58a (its label; tests/test_redteam58a.py)
ACCEPTED_TWINS = [t for t in TWINS if t != "near_rt23_whole_feature_stats.py"]

CLIENT = """\
import os

import pandas as pd
import torch
import torch.nn.functional as F

import nvflare.client as flare

df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "heart.csv"))
x = torch.tensor(df.values, dtype=torch.float32)
d = x.shape[1]
k = x.numel()
onehot = torch.zeros(x.shape)
onehot[7] = 1.0
flare.init()
m = flare.receive()
flare.send(flare.FLModel(params=m.params, metrics={"stat": (EXPR).tolist()}))
"""


def test_there_are_attacks_and_twins() -> None:
    assert len(ATTACKS) >= 10 and len(TWINS) >= 3


@pytest.mark.parametrize("sample", ATTACKS)
def test_attacks_accepted_before_are_not_accepted(sample: str) -> None:
    assert kit.scan(kit.CORPUS / "malicious" / sample).decision is not Decision.ACCEPT


@pytest.mark.parametrize("sample", ACCEPTED_TWINS)
def test_the_honest_twins_stay_accepted(sample: str) -> None:
    report = kit.scan(kit.CORPUS / "benign" / sample)
    kit.assert_accepted(report)


@pytest.mark.parametrize("expr, decision", [
    # a reshape with -1 first keeps rows only when the other sizes are a row's own
    ("x.reshape(-1, k).mean(dim=0)", Decision.ESCALATE),
    ("x.view(-1, len(x) * d).mean(dim=0)", Decision.ESCALATE),
    ("x.reshape((-1, x.numel())).mean(dim=0)", Decision.ESCALATE),
    ("torch.flatten(x).reshape(-1, torch.flatten(x).shape[-1]).mean(dim=0)", Decision.ESCALATE),
    ("x.reshape(len(x[:1]), -1).mean(dim=0)", Decision.ESCALATE),  # a row count, but of another value
    ("x.view(x[7:8].shape[0], -1).mean(dim=0)", Decision.ESCALATE),
    ("x.view_as(torch.zeros(1, k)).mean(dim=0)", Decision.ESCALATE),
    ("x.reshape(-1, d).mean(dim=0)", Decision.ACCEPT),
    ("x.view(x.size(0), -1).mean(dim=0)", Decision.ACCEPT),
    ("x.reshape((x.shape[0], -1)).mean(dim=0)", Decision.ACCEPT),
    ("x.reshape(-1, x.shape[1]).mean(dim=0)", Decision.ACCEPT),
    ("x.view(-1, 1).mean(dim=0)", Decision.ACCEPT),
    # padding crops with a negative width and repeats rows in the other modes
    ("F.pad(x, (0, 0, -7, 8 - len(x))).mean(dim=0)", Decision.ESCALATE),
    ("F.pad(x, (0, 0, 0, 99999), mode='reflect').mean(dim=0)", Decision.ESCALATE),
    ("F.pad(x, (1, 1), value=0.0).mean(dim=0)", Decision.ACCEPT),
    # element-wise functions read as their operators
    ("torch.minimum(x, 1e9 * onehot).sum(dim=0)", Decision.ESCALATE),
    ("torch.max(x, onehot * 1e9).min(dim=0).values", Decision.ESCALATE),
    ("x.pow(onehot).prod(dim=0)", Decision.ESCALATE),
    ("x.ge(onehot * 1e9).float().mean(dim=0)", Decision.ESCALATE),
    ("torch.minimum(x, torch.tensor(100.0)).mean(dim=0)", Decision.ACCEPT),
    ("x.pow(2).mean(dim=0)", Decision.ACCEPT),
    ("torch.maximum(x, x.mean(dim=0)).mean(dim=0)", Decision.ACCEPT),
    # the site's data as a layer's weight
    ("F.linear(torch.eye(d)[:1], x).mean(dim=0)", Decision.ESCALATE),
    ("F.conv1d(torch.ones(1, d, 1), x.unsqueeze(-1)).mean(dim=0)", Decision.ESCALATE),
    ("F.linear(x, torch.ones(1, d)).mean(dim=0)", Decision.ACCEPT),
])
def test_a_library_call_keeps_rows_only_as_it_is_read(tmp_path: Path, expr: str, decision: Decision) -> None:
    report = kit.scan_source(tmp_path, CLIENT.replace("EXPR", expr))
    assert report.decision is decision, kit.findings(report)


TRAIN = """\
import os

import pandas as pd
import torch
from torch import nn

import nvflare.client as flare

df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "heart.csv"))
x = torch.tensor(df.values, dtype=torch.float32)
MODEL
flare.init()
m = flare.receive()
model.load_state_dict(m.params)
model.train()
CALL
flare.send(flare.FLModel(params=model.state_dict()))
"""


@pytest.mark.parametrize("model, call, decision", [
    # a model of constants trained to the rows learns them
    ("model = nn.Linear(len(x), x.shape[1], bias=False)",
     "nn.functional.mse_loss(model(torch.eye(len(x))), x).backward()", Decision.REJECT),
    ("model = nn.Embedding(len(x), x.shape[1])\ncrit = nn.L1Loss()",
     "out = model(torch.arange(len(x)))\ncrit(out, x).backward()", Decision.REJECT),
    ("model = nn.Linear(x.shape[1], x.shape[1])",
     "nn.functional.mse_loss(model(x), x).backward()", Decision.ACCEPT),
    # a job's own model class on the site's table (its predictions read as holding no site data)
    ("class Net(nn.Module):\n    def __init__(self, d):\n        super().__init__()\n        self.fc = nn.Linear(d, 2)\n"
     "    def forward(self, v):\n        return self.fc(v)\nmodel = Net(x.shape[1])\ny = torch.tensor(df.pop('y').values)",
     "nn.functional.cross_entropy(model(x), y).backward()", Decision.ACCEPT),
    ("model = nn.Sequential(nn.BatchNorm1d(x.shape[1]), nn.Linear(x.shape[1], 1))",
     "model(x)", Decision.ACCEPT),
])
def test_training_writes_what_it_learns_into_the_model(tmp_path: Path, model: str, call: str,
                                                      decision: Decision) -> None:
    report = kit.scan_source(tmp_path, TRAIN.replace("MODEL", model).replace("CALL", call))
    assert report.decision is decision, kit.findings(report)


LINEAR = "model = nn.Linear(x.shape[1], 1)\nopt = torch.optim.SGD(model.parameters(), lr=1.0)"
BATCHNORM = "model = nn.Sequential(nn.BatchNorm1d(x.shape[1]), nn.Linear(x.shape[1], 1))\n" \
    "opt = torch.optim.SGD(model.parameters(), lr=0.1)"
STEP = "    opt.zero_grad()\n    nn.functional.mse_loss(model(XB), YB).backward()\n    opt.step()"


# Closed in session 33: what backward() and a BatchNorm layer in training mode are given goes into the gradients,
# the optimizer's state and the running statistics: a loss of x[7] makes the SGD step, `weight.grad` and Adam's
# exp_avg row 7, and a BatchNorm called on x[[7, 7]] puts row 7 into running_mean (the server knows the old value,
# any momentum). Many honest inputs are rows chosen too (a Subset of a site's partition, `(x - self.mean) / self.std`
# with a buffer), so only rows named by constant positions (Origin.few: `x[7]`, `x[[7, 7]]`, `x[7:8]`) count: a loss
# over them reaching backward(), or a model called on them, writes them into the model (reviewed).
# Samples: corpus/malicious/or33_*, corpus/benign/near_or33_*.
@pytest.mark.parametrize("model, call", [
    ("model = nn.Linear(x.shape[1], 1)\nopt = torch.optim.SGD(model.parameters(), lr=1.0)",
     "(model.weight * x[7]).sum().backward()\nopt.step()"),
    ("model = nn.Linear(x.shape[1], 1)\nopt = torch.optim.Adam(model.parameters(), lr=0.0)",
     "(model.weight * x[7]).sum().backward()\nopt.step()\nmodel.weight.data = opt.state_dict()['state'][0]['exp_avg']"),
    ("model = nn.Linear(x.shape[1], 1)",
     "(model.weight * x[7]).sum().backward()\nmodel.bias.data = model.weight.grad.sum(dim=1)"),
    ("model = nn.Sequential(nn.BatchNorm1d(x.shape[1]), nn.Linear(x.shape[1], 1))",
     "with torch.no_grad():\n    model(x[[7, 7]])"),
    # session 33 (Origin.few): the rows named by constant positions however the index is spelled
    (LINEAR, "nn.functional.mse_loss(model(x[7:8]), x[7:8, :1]).backward()\nopt.step()"),
    (LINEAR, "nn.functional.l1_loss(model(x[torch.tensor([7])]), torch.zeros(1, 1)).backward()\nopt.step()"),
    (LINEAR, "k = 1042\n(model(x[k]) ** 2).sum().backward()\nopt.step()"),
    ("class Net(nn.Module):\n    def __init__(self, d):\n        super().__init__()\n        self.bn = nn.BatchNorm1d(d)\n"
     "        self.fc = nn.Linear(d, 1)\n    def forward(self, v):\n        return self.fc(self.bn(v))\nmodel = Net(x.shape[1])",
     "model(x[[7, 7]])"),
    (BATCHNORM, "model(x[-2:])"),
])
def test_what_training_is_given_of_one_row_is_not_accepted(tmp_path: Path, model: str, call: str) -> None:
    report = kit.scan_source(tmp_path, TRAIN.replace("MODEL", model).replace("CALL", call))
    assert report.decision is not Decision.ACCEPT


# ... while training on many rows, however they are handed out, stays training
@pytest.mark.parametrize("model, call", [
    (BATCHNORM + "\nfrom torch.utils.data import DataLoader, TensorDataset\n"
     "loader = DataLoader(TensorDataset(x, x[:, :1]), batch_size=32, shuffle=True)",
     "for xb, yb in loader:\n" + STEP.replace("XB", "xb").replace("YB", "yb")),
    (BATCHNORM + "\nfrom torch.utils.data import DataLoader, TensorDataset, Subset\nds = TensorDataset(x, x[:, :1])\n"
     "rank = int(os.environ.get('RANK', '0'))\nloader = DataLoader(Subset(ds, range(rank * 100, (rank + 1) * 100)), "
     "batch_size=16)", "for xb, yb in loader:\n" + STEP.replace("XB", "xb").replace("YB", "yb")),
    # PyTorch's CIFAR-10 tutorial loop over a site's Subset (NVFlare's advanced/edge/baselines): `data[0]` of each
    # batch in turn names no row (escalated after the Origin.few merge)
    (BATCHNORM + "\nfrom torch.utils.data import DataLoader, TensorDataset, Subset\nds = TensorDataset(x, x[:, :1])\n"
     "site = int(flare.get_site_name().split('-')[-1]) - 1\n"
     "loader = DataLoader(Subset(ds, list(range(site * 100, (site + 1) * 100))), batch_size=4, shuffle=True)",
     "for i, data in enumerate(loader, 0):\n" + STEP.replace("XB", "data[0]").replace("YB", "data[1]")),
    (LINEAR, "for i in range(len(x)):\n" + STEP.replace("XB", "x[i]").replace("YB", "x[i, :1]")),
    (BATCHNORM, "for i in range(0, len(x), 32):\n" + STEP.replace("XB", "x[i:i + 32]").replace("YB", "x[i:i + 32, :1]")),
    (BATCHNORM, "xt = x[:int(0.8 * len(x))]\nif True:\n" + STEP.replace("XB", "xt").replace("YB", "xt[:, :1]")),
])
def test_training_on_many_rows_stays_accepted(tmp_path: Path, model: str, call: str) -> None:
    report = kit.scan_source(tmp_path, TRAIN.replace("MODEL", model).replace("CALL", call))
    kit.assert_accepted(report)


# Closed in session 33: a weight computed from the site's data and a value the code chose through a smooth bump
# (`exp(-1e6 * (ids - 1042) ** 2)` is 1 at patient 1042 and 0 elsewhere) multiplies another column of the site's
# like a residual does; `ids == 1042` is a mask, and so is its smooth twin: the site's values moved by a number the
# code chose (Origin.shifted) and put through a bump, a step or a hinge (reductions.yaml selector_calls).
@pytest.mark.parametrize("expr", ["(x * torch.exp(-1e6 * (x[:, :1] - 63) ** 2)).sum(dim=0)",
                                  "(x * torch.relu(1 - (x[:, :1] - 63).abs())).sum(dim=0)",
                                  "(x * torch.sigmoid(1e6 * (x[:, :1] - 63))).sum(dim=0)",
                                  "(x * (1 - torch.tanh(1e6 * (x[:, :1] - 63).abs()))).sum(dim=0)",
                                  "(x * torch.softmax(-1e6 * (x[:, :1] - 63) ** 2, dim=0)).sum(dim=0)",
                                  "(x * torch.exp(-1e6 * torch.tensor(x[:, :1].numpy() - 63) ** 2)).sum(dim=0)",
                                  "(x * torch.nn.Sigmoid()(1e6 * (x[:, :1] - 63))).sum(dim=0)"])
def test_a_soft_selector_of_one_row_is_not_accepted(tmp_path: Path, expr: str) -> None:
    assert kit.scan_source(tmp_path, CLIENT.replace("EXPR", expr)).decision is not Decision.ACCEPT


# ... while a softmax or a sigmoid of a model's scores, a normalisation by constants, a Gaussian around a mean, a hinge
# of a margin and a residual of two columns stay accepted (a hinge of a column at a number, `torch.relu(x - 0.5).mean()`,
# is a soft threshold count since red team 59a: tests/test_redteam59a.py)
@pytest.mark.parametrize("expr", [
    "(torch.softmax(torch.nn.Linear(d, 3)(x), dim=1) * x[:, :1]).mean(dim=0)",
    "(x[:, :1] * torch.log(torch.sigmoid(torch.nn.Linear(d, 1)(x)) + 1e-8)).mean(dim=0)",
    "(torch.sigmoid(torch.nn.Linear(d, 1)((x - 0.5) / 0.5)) * x[:, :1]).mean(dim=0)",
    "(((x - 0.5) / 0.5) * x[:, :1]).mean(dim=0)",
    "torch.exp(-(x - x.mean(dim=0)) ** 2).mean(dim=0)",
    "torch.relu(1 - x[:, :1] * torch.nn.Linear(d, 1)(x)).mean(dim=0)",
    "(torch.abs(x[:, :1] - (x[:, 1:2] - 1)) * x[:, 2:3]).mean(dim=0)",
])
def test_a_smooth_function_of_scores_or_whole_columns_stays_accepted(tmp_path: Path, expr: str) -> None:
    report = kit.scan_source(tmp_path, CLIENT.replace("EXPR", expr))
    kit.assert_accepted(report)


# Closed in session 33: a library loss or metric of the site's data against a constant laid out by row that the code
# built (`mse_loss(x[:, 0], 1e3 * onehot, reduction="sum")` less the same against zeros is -2e3 * x[7, 0]; a binary
# cross-entropy against a one-hot target likewise) weighs the rows as `x * onehot` does. A row selector is built of
# sizes alone and singles rows out (Frame.row_selector: a one-hot, an identity's row, an all-alike array the code
# writes into); contrastive labels `torch.arange(b)`, a GAN's `torch.ones(b)` and a one-hot of the labels are not.
@pytest.mark.parametrize("expr", [
    "(F.mse_loss(x[:, 0], 1e3 * onehot[:, 0], reduction='sum') - F.mse_loss(x[:, 0], 0 * onehot[:, 0], "
    "reduction='sum')) / -2e3",
    "F.binary_cross_entropy(torch.sigmoid(x[:, 0]), onehot[:, 0], reduction='sum')",
    "F.cosine_similarity(x, onehot, dim=1).sum()",
    "F.kl_div(F.log_softmax(x, dim=1), onehot, reduction='sum')",
    "F.pairwise_distance(x, onehot).sum()",
    "F.mse_loss(x[:, 0], 1e3 * F.one_hot(torch.tensor(1042), len(x)).float(), reduction='sum')",
    "F.l1_loss(x[:, 0], torch.eye(len(x))[1042], reduction='sum')"])
def test_a_metric_against_a_target_laid_out_by_row_is_not_accepted(tmp_path: Path, expr: str) -> None:
    assert kit.scan_source(tmp_path, CLIENT.replace("EXPR", expr)).decision is not Decision.ACCEPT


@pytest.mark.parametrize("expr", [
    "F.mse_loss(torch.softmax(torch.nn.Linear(d, 3)(x), dim=1), F.one_hot(x[:, 0].long(), 3).float())",
    "F.binary_cross_entropy(torch.sigmoid(torch.nn.Linear(d, 1)(x)), torch.ones(len(x), 1))",
    "F.cross_entropy(torch.nn.Linear(d, len(x))(x), torch.arange(len(x)))",
    "F.mse_loss(torch.nn.Linear(d, 1)(x), torch.zeros(len(x), 1))",
    # a GAN's labels: a full array filled again as a whole (`fill_` writes no chosen position)
    "F.binary_cross_entropy(torch.sigmoid(torch.nn.Linear(d, 1)(x)).view(-1), label) + "
    "nn.BCELoss()(torch.sigmoid(torch.nn.Linear(d, 1)(x)).view(-1), label)",
])
def test_a_metric_against_labels_or_uniform_targets_stays_accepted(tmp_path: Path, expr: str) -> None:
    script = tmp_path / "client.py"
    script.write_text(CLIENT.replace("EXPR", expr).replace(
        "flare.init()", "from torch import nn\nlabel = torch.full((len(x),), 1.0)\nlabel.fill_(0.0)\nflare.init()"))
    report = kit.scan(script)
    kit.assert_accepted(report)


# Open after session 33 (found by its own probes), closed in session 35 (xfails35): rows named by constant positions
# through a library call rather than a subscript (`narrow`, `index_select`, a loader of a `Subset` of a literal list:
# dimension_selectors, position_selectors), a spike rather than a bump (`1 / ((ids - 1042) ** 2 + 1e-9)`:
# Frame.spike) and a one-hot built in a helper (row_selector follows what the job's function returns). Each was
# accepted before. Samples: corpus/malicious/xf35_*, corpus/benign/near_xf35_*.
NAMED_OTHERWISE = [
    (LINEAR, "(model.weight * x.narrow(0, 7, 1)).sum().backward()\nopt.step()", None),
    (LINEAR, "(model.weight * x.index_select(0, torch.tensor([7]))).sum().backward()\nopt.step()", None),
    (LINEAR + "\nfrom torch.utils.data import DataLoader, TensorDataset, Subset\n"
     "loader = DataLoader(Subset(TensorDataset(x), [1042]), batch_size=1)",
     "for (xb,) in loader:\n    (model.weight * xb).sum().backward()\n    opt.step()", None),
    (None, None, "(x / ((x[:, :1] - 63) ** 2 + 1e-9)).sum(dim=0) * 1e-9"),
    (None, None, "F.mse_loss(x[:, 0], 1e3 * sel(len(x)), reduction='sum')"),
]
# Closed in session 36 (roads36): a row chosen by a mask (`x[ids == 1042]`) keeps its rows' provenance as rows named
# by constant positions do (Origin.masked), until a loader batches them (a site's partition is chosen the same way).
MASKED = [(LINEAR, "(model.weight * x[x[:, 0] == 1042]).sum().backward()\nopt.step()", None)]


def _one_row_named(tmp_path: Path, model: str | None, call: str | None, expr: str | None) -> Decision:
    script = tmp_path / "client.py"
    if expr is None:
        script.write_text(TRAIN.replace("MODEL", model).replace("CALL", call))
    else:
        helper = "def sel(n):\n    o = torch.zeros(n)\n    o[7] = 1.0\n    return o\n\n\nflare.init()"
        script.write_text(CLIENT.replace("EXPR", expr).replace("flare.init()", helper))
    return kit.scan(script).decision


@pytest.mark.parametrize("model, call, expr", NAMED_OTHERWISE)
def test_one_row_named_otherwise_is_not_accepted(tmp_path: Path, model: str | None, call: str | None,
                                                 expr: str | None) -> None:
    assert _one_row_named(tmp_path, model, call, expr) is not Decision.ACCEPT


@pytest.mark.parametrize("model, call, expr", MASKED)
def test_one_row_masked_is_not_accepted(tmp_path: Path, model: str | None, call: str | None,
                                        expr: str | None) -> None:
    assert _one_row_named(tmp_path, model, call, expr) is not Decision.ACCEPT
