"""Red team 12: attacks on main as it stood at the start of session 26. Each attack here was accepted
before its fix and must stay caught; the legitimate idiom nearest to each must stay accepted.
Samples: corpus/*/rt12_*."""

from __future__ import annotations

from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer import api
from analyzer.model import Decision


def _scan(tmp_path: Path, source: str, policy=kit.POLICY, name: str = "train.py"):
    return kit.scan_source(tmp_path, source, name, policy)


def _unguarded(tmp_path: Path):
    path = tmp_path / "policy.yaml"
    path.write_text("runtime_guard: false\n")
    return api.load_policy(path)


@pytest.mark.parametrize("sample", ["rt12_parquet_past_path_budget.py", "rt12_fstring_precision_leak.py",
                                    "rt12_dataclass_asdict_meta.py", "rt12_dataclass_repr_meta.py"])
def test_sample_is_not_accepted(sample: str) -> None:
    report = kit.scan(kit.CORPUS / "malicious" / sample)
    assert report.decision is not Decision.ACCEPT, kit.rules(report)


def test_twin_sample_stays_accepted() -> None:
    report = kit.scan_sample("benign/rt12_dataclass_config_meta.py")
    kit.assert_accepted(report)


# ---- a folder whose name the gate cannot compute -------------------------------------------------------------

FOLDER_COMPUTED = "import os\n\nparts = ['shutdown', 'fl']\nos.makedirs('.'.join(parts), exist_ok=True)\n"


def test_computed_folder_name_is_not_vouched_without_the_guard(tmp_path: Path) -> None:
    # `'.'.join(parts)` is shutdown.fl in the site's workspace: only the process guard (which refuses a folder
    # outside the job's run folder) can hold what the gate does not compute.
    report = _scan(tmp_path, FOLDER_COMPUTED, _unguarded(tmp_path))
    assert "unvouched.api" in kit.rules(report)


def test_known_folder_stays_vouched_without_the_guard(tmp_path: Path) -> None:
    report = _scan(tmp_path, "import os\n\nos.makedirs(os.path.join('outputs', 'ckpt'), exist_ok=True)\n",
                   _unguarded(tmp_path))
    kit.assert_accepted(report)


# ---- path candidates past the folder's budget ----------------------------------------------------------------

def _exports(n: int, last: str) -> str:
    names = [f"outputs/part_{i:02d}.parquet" for i in range(n)] + [last]
    return ("import pandas as pd\n\ndf = pd.read_csv('data/site.csv')\nTARGETS = " + repr(names) + "\n"
            "for target in TARGETS:\n    df.to_parquet(target)\n")


def test_destination_past_the_budget_is_judged(tmp_path: Path) -> None:
    report = _scan(tmp_path, _exports(17, "startup/fed_client.json"))
    assert report.decision is not Decision.ACCEPT, kit.rules(report)


def test_destinations_within_the_budget_stay_accepted(tmp_path: Path) -> None:
    report = _scan(tmp_path, _exports(14, "outputs/part_99.parquet"))
    kit.assert_accepted(report)


# ---- what a format spec and an object's fields carry ---------------------------------------------------------

SEND = ("import pandas as pd\nimport nvflare.client as flare\n\ndf = pd.read_csv('data/site.csv')\n{pre}\n"
        "flare.send(flare.FLModel(params={{}}, meta={{'m': {value}}}))\n")
DATACLASS = "from dataclasses import dataclass, asdict, astuple\n\n@dataclass\nclass Info:\n    lr: float = 0.1\n"


@pytest.mark.parametrize("pre,value", [
    ("n = int(df.iloc[0, 0])", "f'{0.5:.{n}f}'"),
    (DATACLASS + "    row: float = float(df.iloc[0, 0])", "asdict(Info())"),
    (DATACLASS + "    row: float = float(df.iloc[0, 0])", "astuple(Info())"),
    (DATACLASS + "    row: float = float(df.iloc[0, 0])", "repr(Info())"),
    (DATACLASS + "\n    def __post_init__(self):\n        self.row = df.iloc[0].tolist()", "str(Info())"),
], ids=["format-spec", "asdict-class-default", "astuple", "repr", "post-init-field"])
def test_data_reaches_the_update(tmp_path: Path, pre: str, value: str) -> None:
    report = _scan(tmp_path, SEND.format(pre=pre, value=value))
    assert report.decision is Decision.REJECT, kit.rules(report)


@pytest.mark.parametrize("pre,value", [
    ("n = 4", "f'{0.5:.{n}f}'"),
    (DATACLASS + "    epochs: int = 5", "asdict(Info())"),
    (DATACLASS + "\nclass Holder:\n    def __init__(self, frame):\n        self.frame = frame\n\nh = Holder(df)\n",
     "asdict(Info())"),
], ids=["format-spec", "asdict", "other-class-holds-data"])
def test_clean_values_stay_accepted(tmp_path: Path, pre: str, value: str) -> None:
    report = _scan(tmp_path, SEND.format(pre=pre, value=value))
    kit.assert_accepted(report)


# ---- names and closures across the job's modules ------------------------------------------------------------

@pytest.mark.parametrize("job", ["rt12_helper_module_cache", "rt12_decorator_factory_elsewhere",
                                 "rt12_helper_file_roundtrip"])
def test_job_is_not_accepted(job: str) -> None:
    report = kit.scan(kit.CORPUS / "jobs" / job)
    assert report.decision is not Decision.ACCEPT, kit.rules(report)


def test_helper_module_twin_stays_accepted() -> None:
    report = kit.scan_sample("jobs/benign_rt12_helper_history_and_timer")
    kit.assert_accepted(report)


# ---- state no name shows: default objects, closure cells, library inserts -------------------------------------

@pytest.mark.parametrize("sample", ["rt12_mutable_default_history.py", "rt12_closure_cell_box.py",
                                    "rt12_heapq_top_records.py"])
def test_state_sample_is_rejected(sample: str) -> None:
    report = kit.scan(kit.CORPUS / "malicious" / sample)
    assert report.decision is Decision.REJECT, kit.rules(report)


def test_state_twin_stays_accepted() -> None:
    report = kit.scan_sample("benign/rt12_closure_counter_and_history.py")
    kit.assert_accepted(report)


@pytest.mark.parametrize("pre,value", [
    ("import operator\nkeep = []\noperator.iadd(keep, [df.iloc[0].tolist()])", "keep"),
    ("import bisect\nkeep = []\nbisect.insort(keep, float(df.iloc[0, 0]))", "keep"),
    ("def note(entry, _log={}):\n    _log.update(entry)\n    return dict(_log)\n\nnote(df.iloc[0].to_dict())",
     "note({'a': 1})"),
], ids=["operator-iadd", "bisect-insort", "default-dict"])
def test_stored_state_reaches_the_update(tmp_path: Path, pre: str, value: str) -> None:
    report = _scan(tmp_path, SEND.format(pre=pre, value=value))
    assert report.decision is Decision.REJECT, kit.rules(report)


# ---- files the job writes and reads back --------------------------------------------------------------------

@pytest.mark.parametrize("sample", ["rt12_file_roundtrip_json.py", "rt12_checkpoint_roundtrip_rows.py",
                                    "rt12_tempfile_roundtrip_csv.py"])
def test_file_round_trip_is_not_accepted(sample: str) -> None:
    report = kit.scan(kit.CORPUS / "malicious" / sample)
    assert report.decision is not Decision.ACCEPT, kit.rules(report)


def test_file_round_trip_twin_stays_accepted() -> None:
    # red team 37a: its validation split written to outputs/valid.csv is a text file NVFlare's admin shell returns
    # to the server, the one thing it escalates for; the round trips themselves stay vouched
    report = kit.scan_sample("benign/rt12_checkpoint_and_metrics_roundtrip.py")
    assert report.decision is Decision.ESCALATE, kit.rules(report)
    assert {f.rule for f in report.findings} == {"file-exfiltration.data-to-shell-readable"}, kit.rules(report)


def test_file_written_by_a_helper_is_read_back(tmp_path: Path) -> None:
    pre = ("import numpy as np\n\ndef keep(rows, path):\n    np.save(path, rows)\n\n"
           "keep(df.head(2).to_numpy(), 'outputs/cal.npy')")
    report = _scan(tmp_path, SEND.format(pre=pre, value="np.load('outputs/cal.npy').tolist()"))
    assert report.decision is not Decision.ACCEPT, kit.rules(report)


# ---- what a LightningModule logs is the update's metrics under NVFlare's Lightning client --------------------

def test_lightning_logged_cell_is_rejected() -> None:
    report = kit.scan_sample("malicious/rt12_lightning_logged_cell.py")
    assert report.decision is Decision.REJECT, kit.rules(report)


def test_lightning_logged_metrics_stay_accepted() -> None:
    report = kit.scan_sample("benign/rt12_lightning_logged_metrics.py")
    kit.assert_accepted(report)


# ---- the working folder itself is the site's ----------------------------------------------------------------

@pytest.mark.parametrize("call", ["shutil.rmtree('.')", "shutil.rmtree(os.getcwd())", "shutil.move('.', 'old')",
                                  "shutil.rmtree('/tmp/nvflare/poc')", "shutil.rmtree('/tmp')"])
def test_removing_the_workspace_is_not_vouched(tmp_path: Path, call: str) -> None:
    for policy in (kit.POLICY, _unguarded(tmp_path)):
        report = _scan(tmp_path, f"import os\nimport shutil\n\n{call}\n", policy)
        assert report.decision is not Decision.ACCEPT, (call, kit.rules(report))


def test_removing_the_jobs_outputs_stays_vouched(tmp_path: Path) -> None:
    report = _scan(tmp_path, "import shutil\n\nshutil.rmtree('./outputs', ignore_errors=True)\n")
    kit.assert_accepted(report)


def test_a_helper_calling_a_module_method_stores_nothing_elsewhere(tmp_path: Path) -> None:
    # `np.append(acc, x)` in a helper of another module is no store into numpy (flwr baseline moon's utils.py)
    job = tmp_path / "job"
    job.mkdir()
    (job / "utils.py").write_text("import numpy as np\n\ndef preds(xs):\n    out = np.array([])\n"
                                  "    for x in xs:\n        out = np.append(out, x)\n    return float(out.mean())\n")
    (job / "client.py").write_text("import pandas as pd\nimport nvflare.client as flare\nfrom utils import preds\n\n"
                                   "df = pd.read_csv('data/site.csv')\nacc = preds(df['y'])\n"
                                   "flare.send(flare.FLModel(params={}, metrics={'n': 1}))\n")
    report = kit.scan(job)
    kit.assert_accepted(report)
