"""Red team 57c: site data laundered into the update through a parameter's gradient.

Closed here (docs/redteam57c-attempts.md): `p.grad` read as the model's own value, clean once backward() had a
loss over a loader's batch or a slice `x[i:i + 1]` with a loop's bounds. A one-row batch's gradient of a linear
layer is the row, so per-step gradients kept in a list, the last one, or a cell of each, sent in the meta, the
metrics or as the params, were accepted. A gradient is no parameter received or stepped (issue 12): reviewed
wherever it goes (rules/flow/model.yaml gradient_attrs). Decided, not changed: the median of the site's column taken
whole stays an aggregate, as its max and min are (test_redteam25).
"""

import pytest

import redteam_kit as kit

UNKNOWN = "update-channel-leak.unknown-provenance"
CLIENT = kit.ClientJob(imports="import pandas as pd\nimport torch\nimport nvflare.client as flare\n")
TENSORS = ('X = torch.tensor(df[["a", "b", "c", "d"]].to_numpy(), dtype=torch.float32)\n'
           'Y = torch.tensor(df["y"].to_numpy())\n'
           'age = torch.tensor(df["age"].to_numpy(), dtype=torch.float32)\n')
ONE_ROW = "for i in range(len(X)):\n    net.zero_grad()\n    net(X[i:i + 1]).sum().backward()\n"


@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/redteam57c_*", "jobs/redteam57c_*"))
def test_attack_sample_is_held(sample):
    kit.assert_held(kit.scan_sample(sample), UNKNOWN)


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_redteam57c_*"))
def test_twin_sample_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


def test_every_sample_is_labelled():
    samples = set(kit.corpus_samples("malicious/redteam57c_*", "benign/near_redteam57c_*", "jobs/*redteam57c_*"))
    assert len(samples) == 15
    assert {e["path"] for e in kit.labelled("redteam57c_")} == samples


@pytest.mark.parametrize("body, extra", [
    (ONE_ROW, ", meta={'g': net.weight.grad}"),  # the last row's
    ("gs = []\n" + ONE_ROW + "    gs.append(net.weight.grad.clone())\n", ", meta={'g': gs}"),
    ("gs = {}\n" + ONE_ROW + "    gs[i] = net.bias.grad.tolist()\n", ", meta={'g': gs}"),
    ("gs = []\n" + ONE_ROW + "    gs.append(float(net.weight.grad[0, 0]))\n", ", metrics={'g': gs}"),
    (ONE_ROW + "gp = {k: p.grad for k, p in net.named_parameters()}\n", ", meta={'g': gp}"),
    ("dl = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X, Y), batch_size=1)\ngs = []\n"
     "for xb, yb in dl:\n    net.zero_grad()\n    torch.nn.functional.cross_entropy(net(xb), yb).backward()\n"
     "    gs.append(net.weight.grad.clone())\n", ", meta={'g': gs}"),
])
def test_a_gradient_sent_is_reviewed(tmp_path, body, extra):
    decision, rules = CLIENT.verdict(tmp_path, TENSORS + body, extra=extra)
    assert decision == "escalate" and UNKNOWN in rules, rules


@pytest.mark.parametrize("body, extra", [
    ("opt = torch.optim.SGD(net.parameters(), lr=0.01)\nfor i in range(0, len(X), 32):\n    opt.zero_grad()\n"
     "    loss = torch.nn.functional.cross_entropy(net(X[i:i + 32]), Y[i:i + 32])\n    loss.backward()\n"
     "    opt.step()\n", ", metrics={'loss': loss.item(), 'n': len(X)}"),
    ("opt = torch.optim.Adam(net.parameters())\nopt.zero_grad()\n"
     "torch.nn.functional.cross_entropy(net(X), Y).backward()\ntorch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)\n"
     "opt.step()\n", ", meta={'opt': opt.state_dict()}"),
])
def test_a_step_and_its_state_stay_accepted(tmp_path, body, extra):
    decision, rules = CLIENT.verdict(tmp_path, TENSORS + body, extra=extra)
    assert decision == "accept", rules


# The median (and any quantile) of the column taken whole is one patient's value for an odd count, as the max and
# the min are; docs/architecture.md ("By design") accepts the extremes as the aggregates a statistics job reports,
# so the median is decided the same way. The same statistics of rows the code chose stay held (test_redteam25).
@pytest.mark.parametrize("metric", ["float(age.median())", "float(torch.quantile(age, 0.5))", "float(age.max())",
                                    "float(age.min())", "float(df['age'].median())"])
def test_the_median_is_decided_as_the_extremes_are(tmp_path, metric):
    decision, rules = CLIENT.verdict(tmp_path, TENSORS, extra=f", metrics={{'m': {metric}}}")
    assert decision == "accept", rules


@pytest.mark.parametrize("metric", ["float(age[:1].median())", "float(age[7:8].max())"])
def test_the_median_of_chosen_rows_is_theirs(tmp_path, metric):
    decision, rules = CLIENT.verdict(tmp_path, TENSORS, extra=f", metrics={{'m': {metric}}}")
    assert decision != "accept", rules
