"""Speed of one small job (session 33): a config's replay of a job script (detectors/configs.py `_replayed`,
`_replayed_component`) analyses the script twice more, and reads only four write rules and unvouched.api of
those analyses; the detectors that make none of them (the flow engine's update-leak above all) do not run
there (analysis._narrowed). What the replay reports is unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CORPUS

from analyzer import api
from analyzer.engine import analysis
from analyzer.engine.collect import collect
from analyzer.engine import flow

POLICY = api.load_policy()

TRAIN = ("import argparse\nimport pandas as pd\nimport nvflare.client as flare\n"
         "p = argparse.ArgumentParser()\np.add_argument('--export_dir', default='./exports')\n"
         "p.add_argument('--epochs', type=int, default=2)\nargs = p.parse_args()\n"
         "flare.init()\nmodel = flare.receive()\n"
         "pd.read_csv('/data/x.csv').to_csv(args.export_dir + '/rows.csv')\nflare.send(model)\n")


def _job(root: Path, app_config: str) -> Path:
    (root / "app" / "custom").mkdir(parents=True)
    (root / "app" / "config").mkdir(parents=True)
    (root / "app" / "custom" / "train.py").write_text(TRAIN)
    config = {"format_version": 2, "app_script": "train.py", "app_config": app_config, "executors": []}
    (root / "app" / "config" / "config_fed_client.json").write_text(json.dumps(config))
    (root / "meta.json").write_text(json.dumps({"name": "j", "deploy_map": {"app": ["@ALL"]}}))
    return root


def test_a_replay_runs_no_flow_analysis_and_still_finds_the_write(tmp_path: Path, monkeypatch) -> None:
    """unit_findings analyses no Python file of the unit itself: every flow analysis in it is a replay's.
    Before the change the two replays of train.py (without and with the command line) ran it twice."""
    calls = []
    real = flow.analyze  # as detectors/update_leak.py calls it
    monkeypatch.setattr(flow, "analyze", lambda *a, **k: calls.append(1) or real(*a, **k))
    content = collect(_job(tmp_path / "job", "--epochs 3 --export_dir /gpfs/projects/shared/www"), POLICY.limits)
    found = analysis.unit_findings(content, POLICY)
    writes = [f for f in found if f.rule == "file-exfiltration.write-network"]
    assert writes and writes[0].path == "app/custom/train.py" and "config_fed_client.json" in writes[0].message
    assert calls == []


# Every corpus job whose findings name a config's command line or component arguments (tests/data/
# findings_golden.json), a benign twin among them, and a job the replay finds nothing in.
REPLAYED = ["mal_write_argparse_dest_from_config", "rt10_cfg_job_class_args_stage_data_out",
            "rt21_cfg_hyphen_module_stager", "rt21_cfg_leading_space_module",
            "rt22_benign_bionemo_logger_root_app_config", "rt22_bionemo_logger_root_climb_app_config",
            "rt22_bionemo_logger_root_from_app_config", "benign_pt_client_api"]


@pytest.mark.parametrize("name", REPLAYED)
def test_a_narrowed_replay_finds_what_the_whole_rule_set_finds(name: str, monkeypatch) -> None:
    content = collect(CORPUS / "jobs" / name, POLICY.limits)
    narrowed = analysis.unit_findings(content, POLICY)
    monkeypatch.setattr(analysis, "_narrowed", lambda rules, only: rules)
    whole = analysis.unit_findings(content, POLICY)
    assert sorted(map(repr, narrowed)) == sorted(map(repr, whole))
    if "benign" not in name:
        assert any("(with the" in f.message for f in narrowed)


# A SARIF report lists every rule of the packs (reports/sarif.py). A re-run answered from the result cache (a
# pre-commit hook, CI) lists them from the packs' stored entry (engine/rules.py `listed`), without the detector
# registry that the rule set's validation imports, and with it libcst and the flow engine.

SARIF_RUN = """
import runpy, sys
sys.path.insert(0, {root!r})
sys.argv = ["jobgate", "scan", "--format", "sarif", "--output", {out!r}, {target!r}]
try:
    import analyzer.commands.cli; analyzer.commands.cli.main()  # as `python -m` runs it, but for run()'s immediate end
except SystemExit:
    pass
print(sorted(m for m in ("libcst", "analyzer.engine.detectors", "analyzer.engine.flow") if m in sys.modules))
"""


def test_a_cached_sarif_run_loads_no_detector_and_lists_the_same_rules(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from conftest import ROOT

    job = _job(tmp_path / "job", "--epochs 3 --export_dir ./exports")
    reports = []
    for run in ("first", "cached"):
        out = tmp_path / f"{run}.sarif"
        proc = subprocess.run([sys.executable, "-c", SARIF_RUN.format(root=str(ROOT), out=str(out), target=str(job))],
                              capture_output=True, text=True, timeout=300, cwd=tmp_path,
                              env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")})
        assert out.exists(), proc.stderr[-3000:]
        reports.append((json.loads(out.read_text()), proc.stdout.splitlines()[-1]))
    (first, loaded), (cached, loaded_again) = reports
    assert loaded != "[]"  # the first run analyses the job
    assert loaded_again == "[]"
    assert cached == first
    assert len(first["runs"][0]["tool"]["driver"]["rules"]) == len(api.load_rules(POLICY).rules)


def test_listed_rules_are_the_rule_sets_and_still_validated(tmp_path: Path, monkeypatch) -> None:
    from analyzer.engine import compiled, rules
    from analyzer.model import GateError

    policy = api.load_policy(cache=tmp_path)
    monkeypatch.setattr(rules, "_CACHE", {})  # not a rule set this process loaded before
    whole = api.load_rules(policy).rules  # validated in full, and the packs' entry stored
    monkeypatch.setattr(rules, "_CACHE", {})
    monkeypatch.setattr(rules, "load_rules", lambda policy: pytest.fail("listed from the stored entry"))
    assert api.listed_rules(policy) == whole
    sources = compiled.rule_packs(policy.rule_packs)
    docs = compiled.stored(sources, tmp_path)
    docs[0]["rules"][0]["severity"] = "dire"  # whatever is not a detector's name is validated as ever
    with pytest.raises(GateError, match="severity"):
        rules._validated(sources, docs, listing=True)
