"""Honest accepts of session 25, each beside the way the same idiom leaks, which must still be reviewed or
rejected: the host's name and memory logged locally (socket.gethostname, psutil)."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

from analyzer import api

POLICY = api.load_policy()
CORPUS = Path(__file__).resolve().parents[1] / "corpus"
UNKNOWN = "update-channel-leak.unknown-provenance"


def scan(path: Path) -> tuple[str, set[str]]:
    report = api.scan(path, POLICY)
    return report.decision.value, {f.rule for f in report.findings if not f.rule.startswith("obfuscation.lint")}


def unit(tmp_path: Path, files: dict[str, str]) -> tuple[str, set[str]]:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(dedent(text))
    return scan(tmp_path)


# ---- host facts ---------------------------------------------------------------------------------------------

HOST = """\
import socket

import psutil
import torch

import nvflare.client as flare

net = torch.nn.Linear(2, 1)
flare.init()
while flare.is_running():
    m = flare.receive()
    net.load_state_dict(m.params)
    print(socket.gethostname(), psutil.virtual_memory().total, psutil.cpu_count())
    flare.send(flare.FLModel(params=net.state_dict(){meta}))
"""


def test_host_facts_logged_locally_are_accepted() -> None:
    assert scan(CORPUS / "benign" / "host_info_logging.py") == ("accept", set())


def test_host_facts_in_the_job_log_are_accepted(tmp_path: Path) -> None:
    assert unit(tmp_path, {"client.py": HOST.format(meta="")}) == ("accept", set())


def test_the_host_name_in_the_update_is_reviewed(tmp_path: Path) -> None:
    decision, rules = unit(tmp_path, {"client.py": HOST.format(meta=', meta={"host": socket.gethostname()}')})
    assert decision == "escalate" and UNKNOWN in rules


def test_the_host_name_through_a_helper_into_the_update_is_reviewed() -> None:
    decision, rules = scan(CORPUS / "malicious" / "bn25_hostname_in_update_meta.py")
    assert decision == "escalate" and UNKNOWN in rules


def test_psutil_processes_stay_unvouched() -> None:
    decision, rules = scan(CORPUS / "malicious" / "bn25_psutil_kill_monitors.py")
    assert decision == "escalate" and "unvouched.api" in rules
