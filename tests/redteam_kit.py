"""What the red-team tests share (tests/test_redteam*.py, test_threats39.py): new ones should use it too.

A red-team file holds attacks, corpus samples or code written in the test, that the gate must hold (escalate or
reject), each beside the honest twin nearest to it, which must stay accepted. The pieces:

- the corpus: CORPUS, corpus_samples (the samples globs name), labelled (entries of corpus/labels.yaml);
- scanning with POLICY, the default site policy: scan (a file or folder), scan_sample (a corpus sample),
  scan_source (code written to a file first), scan_files (files written to a folder), scan_text (code in memory);
- reading a report: rules, findings (what an assert shows when it fails), holds (a rule, or a family of rules);
- asserting a decision: assert_accepted, assert_held (optionally the exact decision and the rule that decides);
- an NVFlare Client API client to write attack code into: ClientJob; a client that reads the site's rows: ROWS_CLIENT;
  one that trains on them and sends a metric: scan_training_client;
  a job folder whose launcher runs custom/client.py with a command line: client_api_job;
- running an attack for real: run_with_stub (the stub Client API and a site table), FL_PYTHON (a Python with torch
  and pandas), admin_command (an NVFlare admin shell command, as the server and the client run it).

Usage, in a new tests/test_redteamNN.py:

    import redteam_kit as kit

    CLIENT = kit.ClientJob(imports="import os\\nimport pandas as pd\\nimport torch\\nimport nvflare.client as flare\\n")

    @pytest.mark.parametrize("sample", kit.corpus_samples("malicious/rtNN_*", "jobs/rtNN_*"))
    def test_attack_is_held(sample):
        kit.assert_held(kit.scan_sample(sample))

    @pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_rtNN_*"))
    def test_near_twin_stays_accepted(sample):
        kit.assert_accepted(kit.scan_sample(sample))

    def test_cwd_in_meta(tmp_path):
        decision, rules = CLIENT.verdict(tmp_path, "pass", extra=", meta={'at': os.getcwd()}")
        assert decision == "escalate", rules
"""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import yaml

from analyzer import api
from analyzer.engine.collect import from_bytes
from analyzer.model import Decision, Report
from analyzer.policy import Policy

import client_api_stub
from conftest import CORPUS

POLICY = api.load_policy()
FL_PYTHON = Path("/work/fl-venv/bin/python")  # a Python with torch and pandas, to run an attack for real


# ---- the corpus -------------------------------------------------------------------------------------------------

def corpus_samples(*patterns: str) -> list[str]:
    """The samples the globs `patterns` name under corpus/, as paths relative to it, sorted."""
    return sorted(p.relative_to(CORPUS).as_posix() for pattern in patterns for p in CORPUS.glob(pattern))


def labelled(marker: str) -> list[dict]:
    """The entries of corpus/labels.yaml whose path holds `marker` (e.g. "rt35_"), in the file's order."""
    return [e for e in yaml.safe_load((CORPUS / "labels.yaml").read_text()) if marker in e["path"]]


# ---- scanning ---------------------------------------------------------------------------------------------------

def scan(target: Path, policy: Policy = POLICY) -> Report:
    """The report on a file or a folder (a job, a unit of files)."""
    return api.scan(target, policy)


def scan_sample(sample: str, policy: Policy = POLICY) -> Report:
    """The report on a corpus sample (a path relative to corpus/: a file or a job folder)."""
    return scan(CORPUS / sample, policy)


def scan_source(folder: Path, source: str, name: str = "client.py", policy: Policy = POLICY) -> Report:
    """The report on `source` written as folder/`name` (that file alone is scanned, not the folder)."""
    path = folder / name
    path.write_text(source)
    return scan(path, policy)


def scan_files(folder: Path, files: dict[str, str], policy: Policy = POLICY) -> Report:
    """The report on `folder` once each of `files` (relative path: text) is written into it."""
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    return scan(folder, policy)


def scan_text(source: str, name: str = "client.py", policy: Policy = POLICY) -> Report:
    """The report on `source` as a file `name`, analysed in memory (no file is written)."""
    return api.analyze(from_bytes(name, source.encode(), policy.limits), policy)


# ---- reading a report and asserting its decision ------------------------------------------------------------------

def rules(report: Report) -> set[str]:
    """The rules of the report's findings."""
    return {f.rule for f in report.findings}


def findings(report: Report) -> list[tuple[str, str]]:
    """(rule, message) of each finding: what an assert on the report shows when it fails."""
    return [(f.rule, f.message) for f in report.findings]


def holds(report: Report, rule: str) -> bool:
    """Whether a finding of the report is of `rule`, or of the family `rule` names when it ends with a dot
    ("update-channel-leak.")."""
    return any(f.rule.startswith(rule) if rule.endswith(".") else f.rule == rule for f in report.findings)


def assert_accepted(report: Report) -> None:
    """The report accepts."""
    assert report.decision is Decision.ACCEPT, findings(report)


def assert_held(report: Report, rule: str | None = None, decision: Decision | None = None) -> None:
    """The report does not accept; given `decision`, it decides exactly that; given `rule` (see holds), a finding
    of that rule is among its findings."""
    assert report.decision is not Decision.ACCEPT, findings(report)
    if decision is not None:
        assert report.decision is decision, findings(report)
    if rule is not None:
        assert holds(report, rule), findings(report)


# ---- an NVFlare Client API client to put attack code in -----------------------------------------------------------

# A client that reads the site's rows (`rows`, a list of csv rows) and receives the global model (`model`).
ROWS_CLIENT = '''import csv
import nvflare.client as flare

rows = list(csv.reader(open("/data/site/train.csv")))
flare.init()
model = flare.receive()
'''

_LOOP = '''flare.init()
df = pd.read_csv("/data/site/patients.csv")
net = torch.nn.Linear(4, 2)
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
{body}
    flare.send(flare.FLModel(params=net.state_dict(){extra}))
'''


@dataclass(frozen=True)
class ClientJob:
    """An NVFlare Client API client (client.py): `imports` (they must bind pd, torch and flare) and `setup` at
    module level, then the training loop: the site's table `df` (pandas, /data/site/patients.csv), the global
    model received as `model` and loaded into `net` (torch.nn.Linear(4, 2)), net's state sent back."""

    imports: str
    setup: str = ""

    def source(self, body: str = "pass", extra: str = "", head: str = "") -> str:
        """The client with `head` before everything (what an attack imports or defines), `body` (dedented) in the
        loop once the model is loaded, and `extra` after the sent FLModel's params (", meta={...}")."""
        loop = _LOOP.format(body=textwrap.indent(textwrap.dedent(body), "    "), extra=extra)
        return head + "\n" + self.imports + "\n" + self.setup + loop

    def verdict(self, folder: Path, body: str = "pass", extra: str = "", head: str = "") -> tuple[str, set[str]]:
        """The decision (its value: "accept", "escalate", "reject") and the rules of the scan of source()."""
        report = scan_source(folder, self.source(body, extra, head))
        return report.decision.value, rules(report)


# A Client API client (train.py) whose main() trains net on the site's table (X, Y of df) each round and holds
# the round's loss in `value`; scan_training_client ends the round with a test's lines and a metric's send.
TRAINING_CLIENT = """import json
import pandas as pd
import torch
import nvflare.client as flare

df = pd.read_csv("data/site.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)


def main():
    net = torch.nn.Linear(X.shape[1], 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(net(X).squeeze(-1), Y)
        loss.backward()
        opt.step()
        value = loss.item()
"""


def scan_training_client(folder: Path, body: str, value: str = "value") -> Report:
    """The report on TRAINING_CLIENT with `body` (lines indented 8: the round's) and then `value` sent as the
    metric "v"."""
    send = f"        flare.send(flare.FLModel(params=net.state_dict(), metrics={{'v': {value}}}))\n"
    return scan_source(folder, TRAINING_CLIENT + body + send, "train.py")


def client_api_job(root: Path, custom: dict[str, str], app_config: str) -> Path:
    """An NVFlare job folder `root` (meta.json, app/config/config_fed_client.json) whose ClientAPIExecutor runs
    `python3 -u custom/client.py <app_config>` in an external process; `custom` holds the files of app/custom
    (name: text)."""
    app = root / "app"
    (app / "config").mkdir(parents=True)
    (app / "custom").mkdir()
    config = {"format_version": 2, "app_script": "client.py", "app_config": app_config,
              "executors": [{"tasks": ["train"], "executor": {
                  "path": "nvflare.app_common.executors.client_api_executor.ClientAPIExecutor",
                  "args": {"execution_mode": "external_process",
                           "command": "python3 -u custom/{app_script} {app_config}"}}}],
              "task_data_filters": [], "task_result_filters": [], "components": []}
    (app / "config" / "config_fed_client.json").write_text(json.dumps(config, indent=2))
    for name, text in custom.items():
        (app / "custom" / name).write_text(text)
    (root / "meta.json").write_text(json.dumps({"name": "j", "deploy_map": {"app": ["@ALL"]}}))
    return root


# ---- running an attack for real -----------------------------------------------------------------------------------

def run_with_stub(folder: Path, source: str, table: str, python: Path | str = sys.executable, name: str = "run.py",
                  timeout: int = 60, check: bool = False) -> subprocess.CompletedProcess:
    """Runs `source` as folder/`name` in `folder`, under the stub Client API (tests/client_api_stub.py: what the
    job sends is kept in flare.SENT), with the site's table /data/site/train.csv replaced by folder/train.csv
    holding `table`. The finished process, its output as text."""
    data = folder / "train.csv"
    data.write_text(table)
    client_api_stub.install(folder)
    (folder / name).write_text(source.replace("/data/site/train.csv", str(data)))
    return subprocess.run([str(python), str(folder / name)], cwd=folder, capture_output=True, text=True,
                          timeout=timeout, check=check)


class _AdminConnection:
    """The part of an admin connection the server's pre-authorization uses (props and errors)."""

    def __init__(self):
        self.props, self.errors = {}, []

    def append_error(self, text, **_):
        self.errors.append(text)

    def set_prop(self, key, value):
        self.props[key] = value

    def get_prop(self, key, default=None):
        return self.props.get(key, default)


def admin_command(command: str, workspace: Path, monkeypatch) -> str:
    """What `<cmd> site-1 <args>` returns to the server's admin, as NVFlare runs it: the server's
    pre-authorization (private/fed/server/shell_cmd.py, where `..`, absolute paths and non-text files are
    refused), then the client's ShellCommandProcessor on the command the server hands on, in the client's
    workspace (its working folder)."""
    from nvflare.private.admin_defs import Message
    from nvflare.private.defs import SysCommandTopic
    from nvflare.private.fed.client.shell_cmd import ShellCommandProcessor
    from nvflare.private.fed.server.shell_cmd import ShellCommandModule

    name, *rest = shlex.split(command)
    spec = next(c for c in ShellCommandModule().get_spec().cmd_specs if c.name == name)
    conn = _AdminConnection()
    assert spec.authz_func(conn, [name, "site-1", *rest]).name == "OK", conn.errors
    monkeypatch.chdir(workspace)
    reply = ShellCommandProcessor().process(Message(topic=SysCommandTopic.SHELL, body=conn.get_prop("shell_cmd")), None)
    return reply.body
