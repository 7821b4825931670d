"""Red team 36d: the adversary across a job's modules and notebooks. What another module of the job holds
was clean to the flow, so accepted, when read as an attribute of that module imported whole (`import stats;
stats.preview`, `getattr(stats, "preview")`), through `from stats import *`, as a class attribute of a class of
another module (`Holder.preview`, through a subclass too), when only its module `__getattr__` (PEP 562) answers
the name, or when it is a lambda there called as `stats.preview()`. Samples: corpus/*/rt36d_*, near_rt36d_*; the
attacks that were already caught stay recorded in the corpus (labels.yaml) with their verdicts."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer.model import Decision
from conftest import ROOT, run_cli

import client_api_stub

# accepted on main before this round's fix; the lambda ones and the re-export escalate (unknown provenance)
ACCEPTED_BEFORE = {
    "jobs/rt36d_job_module_getattr_rows": Decision.REJECT,
    "jobs/rt36d_job_module_attr_value": Decision.REJECT,
    "jobs/rt36d_job_module_attr_value_only_there": Decision.REJECT,
    "jobs/rt36d_job_from_import_getattr": Decision.REJECT,
    "jobs/rt36d_job_module_attr_global_store": Decision.REJECT,
    "jobs/rt36d_job_getattr_module_constant": Decision.REJECT,
    "jobs/rt36d_job_class_attr_other_module": Decision.REJECT,
    "jobs/rt36d_job_class_attr_inherited": Decision.REJECT,
    "jobs/rt36d_job_star_import_value": Decision.REJECT,
    "jobs/rt36d_job_module_attr_dict_item": Decision.REJECT,
    "jobs/rt36d_job_module_attr_instance_field": Decision.REJECT,
    "jobs/rt36d_job_module_attr_lambda": Decision.ESCALATE,
    "jobs/rt36d_job_module_getattr_callable": Decision.ESCALATE,
    "jobs/rt36d_job_module_attr_reexport": Decision.ESCALATE,
}
TWINS = ["jobs/near_rt36d_job_module_attr_settings", "jobs/near_rt36d_job_module_getattr_defaults",
         "jobs/near_rt36d_job_from_import_settings", "jobs/near_rt36d_job_getattr_settings",
         "jobs/near_rt36d_job_class_attr_constant", "jobs/near_rt36d_job_star_settings"]


@pytest.mark.parametrize("sample", sorted(ACCEPTED_BEFORE))
def test_attack_is_no_longer_accepted(sample: str) -> None:
    report = kit.scan_sample(sample)
    assert report.decision is ACCEPTED_BEFORE[sample], kit.findings(report)
    assert any(f.rule.startswith("update-channel-leak.") and "train.py" in str(f) for f in report.findings)


@pytest.mark.parametrize("sample", TWINS)
def test_near_twin_stays_accepted(sample: str) -> None:
    kit.assert_accepted(kit.scan_sample(sample))


# pandas is not in the gate's venv: the part of it the jobs use, on the csv module
PANDAS = '''
import csv
import numpy as np
class Series(list):
    def to_numpy(self, dtype=float): return np.array(self, dtype=dtype)
class DataFrame:
    def __init__(self, rows): self.rows = rows
    def __len__(self): return len(self.rows)
    def pop(self, col): return Series(float(r.pop(col)) for r in self.rows)
    def to_numpy(self, dtype=float): return np.array([list(r.values()) for r in self.rows], dtype=dtype)
    def head(self, n=5): return DataFrame(self.rows[:n])
    def to_dict(self, orient): return [dict(r) for r in self.rows]
def read_csv(path):
    with open(path) as f:
        return DataFrame(list(csv.DictReader(f)))
'''
RUN = '''
import json, sys
sys.path[:0] = [sys.argv[1], sys.argv[2]]
import nvflare.client as flare
import train
train.main()
print(json.dumps(flare.SENT[0].meta, default=str))
'''


def _run_job(tmp_path: Path, sample: str) -> dict:
    """Run the job's train.py as the launcher would (custom/ on the path) under a stub Client API (and
    pandas), on a site table holding one recognisable row; what it sent in meta."""
    client_api_stub.install(tmp_path / "stub")
    (tmp_path / "stub" / "pandas.py").write_text(PANDAS)
    custom = tmp_path / "custom"
    shutil.copytree(kit.CORPUS / sample / "app" / "custom", custom)
    data = tmp_path / "data"
    data.mkdir()
    (data / "train.csv").write_text("a,b,label\n1042,7,1\n3,4,0\n")
    (tmp_path / "run.py").write_text(RUN)
    out = subprocess.run([sys.executable, str(tmp_path / "run.py"), str(tmp_path / "stub"), str(custom)],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120,
                         env={**os.environ, "DATA_ROOT": str(data)})
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("sample", sorted(ACCEPTED_BEFORE))
def test_the_attack_really_sends_the_row(tmp_path: Path, sample: str) -> None:
    assert "1042" in json.dumps(_run_job(tmp_path, sample))


def test_the_twin_sends_no_row(tmp_path: Path) -> None:
    assert _run_job(tmp_path, "jobs/near_rt36d_job_module_attr_settings") == {"lr": 0.01}


def test_cli_rejects_the_attribute_read(tmp_path: Path) -> None:
    out = run_cli("scan", str(kit.CORPUS / "jobs/rt36d_job_module_attr_value"),
                  env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert "reject" in out.stdout.lower(), out.stdout + out.stderr
    assert out.returncode != 0
