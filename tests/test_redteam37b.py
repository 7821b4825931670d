"""Red team 37b: a row made to look like model state or an aggregate. BatchNorm's running statistics after a forward
pass on one patient's rows (a mask the code chose, through a helper's parameter, a model held in a field, in a
notebook, in another module of the job, in a Flower ClientApp), and a statistics method's mean of one patient.
Each ACCEPTED_BEFORE sample was accepted on main (b85f164); the twins stay accepted. The other rt37b_* samples are
attacks main already stopped (order statistics, cumsum/diff, optimizer settings from a cell, parameter writes
through torch.nn.utils and load_state_dict, hooks, Lightning's self.log): recorded so that they stay stopped.
Still open (docs/architecture.md): a mask by a method's parameter (`self.x[self.ids == who]`)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer.model import Decision

ACCEPTED_BEFORE = [
    "malicious/rt37b_bn_mask_momentum.py", "malicious/rt37b_bn_mask_no_grad.py", "malicious/rt37b_bn_helper_rows.py",
    "malicious/rt37b_bn_field_rows.py", "malicious/rt37b_flower_bn_mask.py", "malicious/rt37b_nb_bn_mask.ipynb",
    "jobs/rt37b_job_bn_helper", "malicious/rt37b_bn_cat_mask.py", "malicious/rt37b_instnorm_mask.py",
]
TWINS = ["benign/near_rt37b_bn_whole.py", "benign/near_rt37b_bn_partition_loader.py",
         "jobs/near_rt37b_job_bn_helper_whole"]
STOPPED_BEFORE = [s for s in kit.corpus_samples("malicious/rt37b_*") if s not in ACCEPTED_BEFORE]


@pytest.mark.parametrize("sample", ACCEPTED_BEFORE)
def test_running_statistics_of_named_rows_are_reviewed(sample: str) -> None:
    report = kit.scan_sample(sample)
    assert report.decision is not Decision.ACCEPT
    assert any(f.rule == "update-channel-leak.unknown-provenance" and "running statistics" in f.message
               for f in report.findings), kit.findings(report)


@pytest.mark.parametrize("sample", TWINS)
def test_near_twin_stays_accepted(sample: str) -> None:
    kit.assert_accepted(kit.scan_sample(sample))


@pytest.mark.parametrize("sample", STOPPED_BEFORE)
def test_recorded_attack_stays_stopped(sample: str) -> None:
    kit.assert_held(kit.scan_sample(sample), "update-channel-leak.")


def test_enough_attacks_are_recorded() -> None:
    assert len(ACCEPTED_BEFORE) + len(STOPPED_BEFORE) >= 29


@pytest.mark.skipif(not kit.FL_PYTHON.exists(), reason="needs a Python with torch")
@pytest.mark.parametrize("sample", ["rt37b_bn_mask_momentum.py", "rt37b_bn_helper_rows.py"])
def test_the_running_mean_is_the_chosen_rows(tmp_path: Path, sample: str) -> None:
    """The leak is real: what the job sends holds the chosen rows' mean in BatchNorm's running_mean."""
    # patient 1042 came twice; row 4 is patient 10
    table = ("patient_id,age,bp,label\n1042,71.5,133.0,1\n1042,72.5,135.0,1\n8,52.0,110.0,0\n"
             "9,33.0,128.0,1\n10,60.0,141.0,0\n")
    source = (kit.CORPUS / "malicious" / sample).read_text()
    source = source.replace("net.load_state_dict(model.params)\n", "")  # the stub's model is no such network
    out = kit.run_with_stub(tmp_path, source + textwrap.dedent('''
        import nvflare.client as flare
        sent = flare.SENT[-1].params
        print([[round(float(v), 3) for v in t] for k, t in sent.items() if k.endswith("running_mean")])
    '''), table, python=kit.FL_PYTHON, name="job.py", timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    row = "1042.0, 72.0, 134.0" if sample == "rt37b_bn_mask_momentum.py" else "10.0, 60.0, 141.0"
    assert f"[[{row}]]" in out.stdout, out.stdout


def _scan(tmp_path: Path, source: str) -> Decision:
    return kit.scan_source(tmp_path, textwrap.dedent(source)).decision


BN = '''
import nvflare.client as flare
import pandas as pd
import torch
import torch.nn as nn

df = pd.read_csv("/data/site/train.csv")
x = torch.tensor(df.values, dtype=torch.float32)
ids = torch.tensor(df["patient_id"].values)
net = nn.Sequential(nn.BatchNorm1d(x.shape[1], momentum=1.0), nn.Linear(x.shape[1], 1))
flare.init()
model = flare.receive()
net.load_state_dict(model.params)
CALL
flare.send(flare.FLModel(params=net.state_dict()))
'''


@pytest.mark.parametrize("call", [
    # two helpers deep: the outer one passes its parameter on
    "def warm(m, rows):\n    m(rows)\ndef calibrate(m, rows):\n    warm(m, rows)\ncalibrate(net, x[ids == 1042])",
    # the model's forward called by name
    "net.forward(x[ids == 1042])",
    # a job function returning 1042 does not make the comparison a missing-value test
    "def pick(_):\n    return 1042\nnet(x[ids == pick(None)])",
])
def test_other_roads_to_named_rows_are_reviewed(tmp_path: Path, call: str) -> None:
    assert _scan(tmp_path, BN.replace("CALL", call)) is not Decision.ACCEPT


@pytest.mark.parametrize("call", [
    "net(x)",
    "def warm(m, rows):\n    m(rows)\nwarm(net, x)",
    "net(x[x[:, 1] != None])",
    "torch.utils.data.TensorDataset(x[ids == 1042])",
])
def test_the_whole_table_or_a_missing_value_filter_stays_accepted(tmp_path: Path, call: str) -> None:
    assert _scan(tmp_path, BN.replace("CALL", call)) is Decision.ACCEPT


def test_a_missing_value_filter_keeps_every_row_with_a_value() -> None:
    """The fact the None test rests on (NVFlare's hierarchical_stats histogram): `v != np.array(None)` drops the
    missing values and keeps every other row, whichever they are."""
    np = pytest.importorskip("numpy")
    values = np.array([3.0, None, 7.0, None, 1042.0], dtype=object)
    assert values[values != np.array(None)].tolist() == [3.0, 7.0, 1042.0]


STATS = '''
import numpy as np
import pandas as pd
from nvflare.app_opt.statistics.df.df_core_statistics import DFStatisticsCore


class SiteStatistics(DFStatisticsCore):
    def initialize(self, fl_ctx):
        self.data = {{"train": pd.read_csv("/data/site/train.csv")}}

    def sum(self, dataset_name, feature_name):
        df = self.data[dataset_name]
        return {value}
'''


@pytest.mark.parametrize("value, decision", [
    ('float(df[df["patient_id"] == 1042][feature_name].sum())', "review"),
    ('float(df[feature_name].iloc[[7]].sum())', "review"),
    ('float(df[df[feature_name] != np.array(None)][feature_name].sum())', Decision.ACCEPT),
    ('float(df[feature_name].sum())', Decision.ACCEPT),
])
def test_a_statistics_method_of_named_rows(tmp_path: Path, value: str, decision) -> None:
    got = _scan(tmp_path, STATS.format(value=value))
    assert got is decision if isinstance(decision, Decision) else got is not Decision.ACCEPT
