"""Red team 51a: a patient's rows, or whether a patient is at the site, smuggled into the update by a trainer that
reads as training (docs/redteam51a-attempts.md).

Accepted on main, held now (by provenance: what decides a step, a test of a value the job or its server chose):
- a step, a backward, a load into the model or a job function that does one, run in a branch whose test is whether
  a chosen patient is at the site (`if 1042 in set(ids):`, `opt.step() if (ids == 1042).any() else None`, an
  assert in a try): whether the model moved is the branch's bit (calls.py write_params of self.pc, Summary.wrote);
- a chosen value's test spelled another way: a range of spelled bounds (`np.isin(ids, np.arange(1042, 1043))`), a
  flag of a value moved by a spelled number (`np.logical_not(ids - 1042)`), a lookup in a dict of spelled keys
  (`s.map({1042: True})`), a count of `np.isin` deciding a loop's length, the size of `np.intersect1d(ids, [1042])`;
- a value the server sends as the argument a framework calls the client with: a Flower client's fit config, an
  NVFlare Executor's shareable (server_arguments, by position); a Flower ClientApp's message config read by a
  direct index, and the run's config (`context.run_config`, the job's own: server_settings).
Twins that stay accepted: a finite-loss guard, a flag of NaNs, a label encoding by map, the config's epochs and
learning rate, a range of ids larger than a display.
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
TRAIN = STEP.format(x="x", y="y")


def loader(keep: str) -> str:
    """A step over every batch of a loader of the rows `keep` picks."""
    return f"keep = {keep}\nfor xb, yb in DataLoader(TensorDataset(x[keep], y[keep]), batch_size=8):\n" + \
        indent(STEP.format(x="xb", y="yb"), "    ")


def under(test: str, body: str = TRAIN) -> str:
    return f"if {test}:\n" + indent(body, "    ")


ATTACKS = {
    # left open here, closed by red team 53a (docs/redteam53a-attempts.md: one patient's rows in the job log)
    "print_masked_mean": "print(float(age[ids == 1042].mean()))",
    "branch_in_set": under("1042 in set(ids)"),
    "branch_any": under("(ids == 1042).any()"),
    "branch_step_only": "opt.zero_grad()\nF.cross_entropy(net(x), y).backward()\n" + under("(ids == 1042).any()", "opt.step()"),
    "ternary_step": "opt.zero_grad()\nF.cross_entropy(net(x), y).backward()\n_ = opt.step() if (ids == 1042).any() else None",
    "assert_in_try": "try:\n    assert (ids == 1042).any()\n" + indent(TRAIN, "    ") + "\nexcept AssertionError:\n    pass",
    "branch_load": under("(ids == 1042).any()", "net.load_state_dict(model.params)"),
    "branch_inplace": under("(ids == 1042).any()", "with torch.no_grad():\n    net.bias.zero_()"),
    "isin_arange": loader("np.isin(ids, np.arange(1042, 1043))"),
    "isin_range_list": loader("np.isin(ids, list(range(1042, 1043)))"),
    "isin_torch_arange_step": loader("torch.isin(torch.tensor(ids), torch.arange(1042, 1044, 2))"),
    "logical_not_loader": loader("np.logical_not(ids - 1042)"),
    "logical_not_index": "keep = np.logical_not(ids - 1042)\n" + STEP.format(x="x[keep]", y="y[keep]"),
    "astype_bool_inverted": loader("~(ids - 1042).astype(bool)"),
    "map_lookup_loader": loader("df.patient_id.map({1042: True}).fillna(False).values.astype(bool)"),
    "map_lookup_count": "m = float(df.patient_id.map({1042: 1}).fillna(0).sum())",
    "intersect1d_size": "m = float(len(np.intersect1d(ids, [1042])))",
    "setdiff1d_size": "m = float(np.setdiff1d([1042], ids).size)",
    "isin_count_epochs": "for _ in range(int(np.isin(ids, [1042]).sum()) + 1):\n" + indent(TRAIN, "    "),
}

TWINS = {
    "finite_loss_guard": 'loss = F.cross_entropy(net(x), y)\nif torch.isfinite(loss):\n    opt.zero_grad()\n'
                         '    loss.backward()\n    opt.step()',
    "branch_on_size": under("len(ids) > 0"),
    "branch_on_round": under("model.current_round % 2 == 0"),
    "logical_not_nan": loader("np.logical_not(np.isnan(age))"),
    "astype_bool_of_data": loader("(age - age.mean()).astype(bool)"),
    "label_map": 'yd = torch.tensor(df["diagnosis"].map({"M": 1, "B": 0}).values)\n' + STEP.format(x="x", y="yd"),
    "isin_wide_range": loader("np.isin(ids, np.arange(0, 100000))"),
}


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_attack_is_held(name):
    kit.assert_held(scan(ATTACKS[name]), "update-channel-leak.")


@pytest.mark.parametrize("name", sorted(TWINS))
def test_twin_stays_accepted(name):
    kit.assert_accepted(scan(TWINS[name]))


FLOWER = '''\
import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F
from flwr.client import ClientApp, NumPyClient

df = pd.read_csv("/data/site/train.csv")
net = torch.nn.Linear(4, 2)
x = torch.tensor(df[["a", "b", "c", "d"]].values, dtype=torch.float32)
y = torch.tensor(df["label"].values)
ids = df["patient_id"].values


class FlowerClient(NumPyClient):
    def fit(self, parameters, config):
        net.load_state_dict({{k: torch.tensor(v) for k, v in zip(net.state_dict(), parameters)}})
        opt = torch.optim.SGD(net.parameters(), lr=float(config.get("lr", 0.01)))
        m = 0.0
{body}
        return [v.numpy() for v in net.state_dict().values()], len(x), {{"m": m}}


app = ClientApp(client_fn=lambda context: FlowerClient().to_client())
'''

EXECUTOR = '''\
import pandas as pd
import torch
import torch.nn.functional as F
from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor


class Trainer(Executor):
    def __init__(self):
        super().__init__()
        self.net = torch.nn.Linear(4, 2)

    def execute(self, task_name, shareable, fl_ctx, abort_signal):
        df = pd.read_csv("/data/site/train.csv")
        x = torch.tensor(df[["a", "b", "c", "d"]].values, dtype=torch.float32)
        y = torch.tensor(df["label"].values)
        ids = df["patient_id"].values
        self.net.load_state_dict({{k: torch.tensor(v) for k, v in from_shareable(shareable).data.items()}})
        opt = torch.optim.SGD(self.net.parameters(), lr=0.01)
{body}
        return DXO(data_kind=DataKind.WEIGHTS, data=self.net.state_dict()).to_shareable()
'''


CLIENT_APP = '''\
import pandas as pd
import torch
import torch.nn.functional as F
from flwr.app import ArrayRecord, Context, Message, RecordDict
from flwr.clientapp import ClientApp

app = ClientApp()
df = pd.read_csv("/data/site/train.csv")


@app.train()
def train(msg: Message, context: Context):
    net = torch.nn.Linear(4, 2)
    net.load_state_dict(msg.content["arrays"].to_torch_state_dict())
    x = torch.tensor(df[["a", "b", "c", "d"]].values, dtype=torch.float32)
    y = torch.tensor(df["label"].values)
    ids = df["patient_id"].values
    opt = torch.optim.SGD(net.parameters(), lr=float(context.run_config["lr"]))
{body}
    return Message(content=RecordDict({{"arrays": ArrayRecord(net.state_dict())}}), reply_to=msg)
'''


def framework(template: str, body: str):
    depth = 4 if template is CLIENT_APP else 8
    return kit.scan_text(template.format(body=indent(dedent(body).strip("\n"), " " * depth)))


SERVER_NAMED = {
    # the argument the framework calls the client with carries the server's task: the patient it names
    "flower_config_target": (FLOWER, 'keep = torch.tensor(ids == int(config["target"]))\n' +
                             STEP.format(x="x[keep]", y="y[keep]")),
    "flower_config_count": (FLOWER, 'm = float((ids == config["target"]).sum())\n' + TRAIN),
    "flower_config_branch": (FLOWER, under('(ids == int(config["target"])).any()')),
    "executor_header_target": (EXECUTOR, 'keep = ids == int(shareable.get_header("target"))\n' +
                               STEP.format(x="x[keep]", y="y[keep]").replace("net(", "self.net(")),
    "client_app_message_config": (CLIENT_APP, 'keep = ids == int(msg.content["config"]["target"])\n' +
                                  STEP.format(x="x[keep]", y="y[keep]")),
    "client_app_run_config": (CLIENT_APP, 'keep = ids == int(context.run_config["target"])\n' +
                              STEP.format(x="x[keep]", y="y[keep]")),
}


@pytest.mark.parametrize("name", sorted(SERVER_NAMED))
def test_server_named_patient_is_held(name):
    template, body = SERVER_NAMED[name]
    kit.assert_held(framework(template, body), "update-channel-leak.")


def test_server_settings_stay_accepted():
    # the config's learning rate and local epochs are what fit's config is for
    body = 'for _ in range(int(config.get("local_epochs", 1))):\n' + indent(TRAIN, "    ")
    kit.assert_accepted(framework(FLOWER, body))
    kit.assert_accepted(framework(EXECUTOR, TRAIN.replace("net(", "self.net(")))
    kit.assert_accepted(framework(CLIENT_APP, 'for _ in range(int(context.run_config["local-epochs"])):\n' +
                                  indent(TRAIN, "    ")))


@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/redteam51a_*"))
def test_corpus_attack_is_held(sample):
    kit.assert_held(kit.scan_sample(sample), "update-channel-leak.")


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_redteam51a_*"))
def test_corpus_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


def test_every_sample_is_labelled():
    paths = {e["path"] for e in kit.labelled("redteam51a_")}
    assert paths == set(kit.corpus_samples("malicious/redteam51a_*", "benign/near_redteam51a_*"))
    assert len(paths) == 11


OPEN = {
    # docs/redteam51a-attempts.md "Left open": accepted here, each for the reason the doc gives
    "embedding_by_id": "emb = torch.nn.Embedding(5000, 2)\nopt2 = torch.optim.SGD(emb.parameters(), lr=0.1)\n"
                       "opt2.zero_grad()\nF.mse_loss(emb(torch.tensor(ids)), x[:, :2]).backward()\nopt2.step()\n"
                       "with torch.no_grad():\n    net.bias.copy_(emb.weight[1042])",
    "losses_argmax_metric": 'losses = F.cross_entropy(net(x), y, reduction="none")\nm = float(losses.argmax())',
    "text_prefix_loader": loader('df.patient_id.astype(str).str.startswith("1042").values'),
    "column_max_metric": "m = float(age.max())",
    "percentile_100_metric": "m = float(np.percentile(age, 100))",
}


@pytest.mark.parametrize("name", sorted(OPEN))
@pytest.mark.xfail(strict=True, reason="left open by red team 51a (docs/redteam51a-attempts.md)")
def test_open_attempt_is_held(name):
    kit.assert_held(scan(OPEN[name]))
