"""Red team 60a: soft argmaxes, histograms cut at chosen numbers and one row trained on alone, sent as metrics, meta
or the update (docs/redteam60a-attempts.md).

`(torch.softmax(50 * age, 0) * sbp).sum()` is the oldest patient's blood pressure: a softmax along the rows of the
site's values, no model's output, is a soft argmax, a selector (calls.py row_softmax). `np.histogram(age, bins=[99,
130])` and `bins=1, range=(99, 130)` are one bin, a count of the rows between numbers the code chose (roles.py
cut_edges), as `(age > 99).sum()` is. `next(iter(DataLoader(ds)))` of one-row batches is the first row, few rows as `x[0:1]`: one
step on it at lr 1 writes it into the update. A softmax of a model's logits or attention scores, evenly spaced bins
(Flower's quickstart-pandas) and a loader's first batch read for its shape stay accepted."""

from __future__ import annotations

import pytest

import redteam_kit as kit

CLIENT = kit.ClientJob(imports="import numpy as np\nimport pandas as pd\nimport torch\nimport nvflare.client as flare\n"
                               "from torch.utils.data import DataLoader, TensorDataset\n",
                       setup='df = pd.read_csv("/data/site/p.csv")\n'
                             'X = torch.tensor(df[["age", "bmi", "sbp", "chol"]].values, dtype=torch.float32)\n'
                             'y = torch.tensor(df["outcome"].values, dtype=torch.long)\n')


@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/redteam60a_*", "jobs/redteam60a_*"))
def test_attack_is_held(sample):
    kit.assert_held(kit.scan_sample(sample), "update-channel-leak.")


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_redteam60a_*"))
def test_near_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


def test_every_sample_is_labelled():
    labelled = {e["path"] for e in kit.labelled("redteam60a_")}
    assert labelled == set(kit.corpus_samples("malicious/redteam60a_*", "jobs/redteam60a_*", "benign/near_redteam60a_*"))
    assert len([p for p in labelled if not p.startswith("benign/")]) >= 10


def _metric(value: str, body: str = "pass"):
    return kit.scan_text(CLIENT.source(body, extra=f", metrics={{'v': {value}}}"))


@pytest.mark.parametrize("value, body", [
    ("float((torch.softmax(50 * X[:, 0], 0) * X[:, 2]).sum())", "pass"),
    ("float((torch.nn.functional.softmax(X[:, 0] / 0.01, dim=0) * X[:, 2]).sum())", "pass"),
    ("float((X[:, 2] * X[:, 0].softmax(0)).sum())", "pass"),
    ("float((w * X[:, 2]).sum())", "w = torch.softmax(X[:, 0] * 50)"),  # no axis: over the rows of a column
    ("float((sm(X[:, 0] * 50) * X[:, 2]).sum())", "sm = torch.nn.Softmax(dim=0)"),
    ("np.histogram(df.age, bins=[99, 100])[0].tolist()", "pass"),
    ("np.histogram(df.age, bins=(99, 130))[0].tolist()", "pass"),
    ("int(np.histogram(df.patient_id.values, bins=[1041.5, 1042.5])[0][0])", "pass"),
    ("np.histogram(df.age, bins=1, range=(99, 200))[0].tolist()", "pass"),
    ("np.histogram(df.age, bins=np.linspace(99, 100, 2))[0].tolist()", "pass"),
    ("float(net.weight.sum())", "opt = torch.optim.SGD(net.parameters(), lr=1.0)\n"
                                "xb, yb = next(iter(DataLoader(TensorDataset(X, y), batch_size=1)))\n"
                                "opt.zero_grad()\ntorch.nn.functional.cross_entropy(net(xb), yb).backward()\nopt.step()"),
    ("float(net.weight.sum())", "opt = torch.optim.SGD(net.parameters(), lr=1.0)\n"
                                "xb, yb = next(iter(TensorDataset(X, y)))\n"
                                "opt.zero_grad()\ntorch.nn.functional.cross_entropy(net(xb[None]), yb[None]).backward()\n"
                                "opt.step()"),
])
def test_chosen_rows_are_reviewed(value, body):
    kit.assert_held(_metric(value, body), "update-channel-leak.unknown-provenance")


@pytest.mark.parametrize("value, body", [
    ("float(torch.softmax(net(X), 1)[:, 1].mean())", "pass"),
    ("float((torch.softmax(net(X), 1)[:, 1] * X[:, 1]).mean())", "pass"),
    ("float((torch.softmax(net(X)[:, 0], 0) * X[:, 2]).sum())", "pass"),  # attention over rows of the model's scores
    ("float((sm(net(X)) * X[:, :2]).sum())", "sm = torch.nn.Softmax(dim=1)"),
    ("float((p * torch.log(p)).sum())", "p = net(X).softmax(1)"),
    ("np.histogram(df.age, bins=10)[0].tolist()", "pass"),
    ("np.histogram(df.age, bins=1)[0].tolist()", "pass"),
    ("np.histogram(df.age, bins=10, range=(0, 100))[0].tolist()", "pass"),
    ("np.histogram(df.age, bins=[0, 25, 50, 75, 100])[0].tolist()", "pass"),
    ("np.histogram(df.age, bins=[0, 1, 2, 5, 10])[0].tolist()", "pass"),  # test_redteam7's twin: uneven, a handful
    ("np.histogram(df.age, bins=np.linspace(2.0, 10.0, 10))[0].tolist()", "pass"),
    ("np.histogram(df.age, bins=np.arange(0, 120, 10))[0].tolist()", "pass"),
    ("float(net.weight.sum())", "opt = torch.optim.SGD(net.parameters(), lr=0.1)\n"
                                "for xb, yb in DataLoader(TensorDataset(X, y), batch_size=1):\n"
                                "    opt.zero_grad()\n    torch.nn.functional.cross_entropy(net(xb), yb).backward()\n"
                                "    opt.step()"),
    ("float(net.weight.sum())", "opt = torch.optim.SGD(net.parameters(), lr=0.1)\n"
                                "xb, yb = next(iter(DataLoader(TensorDataset(X, y), batch_size=32)))\n"
                                "opt.zero_grad()\ntorch.nn.functional.cross_entropy(net(xb), yb).backward()\nopt.step()"),
])
def test_honest_metric_stays_accepted(value, body):
    kit.assert_accepted(_metric(value, body))
