"""A config's linked replays (detectors/configs.py `_replayed`) build a program over the job's modules for
each replay: a module the screen vouched for once in the unit is not screened again for each of them
(analysis.py `_linked_parse`), and the replays find what they found."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from analyzer import api
from analyzer.engine import analysis
from analyzer.engine.collect import collect

from test_configs import POLICY

# The parser lives in its own module: train.py declares no option, so its replay is linked to options.py.
OPTIONS = ("import argparse\n\n\ndef get_args():\n    p = argparse.ArgumentParser()\n"
           "    p.add_argument('--export_dir', default='./exports')\n    return p.parse_args()\n")
TRAIN = ("import pandas as pd\nfrom options import get_args\n\nargs = get_args()\n"
         "pd.read_csv('/data/site/x.csv').to_csv(args.export_dir + '/rows.csv')\n")


def _job(root: Path) -> Path:
    (root / "app" / "custom").mkdir(parents=True)
    (root / "app" / "config").mkdir(parents=True)
    (root / "app" / "custom" / "options.py").write_text(OPTIONS)
    (root / "app" / "custom" / "train.py").write_text(TRAIN)
    config = {"format_version": 2, "app_script": "train.py", "executors": [],
              "app_config": "--epochs 2 --export_dir /gpfs/projects/shared/www"}
    (root / "app" / "config" / "config_fed_client.json").write_text(json.dumps(config))
    (root / "meta.json").write_text(json.dumps({"name": "j", "deploy_map": {"app": ["@ALL"]}}))
    return root


def _replays_screens(monkeypatch, root: Path) -> tuple[Counter, Counter, api.Report]:
    """(screens in the file detectors' analyses by bytes, linked programs built there, the report)."""
    screens, programs, replaying = Counter(), Counter(), [False]
    screen, linked_program, unit_findings = analysis._screen, analysis.linked_program, analysis.unit_findings

    def counted_screen(path, data, *args):
        screens[data] += replaying[0]
        return screen(path, data, *args)

    def counted_program(sources, *args, **kwargs):
        programs["linked"] += replaying[0]
        return linked_program(sources, *args, **kwargs)

    def replayed(*args):
        replaying[0] = True
        try:
            return unit_findings(*args)
        finally:
            replaying[0] = False

    monkeypatch.setattr(analysis, "_screen", counted_screen)
    monkeypatch.setattr(analysis, "linked_program", counted_program)
    monkeypatch.setattr(analysis, "unit_findings", replayed)
    return screens, programs, api.analyze(collect(root, POLICY.limits), POLICY)


def test_a_linked_module_is_screened_once_for_all_replays(tmp_path: Path, monkeypatch, in_process) -> None:
    screens, programs, report = _replays_screens(monkeypatch, _job(tmp_path))
    assert programs["linked"] >= 2  # train.py replayed as it is and with the command line, each linked
    # options.py, which both programs lead into, screened only for its own replay (it spells the option)
    assert screens[OPTIONS.encode()] == 1
    written = [f for f in report.findings if f.rule == "file-exfiltration.write-network"
               and f.path.endswith("train.py")]
    assert written and "config_fed_client.json" in written[0].message  # the replay still finds the write


def test_no_verdict_is_kept_past_the_unit(tmp_path: Path, monkeypatch, in_process) -> None:
    _, _, report = _replays_screens(monkeypatch, _job(tmp_path))
    assert report.findings
    assert not analysis._unit_vouched and not analysis._unit_parses
