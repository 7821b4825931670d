"""Red team 53a: the update channel and session 52's new code (docs/redteam53a-attempts.md).

Closed here, each accepted on main:
- the batch-size limit: a loader of one-row batches (batch_size 1 or None, or not given: torch's default) hands out
  rows, so one batch's value is a row's (Calls.one_row_batches, next() of it), while a sum over every batch stays an
  aggregate (Frame.summed adds up a row's statistic);
- a sum over every element of rows a mask chose inside each element (`float(xb[ib == 1042].sum())` over every batch
  of any loader): patient 1042's value (Frame.summed);
- membership counts in the job log (`(ids == 1042).sum()`, `len(df[df.id == 1042])`, also in a helper, where they
  were accepted in the update too) and statistics of rows a test of one spelled-out value picks (calls._membership,
  Frame.pins_rows);
- a tokenizer made by a job class's inherited classmethod (Roles.job_class_made);
- stores through an item of a display, a dict display's values(), nested holders (Frame.held, Frame.made_within).
"""

from __future__ import annotations

import pytest

import redteam_kit as kit

UNKNOWN = "update-channel-leak.unknown-provenance"


@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/redteam53a_*", "jobs/redteam53a_*"))
def test_attack_sample_is_held(sample):
    kit.assert_held(kit.scan_sample(sample))


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/redteam53a_*"))
def test_twin_sample_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


def test_every_sample_is_labelled():
    labelled = {e["path"] for e in kit.labelled("redteam53a_")}
    samples = set(kit.corpus_samples("malicious/redteam53a_*", "benign/redteam53a_*", "jobs/redteam53a_*"))
    assert samples and samples == labelled


# ---- the batch-size limit ---------------------------------------------------------------------------------------

LOADER_CLIENT = '''\
import pandas as pd
import torch
from torch.utils.data import DataLoader, TensorDataset

import nvflare.client as flare

{HEAD}

def main():
    flare.init()
    site = pd.read_csv("/data/site.csv")
    x = torch.tensor(site.drop(columns=["y"]).values, dtype=torch.float32)
    y = torch.tensor(site["y"].values, dtype=torch.float32)
    ids = torch.tensor(site["id"].values)
    loader = {LOADER}
    model = torch.nn.Linear(x.shape[1], 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    while flare.is_running():
        received = flare.receive()
        model.load_state_dict({{k: torch.as_tensor(v) for k, v in received.params.items()}})
{BODY}
        flare.send(flare.FLModel(params={{k: v.numpy() for k, v in model.state_dict().items()}},
                                 metrics={{"val": {METRIC}}}))


if __name__ == "__main__":
    main()
'''

FIRST = '''\
        with torch.no_grad():
            for xb, yb, ib in loader:
                loss = torch.nn.functional.mse_loss(model(xb).squeeze(1), yb)
                break'''

LAST_STEP = '''\
        for xb, yb, ib in loader:
            opt.zero_grad()
            loss = torch.nn.functional.mse_loss(model(xb).squeeze(1), yb)
            loss.backward()
            opt.step()'''

NEXT = '''\
        xb, yb, ib = next(iter(loader))
        with torch.no_grad():
            loss = torch.nn.functional.mse_loss(model(xb).squeeze(1), yb)'''

SUM = LAST_STEP + '''
        total = 0.0
        with torch.no_grad():
            for xb, yb, ib in loader:
                total += torch.nn.functional.mse_loss(model(xb).squeeze(1), yb).item()'''

DS = "TensorDataset(x, y, ids)"


def loader_client(loader: str, body: str, metric: str = "loss.item()", head: str = "") -> str:
    return LOADER_CLIENT.format(HEAD=head, LOADER=loader, BODY=body, METRIC=metric)


@pytest.mark.parametrize("loader,head", [
    (f"DataLoader({DS})", ""),  # torch's default batch size: one row
    (f"DataLoader({DS}, shuffle=False)", ""),
    (f"DataLoader({DS}, batch_size=1)", ""),
    (f"DataLoader({DS}, 1)", ""),  # the second positional argument is the batch size
    (f"DataLoader({DS}, batch_size=None)", ""),  # no automatic batching: each item as it is
    (f"DataLoader({DS}, batch_size=True)", ""),  # True is 1
    (f"DataLoader({DS}, batch_size=VAL_BATCH)", "VAL_BATCH = 1\n"),
    (f"DataLoader({DS}, batch_size=1 if DEBUG else 32)", "DEBUG = False\n"),  # may be one
    (f"monai.data.DataLoader({DS})", "import monai\n"),
])
@pytest.mark.parametrize("body", [FIRST, LAST_STEP, NEXT])
def test_one_batch_of_a_one_row_loader_is_a_row(loader, head, body):
    kit.assert_held(kit.scan_text(loader_client(loader, body, head=head)), UNKNOWN)


@pytest.mark.parametrize("loader", [f"DataLoader({DS})", f"DataLoader({DS}, batch_size=1, shuffle=True)"])
def test_training_and_a_sum_over_every_row_stay_accepted(loader):
    kit.assert_accepted(kit.scan_text(loader_client(loader, SUM, metric="total / len(loader)")))


@pytest.mark.parametrize("loader", [f"DataLoader({DS}, batch_size=32)", f"DataLoader({DS}, 64, shuffle=True)"])
def test_a_batch_of_many_rows_is_still_the_batch_size_limit(loader):
    # a loader of a spelled-out batch size above one: one batch's loss is the batch's (the limit, unchanged)
    kit.assert_accepted(kit.scan_text(loader_client(loader, FIRST)))


def test_neighbor_loader_second_argument_is_no_batch_size():
    # PyG's NeighborLoader takes its neighbours second: only batch_size= says its size, absent it is one seed
    source = loader_client(f"NeighborLoader({DS}, [10, 10])", FIRST, head="from torch_geometric.loader import NeighborLoader\n")
    kit.assert_held(kit.scan_text(source))


# ---- sums over every element of rows a mask chose inside it -----------------------------------------------------

@pytest.mark.parametrize("added", [
    "float(xb[ib == 1042].sum())",
    "(xb[ib == 1042]).sum().item()",
    "float((xb * (ib == 1042)).sum())",
    "float((xb[:, 0] * (ib == 1042)).sum())",
    "float(ib == 1042)",
])
@pytest.mark.parametrize("loader", [DS, f"DataLoader({DS}, batch_size=64)", f"DataLoader({DS})"])
def test_a_mask_chosen_in_every_element_sums_to_one_patient(added, loader):
    body = f'''\
        total = 0.0
        for xb, yb, ib in loader:
            total += {added}'''
    kit.assert_held(kit.scan_text(loader_client(loader, body, metric="total")), UNKNOWN)


@pytest.mark.parametrize("added", ["float(xb.sum())", "float(((model(xb).squeeze(1) > 0) == (yb > 0.5)).sum())"])
@pytest.mark.parametrize("loader", [DS, f"DataLoader({DS}, batch_size=64)", f"DataLoader({DS})"])
def test_a_sum_of_every_element_stays_accepted(added, loader):
    body = f'''\
        total = 0.0
        with torch.no_grad():
            for xb, yb, ib in loader:
                total += {added}'''
    kit.assert_accepted(kit.scan_text(loader_client(loader, body, metric="total")))


# ---- membership counts and one patient's rows in the job log ----------------------------------------------------

LOG_CLIENT = '''\
import numpy as np
import pandas as pd
import torch

import nvflare.client as flare


def check(table):
{HELPER}


def main():
    flare.init()
    site = pd.read_csv("/data/site.csv")
    ids = site["patient_id"].values
    x = torch.tensor(site[["age", "bmi"]].values, dtype=torch.float32)
    y = torch.tensor(site["y"].values, dtype=torch.float32)
    model = torch.nn.Linear(2, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    while flare.is_running():
        received = flare.receive()
        model.load_state_dict({{k: torch.as_tensor(v) for k, v in received.params.items()}})
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x).squeeze(1), y)
        loss.backward()
        opt.step()
        {STMT}
        flare.send(flare.FLModel(params={{k: v.numpy() for k, v in model.state_dict().items()}},
                                 metrics={{"loss": loss.item()}}))


if __name__ == "__main__":
    main()
'''


def log_client(stmt: str, helper: str = "    return 0") -> str:
    return LOG_CLIENT.format(STMT=stmt, HELPER=helper)


@pytest.mark.parametrize("stmt", [
    "print((ids == 1042).sum())",
    'print(int((site["patient_id"] == 1042).sum()))',
    "print(len(site[site.patient_id == 1042]))",
    "print((ids == 1042).any())",
    "print(np.count_nonzero(ids == 1042))",
    "print(site.patient_id.eq(1042).sum())",
    "print(site.patient_id.isin([1042]).sum())",
    "print(list(ids).count(1042))",
    "print((ids != 1042).sum())",
    "print(x[ids == 1042].mean())",
    'print(site.loc[site.patient_id == 1042, "age"].max())',
    "print(np.unique(y.numpy()[np.flatnonzero(ids == 1042)]))",
    "print(y.numpy()[np.where(ids == 1042, 29, 0)].sum())",
])
def test_a_count_or_a_statistic_of_one_patient_in_the_log_is_held(stmt):
    kit.assert_held(kit.scan_text(log_client(stmt)), UNKNOWN)


@pytest.mark.parametrize("helper", [
    "    return int((table[\"patient_id\"] == 1042).sum())",
    "    return len(table[table.patient_id == 1042])",
])
@pytest.mark.parametrize("use", ["print(check(site))", "loss = loss + 0 * check(site)"])
def test_a_membership_count_in_a_helper_is_judged_at_its_call(helper, use):
    kit.assert_held(kit.scan_text(log_client(use, helper)), UNKNOWN)


@pytest.mark.parametrize("stmt", [
    "print((site.age >= 18).sum(), len(site))",
    "print((site.age > 60).mean())",
    "print(site[site.age > 60].bmi.mean())",
    "print(y.sum())",
    "print(loss.item())",
])
def test_a_cohort_count_in_the_log_stays_accepted(stmt):
    kit.assert_accepted(kit.scan_text(log_client(stmt)))


# ---- stores through holders (session 52's comprehension stores, attacked) --------------------------------------

STORE_CLIENT = '''\
import pandas as pd

import nvflare.client as flare


def main():
    flare.init()
    site = pd.read_csv("/data/site.csv")
    points = []
    while flare.is_running():
        model = flare.receive()
        sample = site.sample(1).values.ravel().tolist()
{STORE}
        flare.send(flare.FLModel(params=model.params, metrics={{"calibration": points}}))


if __name__ == "__main__":
    main()
'''


@pytest.mark.parametrize("store", [
    "        for b in [[], points][1:]:\n            b.append(sample)",
    "        b = [[], points][1]\n        b.append(sample)",
    '        b = {"k": points}["k"]\n        b.append(sample)',
    '        [b.append(sample) for b in {"k": points}.values()]',
    '        box = {"k": points}\n        box.pop("k").append(sample)',
    "        [b.append(sample) for b in (lambda: (points,))()]",
    "        [[c.append(sample) for c in (b,)] for b in (points,)]",
    "        for b in (points,):\n            for c in (b,):\n                c.append(sample)",
])
def test_a_store_through_a_holder_of_the_list_is_held(store):
    kit.assert_held(kit.scan_text(STORE_CLIENT.format(STORE=store)))


@pytest.mark.parametrize("store", [
    "        b = [[], points][1]\n        b.append(len(sample))",
    '        for b in {"k": points}.values():\n            b.append(0.5)',
])
def test_a_store_of_a_size_or_a_constant_stays_accepted(store):
    kit.assert_accepted(kit.scan_text(STORE_CLIENT.format(STORE=store)))
