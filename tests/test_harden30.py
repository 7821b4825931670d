"""Session 30 hardening: the site's worker dies with its site, reports do not depend on the hash seed, long
class chains are judged on their merits. The same attacks through a real NVFlare POC:
tests/e2e/test_harden30_poc.py."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import ROOT

# Asserts on wall time (its time budgets and limits): `make test` runs it alone, after the parallel run.
pytestmark = pytest.mark.serial

SLOW = "import numpy as np\n" + "".join(f"x{i} = np.zeros({i})\n" for i in range(30000))

# A site's process: starts jobgate's fork server, asks it to analyse a slow job, waits.
_SITE = textwrap.dedent("""
    import sys
    from analyzer.api import analyze_isolated
    from analyzer.engine.collect import collect
    from analyzer.engine import isolate
    from analyzer.policy import load_policy

    policy = load_policy()
    server = isolate.ForkServer()
    server.start()
    print(server._proc.pid, flush=True)
    analyze_isolated(collect(sys.argv[1], policy.limits), policy, server)
""")


def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def _tree(pid: int) -> list[int]:
    """`pid` and its live descendants."""
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        found.append(parent)
        todo += [int(e) for e in os.listdir("/proc") if e.isdigit() and (f := _stat(int(e))) and int(f[1]) == parent
                 and f[0] != "Z"]
    return found


def _busy(pid: int) -> bool:
    fields = _stat(pid)
    return fields is not None and (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK") > 1


def _alive(pids: list[int]) -> list[int]:
    return [p for p in pids if (f := _stat(p)) is not None and f[0] != "Z"]


def test_the_fork_server_and_its_busy_child_die_with_the_site_process(tmp_path: Path) -> None:
    """The fork server runs in a session of its own and noticed its site's death only by reading its next
    request: a site killed mid-analysis left the server and its busy child running for the job's whole time
    limit (360 s by default), unread. The server now watches its stdin while it waits for a child."""
    (tmp_path / "job").mkdir()
    (tmp_path / "job" / "slow.py").write_text(SLOW)
    site = subprocess.Popen([sys.executable, "-c", _SITE, str(tmp_path / "job")], cwd=ROOT, stdout=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, text=True)
    workers: list[int] = []
    try:
        server = int(site.stdout.readline())
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not any(_busy(p) for p in _tree(server)[1:]):
            time.sleep(0.1)
        workers = _tree(server)
        assert any(_busy(p) for p in workers[1:]), "the analysis never started"
        site.send_signal(signal.SIGKILL)
        site.wait()
        deadline = time.monotonic() + 10
        while _alive(workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(workers), f"outlived the site: {_alive(workers)}"
    finally:
        site.kill()
        site.wait()
        for pid in _alive(workers):
            os.kill(pid, signal.SIGKILL)


def test_a_yaml_text_of_many_open_brackets_is_refused_before_pyyaml_scans_it(monkeypatch) -> None:
    """PyYAML's scanner keeps a possible key per open `[` and checks them all at each token: 100,000 open
    brackets (200 KB) took 6-20 s of a site's deploy (NVFlare gave up: 'no reply (deployment timeout)'),
    before its composer refused the depth anyway. Counted first now, linearly."""
    from analyzer.engine import configs
    from e2e.harden30_attacks import deep_yaml

    def no_loader():
        raise AssertionError("PyYAML was handed the text")

    monkeypatch.setattr(configs, "_dup_loader", no_loader)
    for text in (deep_yaml(100_000), "a: " + "{a: " * 100_000 + "}" * 100_000):
        doc = configs.ConfigDoc("deep.yaml", "yaml")
        configs._read_yaml(text, doc)
        assert not doc.ok and doc.problems[0].kind == "parse", doc.problems
    monkeypatch.undo()
    doc = configs.ConfigDoc("fine.yaml", "yaml")
    configs._read_yaml("a: " + "[" * 50 + "]" * 50 + "\n", doc)
    assert doc.ok and doc.problems == []


def test_deep_yaml_no_code_reads_is_data_and_a_deep_config_escalates(tmp_path: Path) -> None:
    from analyzer import api
    from e2e.harden30_attacks import deep_yaml

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "deep.yaml").write_text(deep_yaml(100_000))
    assert api.scan(tmp_path / "data").decision.value == "accept"
    app = tmp_path / "job" / "app" / "config"
    app.mkdir(parents=True)
    (tmp_path / "job" / "meta.json").write_text('{"name": "j", "deploy_map": {"app": ["@ALL"]}}')
    (app / "config_fed_client.yml").write_text(deep_yaml(100_000))
    report = api.scan(tmp_path / "job")
    assert report.decision.value == "escalate"
    assert "unanalyzable.config-parse" in {f.rule for f in report.findings}


def _nvflare_job(root: Path, client_config: str) -> Path:
    from e2e.jobs import CLEAN_EXECUTOR

    (root / "app" / "config").mkdir(parents=True)
    (root / "app" / "custom").mkdir()
    (root / "meta.json").write_text('{"name": "j", "deploy_map": {"app": ["@ALL"]}}')
    (root / "app" / "config" / "config_fed_client.json").write_text(client_config)
    (root / "app" / "custom" / "np_exec.py").write_text(CLEAN_EXECUTOR)
    return root


def test_a_config_whose_name_substitutions_expand_past_the_bound_escalates(tmp_path: Path) -> None:
    """448 bytes of config: `"delta": "{a}"`, a = ten `{b}`, ..., h = ten x. NVFlare's wfconf substitutes
    every string of the config, round after round: the job's process built a 10^8-character string (the POC
    job ended in EXECUTION_EXCEPTION after 85 s). The gate only expanded class paths and commands, and
    accepted it."""
    import json

    from analyzer import api
    from e2e.harden30_attacks import json_expansion

    report = api.scan(_nvflare_job(tmp_path / "bomb", json_expansion()))
    assert report.decision.value == "escalate", [f.rule for f in report.findings]
    assert any(f.rule == "unanalyzable.config-parse" and "substitutions make the string" in f.message for f in report.findings)
    doc = json.loads(json_expansion())
    doc["h"] = "x"  # 10^7 characters: still past the bound
    assert api.scan(_nvflare_job(tmp_path / "smaller", json.dumps(doc))).decision.value == "escalate"
    for key in "cdefgh":  # a, b: 100 characters, within it
        doc.pop(key)
    doc["b"] = "x" * 10
    assert api.scan(_nvflare_job(tmp_path / "fine", json.dumps(doc))).decision.value == "accept"


LEAK = ("import os\nimport nvflare.client as flare\nfrom nvflare.app_common.abstract.fl_model import FLModel\n\n"
        "flare.init()\nflare.send(FLModel(params={'k': os.environ['AWS_SECRET_ACCESS_KEY']}))\n")


def _chain(path: Path, depth: int) -> Path:
    path.write_text("class C0:\n    pass\n" + "".join(f"class C{i}(C{i - 1}):\n    pass\n" for i in range(1, depth + 1))
                    + f"x = C{depth}()\n" + LEAK)
    return path


def test_each_class_of_a_chain_is_walked_once_not_once_per_subclass(tmp_path: Path, monkeypatch, in_process) -> None:
    """Each class body asks protocol.methods for the implicit methods of the class and its bases, and each
    walked the whole chain below it: n^2/2 class visits (2,000 classes in one module: 2 million, 300 s of
    CPU under a profiler, 185 s wall for the CLI on a loaded machine). Each class's answer is now kept."""
    from analyzer import api
    from analyzer.engine.flow import engine

    visits = []
    is_dataset_class = engine.Flow.is_dataset_class
    monkeypatch.setattr(engine.Flow, "is_dataset_class", lambda self, name: visits.append(name) or
                        is_dataset_class(self, name))
    depth = 80  # in this process, on its own stack: deeper chains need the limited child's deep stack
    report = api.scan(_chain(tmp_path / "train.py", depth))
    assert report.decision.value == "reject"
    assert len(visits) < 4 * depth, len(visits)


def test_a_chain_of_2000_classes_is_judged_on_its_merits(tmp_path: Path) -> None:
    from analyzer import api

    report = api.scan(_chain(tmp_path / "train.py", 2000))
    rules = {f.rule for f in report.findings}
    assert "credential-harvest.secret-in-channel" in rules and not any(r.startswith("unanalyzable") for r in rules)
    assert report.decision.value == "reject"


def test_a_detector_that_raises_beside_a_payload_leaves_the_site_rejecting_it(tmp_path: Path, monkeypatch,
                                                                              in_process, caplog) -> None:
    """Through the site's deploy route (SiteGate, as NVFlare's validator calls it), analysed in this process so
    that a detector can be made to raise: its error is a finding beside the payload's, never in place of it,
    and the reason is in the site's log."""
    import logging

    from analyzer.engine.detectors import PYTHON_DETECTORS
    from e2e.jobs import payload_executor
    from handler.site_gate import SiteGate

    calls = []

    def broken(ctx):
        calls.append(ctx.path)
        raise RuntimeError("a bug in one detector")

    for name in ("update-leak", "secret-leak", "unresolved-names"):
        assert name in PYTHON_DETECTORS
        monkeypatch.setitem(PYTHON_DETECTORS, name, broken)
    app = tmp_path / "job1" / "app_site-1"
    (app / "config").mkdir(parents=True)
    (app / "custom").mkdir()
    (app.parent / "fl_app.txt").write_text("app_client")
    (app / "config" / "config_fed_client.json").write_text(
        '{"format_version": 2, "executors": [{"tasks": ["train"], "executor": {"path": "np_exec.AddOne"}}], '
        '"components": []}')
    (app / "custom" / "np_exec.py").write_text(payload_executor(tmp_path / "imported", tmp_path / "built"))
    (tmp_path / "policy.yaml").write_text("runtime_guard: false\n")
    gate = SiteGate(tmp_path / "policy.yaml", None, tmp_path / "queue", tmp_path / "audit.jsonl")
    gate.isolated = False
    with caplog.at_level(logging.INFO, logger="jobgate"):
        verdict = gate.check_deployed_app(app, {})
    assert calls, "the broken detectors never ran"
    assert not verdict.allow and "jobgate: rejected" in verdict.message, verdict.message
    assert any("jobgate: rejected" in r.getMessage() for r in caplog.records)
    assert not (tmp_path / "imported").exists() and not (tmp_path / "built").exists()


def test_two_jobs_at_once_at_one_site_each_get_their_own_limit(tmp_path: Path) -> None:
    """One fork server judges a site's jobs one after the other: a slow job past its limit does not take the
    limit of the job waiting behind it (its clock starts with its turn)."""
    import threading

    from analyzer.api import analyze_isolated
    from analyzer.engine import isolate
    from analyzer.engine.collect import collect
    from analyzer.policy import load_policy

    (tmp_path / "policy.yaml").write_text("limits:\n  max_analysis_seconds: 2\n")
    policy = load_policy(tmp_path / "policy.yaml")
    for name, text in (("slow", SLOW), ("fast", "import numpy as np\nx = np.zeros(3)\n")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "train.py").write_text(text)
    server = isolate.ForkServer()
    server.start()
    reports: dict = {}
    try:
        def judge(name: str) -> None:
            reports[name] = analyze_isolated(collect(tmp_path / name, policy.limits), policy, server)

        slow = threading.Thread(target=judge, args=("slow",))
        slow.start()
        time.sleep(0.5)
        judge("fast")
        slow.join()
    finally:
        server.close()
    assert "unanalyzable.time-limit" in {f.rule for f in reports["slow"].findings}
    assert reports["fast"].decision.value == "accept", [f.rule for f in reports["fast"].findings]
