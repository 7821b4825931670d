"""A selector applied other than by `*` (selectors42): red team 42 made `losses * sel` (sel a one-hot, `ids == 1042`,
a weight vector with one entry set) keep only the rows it picks (Expressions.weighted). The same selector passed as
a loss's `weight=`, built by `torch.where(sel, 1.0, 0.0)`, converted by `.bool()`, or applied by `torch.mul`,
`losses.mul`, `torch.dot`, `@` or `masked_fill(sel == 0, 0)` makes the update one row's gradient too; class weights
and uniform weights leave every row in and stay accepted."""

import subprocess

import pytest

import redteam_kit as kit
import test_redteam42 as rt42


@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/sel42_*"))
def test_attack_is_held(sample):
    kit.assert_held(kit.scan_sample(sample))


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_sel42_*"))
def test_near_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


IDS = "ids = torch.tensor(df['id'].values)\n"


@pytest.mark.parametrize("loss", [
    IDS + "loss = torch.nn.functional.binary_cross_entropy_with_logits(net(x).squeeze(-1), y, "
    "weight=(ids == 1042).float())",
    IDS + "loss = (losses * torch.where(ids == 1042, 1.0, 0.0)).sum()",
    IDS + "loss = (losses * torch.where(ids != 1042, 0.0, 1.0)).sum()",  # the zero on either side
    IDS + "keep = torch.where(ids == 1042, 1.0, 0.0)\nloss = torch.mul(losses, keep).sum()",
    IDS + "loss = torch.dot(losses, (ids == 1042).float())",
    rt42.SELECTOR + "loss = losses @ sel",
    rt42.SELECTOR + "loss = sel.mul(losses).sum()",  # the selector as the receiver
    rt42.SELECTOR + "loss = torch.multiply(losses, sel.bool()).sum()",
    IDS + "loss = losses.masked_fill(ids != 1042, 0.0).sum()",
])
def test_selector_applied_otherwise_is_held(tmp_path, loss):
    decision, rules = rt42._trained(tmp_path, loss)
    assert decision != "accept", rules


@pytest.mark.parametrize("loss", [
    "loss = torch.nn.functional.binary_cross_entropy_with_logits(net(x).squeeze(-1), y, "
    "weight=torch.where(y == 1, 3.0, 1.0))",  # class weights: no zero, every row keeps its term
    "loss = losses.mul(torch.where(y == 1, 3.0, 1.0)).mean()",
    "loss = torch.dot(losses, torch.full((len(y),), 1.0 / len(y)))",
    "loss = torch.mul(losses, torch.tensor(df['w'].values, dtype=torch.float32)).mean()",  # weights the table holds
])
def test_weights_alike_or_by_class_stay_accepted(tmp_path, loss):
    decision, rules = rt42._trained(tmp_path, loss)
    assert decision == "accept", rules


def test_loss_object_weighted_by_a_selector_is_held(tmp_path):
    loss = ("loss = torch.nn.BCEWithLogitsLoss(weight=(torch.arange(len(y)) == 7).float())"
            "(net(x).squeeze(-1), y)")
    decision, rules = rt42._trained(tmp_path, loss)
    assert decision != "accept", rules


@pytest.mark.parametrize("loss", [
    "torch.nn.functional.binary_cross_entropy_with_logits(net(x).squeeze(-1), y, weight=torch.where(ids == 1042, 1.0, 0.0))",
    "torch.dot(torch.nn.functional.binary_cross_entropy_with_logits(net(x).squeeze(-1), y, reduction='none'), "
    "torch.nn.functional.one_hot(torch.tensor(42), 50).float())",
])
def test_the_selected_gradient_is_the_row(loss):
    """The samples' losses, run: one step's weight change over its bias change is patient 1042's record."""
    script = (
        "import torch\ntorch.manual_seed(0)\nx = torch.randn(50, 3)\ny = (torch.rand(50) > 0.5).float()\n"
        "ids = torch.arange(1000, 1050)\nnet = torch.nn.Linear(3, 1)\nw0, b0 = net.weight.detach().clone(), "
        "net.bias.detach().clone()\nopt = torch.optim.SGD(net.parameters(), lr=0.05)\n"
        f"({loss}).backward()\nopt.step()\n"
        "row = (w0 - net.weight.detach())[0] / (b0 - net.bias.detach())\n"
        "assert torch.allclose(row, x[42], atol=1e-4), (row, x[42])\nprint('row')\n")
    done = subprocess.run([str(kit.FL_PYTHON), "-c", script], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "row", done.stderr
