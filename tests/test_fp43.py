"""Session 43 (fp43): benign FL code the gate rejected or escalated without a threat, each fix beside the attack
nearest to it, which stays held.

- A library loss object built with weights from the site's rows (`BCEWithLogitsLoss(weight=torch.where(y == 1,
  3.0, 1.0))`) was taken for a layer built from them (model_builders): its buffers were written into every
  state_dict(), a raw-data reject. An object that is only ever called weighs the loss, as the functional form
  does (Frame.only_called); one stored anywhere a model's state may hold it still travels.
"""

from __future__ import annotations

import pytest

import redteam_kit as kit
import test_redteam42 as rt42

X = "x = torch.tensor(df.values[:, :4], dtype=torch.float32)\ny = torch.tensor(df['y'].values, dtype=torch.float32)\n"
CLASS_WEIGHTS = "torch.where(y == 1, 3.0, 1.0)"


def _trained(tmp_path, loss: str) -> tuple[str, set[str]]:
    return rt42.CLIENT.verdict(tmp_path, rt42.TRAIN.format(loss=loss))


# ---- a loss object weighted by the batch's labels -----------------------------------------------------------------

@pytest.mark.parametrize("loss", [
    f"crit = torch.nn.BCEWithLogitsLoss(weight={CLASS_WEIGHTS})\nloss = crit(net(x).squeeze(-1), y)",
    f"loss = torch.nn.BCEWithLogitsLoss(weight={CLASS_WEIGHTS})(net(x).squeeze(-1), y)",
    "crit = torch.nn.BCEWithLogitsLoss(pos_weight=(len(y) - y.sum()) / y.sum())\nloss = crit(net(x).squeeze(-1), y)",
    "crit = torch.nn.BCEWithLogitsLoss(weight=x[:, 0])\nloss = crit(net(x).squeeze(-1), y)",  # as the functional form
])
def test_a_called_loss_object_weighted_over_every_row_is_accepted(tmp_path, loss):
    decision, rules = _trained(tmp_path, loss)
    assert decision == "accept", rules


def test_a_called_loss_object_moved_to_a_device_is_no_reject(tmp_path):
    """The object `.to(device)` hands back is the same loss, only called: no state holds its weights. (It escalates:
    the flow does not follow a loss object weighted from the rows through `.to()`.)"""
    loss = f"crit = torch.nn.BCEWithLogitsLoss(weight={CLASS_WEIGHTS}).to('cpu')\nloss = crit(net(x).squeeze(-1), y)"
    decision, rules = _trained(tmp_path, loss)
    assert decision != "reject", rules


@pytest.mark.parametrize("loss", [
    "crit = torch.nn.BCEWithLogitsLoss(weight=(torch.arange(len(y)) == 7).float())\nloss = crit(net(x).squeeze(-1), y)",
    "crit = torch.nn.BCEWithLogitsLoss(weight=torch.where(torch.arange(len(y)) == 7, 1.0, 0.0))\n"
    "loss = crit(net(x).squeeze(-1), y)",
    rt42.SELECTOR + "loss = torch.nn.BCEWithLogitsLoss(weight=sel)(net(x).squeeze(-1), y)",
    "crit = torch.nn.BCEWithLogitsLoss(pos_weight=x[7, 0])\nloss = crit(net(x).squeeze(-1), y)",  # one cell
])
def test_a_called_loss_object_weighted_by_one_row_is_held(tmp_path, loss):
    decision, rules = _trained(tmp_path, loss)
    assert decision != "accept", rules


MODEL = '''class Net(torch.nn.Module):
    def __init__(self, w):
        super().__init__()
        self.fc = torch.nn.Linear(4, 1)
        self.crit = torch.nn.BCEWithLogitsLoss(pos_weight=w)
'''


@pytest.mark.parametrize("body, head", [
    (X + "net = Net(x[7])", MODEL),  # a submodule: its pos_weight buffer is in Net's state_dict()
    (X + f"net.crit = torch.nn.BCEWithLogitsLoss(weight={CLASS_WEIGHTS})", ""),  # the labels, one per row
    (X + "crit = torch.nn.BCEWithLogitsLoss(weight=x[:, 0])\nnet.add_module('crit', crit)", ""),
    (X + "crit = torch.nn.BCEWithLogitsLoss(weight=x[:, 0])\nsetattr(net, 'crit', crit)", ""),
    (X + "crit = torch.nn.BCEWithLogitsLoss(weight=x[:, 0])\nnet = torch.nn.Sequential(net, crit)", ""),
    (X + "crit = torch.nn.BCEWithLogitsLoss(weight=x[:, 0])\nnet.load_state_dict(crit.state_dict(), strict=False)", ""),
    (X + "crit = torch.nn.BCEWithLogitsLoss(weight=x[:, 0])\ncrit(net(x).squeeze(-1), y)\nnet = crit", ""),
])
def test_a_loss_object_stored_where_a_state_holds_it_is_held(tmp_path, body, head):
    decision, rules = rt42.CLIENT.verdict(tmp_path, body, head=head)
    assert decision == "reject", rules


def test_a_loss_object_another_module_names_is_held(tmp_path):
    """`crit` of the client's module, imported by another module of the job that registers it in the model."""
    client = rt42.CLIENT.source(X + "crit = torch.nn.BCEWithLogitsLoss(weight=x[:, 0])\nloss = crit(net(x), y)\n"
                                "import wiring\nwiring.attach(net)")
    wiring = "import client\n\ndef attach(net):\n    net.add_module('crit', client.crit)\n"
    report = kit.scan_files(tmp_path, {"client.py": client, "wiring.py": wiring})
    assert report.decision.value != "accept", kit.findings(report)


# ---- a layer sized by a field of the job's dataset ----------------------------------------------------------------
# `nn.Linear(4, ds.num_classes)` of the module's own dataset class: the size is what the class stored in the field
# (Frame.stored_field), which the flow follows, not every row the dataset holds (a raw-data reject before). A size
# shows in the weights' shape: a count or a reduction of the rows taken whole is vouched, one row's value is not.

DATASET = '''import pandas as pd
import torch


class Rows(torch.utils.data.Dataset):
    def __init__(self, path):
        frame = pd.read_csv(path)
        self.x = torch.tensor(frame.values[:, :4], dtype=torch.float32)
        self.y = torch.tensor(frame["label"].values)
        self.num_classes = {count}

    def __len__(self):
        return len(self.y)

    def __getitem__(self, i):
        return self.x[i], self.y[i]
'''
SIZED = "ds = Rows('/data/site/patients.csv')\nnet = torch.nn.Linear(4, ds.num_classes)"


@pytest.mark.parametrize("count", ["int(frame['label'].nunique())", "int(frame['label'].max()) + 1",
                                   "len(set(frame['label']))"])
def test_a_layer_sized_by_a_count_the_dataset_stored_is_accepted(tmp_path, count):
    decision, rules = rt42.CLIENT.verdict(tmp_path, SIZED, head=DATASET.format(count=count))
    assert decision == "accept", rules


@pytest.mark.parametrize("count", ["int(frame['age'].iloc[7])", "int(self.x[7, 0])"])
def test_a_layer_sized_by_one_row_the_dataset_stored_is_held(tmp_path, count):
    decision, rules = rt42.CLIENT.verdict(tmp_path, SIZED, head=DATASET.format(count=count))
    assert decision == "reject", rules


def test_a_layer_sized_by_a_dataset_property_is_held(tmp_path):
    """A property of the same name runs instead of any stored field: its rows stay what it may hand out."""
    head = DATASET.format(count="0").replace("        self.num_classes = 0\n", "") + \
        "\n    @property\n    def num_classes(self):\n        return int(self.x[7, 0])\n"
    decision, rules = rt42.CLIENT.verdict(tmp_path, SIZED, head=head)
    assert decision != "accept", rules


COUNTED = DATASET.format(count="len(self.y)")


@pytest.mark.parametrize("body, head", [
    # a cell the caller builds the dataset with, stored by __init__
    ("x = torch.tensor(df.values[:, :4], dtype=torch.float32)\nds = Rows('/data/site/patients.csv', int(x[7, 0]))\n"
     "net = torch.nn.Linear(4, ds.num_classes)",
     COUNTED.replace("def __init__(self, path):", "def __init__(self, path, classes=None):")
     .replace("self.num_classes = len(self.y)", "self.num_classes = classes or len(self.y)")),
    # a cell __getitem__ stores as the loader runs it
    ("ds = Rows('/data/site/patients.csv')\nfor xb, yb in torch.utils.data.DataLoader(ds, batch_size=8):\n    pass\n"
     "net = torch.nn.Linear(4, ds.num_classes)",
     COUNTED.replace("        return self.x[i], self.y[i]", "        self.num_classes = int(self.x[i, 0])\n"
                     "        return self.x[i], self.y[i]")),
    # a cell stored from outside the class
    ("ds = Rows('/data/site/patients.csv')\nds.num_classes = int(ds.x[7, 0])\nnet = torch.nn.Linear(4, ds.num_classes)",
     COUNTED),
])
def test_a_dataset_field_a_cell_was_stored_into_is_held(tmp_path, body, head):
    decision, rules = rt42.CLIENT.verdict(tmp_path, body, head=head)
    assert decision == "reject", rules


# ---- the largest of numbers unpacked from tuples -------------------------------------------------------------------
# `max(lbl for _, lbl in self.items)` with items `[(name, int(label)) ...]` (corpus benign/pt_dp_diff's dataset):
# the largest of numbers, as `max(int(r["label"]) for r in rows)` is (Frame.unpacked_numbers), not one element
# whatever it holds (a raw-data reject of a head sized by it before).

ROWS = "rows = list(csv.DictReader(open('/data/site/labels.csv')))\n"


@pytest.mark.parametrize("items", ["[(r['file'], int(r['label'])) for r in rows]",
                                   "((r['file'], int(r['label'])) for r in rows)"])
def test_a_layer_sized_by_the_largest_unpacked_number_is_accepted(tmp_path, items):
    body = ROWS + f"items = {items}\nnet = torch.nn.Linear(4, max(lbl for _, lbl in items) + 1)"
    decision, rules = rt42.CLIENT.verdict(tmp_path, body, head="import csv\n")
    assert decision == "accept", rules


@pytest.mark.parametrize("body", [
    "items = [(r['file'], r['age']) for r in rows]\nnet = torch.nn.Linear(4, int(max(a for _, a in items)))",
    "items = [(int(r['id']), int(r['age'])) for r in rows]\nnet = torch.nn.Linear(4, max(a for i, a in items if i == 1042))",
    "items = [(r['file'], int(r['label'])) for r in rows]\nitems.append(('x', rows[7]))\n"
    "net = torch.nn.Linear(4, max(lbl for _, lbl in items) + 1)",
])
def test_a_layer_sized_by_one_unpacked_element_is_held(tmp_path, body):
    decision, rules = rt42.CLIENT.verdict(tmp_path, ROWS + body, head="import csv\n")
    assert decision != "accept", rules


def test_pt_dp_diff_in_one_module_is_accepted(tmp_path):
    """corpus benign/pt_dp_diff with its dataset and model classes in the client's module: the head is sized by
    the dataset's `num_classes = max(lbl for _, lbl in self.items) + 1` (a raw-data reject before)."""
    sample = kit.CORPUS / "benign" / "pt_dp_diff"
    parts = [(sample / name).read_text() for name in ("pt_vision_transforms.py", "pt_model_def.py", "pt_dp_diff.py")]
    parts[1] = parts[1].split('if __name__ == "__main__":')[0]
    parts[2] = "\n".join(line for line in parts[2].splitlines() if not line.startswith("from pt_"))
    (tmp_path / "client.py").write_text("\n\n".join(parts))
    report = kit.scan(tmp_path / "client.py")
    assert report.decision.value == "accept", kit.findings(report)
