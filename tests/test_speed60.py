"""bench/flow_profile.py --why (session 60): why each function evaluated after its flow's first round was not
replayed, and how often each loop's body ran, by nesting. A two-module job: train.py's main runs loader.py's
rounds inside its first evaluation (its record is poisoned and dropped, so main is evaluated again in the second
round) and sums the site's rows in a loop nested in another. The counts are wrapped around the engine's own
methods (Flow._summarise, replay's checks, Frame.loop and Frame.block): a renamed method would count nothing."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_cli

TRAIN = '''import nvflare.client as flare
import numpy as np
from loader import fetch


def main():
    flare.init()
    model = flare.receive()
    rows = np.load("rows.npy")
    total = 0
    for epoch in range(2):
        for batch in rows:
            total = total + batch
    model.params = {"w": fetch("data.npy"), "n": total}
    flare.send(model)
'''

LOADER = '''import numpy as np


class Cache:
    def __init__(self):
        self.rows = None

    def keep(self, rows):
        self.rows = rows


def fetch(path):
    c = Cache()
    c.keep(np.load(path))
    return c.rows
'''


@pytest.fixture(scope="module")
def job(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("job")
    (folder / "train.py").write_text(TRAIN)
    (folder / "loader.py").write_text(LOADER)
    return folder


@pytest.fixture(scope="module")
def profiled(job) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "bench" / "flow_profile.py"), "--why", str(job)], cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, capture_output=True, text=True,
                          timeout=300)


def _table(stderr: str, title: str) -> list[list[str]]:
    rows = stderr.split(title, 1)[1].split("\n")[1:]
    out = []
    for row in rows:
        if not row.startswith(" "):
            break
        out.append(row.split(None, 2))
    return out


def test_why_names_the_dropped_record_of_an_evaluation_that_ran_another_module(profiled):
    reasons = _table(profiled.stderr, "by why the last record was not replayed")
    assert reasons == [["1", "0", "no record: it ran another module's rounds or read a running function's names"]]


def test_loops_count_an_inner_loops_entry_at_every_pass_of_the_outer_one(profiled):
    loops = {int(d): (int(entries), int(passes)) for d, entries, passes in
             _table(profiled.stderr, "loops by nesting in their function")}
    assert set(loops) == {0, 1}
    outer, inner = loops[0], loops[1]
    assert inner[0] == outer[1]  # entered once per pass of the loop around it
    assert outer[1] > outer[0] and inner[1] > inner[0]  # the sum grows in a first pass: a second one settles it


def test_the_profiled_scan_reports_what_the_cli_reports(profiled, job):
    done = run_cli("scan", "--no-cache", "--format", "json", str(job))
    profiled_report, report = json.loads(profiled.stdout)["reports"][0], json.loads(done.stdout)["reports"][0]
    assert profiled_report["decision"] == report["decision"] == "reject"
    assert [(f["rule"], f["line"]) for f in profiled_report["findings"]] == \
        [(f["rule"], f["line"]) for f in report["findings"]]
