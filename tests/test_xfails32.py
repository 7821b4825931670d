"""Session 32 (xfails32): known wrong accepts closed. Each attack was accepted before its fix; the idiom it mimics
stays accepted. Samples: corpus/*/xf32_*."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzer import api
from analyzer.model import Decision

POLICY = api.load_policy()
CORPUS = Path(__file__).resolve().parent.parent / "corpus"
TRAIN = "import nvflare.client as flare\nflare.init()\nm = flare.receive()\nflare.send(m)\n"


def _job(root: Path, command: str) -> Path:
    (root / "app" / "config").mkdir(parents=True)
    (root / "app" / "custom").mkdir()
    config = {"format_version": 2, "executors": [{"tasks": ["train"], "executor": {
        "path": "nvflare.app_common.executors.client_api_executor.ClientAPIExecutor",
        "args": {"execution_mode": "external_process", "command": command}}}],
        "task_data_filters": [], "task_result_filters": [], "components": []}
    (root / "app" / "config" / "config_fed_client.json").write_text(json.dumps(config))
    (root / "app" / "custom" / "train.py").write_text(TRAIN)
    (root / "meta.json").write_text(json.dumps({"name": "j", "deploy_map": {"app": ["@ALL"]}}))
    return root


# A program before the interpreter is a program of its own: setsid moves the trainer out of the process group
# NVFlare stops (it outlives the job), stdbuf preloads a library into it, and the site's guard must allow each
# as a program (and then does not check the Python it starts). Only env with listed settings is looked past.
@pytest.mark.parametrize("command, decision", [
    ("timeout 3600 python3 custom/train.py", Decision.ESCALATE),
    ("setsid python3 -u custom/train.py", Decision.ESCALATE),
    ("nohup python3 -u custom/train.py", Decision.ESCALATE),
    ("stdbuf python3 -u custom/train.py", Decision.ESCALATE),
    ("env OMP_NUM_THREADS=4 timeout 3600 python3 custom/train.py", Decision.ESCALATE),
    ("env OMP_NUM_THREADS=4 python3 -u custom/train.py", Decision.ACCEPT),
    ("python3 -u custom/train.py", Decision.ACCEPT)])
def test_a_program_before_the_interpreter_is_judged_as_the_program(tmp_path: Path, command: str,
                                                                   decision: Decision) -> None:
    report = api.scan(_job(tmp_path, command), POLICY)
    assert report.decision is decision, [(f.rule, f.message) for f in report.findings]


def test_corpus_samples() -> None:
    assert api.scan(CORPUS / "jobs/xf32_cmd_setsid_outlives_job", POLICY).decision is Decision.ESCALATE
    assert api.scan(CORPUS / "jobs/xf32_benign_cmd_env_threads", POLICY).decision is Decision.ACCEPT


# sklearn's clone(p) is an instance of p's class with its settings, as copy.copy(p) is: a store on it is judged as one
# on p (red team 16's store_on_clone, now in tests/test_redteam16.py's closed cases).
def test_a_store_on_a_clone_is_judged_as_on_the_estimator() -> None:
    assert api.scan(CORPUS / "malicious/xf32_clone_pipeline_memory_share.py", POLICY).decision is not Decision.ACCEPT
    assert api.scan(CORPUS / "benign/xf32_clone_pipeline.py", POLICY).decision is Decision.ACCEPT
