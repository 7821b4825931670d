"""Red team 50a: a patient's rows, or whether a patient is at the site, smuggled into the update by code that reads
as training (docs/redteam50a-attempts.md).

Accepted on main, held now (by provenance: a test of a value the job chose, and what reaches the update):
- a where or a store that blanks every row but those of a value the code chose (`torch.where(ids == 1042, x, 0)`,
  `losses.where(m, 0.0)`, `torch.where(ids == 1042, y, torch.full_like(y, -100))`, `y2[ids != 1042] = -100`):
  those rows alone, as `x[ids == 1042]` (calls.py keeps_tested_rows, frame.py blanks_all_but_tested);
- a value the code chose spelled through a cast (`int("1042")`, `torch.tensor(1042).item()`, `np.int64(1042)`),
  sent by the server with the task (`model.meta["target"]`), tested by `in` against a display (`i in {1042}`) or
  pinned by `between(1042, 1042)`;
- membership of a spelled value in the site's rows (`1042 in set(ids)`, `list(ids).count(1042)`): a count of a test,
  as `(ids == 1042).sum()`.
Twins that stay accepted: a where or store of a threshold, of a padding value (every other row kept), of values the
data makes (isfinite), a fold chosen by the round, a band of ages, a column name tested against the table's labels.
"""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent, indent

import pytest

import redteam_kit as kit

CLIENT = (Path(__file__).with_name("test_redteam46a.py").read_text().split('CLIENT = """\\\n')[1].split('"""')[0])


def scan(body: str):
    return kit.scan_text(CLIENT.format(top="", body=indent(dedent(body).strip("\n"), " " * 8)))


STEP = "opt.zero_grad()\nF.cross_entropy(net({x}), {y}).backward()\nopt.step()"


def loader(keep: str) -> str:
    """A step over every batch of a loader of the rows `keep` picks."""
    return f"keep = {keep}\nfor xb, yb in DataLoader(TensorDataset(x[keep], y[keep]), batch_size=8):\n" + \
        indent(STEP.format(x="xb", y="yb"), "    ")


def per_row(expr: str) -> str:
    """A step on the sum of per-row losses `expr` makes of `losses`."""
    return 'losses = F.cross_entropy(net(x), y, reduction="none")\nopt.zero_grad()\n' + \
        f"{expr}.sum().backward()\nopt.step()"


ATTACKS = {
    # left open here, closed by red team 53a (docs/redteam53a-attempts.md: one patient's rows in the job log)
    "print_masked_mean": "print(float(age[ids == 1042].mean()))",
    "where_inputs": "xs = torch.where(torch.tensor(ids == 1042).unsqueeze(1), x, torch.zeros_like(x))\n" +
                    STEP.format(x="xs", y="y"),
    "where_losses": per_row("torch.where(torch.tensor(ids) == 1042, losses, torch.zeros_like(losses))"),
    "where_losses_ne_swapped": per_row("torch.where(torch.tensor(ids) != 1042, torch.zeros_like(losses), losses)"),
    "where_method": per_row("losses.where(torch.tensor(ids) == 1042, 0.0)"),
    "where_labels_full_like": "y2 = torch.where(torch.tensor(ids) == 1042, y, torch.full_like(y, -100))\n" +
                              STEP.format(x="x", y="y2"),
    "setitem_inputs": "x2 = x.clone()\nx2[torch.tensor(ids) != 1042] = 0.0\n" + STEP.format(x="x2", y="y"),
    "setitem_labels": "y2 = y.clone()\ny2[torch.tensor(ids) != 1042] = -100\n" + STEP.format(x="x", y="y2"),
    "setitem_labels_invert": "y2 = y.clone()\ny2[~(torch.tensor(ids) == 1042)] = -1\n" +
                             'opt.zero_grad()\nF.cross_entropy(net(x), y2, ignore_index=-1).backward()\nopt.step()',
    "int_text_pin": loader('ids == int("1042")'),
    "item_pin": loader("ids == torch.tensor(1042).item()"),
    "np_int64_pin": loader("ids == np.int64(1042)"),
    "server_meta_pin": loader('ids == model.meta.get("target", 0)'),
    "in_set_listcomp": loader("np.array([i in {1042} for i in ids])"),
    "in_tuple_listcomp": loader("np.array([i in (1042,) for i in ids])"),
    "between_pin": loader("df.patient_id.between(1042, 1042).values"),
    "in_set_metric": "m = float(1042 in set(ids))",
    "in_array_metric": "m = float(1042 in ids)",
    "list_count_metric": "m = float(list(ids).count(1042))",
    "text_in_set_metric": 'm = float("P1042" in set(df["patient_name"]))',
    "tolist_count_text": 'm = float(df["patient_name"].tolist().count("P1042"))',
    "int_text_count": 'm = float((ids == int("1042")).sum())',
    "server_meta_count": 'm = float((ids == model.meta.get("target", 0)).sum())',
    "membership_lr_bit": 'for g in opt.param_groups:\n    g["lr"] = 0.0 if 1042 in set(ids) else 0.01\n' +
                         STEP.format(x="x", y="y"),
}

TWINS = {
    "where_relu": "xs = torch.where(x > 0, x, torch.zeros_like(x))\n" + STEP.format(x="xs", y="y"),
    "where_finite": "xs = torch.where(torch.isfinite(x), x, torch.zeros_like(x))\n" + STEP.format(x="xs", y="y"),
    "where_outlier": "xs = torch.where(x.abs() > 1e6, torch.zeros_like(x), x)\n" + STEP.format(x="xs", y="y"),
    "where_pad_label": "y2 = torch.where(y == 9, torch.full_like(y, -100), y)\n" + STEP.format(x="x", y="y2"),
    "where_keeps_all_but_pad": per_row("torch.where(y != 9, losses, torch.zeros_like(losses))"),
    "setitem_pad_label": "y2 = y.clone()\ny2[y2 == 9] = -100\n" + STEP.format(x="x", y="y2"),
    "setitem_nan": "x2 = x.clone()\nx2[torch.isnan(x2)] = 0.0\n" + STEP.format(x="x2", y="y"),
    "setitem_other_sites": 'y2 = y.clone()\ny2[torch.tensor(df["site"].values != flare.get_site_name())] = -100\n' +
                           STEP.format(x="x", y="y2"),
    "fold_by_round": loader('df["fold"].values == model.current_round % 5'),
    "between_band": loader('df["age"].between(18, 65).values'),
    "item_threshold": loader("age > float(torch.tensor(0.5).item())"),
    "label_in_columns": 'if "label" in df.columns:\n' + indent(STEP.format(x="x", y="y"), "    "),
    "column_in_columns_metric": 'm = float("age" in df.columns)',
    "file_in_listdir_branch": 'if "train.csv" in os.listdir("/data/site"):\n' + indent(STEP.format(x="x", y="y"), "    "),
    "file_in_listdir_metric": 'm = float("train.csv" in os.listdir("/data/site"))',
    "text_count_newlines": 'm = float(open("/data/site/notes.txt").read().count("\\n"))',
}


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_attack_is_held(name):
    kit.assert_held(scan(ATTACKS[name]), "update-channel-leak.")


@pytest.mark.parametrize("name", sorted(TWINS))
def test_twin_stays_accepted(name):
    kit.assert_accepted(scan(TWINS[name]))


@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/redteam50a_*"))
def test_corpus_attack_is_held(sample):
    kit.assert_held(kit.scan_sample(sample), "update-channel-leak.")


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_redteam50a_*"))
def test_corpus_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


KEY_IN_BATCH = """\
import torch
from torch.utils.data import DataLoader
from torchvision.datasets import MNIST

import nvflare.client as flare


def test(net, testloader):
    loss = 0.0
    criterion = torch.nn.CrossEntropyLoss()
    with torch.no_grad():
        for batch in testloader:
            label_key = "character" if "character" in batch else "label"
            loss += criterion(net(batch["image"]), batch[label_key]).item()
    return loss / len(testloader)


net = torch.nn.Linear(784, 10)
loader = DataLoader(MNIST("/data/mnist", train=False), batch_size=32)
flare.init()
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": test(net, loader)}))
"""


def test_text_key_in_a_batch_stays_accepted():
    # a text tested against a loader's batch is a key of its dict (the label-column idiom, es24), not a value of its
    # rows: only a number, or a text against values laid out as rows (set(), .tolist()), is a membership test
    kit.assert_accepted(kit.scan_text(KEY_IN_BATCH))


def test_every_sample_is_labelled():
    paths = {e["path"] for e in kit.labelled("redteam50a_")}
    assert paths == set(kit.corpus_samples("malicious/redteam50a_*", "benign/near_redteam50a_*"))
    assert len(paths) == 15


OPEN = {
    # docs/redteam50a-attempts.md "Left open": accepted here, each for the reason the doc gives (red team 51a closed
    # the range, the dict lookup and the membership branch: tests/test_redteam51a.py; red team 53a the masked mean
    # printed, `print(float(age[ids == 1042].mean()))`, by Frame.pins_rows: tests/test_redteam53a.py; red team 60a
    # the one histogram bin between spelled numbers: test_one_histogram_bin_is_held below)
    "losses_argmax_metric": 'losses = F.cross_entropy(net(x), y, reduction="none")\nm = float(losses.argmax())',
    "real_value_pin": loader("np.abs(age - 63.25) < 1e-3"),
}


def test_one_histogram_bin_is_held():
    # closed by red team 60a (roles.py cut_edges: one bin between spelled numbers is a threshold count)
    kit.assert_held(scan("m = float(np.histogram(ids, bins=[1041.5, 1042.5])[0][0])"))


@pytest.mark.parametrize("name", sorted(OPEN))
@pytest.mark.xfail(strict=True, reason="left open by red team 50a (docs/redteam50a-attempts.md)")
def test_open_attempt_is_held(name):
    kit.assert_held(scan(OPEN[name]))
