"""bench/flow_profile.py times the flow engine by wrapping its methods (Flow._rounds, _reset, _evaluate,
_summarise): a renamed or re-shaped method would leave it timing nothing. A two-module job whose module
with the update calls a loader's function: the loader's flow is run by `linked`, and the scan's verdict is
the CLI's own."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

TRAIN = '''import nvflare.client as flare
from loader import fetch


def main():
    flare.init()
    model = flare.receive()
    model.params = {"w": fetch("data.npy")}
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


def test_flow_profile_times_each_module_and_round(tmp_path):
    (tmp_path / "train.py").write_text(TRAIN)
    (tmp_path / "loader.py").write_text(LOADER)
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "flow_profile.py"), str(tmp_path)], cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, capture_output=True, text=True,
                          timeout=300)
    report = json.loads(done.stdout)["reports"][0]
    assert report["decision"] == "reject"
    assert "update-channel-leak.raw-data-in-update" in {f["rule"] for f in report["findings"]}
    rows = {line.split()[-1]: line.split() for line in done.stderr.splitlines() if line.endswith(".py")}
    # train's flow runs a second round since red team 46d's merge (fields and globals its main read in the first
    # round, `model.params`, `self.rows`, `flare`, `fetch`, were completed after the read): the profile shows both
    assert rows["train.py"][1:5] == ["1", "2", "analyze", "yes"]
    assert rows["loader.py"][1:5] == ["1", "1", "linked", "no"]
    table = done.stderr.split("same summary as the record replaced\n", 1)[1].split()
    assert table[:2] == ["1", "4"]  # round 1: train's main, fetch, Cache.__init__ and Cache.keep evaluated
    assert table[4:6] == ["2", "1"]  # round 2: train's main again
