"""Red team 58a: counts of rows a test of the site's values picks, sent as metrics or meta (docs/redteam58a-attempts.md).

`int((df.age > 99).sum())` is how many patients are over 99: with a rare threshold, one patient's presence. It was an
aggregate while `len(df[df.age > 99])` was a statistic of the rows the test picks (reviewed); now a count of an
ordering test of the site's values against a number the code spells out (`>`, `torch.gt`, `np.greater`,
`df.age.gt`) is that statistic too (calls.py tests_threshold). A value the server sends with the task stays a value
the code chose when it is bound to a name first (`cut = model.meta["cut"]`; calls.py sent_by_server). A test of a
model's predictions (`probs > 0.5`), a test of two values of the site (`pred == y`) and a reduction of the table taken
whole stay accepted."""

from __future__ import annotations

import pytest

import redteam_kit as kit

CLIENT = kit.ClientJob(imports="import numpy as np\nimport pandas as pd\nimport torch\nimport nvflare.client as flare\n",
                       setup='X = torch.tensor(pd.read_csv("/data/site/x.csv").values, dtype=torch.float32)\n')


@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/redteam58a_*"))
def test_attack_is_held(sample):
    kit.assert_held(kit.scan_sample(sample), "update-channel-leak.")


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_redteam58a_*"))
def test_near_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


def test_every_sample_is_labelled():
    labelled = {e["path"] for e in kit.labelled("redteam58a_")}
    assert labelled == set(kit.corpus_samples("malicious/redteam58a_*", "benign/near_redteam58a_*"))
    assert len([p for p in labelled if p.startswith("malicious/")]) >= 10


def _metric(value: str, body: str = "pass"):
    return kit.scan_text(CLIENT.source(body, extra=f", metrics={{'v': {value}}}"))


@pytest.mark.parametrize("value", [
    "int((df.age > 99).sum())",
    "int((99 < df.age).sum())",
    "float((X[:, 0] >= 100).float().mean())",
    "int(df.age.gt(99).sum())",
    "int(torch.gt(X[:, 0], 99).sum())",
    "int(np.greater(df.age.values, 99).sum())",
    "int(np.count_nonzero((df.age > 95) & (df.sbp > 200)))",
    "bool((df.age > 110).any())",
    "float((df.age >= 65).mean())",  # twins of session 49 (isin49, update49b): a cohort's share is such a count
    "float(((df.age >= 18) & (df.age < 65)).mean())",
])
def test_count_of_a_threshold_is_reviewed(value):
    kit.assert_held(_metric(value), "update-channel-leak.unknown-provenance")


def test_share_of_a_threshold_over_every_feature_is_reviewed():
    # the cost: red team 23's twin, a share of positive values per feature, was accepted
    report = kit.scan_sample("benign/near_rt23_whole_feature_stats.py")
    kit.assert_held(report, "update-channel-leak.unknown-provenance", kit.Decision.ESCALATE)


def test_count_of_a_threshold_mask_bound_to_a_name_is_reviewed():
    kit.assert_held(_metric("int(old.sum())", "old = X[:, 0] > 99"), "update-channel-leak.unknown-provenance")


@pytest.mark.parametrize("test", ["==", ">"])
def test_value_the_server_sends_bound_to_a_name_is_chosen(test):
    body = f"cut = float(model.meta['cut'])\nhit = float((X[:, 0] {test} cut).float().mean())"
    kit.assert_held(_metric("hit", body), "update-channel-leak.unknown-provenance")


@pytest.mark.parametrize("value, body", [
    ("int((torch.sigmoid(net(X)[:, 0]) > 0.5).sum())", "pass"),
    ("float((net(X).argmax(1) == torch.tensor(df.y.values)).float().mean())", "pass"),
    ("float(df.age.mean())", "pass"),
    ("len(df)", "pass"),
    ("float(loss)", "loss = torch.nn.functional.mse_loss(net(X), X[:, :2])"),
])
def test_honest_metric_stays_accepted(value, body):
    kit.assert_accepted(_metric(value, body))
