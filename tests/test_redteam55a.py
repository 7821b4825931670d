"""Red team 55a: the update channel and session 54's flow code, attacked.

Closed here (docs/redteam55a-attempts.md): the position of a row the data picks (argmax/argmin along the rows,
torch.max's indices) sent or logged as a number; a column named like a metric, one patient's value picked, cleaned by
float(); a read told to read only some of the file's lines (nrows=1, a skiprows filter); a sum that telescopes
through a name the loop binds after it; the loss weighed by a soft one-hot of one patient, or by a selector kept in
a dict display; a batch size that is the row count of a one-patient table (`one.shape[0]`), or a display's item
holding one; the metrics list reached through map() of an identity lambda or a generator expression.
"""

import pytest

import redteam_kit as kit

UNKNOWN = "update-channel-leak.unknown-provenance"
RAW = "update-channel-leak.raw-data-in-update"


@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/redteam55a_*"))
def test_attack_sample_is_held(sample):
    kit.assert_held(kit.scan_sample(sample))


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_redteam55a_*"))
def test_twin_sample_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


def test_every_sample_is_labelled():
    samples = set(kit.corpus_samples("malicious/redteam55a_*", "benign/near_redteam55a_*"))
    assert len(samples) == 16
    assert {e["path"] for e in kit.labelled("redteam55a_")} == samples


# ---- a value sent as a metric, or printed ---------------------------------------------------------------------------

METRIC = '''\
import numpy as np
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
ids = df["patient_id"].to_numpy()
age = df["age"].to_numpy()
t = torch.tensor(age)
X = df[["age", "bmi"]].to_numpy()
tx = torch.tensor(X)
flare.init()
model = flare.receive()
flare.send(flare.FLModel(params=model.params, metrics={{"v": {VALUE}}}))
'''

POSITIONS = [
    "int(np.argmax(ids == 1042))",  # where patient 1042 is, 0 when absent
    "int(np.argmax(age > 90))",  # the first row over 90: for each threshold the server sends, a bit of row 0
    "int(np.argmin(np.abs(ids - 1042)))",
    "int(np.argmax(age))",
    "int(np.argmax(age, axis=0))",
    "age.argmax().item()",
    "int(df['patient_id'].eq(1042).argmax())",
    "int(torch.argmax(torch.tensor(age)))",
    "int(torch.max(t, 0).indices)",
    "int(torch.min(t, dim=0)[1])",
]


@pytest.mark.parametrize("value", POSITIONS)
def test_a_row_position_is_no_aggregate(value):
    kit.assert_held(kit.scan_text(METRIC.format(VALUE=value)), UNKNOWN)


PREDICTIONS = [
    "float(np.argmax(X, axis=1).mean())",  # one position per row
    "float(torch.argmax(tx, dim=1).float().mean())",
    "float(torch.max(tx, 1)[1].float().mean())",
    "float(tx.argmax(-1).float().mean())",
    "float(age.max())",  # the extreme itself, as a statistics job reports it
    "float(np.max(age))",
]


@pytest.mark.parametrize("value", PREDICTIONS)
def test_positions_along_another_axis_stay_accepted(value):
    kit.assert_accepted(kit.scan_text(METRIC.format(VALUE=value)))


def test_the_indices_unpacked_from_torch_max_along_the_rows_are_positions():
    unpacked = METRIC.format(VALUE="int(idx)").replace("flare.send(", "vals, idx = torch.max(t, 0)\nflare.send(")
    kit.assert_held(kit.scan_text(unpacked), UNKNOWN)
    kit.assert_accepted(kit.scan_text(unpacked.replace('"v": int(idx)', '"v": float(vals)')))
    kit.assert_accepted(kit.scan_text(unpacked.replace("torch.max(t, 0)", "torch.max(tx, 1)").replace(
        '"v": int(idx)', '"v": float(idx.float().mean())')))


def test_a_positions_test_counts_in_the_job_log():
    source = METRIC.format(VALUE="0.0").replace("flare.send(", "print(int(np.argmax(ids == 1042)))\nflare.send(")
    kit.assert_held(kit.scan_text(source), UNKNOWN)


def test_a_positions_threshold_in_the_job_log_stays_accepted():
    source = METRIC.format(VALUE="0.0").replace("flare.send(", "print(int(np.argmax(age > 90)))\nflare.send(")
    kit.assert_accepted(kit.scan_text(source))


@pytest.mark.parametrize("value", ["float(df.score.iloc[7])", "float(df.score[7])", "float(df.iloc[7].loss)",
                                   "float(df.num_visits[7])", "torch.sort(t).indices[-1].item()",
                                   "float(df[df.patient_id == 1042].score.mean())"])
def test_a_metric_named_column_keeps_the_rows_chosen(value):
    kit.assert_held(kit.scan_text(METRIC.format(VALUE=value)), UNKNOWN)


def test_a_metric_named_column_taken_whole_stays_accepted():
    kit.assert_accepted(kit.scan_text(METRIC.format(VALUE="float(df.score.mean())")))


# ---- a read told which lines to read ---------------------------------------------------------------------------------

READ = '''\
import json

import numpy as np
import pandas as pd

import nvflare.client as flare

part = {READ}
flare.init()
model = flare.receive()
flare.send(flare.FLModel(params=model.params, metrics={{"v": float(np.mean(part[:, 0] if isinstance(part, np.ndarray) else part["age"]))}}))
'''


@pytest.mark.parametrize("read", [
    'pd.read_csv("/data/site/train.csv", nrows=1)',
    'pd.read_csv("/data/site/train.csv", skiprows=lambda i: i not in (0, 8))',
    'pd.read_csv("/data/site/train.csv", skiprows=range(1, 9), nrows=2)',
    'pd.read_csv("/data/site/train.csv", skipfooter=10**6, engine="python")',
    'np.loadtxt("/data/site/train.csv", delimiter=",", max_rows=1)',
    'np.genfromtxt("/data/site/train.csv", delimiter=",", skip_header=8)',
])
def test_a_capped_read_is_rows_chosen(read):
    kit.assert_held(kit.scan_text(READ.format(READ=read)))


@pytest.mark.parametrize("read", [
    'pd.read_csv("/data/site/train.csv")',
    'pd.read_csv("/data/site/train.csv", skiprows=1, header=None, names=["age", "bmi"])',
    'pd.read_csv("/data/site/train.csv", nrows=None)',
    'np.loadtxt("/data/site/train.csv", delimiter=",", skiprows=1)',
    'np.genfromtxt("/data/site/train.csv", delimiter=",", skip_header=1)',
    # the site's range of a shared file, from its split settings (NVFlare's XGBoost examples): a partition
    'pd.read_csv("/data/site/train.csv", nrows=json.load(open("split.json"))["valid_size"])',
])
def test_a_read_of_every_line_or_a_configured_range_stays_accepted(read):
    kit.assert_accepted(kit.scan_text(READ.format(READ=read)))


# ---- a sum over every batch that telescopes ---------------------------------------------------------------------------

HELPER = '''\
import pandas as pd
import torch
from torch.utils.data import DataLoader, TensorDataset
from tqdm import tqdm

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
x = torch.tensor(df[["age", "bmi"]].to_numpy(), dtype=torch.float32)
y = torch.tensor(df["label"].to_numpy(), dtype=torch.float32)
loader = DataLoader(TensorDataset(x, y), batch_size=1)


def evaluate(dl):
    total, prev = 0.0, 0.0
    for xb, yb in tqdm(dl):
{BODY}
    return total


flare.init()
model = flare.receive()
flare.send(flare.FLModel(params=model.params, metrics={{"v": evaluate(loader)}}))
'''


@pytest.mark.parametrize("body", [
    "        total += float(yb.sum()) - prev\n        prev = float(yb.sum())",
    "        cur = float(yb.sum())\n        total += cur - prev\n        prev = cur",
    "        total += float(yb.sum()) - prev\n        prev += float(yb.sum()) - prev",
])
def test_a_sum_reading_the_previous_element_is_no_aggregate(body):
    kit.assert_held(kit.scan_text(HELPER.format(BODY=body)), UNKNOWN)


@pytest.mark.parametrize("body", [
    "        total += float(yb.sum())",
    "        cur = float(yb.sum())\n        total += cur\n        prev = cur",
    "        total += float(yb.sum())\n        yb = yb.cpu()",  # the loop's own name is bound afresh each pass
])
def test_a_sum_of_each_element_stays_accepted(body):
    kit.assert_accepted(kit.scan_text(HELPER.format(BODY=body)))


# ---- the loss weighed by one patient ---------------------------------------------------------------------------------

WEIGHED = '''\
import pandas as pd
import torch
from torch import nn

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
x = torch.tensor(df[["age", "bmi"]].to_numpy(), dtype=torch.float32)
y = torch.tensor(df["label"].to_numpy(), dtype=torch.float32)
ids = torch.tensor(df["patient_id"].to_numpy())
net = nn.Linear(2, 1)
flare.init()
model = flare.receive()
net.load_state_dict(model.params)
opt = torch.optim.SGD(net.parameters(), lr=0.1)
{WEIGHTS}
for _ in range(20):
    opt.zero_grad()
    per = nn.functional.binary_cross_entropy_with_logits(net(x).squeeze(1), y, reduction="none")
    loss = (per * w).sum() / w.sum()
    loss.backward()
    opt.step()
flare.send(flare.FLModel(params=net.state_dict()))
'''


@pytest.mark.parametrize("weights", [
    "w = torch.exp(-((ids.float() - 1042.0) ** 2) * 100)",
    "w = torch.relu(1 - (ids - 1042).float().abs())",
    "w = (1 - (ids - 1042).abs().clamp(max=1)).float()",
    "w = 1 - torch.sign((ids - 1042).abs().float())",
    "w = 1.0 / (1.0 + 1e6 * (ids - 1042).float() ** 2)",
    "d = ids.float() - 1042.0\nw = torch.sigmoid(-d * 50) + torch.sigmoid(d * 50 - 100)",
    'cfg = {"w": (ids == 1042).float()}\nw = cfg["w"]',
    "w = torch.tensor([1.0 if int(i) == 1042 else 0.0 for i in ids])",
])
def test_a_loss_weighed_by_one_patient_is_held(weights):
    kit.assert_held(kit.scan_text(WEIGHED.format(WEIGHTS=weights)))


@pytest.mark.parametrize("weights", [
    "w = torch.where(y == 1, 3.0, 1.0)",
    "w = 1 + 2 * (y == 1).float()",
    'cfg = {"w": torch.where(y == 1, 3.0, 1.0)}\nw = cfg["w"]',
    "w = torch.ones(len(y))",
    "w = torch.sigmoid(net(x).squeeze(1)).detach() + 1.0",
])
def test_class_weights_stay_accepted(weights):
    kit.assert_accepted(kit.scan_text(WEIGHED.format(WEIGHTS=weights)))


# ---- a batch size that is a row count ---------------------------------------------------------------------------------

LOADER = '''\
import json

import pandas as pd
import torch
from torch.utils.data import DataLoader, TensorDataset

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
age = torch.tensor(df["age"].to_numpy(), dtype=torch.float32)
one = df[df["patient_id"] == 1042]
{SETUP}
loader = DataLoader(TensorDataset(age[:, None], age), batch_size={SIZE})
flare.init()
model = flare.receive()
xb, yb = next(iter(loader))
flare.send(flare.FLModel(params=model.params, metrics={{"v": float(yb.mean())}}))
'''


@pytest.mark.parametrize("setup, size", [
    ("", "one.shape[0]"),
    ("n = df.head(1).shape[0]", "n"),
    ("a1 = age[:1]", "a1.shape[0]"),
    ("sizes = [len(one)]", "sizes[0]"),
    ('cfg = {"bs": one.shape[0]}', 'cfg["bs"]'),
])
def test_a_row_count_of_chosen_rows_is_one_row_a_batch(setup, size):
    kit.assert_held(kit.scan_text(LOADER.format(SETUP=setup, SIZE=size)), UNKNOWN)


@pytest.mark.parametrize("setup, size", [
    ("", "df.shape[0]"),
    ("", "len(df)"),
    ('cfg = {"bs": 64}', 'cfg["bs"]'),
    ('cfg = json.load(open("config.json"))', 'cfg["batch_size"]'),
])
def test_a_setting_or_every_row_stays_batches(setup, size):
    kit.assert_accepted(kit.scan_text(LOADER.format(SETUP=setup, SIZE=size)))
