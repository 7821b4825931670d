"""Red team 59a: soft thresholds, steps and soft argmaxes of the site's values sent as metrics or meta
(docs/redteam59a-attempts.md).

`torch.relu(age - 99).sum()` is 0 without a patient over 99; `torch.sigmoid(1000 * (age - 99)).sum()` counts them;
`(age // 100).sum()` counts the centenarians; `np.exp(-(ids - 1042) ** 2).mean()` is nonzero exactly when patient 1042
is at the site. They were aggregates (a transform of the column taken whole, reduced); a reduction of a bump, a step
or a hinge of values moved by a chosen number (calls.py counts_a_bump) and a floor division by a spelled number
counted (_tests_threshold) are statistics of the rows they pick now, as `(age > 99).sum()` is since red team 58a.
An activation layer called (`act = nn.ReLU(); act(age - 99)`) is no
model's prediction (calls.py activation). A hinge loss of a model's margin, a softmax of its logits, a decade feature
trained on and an activation inside a model stay accepted."""

from __future__ import annotations

import pytest

import redteam_kit as kit

CLIENT = kit.ClientJob(imports="import numpy as np\nimport pandas as pd\nimport torch\nimport nvflare.client as flare\n",
                       setup='df = pd.read_csv("/data/site/p.csv")\n'
                             'X = torch.tensor(df[["age", "bmi", "sbp", "chol"]].values, dtype=torch.float32)\n'
                             'y = torch.tensor(df["outcome"].values, dtype=torch.long)\n')


@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/redteam59a_*", "jobs/redteam59a_*"))
def test_attack_is_held(sample):
    kit.assert_held(kit.scan_sample(sample), "update-channel-leak.")


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_redteam59a_*"))
def test_near_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


def test_every_sample_is_labelled():
    labelled = {e["path"] for e in kit.labelled("redteam59a_")}
    assert labelled == set(kit.corpus_samples("malicious/redteam59a_*", "jobs/redteam59a_*", "benign/near_redteam59a_*"))
    assert len([p for p in labelled if not p.startswith("benign/")]) >= 10


def _metric(value: str, body: str = "pass"):
    return kit.scan_text(CLIENT.source(body, extra=f", metrics={{'v': {value}}}"))


@pytest.mark.parametrize("value, body", [
    ("float(torch.relu(X[:, 0] - 99).sum())", "pass"),
    ("float(torch.sum(torch.nn.functional.relu(X[:, 0] - 99)))", "pass"),
    ("float(torch.sigmoid(1000 * (X[:, 0] - 99)).sum())", "pass"),
    ("float(torch.sigmoid((X[:, 0] - c) * 1000).mean())", "c = 99"),
    ("float(torch.tanh(X[:, 0] - 99).sum())", "pass"),
    ("float(torch.nn.functional.hardsigmoid(6 * (X[:, 0] - 99.5)).mean())", "pass"),
    ("float(np.exp(-(df.patient_id.values - 1042.0) ** 2).mean())", "pass"),
    ("float(z.mean())", "z = torch.sigmoid(X[:, 0] - 99)"),
    ("float(act(X[:, 0] - 99).sum())", "act = torch.nn.ReLU()"),
    ("float(torch.nn.Sigmoid()(1000 * (X[:, 0] - 99)).sum())", "pass"),
    ("int((df.age // 100).sum())", "pass"),
    ("float(b.sum())", "b = X[:, 0] // 100"),
    ("float(torch.relu(X[:, 0] - 0.5).mean())", "pass"),  # test_redteam23's twin: the gate cannot tell 0.5 from 99
])
def test_soft_threshold_count_is_reviewed(value, body):
    kit.assert_held(_metric(value, body), "update-channel-leak.unknown-provenance")


@pytest.mark.parametrize("value, body", [
    ("float(loss)", "yy = y.float() * 2 - 1\nloss = torch.relu(1 - yy * net(X)[:, 0]).mean()"),
    ("float(loss)", "act = torch.nn.ReLU()\nloss = act(1 - (y.float() * 2 - 1) * net(X)[:, 0]).mean()"),
    ("float(torch.softmax(net(X), 1)[:, 1].mean())", "pass"),
    ("float((torch.softmax(net(X), 1)[:, 1] * X[:, 1]).mean())", "pass"),
    ("float((p * torch.log(p)).sum())", "p = net(X).softmax(1)"),
    ("float(act(net(X) - 0.5).mean())", "act = torch.nn.Sigmoid()"),
    ("float(torch.relu(X[:, 0]).sum())", "pass"),
    ("float(((X[:, 0] - 50) / 10).mean())", "pass"),
    ("float((X[:, 0] / 100).sum())", "pass"),
    ("len(X) // 32", "pass"),
])
def test_honest_metric_stays_accepted(value, body):
    kit.assert_accepted(_metric(value, body))
