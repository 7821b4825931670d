"""Session 53 (flwr53): a sum over every element of a helper's parameter (Param.every), judged at each call.

Red team 53a made a loader of one-row batches (torch's default, `DataLoader(testset)`) hand out rows, so a helper
summing a loss over every batch of the loader it is handed was read as rows chosen: hello-flower's flwr-pt and
flwr-pt-tb escalated. The summary now marks such a sum, and each call resolves it against what it passes: data
taken whole (however batched) is an aggregate; rows the caller chose (a Subset, a slice, a cohort's loader) stay a
statistic of those rows. A helper that stops after a batch or iterates a slice of the loader gets no mark.
"""

import shutil
from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer.model import Decision

UNKNOWN = "update-channel-leak.unknown-provenance"


@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/flwr53_*"))
def test_attack_sample_is_held(sample):
    kit.assert_held(kit.scan_sample(sample), UNKNOWN)


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/flwr53_*"))
def test_twin_sample_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


def test_every_sample_is_labelled():
    samples = set(kit.corpus_samples("malicious/flwr53_*", "benign/flwr53_*"))
    assert len(samples) == 4
    assert {e["path"] for e in kit.labelled("flwr53_")} == samples


# ---- one helper, every loader a caller may hand it -----------------------------------------------------------------

CLIENT = '''\
import itertools

import pandas as pd
import torch
from torch.utils.data import DataLoader, Subset, TensorDataset

import nvflare.client as flare

DEVICE = "cpu"

{HELPER}

def main():
    flare.init()
    site = pd.read_csv("/data/site.csv")
    x = torch.tensor(site.drop(columns=["y", "id"]).values, dtype=torch.float32)
    y = torch.tensor(site["y"].values, dtype=torch.float32)
    ids = torch.tensor(site["id"].values)
    ds = TensorDataset(x, y, ids)
    loader = {LOADER}
    while flare.is_running():
        flare.receive()
        flare.send(flare.FLModel(params={{}}, metrics={{"val": {METRIC}}}))


if __name__ == "__main__":
    main()
'''

# no model is called: what is held is the sum itself, not a model's running statistics of the rows
EVERY = '''
def total_of(loader):
    total = 0.0
    for xb, yb, ib in loader:
        total += float(yb.sum())
    return total
'''

REBOUND = '''
def total_of(loader):
    total = 0.0
    with torch.no_grad():
        for xb, yb, ib in loader:
            yb = yb.to(DEVICE)
            total += torch.nn.functional.mse_loss(xb[:, 0], yb).item()
    return total
'''

# a helper of a helper: the mark passes through a parameter handed on whole (flwr-pt's train() calls test())
WRAPPED = EVERY + '''
def evaluate(loader):
    return total_of(loader)
'''

WHOLE = ["DataLoader(ds)", "DataLoader(ds, batch_size=1)", "DataLoader(ds, batch_size=32)", "ds"]
CHOSEN = [
    "DataLoader(Subset(ds, [7]))",  # one row named by position
    "DataLoader(Subset(ds, [7]), batch_size=32)",
    "DataLoader(TensorDataset(x[7:8], y[7:8], ids[7:8]))",
    "[ds[7]]",
    "DataLoader(TensorDataset(x[ids == 1042], y[ids == 1042], ids[ids == 1042]))",  # one patient's rows
    "DataLoader(TensorDataset(x[x[:, 1] > 60], y[x[:, 1] > 60], ids[x[:, 1] > 60]))",  # a cohort (chosen_loaders)
]


def client(helper: str, loader: str, metric: str = "total_of(loader)") -> str:
    return CLIENT.format(HELPER=helper, LOADER=loader, METRIC=metric)


@pytest.mark.parametrize("loader", WHOLE)
@pytest.mark.parametrize("helper,metric", [(EVERY, "total_of(loader)"), (REBOUND, "total_of(loader)"),
                                           (WRAPPED, "evaluate(loader)")])
def test_a_sum_over_every_element_of_data_taken_whole_is_an_aggregate(helper, metric, loader):
    kit.assert_accepted(kit.scan_text(client(helper, loader, metric)))


@pytest.mark.parametrize("loader", CHOSEN)
@pytest.mark.parametrize("helper,metric", [(EVERY, "total_of(loader)"), (REBOUND, "total_of(loader)"),
                                           (WRAPPED, "evaluate(loader)")])
def test_a_sum_over_every_element_of_rows_the_caller_chose_is_held(helper, metric, loader):
    kit.assert_held(kit.scan_text(client(helper, loader, metric)), UNKNOWN)


@pytest.mark.parametrize("helper", [
    # the first batch only
    '''
def total_of(loader):
    total = 0.0
    for xb, yb, ib in loader:
        total += float(yb.sum())
        break
    return total
''',
    '''
def total_of(loader):
    for xb, yb, ib in loader:
        return float(yb.sum())
''',
    # every element of the first batch
    '''
def total_of(loader):
    total = 0.0
    for xb, yb, ib in itertools.islice(loader, 1):
        total += float(yb.sum())
    return total
''',
    # a row kept from an earlier loop, added for every element
    '''
def total_of(loader):
    for first in loader:
        break
    total = 0.0
    for xb, yb, ib in loader:
        total += float(first[1].sum()) + 0.0 * float(yb.sum())
    return total
''',
    # the element rebound under a test, a weight that changes with the position, a mask inside each element
    '''
def total_of(loader):
    total = 0.0
    for xb, yb, ib in loader:
        if int(ib.sum()) == 1042:
            yb = yb * 1000.0
        total += float(yb.sum())
    return total
''',
    '''
def total_of(loader):
    total = 0.0
    for i, (xb, yb, ib) in enumerate(loader):
        total += float(yb.sum()) * (i == 7)
    return total
''',
    '''
def total_of(loader):
    total = 0.0
    for xb, yb, ib in loader:
        yb = yb[ib == 1042]
        total += float(yb.sum())
    return total
''',
    # each row handed to a helper that sums over the row's own elements: not every row of the caller's loader
    '''
def row_total(row):
    total = 0.0
    for v in row:
        total += float(v.sum())
    return total

def total_of(loader):
    out = 0.0
    for batch in loader:
        out = row_total(batch)
    return out
''',
])
def test_a_helper_that_does_not_sum_every_element_of_a_one_row_loader_is_held(helper):
    kit.assert_held(kit.scan_text(client(helper, "DataLoader(ds)")), UNKNOWN)


# ---- hello-flower's flwr-pt itself (bench/fl_examples.py's unit) ---------------------------------------------------

FLWR_PT = Path("/work/fl-data/nvflare/examples/hello-world/hello-flower/flwr-pt/flwr_pt")
ONE_ROW = "DataLoader(Subset(testset, [7]))"


@pytest.mark.skipif(not FLWR_PT.is_dir(), reason="NVFlare's examples are not on this machine")
@pytest.mark.parametrize("loader,accepted", [(None, True), (ONE_ROW, False)])
def test_flwr_pt_accepts_and_its_one_row_twin_does_not(tmp_path, loader, accepted):
    unit = tmp_path / "flwr_pt"
    shutil.copytree(FLWR_PT, unit)
    task = unit / "task.py"
    text = task.read_text()
    assert "DataLoader(testset)" in text
    if loader is not None:
        text = text.replace("from torch.utils.data import DataLoader",
                            "from torch.utils.data import DataLoader, Subset").replace("DataLoader(testset)", loader)
        task.write_text(text)
    report = kit.scan(unit)
    if accepted:
        kit.assert_accepted(report)
    else:
        assert report.decision is not Decision.ACCEPT, kit.findings(report)
