"""Red team 46a: the site's rows laundered into what a job sends as a statistic of the data (flow/, reductions.yaml).

Accepted on main, held now:
- a DataLoader told which rows to hand out by its sampler (`sampler=[7]`, `SubsetRandomSampler([7])`,
  `batch_sampler=[[7]]`, the fourth positional argument) or made into batches by the job's own `collate_fn`
  (`lambda b: b[7]`): summed over its batches, one patient's values; a loader of `Subset(ds, [7])` was held, one of
  `sampler=[7]` was the whole data (calls.sampled, reductions.yaml loader_samplers);
- a step of a value moved by a number the code chose that is no bump the gate knew (`np.sign(ids - 1042) ** 2`,
  `np.minimum((ids - 1042) ** 2, 1)`, `(ids - 1042).astype(bool)`, `.bool()`): 0 for patient 1042 and 1 for every
  other row, so the whole sum less the weighted one is that patient's age (selector_calls, boolean_dtypes);
- a loss object's reduction set where the call does not show it: built in a field (`self.crit = nn.L1Loss(
  reduction="none")` then `self.crit(a, b)`) or changed after it was built (`crit.reduction = "none"`,
  `crit.__init__(reduction="none")`): one loss per row, `|a - b|` of every row, sent as a metric;
- `os.path.exists` of a path spelled from each row (a count on main): a bit of each row against the files the job made.

Held since red team 46e (NAN_SELECTIONS; tests/test_redteam46e.py): NaN made where a value moved by a chosen number
leaves the domain of a function the gate takes for element-wise (`np.sqrt(-(ids - 1042.0) ** 2)`, `np.log(1 - d **
2)`, `d / d`) and dropped by a NaN-skipping reduction (`np.nanmean`, pandas' `mean`, `dropna`, `nan_to_num`).

Still open (strict xfails below): `os.path.exists` of every candidate
file name under the data folder (`P{i:05d}.dcm` for i in range(2000)), which spells the folder's listing into the
update as `os.listdir` would (a probe at a path the code spells carries no origin; making it one would put every
`if os.path.exists(ckpt):` resume under a branch on the site's file system); the length of one listed name.
Held since (DEFAULTED): a helper comparing its parameter with another parameter a call leaves at its default number
(`def pick(a, i, group=1042): (a * (i == group)).sum()`).

Also held now (found on the way, accepted on main): a selector a helper builds of its own parameter
(`def drift(a, i): return (a * (i == 1042)).sum()`, a bump or a step of `i - 1042`), which inline escalated: a
parameter compared with a number the helper chose was a mask only for an index, and a parameter moved by one was
never `shifted` (values.Param.shifted, expressions.row_wise).
"""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent, indent

import pytest

import redteam_kit as kit

CLIENT = """\
import os

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset
import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
{top}

def main():
    net = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    x = torch.tensor(df[["a", "b", "c", "d"]].values, dtype=torch.float32)
    y = torch.tensor(df["label"].values)
    ids = df["patient_id"].values
    age = df["age"].values
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        for _ in range(2):
            opt.zero_grad()
            loss = F.cross_entropy(net(x), y)
            loss.backward()
            opt.step()
        m = float(loss.item())
{body}
        flare.send(flare.FLModel(params=net.state_dict(), metrics={{"loss": float(loss.item()), "m": m}}))


main()
"""


def scan(tmp_path: Path, body: str, top: str = ""):
    return kit.scan_source(tmp_path, CLIENT.format(top=dedent(top), body=indent(dedent(body), " " * 8)))


FIELD_LOSS = """
class Scorer:
    def __init__(self):
        self.crit = torch.nn.L1Loss({settings})

    def run(self, a, b):
        return self.crit(a, b).tolist()
"""

ATTACKS = {
    "sampler_list": "ld = DataLoader(TensorDataset(x, y), batch_size=1, sampler=[7])\n"
                    "m = 0.0\nfor xb, yb in ld:\n    m += float(xb.mean())",
    "subset_random_sampler": "from torch.utils.data import SubsetRandomSampler\n"
                             "ld = DataLoader(TensorDataset(x, y), batch_size=4, sampler=SubsetRandomSampler([7]))\n"
                             "m = sum(float(xb.sum()) for xb, yb in ld)",
    "batch_sampler": "ld = DataLoader(TensorDataset(x, y), batch_sampler=[[7]])\n"
                     "m = 0.0\nfor xb, yb in ld:\n    m += float(xb.sum())",
    "positional_sampler": "ld = DataLoader(TensorDataset(x, y), 1, False, [7])\nm = sum(float(xb.sum()) for xb, yb in ld)",
    "sign_step": "w = np.sign(ids - 1042.0) ** 2\nm = float(np.sum(age) - np.sum(age * w))",
    "sign_step_pandas": "m = float(df.age.sum()) - float((df.age * np.sign(df.patient_id - 1042) ** 2).sum())",
    "minimum_step": "w = np.minimum((ids - 1042) ** 2, 1)\nm = float(age.sum() - (age * w).sum())",
    "astype_bool_step": "w = (ids - 1042).astype(bool)\nm = float(age.sum() - (age * w).sum())",
    "bool_method_step": "w = torch.tensor(ids - 1042).bool().float()\n"
                        "m = float(torch.tensor(age).sum() - (torch.tensor(age) * w).sum())",
    "loss_reduction_set_after": "crit = torch.nn.CrossEntropyLoss()\ncrit.reduction = 'none'\nm = crit(net(x), y).tolist()",
    "loss_reduction_set_on_alias": "crit = torch.nn.MSELoss()\nc2 = crit\nc2.reduction = 'none'\n"
                                   "m = crit(x[:, 0], x[:, 1]).tolist()",
    "collate_fn_pick": "ld = DataLoader(TensorDataset(x, y), batch_size=len(x), collate_fn=lambda b: b[7])\n"
                       "m = sum(float(xb.sum()) for xb, yb in ld)",
    "loss_init_again": "crit = torch.nn.MSELoss()\ncrit.__init__(reduction='none')\nm = crit(x[:, 0], x[:, 1]).tolist()",
    "exists_per_row": "m = [os.path.exists('/tmp/p/' + str(v)) for v in df['name']]",
}


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_attack_accepted_on_main_is_held(tmp_path: Path, name: str) -> None:
    kit.assert_held(scan(tmp_path, ATTACKS[name]), "update-channel-leak.")


HELPER = """
def drift(a, i):
    w = {weight}
    return float((a * w).sum())
"""

# a selector a helper builds of its own parameter (Param.mask, Param.shifted), as it would inline
HELPER_WEIGHTS = {
    "equality": "(i == 1042)",
    "equality_converted": "(i == 1042).astype(float)",
    "bump": "np.exp(-1e6 * (i - 1042.0) ** 2)",
    "sign_step": "1 - np.sign(i - 1042.0) ** 2",
}


@pytest.mark.parametrize("name", sorted(HELPER_WEIGHTS))
def test_selector_built_in_a_helper_of_its_parameter_is_held(tmp_path: Path, name: str) -> None:
    report = scan(tmp_path, "m = drift(age, ids)", top=HELPER.format(weight=HELPER_WEIGHTS[name]))
    kit.assert_held(report, "update-channel-leak.")


def test_helper_weighting_by_another_column_stays_accepted(tmp_path: Path) -> None:
    kit.assert_accepted(scan(tmp_path, "m = drift(age, ids)", top=HELPER.format(weight="i * 0.5 + 1.0")))


def test_loss_object_in_a_field_with_reduction_none_is_held(tmp_path: Path) -> None:
    report = scan(tmp_path, "m = Scorer().run(x[:, 0], x[:, 1])", top=FIELD_LOSS.format(settings='reduction="none"'))
    kit.assert_held(report, "update-channel-leak.raw-data-in-update")


TWINS = {
    "distributed_sampler_training": "from torch.utils.data.distributed import DistributedSampler\n"
                                    "ds = TensorDataset(x, y)\n"
                                    "ld = DataLoader(ds, batch_size=8, sampler=DistributedSampler(ds, shuffle=True))\n"
                                    "for xb, yb in ld:\n    opt.zero_grad()\n    F.cross_entropy(net(xb), yb).backward()\n"
                                    "    opt.step()",
    "subset_random_sampler_training": "from torch.utils.data import SubsetRandomSampler\n"
                                      "ld = DataLoader(TensorDataset(x, y), batch_size=8, "
                                      "sampler=SubsetRandomSampler(list(range(len(x)))))\n"
                                      "for xb, yb in ld:\n    opt.zero_grad()\n    F.cross_entropy(net(xb), yb).backward()\n"
                                      "    opt.step()",
    "library_collate_sum": "from torch.utils.data import default_collate\n"
                           "ld = DataLoader(TensorDataset(x, y), batch_size=8, collate_fn=default_collate)\n"
                           "m = sum(float(F.cross_entropy(net(xb), yb)) for xb, yb in ld)",
    "job_collate_training": "ld = DataLoader(TensorDataset(x, y), batch_size=8, collate_fn=lambda b: (torch.stack([r[0] for r in b]), "
                            "torch.stack([r[1] for r in b])))\n"
                            "for xb, yb in ld:\n    opt.zero_grad()\n    F.cross_entropy(net(xb), yb).backward()\n    opt.step()",
    "no_sampler_sum": "ld = DataLoader(TensorDataset(x, y), batch_size=8, sampler=None)\n"
                      "m = sum(float(F.cross_entropy(net(xb), yb)) for xb, yb in ld)",
    "sign_of_the_data": "m = float(np.sign(age).sum())",
    "bool_column": "m = float(df['smoker'].astype(bool).mean())",
    "loss_object_mean": "crit = torch.nn.CrossEntropyLoss()\nm = float(crit(net(x), y))",
    "exists_checkpoint": "if os.path.exists('ckpt.pt'):\n    net.load_state_dict(torch.load('ckpt.pt', weights_only=True))",
}


@pytest.mark.parametrize("name", sorted(TWINS))
def test_honest_twin_stays_accepted(tmp_path: Path, name: str) -> None:
    kit.assert_accepted(scan(tmp_path, TWINS[name]))


SUPER_INIT = """
class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(4, 2)

    def forward(self, v):
        return self.fc(v)
"""


def test_loss_object_beside_a_module_calling_super_init_stays_accepted(tmp_path: Path) -> None:
    body = "crit = torch.nn.CrossEntropyLoss()\nm = float(crit(Net()(x), y))"
    kit.assert_accepted(scan(tmp_path, body, top=SUPER_INIT))


def test_loss_object_in_a_field_with_a_mean_stays_accepted(tmp_path: Path) -> None:
    report = scan(tmp_path, "m = float(Scorer().crit(x[:, 0], x[:, 1]))",
                  top=FIELD_LOSS.format(settings='reduction="mean"'))
    kit.assert_accepted(report)


# held since red team 46e (Origin.nan; reductions.yaml domain_calls, nan_skipping_calls, nan_filters): NaN made
# where a value moved by a chosen number leaves the domain of a root, a logarithm, a fractional power or a division,
# then dropped by a NaN-skipping reduction, is one row (tests/test_redteam46e.py holds the rest and the twins)
NAN_SELECTIONS = {
    "sqrt_nan_nanmean": "m = float(np.nanmean(age + np.sqrt(-(ids - 1042.0) ** 2)))",
    "sqrt_nan_pandas_mean": "m = float((df.age + np.sqrt(-(df.patient_id - 1042.0) ** 2)).mean())",
    "log_nan_nanmean": "m = float(np.nanmean(age + np.log(1 - (ids - 1042.0) ** 2)))",
    "fractional_power_nan": "m = float(np.nanmean(age + (-(ids - 1042.0) ** 2) ** 0.5))",
    "self_division_nan": "w = (ids - 1042.0) / (ids - 1042.0)\nm = float(np.nansum(age) - np.nansum(age * w))",
    "nan_dropna": "s = pd.Series(age + np.sqrt(-(ids - 1042.0) ** 2))\nm = float(s.dropna().sum())",
}


@pytest.mark.parametrize("name", sorted(NAN_SELECTIONS))
def test_nan_selection_is_held(tmp_path: Path, name: str) -> None:
    kit.assert_held(scan(tmp_path, NAN_SELECTIONS[name]), "update-channel-leak.")


OPEN = {
    "exists_probes_spell_the_listing": "m = [os.path.exists(f'/data/site/images/P{i:05d}.dcm') for i in range(2000)]",
    "exists_probes_bitmask": "m = float(sum(int(os.path.exists(f'/data/site/images/{i}.dcm')) << i for i in range(40)))",
    "length_of_a_listed_name": "m = float(len(os.listdir('/data/site/images')[0]))",
}

# held since the lead's change after 46e (expressions.defaulted): a parameter left at a literal default is the number
# the code chose where a call omits it
DEFAULTED = ("def pick(a, i, group=1042):\n"
             "    return float((a * (i == group)).sum())\n")


DEFAULTS = ["1042", "1000 + 42", "int('1042')", "PATIENT", "-1042"]


@pytest.mark.parametrize("default", DEFAULTS)
def test_helper_comparing_with_a_defaulted_parameter_is_held(tmp_path: Path, default: str) -> None:
    top = "PATIENT = 1042\n" + DEFAULTED.replace("group=1042", f"group={default}")
    kit.assert_held(scan(tmp_path, "m = pick(age, ids)", top), "update-channel-leak.")


def test_helper_with_a_defaulted_threshold_on_predictions_stays_accepted(tmp_path: Path) -> None:
    top = ("def accuracy(scores, labels, threshold=0.5):\n"
           "    return float(((scores[:, 1] > threshold).long() == labels).float().mean())\n")
    kit.assert_accepted(scan(tmp_path, "m = accuracy(torch.softmax(net(x), 1), y)", top))


@pytest.mark.xfail(strict=True, reason="open (red team 46a): probes of paths the code spells under the "
                   "data folder (os.path.exists of every candidate file name) spell its listing, which a listing "
                   "itself would hold in the update (sources.yaml file_lists); the length of one listed name")
@pytest.mark.parametrize("name", sorted(OPEN))
def test_open_leads(tmp_path: Path, name: str) -> None:
    body, top = OPEN[name] if isinstance(OPEN[name], tuple) else (OPEN[name], "")
    kit.assert_held(scan(tmp_path, body, top))
