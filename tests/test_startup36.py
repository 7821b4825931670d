"""A unit's parses are shared with the file detectors' analyses of the same bytes (analysis.py
`_kept_parse`): a config's replay of the script it launches analyses it again as it is and with the
command line appended, and the unchanged script is not parsed a second time."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from analyzer import api
from analyzer.engine import analysis, parse
from analyzer.engine.collect import collect

from test_configs import POLICY

TRAIN = ("import argparse\nimport pandas as pd\np = argparse.ArgumentParser()\n"
         "p.add_argument('--export_dir', default='./exports')\nargs = p.parse_args()\n"
         "pd.read_csv('/data/x.csv').to_csv(args.export_dir + '/rows.csv')\n")


def _job(root: Path, train: str) -> Path:
    (root / "app" / "custom").mkdir(parents=True)
    (root / "app" / "config").mkdir(parents=True)
    (root / "app" / "custom" / "train.py").write_text(train)
    config = {"format_version": 2, "app_script": "train.py", "executors": [],
              "app_config": "--epochs 2 --export_dir /gpfs/projects/shared/www"}
    (root / "app" / "config" / "config_fed_client.json").write_text(json.dumps(config))
    (root / "meta.json").write_text(json.dumps({"name": "j", "deploy_map": {"app": ["@ALL"]}}))
    return root


def _parses(monkeypatch, root: Path) -> tuple[Counter, api.Report]:
    parsed: Counter = Counter()
    unvalidated = parse._parse_unvalidated

    def counted(data: bytes):
        parsed[data] += 1
        return unvalidated(data)

    monkeypatch.setattr(parse, "_parse_unvalidated", counted)
    return parsed, api.analyze(collect(root, POLICY.limits), POLICY)


def _written(report) -> list:
    return [f for f in report.findings if f.rule == "file-exfiltration.write-network"]


def test_the_replayed_script_is_parsed_once_as_it_is(tmp_path: Path, monkeypatch, in_process) -> None:
    parsed, report = _parses(monkeypatch, _job(tmp_path, TRAIN))
    assert parsed[TRAIN.encode()] == 1  # its own analysis; the replay's reading of it as it is shares that parse
    assert sum(parsed.values()) == 2  # and once with the config's command line appended
    written = _written(report)
    assert written and "config_fed_client.json" in written[0].message  # the replay still finds the write


def test_no_parse_is_kept_past_the_unit(tmp_path: Path, monkeypatch, in_process) -> None:
    parsed, report = _parses(monkeypatch, _job(tmp_path, TRAIN))
    assert _written(report)
    assert not analysis._unit_parses  # a worker that goes on to other units holds no tree of this one
