"""Session 26's robustness attacks, through the CLI as a job's author would send them: every input the
gate cannot read in full is a named finding that never accepts and hides nothing else the gate read."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import site_workspace
from handler import audit
from handler.site_gate import SiteGate

EXEC = 'import base64\nexec(base64.b64decode("cHJpbnQoMSk="))\n'
EXEC_JSON = json.dumps(EXEC)


def _cell(source: str, kind: str = "code", after: str = "") -> str:
    return ('{"cell_type": "%s", "metadata": {}, "outputs": [], "execution_count": null, "source": %s%s}'
            % (kind, source, after))


def _notebook(cells: str, extra: str = "") -> str:
    return '{"nbformat": 4, "nbformat_minor": 5, "metadata": {}%s, "cells": [%s]}' % (extra, cells)


def _reports(scan_json, *paths: Path) -> dict[str, dict]:
    _, doc = scan_json("--no-cache", "--jobs", "1", *map(str, paths))
    return {Path(r["target"]).name: r for r in doc["reports"]}


def _rules(report: dict) -> set[str]:
    return {f["rule"] for f in report["findings"]}


def test_notebooks_the_gate_cannot_read_as_jupyter_does_are_named_and_never_accepted(scan_json, tmp_path: Path) -> None:
    """Before: a notebook whose JSON did not load (100k brackets deep, a 100k-digit number, cut short)
    also raised `unanalyzable.internal-error` (the detector read the JSON a second time, unguarded);
    a cell whose key `source` was given twice was read as Python's json reads it (the last value), so a
    payload in the first value was accepted unseen, as was a cell of a type nbformat does not know."""
    notebooks = {
        "deep.ipynb": _notebook(_cell(EXEC_JSON), ', "x": ' + "[" * 100_000 + "]" * 100_000),
        "digits.ipynb": _notebook(_cell(EXEC_JSON), ', "x": ' + "9" * 100_000),
        "cut.ipynb": _notebook(_cell(EXEC_JSON))[:60],
        "twice.ipynb": _notebook(_cell(EXEC_JSON, after=', "source": "x = 1\\n"')),
        "celltype.ipynb": _notebook(_cell(EXEC_JSON, kind="Code")),
    }
    paths = []
    for name, text in notebooks.items():
        (tmp_path / name).write_text(text)
        paths.append(tmp_path / name)
    reports = _reports(scan_json, *paths)
    assert _rules(reports["deep.ipynb"]) == {"unanalyzable.limit-nesting-depth"}
    for name in ("digits.ipynb", "cut.ipynb"):
        assert _rules(reports[name]) == {"unanalyzable.notebook"}, name
    for name in ("twice.ipynb", "celltype.ipynb"):
        assert "unanalyzable.notebook" in _rules(reports[name]), name
    for report in reports.values():
        assert report["decision"] == "escalate", report["target"]


def test_an_allowlist_line_nested_past_pythons_json_reader_is_damage_not_a_crash(jobgate, tmp_path: Path) -> None:
    """Before: `json.loads` raised RecursionError out of the allowlist reader ("jobgate: internal error"
    and a traceback); now the line is read as damage, named with its line, as any corrupt line is."""
    job = tmp_path / "train.py"
    job.write_text("x = 1\n")
    allowlist = tmp_path / "allowlist.jsonl"
    allowlist.write_text("[" * 100_000 + "]" * 100_000 + "\n")
    proc = jobgate("scan", "--no-cache", "--allowlist", str(allowlist), str(job))
    assert proc.returncode == 2
    assert f"{allowlist}:1: not a JSON object (corrupt line)" in proc.stderr
    assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr


def test_a_meta_json_key_given_twice_is_named_and_the_job_read_as_nvflare_reads_it(scan_json, tmp_path: Path) -> None:
    """NVFlare's server reads meta.json with json.loads (fuel/utils/json_config_loader.py, through
    private/fed/server/job_meta_validator.py): of two `deploy_map` keys the last counts, so app2, with the
    payload, is deployed nowhere; a reviewer reading the first sees it deployed. Before: accepted, the
    repetition unsaid; now `unanalyzable.meta-json` names it (escalate)."""
    client = {"format_version": 2, "executors": [{"tasks": ["train"], "executor": {
        "path": "nvflare.app_common.executors.client_api_executor.ClientAPIExecutor",
        "args": {"command": "python3 -u custom/train.py"}}}]}
    for app, code in (("app", "import numpy as np\nx = np.zeros(3)\n"), ("app2", EXEC)):
        (tmp_path / app / "config").mkdir(parents=True)
        (tmp_path / app / "config" / "config_fed_client.json").write_text(json.dumps(client))
        (tmp_path / app / "custom").mkdir()
        (tmp_path / app / "custom" / "train.py").write_text(code)
    (tmp_path / "meta.json").write_text('{"name": "twice", "deploy_map": {"app2": ["@ALL"], "app": ["site-x"]}, '
                                        '"deploy_map": {"app": ["@ALL"]}}')
    report = _reports(scan_json, tmp_path)[tmp_path.name]
    assert report["decision"] == "escalate"
    assert [f["message"] for f in report["findings"]] == [
        "meta.json gives the key 'deploy_map' twice: NVFlare reads the last value, a reviewer or another reader "
        "the first"]
    assert {f["path"] for f in report["files"]} == {"app/config/config_fed_client.json", "app/custom/train.py"}


def test_code_too_deep_for_pythons_default_recursion_limit_is_still_read(scan_json, tmp_path: Path) -> None:
    """CPython's parser counts its levels against the recursion limit, which the job sets for the modules it
    imports next: deep.py (a 5,000-part attribute chain) is refused by `python3 deep.py` but runs after
    main.py's `sys.setrecursionlimit(100000)`. Before: only its limit finding, so the exec in it was hidden
    (escalate); now CPython's tree is built in the limited worker with a raised limit and read through the
    flat stand-in, and the exec is found beside the limit finding."""
    (tmp_path / "main.py").write_text("import sys\nsys.setrecursionlimit(100000)\nimport deep\n")
    (tmp_path / "deep.py").write_text(EXEC + "x = a" + ".b" * 5_000 + "\n")
    report = _reports(scan_json, tmp_path)[tmp_path.name]
    found = {(f["path"], f["rule"]) for f in report["findings"]}
    assert {("deep.py", "unanalyzable.limit-nesting-depth"), ("deep.py", "dynamic-code.eval-exec")} <= found
    assert report["decision"] == "reject"


def test_a_site_keeps_the_verdict_of_a_job_whose_client_config_nests_past_pythons_json_reader(tmp_path: Path) -> None:
    """The site gate (NVFlare's deploy-time validator runs it in the client's parent process) judged the job,
    then read the client config again for its deploy record with an unguarded json.loads: the RecursionError
    made the reject an "internal error", its findings unsaid. Now the record is written and the job rejected."""
    app = site_workspace(tmp_path / "ws") / "job-1" / "app_site-1"
    (app / "config").mkdir(parents=True)
    (app / "custom").mkdir()
    (app / "config" / "config_fed_client.json").write_text('{"format_version": 2, "x": ' + "[" * 100_000
                                                           + "]" * 100_000 + "}")
    (app / "custom" / "train.py").write_text(EXEC)
    (app.parent / "fl_app.txt").write_text("app")
    gate = SiteGate(None, None, str(tmp_path / "queue"), str(tmp_path / "audit.jsonl"))
    verdict = gate.check_deployed_app(app, {})
    assert not verdict.allow and "dynamic-code.eval-exec (critical) at app/custom/train.py:2" in verdict.message
    assert [(r["route"], r["decision"]) for r in audit.read(tmp_path / "audit.jsonl")] == [("deploy", "reject")]
