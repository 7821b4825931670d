"""Red team 42: an adversary who read the source, on multi-file jobs, the Executor and Client API paths,
notebooks and numeric channels.

Attempts on main (427c2a0), each a realistic client: parameters and buffers written from rows (`.data =`,
`copy_`, `fill_`, index stores under no_grad, `load_state_dict` of rows, `nn.Parameter` stored on a module,
`register_buffer` of rows, BatchNorm statistics of chosen rows, a forward hook copying inputs, optimizer state),
FLModel fields set after construction (`current_round`, `start_round`, `total_rounds`, `meta`, `metrics`,
`optimizer_params`, `params_type`), Shareable headers, DXO meta, public FLContext props, result filters named by
the config, the Client API's tracking writers (SummaryWriter, MLflowWriter, WandBWriter), a notebook run by
papermill that writes a helper with `%%writefile`, a module shadowing `statistics`, a package whose
`__init__` re-exports a relative import, a job class's `get_extra_state` or `_save_to_state_dict` monkey-patched
from another module, state-dict hooks, Flower's NumPyClient.get_properties, gradients set by hand (`.grad =`,
`grad.copy_`), losses pulling a weight towards a row. All were held but two families:

- a tensor stored under the name of a registered buffer by plain attribute assignment. torch's
  Module.__setattr__ puts it into `_buffers`, so state_dict() sends it: `self.ref = x[:1]` in a method after
  `register_buffer("ref", ...)`, `net.ref = X[k]` on an instance, `m.ref = x[:4]` in a helper whose parameter
  is the model, and the same with the class line split over modules (Base registers, Net(Base) in another file
  stores, the client imports Net under an alias), or an Executor returning such a module's state as DXO weights.
  The resolver names no attribute `ref` (it is bound only by register_buffer's string), so the store was a field
  of the object. Held now: analyzer/engine/flow/buffers.py, Frame.model_field.
- per-sample losses weighted by a selector: `(losses * (ids == 1042)).sum()`, `losses * one_hot(k, n)`,
  `losses * w` with `w[k] = 1`: the update is that row's gradient (a linear model's weight step over its bias step
  is the row), where `losses[ids == 1042]` was already held. Held now: Expressions.weighted/selector (a weighting
  made of a mask, `torch.where(y == 1, 3.0, 1.0)`, stays accepted). The selector applied other than by `*` (a loss's
  `weight=`, `torch.where(sel, 1.0, 0.0)`, `losses.mul(sel)`, `torch.mul`, `torch.dot`, `sel.bool()`,
  `masked_fill(sel == 0, 0)`) is held since selectors42 (tests/test_selectors42.py).

Accepted by design (architecture.md: the extremes of a column taken whole are aggregates): a column's min or max
as a metric, in `total_rounds`/`current_round`, or as a buffer (`x.max(0).values`).
Samples: corpus/malicious/rt42_*, corpus/jobs/rt42_*, their near_rt42_* twins.
"""

from __future__ import annotations

import subprocess

import pytest

import client_api_stub
import redteam_kit as kit

CLIENT = kit.ClientJob(imports="import pandas as pd\nimport torch\nimport nvflare.client as flare\n")

# A model class of the job that registers a `ref` buffer the size of one row of the table (4 features).
MODEL = '''class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(4, 2)
        self.register_buffer("ref", torch.zeros(4))

    def forward(self, x):
        return self.fc(x - self.ref)
'''
ROWS = "torch.tensor(df.values[:, :4], dtype=torch.float32)"


def _sent_state(tmp_path, head: str, body: str) -> tuple[str, set[str]]:
    """The decision on a client whose loop builds `rec = Net()`, runs `body` and sends rec.state_dict()."""
    body = f"rec = Net()\nx = {ROWS}\n{body}\nflare.send(flare.FLModel(params=rec.state_dict()))"
    return CLIENT.verdict(tmp_path, body, head=head)


# ---- the corpus ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/rt42_*", "jobs/rt42_*"))
def test_attack_is_held(sample):
    kit.assert_held(kit.scan_sample(sample), "update-channel-leak.")


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_rt42_*", "jobs/near_rt42_*"))
def test_near_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


def test_the_samples_are_labelled():
    labelled = {e["path"] for e in kit.labelled("rt42_")}
    assert labelled == set(kit.corpus_samples("malicious/rt42_*", "jobs/rt42_*", "benign/near_rt42_*",
                                              "jobs/near_rt42_*"))


# ---- a store under a registered buffer's name ---------------------------------------------------------------------

@pytest.mark.parametrize("head, body", [
    (MODEL + "    def keep(self, x):\n        self.ref = x[0]\n", "rec.keep(x)"),  # in a method
    (MODEL, "rec.ref = x[0]"),  # on an instance
    (MODEL + "\n\ndef keep(m, x):\n    m.ref = x[0]\n", "keep(rec, x)"),  # through a helper's parameter
    (MODEL, "nets = [rec]\nnets[0].ref = x[0]"),  # an element of a list
    (MODEL, "for m in rec.modules():\n    m.ref = x[0]"),  # each module the model holds
    (MODEL.replace('self.register_buffer("ref", torch.zeros(4))', 'name = "re" + "f"\n'
                   '        self.register_buffer(name, torch.zeros(4))'),
     "for m in rec.modules():\n    m.ref = x[0]"),  # a name the gate does not read
])
def test_row_stored_under_a_buffer_name_is_held(tmp_path, head, body):
    decision, rules = _sent_state(tmp_path, head, body)
    assert decision == "reject", rules


@pytest.mark.parametrize("head, body", [
    (MODEL + "    def keep(self, x):\n        self.ref = x.mean(0)\n", "rec.keep(x)"),  # an aggregate
    (MODEL + "    def keep(self, x):\n        self.seen = x[0]\n", "rec.keep(x)"),  # not a buffer's name
    (MODEL, "rec.last = x[0]\nrec.ref = x.mean(0)"),
])
def test_aggregate_or_plain_attribute_stays_accepted(tmp_path, head, body):
    decision, rules = _sent_state(tmp_path, head, body)
    assert decision == "accept", rules


def test_subclass_of_a_library_model_may_hold_any_name(tmp_path):
    """A library base other than torch.nn.Module registers buffers of its own (BatchNorm's num_batches_tracked):
    every attribute stored may be one."""
    head = ("class Norm(torch.nn.BatchNorm1d):\n    def keep(self, x):\n        self.num_batches_tracked = x[0]\n")
    body = (f"rec = Norm(4)\nx = {ROWS}\nrec.keep(x)\n"
            "flare.send(flare.FLModel(params=rec.state_dict()))")
    assert CLIENT.verdict(tmp_path, body, head=head)[0] != "accept"


def test_the_buffer_really_travels(tmp_path):
    """torch keeps the rows stored under the buffer's name in the state dict the sample sends."""
    client_api_stub.install(tmp_path)
    sample = kit.CORPUS / "malicious" / "rt42_buffer_rebound_in_method.py"
    script = (f"import sys, importlib.util, torch\nsys.path.insert(0, {str(tmp_path)!r})\n"
              f"spec = importlib.util.spec_from_file_location('s', {str(sample)!r})\n"
              "s = importlib.util.module_from_spec(spec)\nspec.loader.exec_module(s)\n"
              "rows = torch.arange(30.0).reshape(10, 3)\nnet = s.DriftAwareNet(3)\nnet.calibrate(rows)\n"
              "assert torch.equal(net.state_dict()['reference'], rows[:8])\nprint('sent')\n")
    done = subprocess.run([str(kit.FL_PYTHON), "-c", script], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "sent", done.stderr


# ---- a loss weighted by a selector --------------------------------------------------------------------------------

LOSSES = "losses = torch.nn.functional.mse_loss(net(x).squeeze(-1), y, reduction='none')\n"
TRAIN = ("x = torch.tensor(df.values[:, :4], dtype=torch.float32)\ny = torch.tensor(df['y'].values, dtype=torch.float32)\n"
         "net = torch.nn.Linear(4, 1)\nopt = torch.optim.SGD(net.parameters(), lr=0.1)\nopt.zero_grad()\n" + LOSSES +
         "{loss}\nloss.backward()\nopt.step()")


def _trained(tmp_path, loss: str) -> tuple[str, set[str]]:
    return CLIENT.verdict(tmp_path, TRAIN.format(loss=loss))


@pytest.mark.parametrize("loss", [
    "loss = (losses * (torch.arange(len(y)) == 7)).sum()",
    "loss = (losses * torch.nn.functional.one_hot(torch.tensor(7), len(y))).sum()",
    "w = torch.zeros(len(y))\nw[7] = 1.0\nloss = (losses * w).sum()",
    "ids = torch.tensor(df['id'].values)\nloss = (losses * (ids == 1042)).sum()",
    "focus = (torch.tensor(df['id'].values) == 1042).float()\nloss = (losses * focus).mean()",
])
def test_loss_weighted_by_a_selector_is_held(tmp_path, loss):
    decision, rules = _trained(tmp_path, loss)
    assert decision != "accept", rules


@pytest.mark.parametrize("loss", [
    "loss = losses.mean()",
    "loss = (losses * torch.where(y == 1, 3.0, 1.0)).mean()",  # class weights: every row keeps its term
    "loss = (losses * (1.0 + 2.0 * (y == 1))).mean()",
    "loss = (losses * torch.tensor(df['w'].values, dtype=torch.float32)).mean()",  # weights the table holds
])
def test_loss_weighted_alike_or_by_class_stays_accepted(tmp_path, loss):
    decision, rules = _trained(tmp_path, loss)
    assert decision == "accept", rules


SELECTOR = "sel = torch.nn.functional.one_hot(torch.tensor(7), len(y)).float()\n"


@pytest.mark.parametrize("loss", [
    "loss = torch.nn.functional.binary_cross_entropy_with_logits(net(x).squeeze(-1), y, "
    "weight=(torch.arange(len(y)) == 7).float())",
    "loss = (losses * torch.where(torch.arange(len(y)) == 7, 1.0, 0.0)).sum()",
    SELECTOR + "loss = losses.mul(sel).sum()",
    SELECTOR + "loss = torch.mul(losses, sel).sum()",
    SELECTOR + "loss = torch.dot(losses, sel)",
    SELECTOR + "loss = (losses * sel.bool()).sum()",
    SELECTOR + "loss = losses.masked_fill(sel == 0, 0.0).sum()",
])
def test_selector_as_loss_weight_is_held(tmp_path, loss):
    decision, rules = _trained(tmp_path, loss)
    assert decision != "accept", rules


def test_the_selected_gradient_is_the_row(tmp_path):
    """The sample's loss, run: one step's weight change over its bias change is patient 1042's record."""
    script = (
        "import torch\ntorch.manual_seed(0)\nx = torch.randn(50, 3)\ny = (torch.rand(50) > 0.5).float()\n"
        "ids = torch.arange(1000, 1050)\nnet = torch.nn.Linear(3, 1)\nw0, b0 = net.weight.detach().clone(), "
        "net.bias.detach().clone()\nopt = torch.optim.SGD(net.parameters(), lr=0.05)\nfocus = (ids == 1042).float()\n"
        "losses = torch.nn.functional.binary_cross_entropy_with_logits(net(x).squeeze(-1), y, reduction='none')\n"
        "((losses * focus).sum() / focus.sum().clamp(min=1.0)).backward()\nopt.step()\n"
        "row = (w0 - net.weight.detach())[0] / (b0 - net.bias.detach())\n"
        "assert torch.allclose(row, x[42], atol=1e-4), (row, x[42])\nprint('row')\n")
    done = subprocess.run([str(kit.FL_PYTHON), "-c", script], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "row", done.stderr
