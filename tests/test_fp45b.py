"""Session 45 (fp45b): a test of whether a secret is set (`bool(os.environ.get("WANDB_API_KEY"))`, `"HF_TOKEN" in
os.environ`, `os.getenv(K) is None`, `if os.environ.get(K):`) is one bit of the site's deployment per name, not the
secret (flow/presence.py): the catalogue vouches for it as `os.environ.__contains__`, the log may carry it, the
update is reviewed. A test of anything made of the value (its characters, its length, a comparison, a name bound
to it, a default that is another secret, a `bool` the job defines) still reads the secret. NVFlare's
advanced/llm_hf escalated on `bool(os.environ.get("WANDB_API_KEY"))` and the prints under it."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from analyzer import api

POLICY = api.load_policy()
CORPUS = Path(__file__).resolve().parents[1] / "corpus"
UNKNOWN = "update-channel-leak.unknown-provenance"
SECRET = "credential-harvest.secret-in-channel"

CLIENT = """\
    import os

    import torch
    import nvflare.client as flare

    {before}

    def main():
        net = torch.nn.Linear(4, 2)
        flare.init()
        while flare.is_running():
            model = flare.receive()
            net.load_state_dict(model.params)
            flare.send(flare.FLModel(params=net.state_dict(), metrics={metrics}))


    main()
"""


def scan(tmp_path: Path, before: str, metrics: str = "{}") -> tuple[str, set[str], list[str]]:
    (tmp_path / "client.py").write_text(dedent(CLIENT).format(before=dedent(before), metrics=metrics))
    report = api.scan(tmp_path, POLICY)
    rules = {f.rule for f in report.findings if f.severity != "info" or f.never_accept}
    return report.decision.value, rules, [f.message or "" for f in report.findings]


@pytest.mark.parametrize("before", [
    'USE_WANDB = bool(os.environ.get("WANDB_API_KEY"))\nif USE_WANDB:\n    print("wandb on")\nelse:\n    print("off")',
    'if os.environ.get("HF_TOKEN"):\n    print("hub token set")',
    'if os.getenv("AWS_SECRET_ACCESS_KEY") is None and not os.environ.get("AZURE_STORAGE_KEY", ""):\n    print("local")',
    'if "HF_TOKEN" in os.environ:\n    print("hub token set")',
    'mode = "online" if os.environ.get("WANDB_API_KEY") is not None else "offline"\nprint(mode)',
])
def test_presence_of_a_secret_in_the_log_is_accepted(tmp_path, before):
    decision, rules, _ = scan(tmp_path, before)
    assert decision == "accept", rules
    assert not rules


@pytest.mark.parametrize("before", [
    'while not os.environ.get("HF_TOKEN"):\n    break\n',
    'assert os.getenv("HF_TOKEN") or True, "no token"',
])
def test_presence_of_a_secret_deciding_whether_the_model_is_loaded_is_reviewed(tmp_path, before):
    """Session 51 (red team 51a, Frame.moved_model): a load or a step into the model carries the bits of what decided
    that it runs, here the presence bit an assert or a loop's exit leaves for the rest of the module. The model's
    load after it is read as holding that bit, so the update is reviewed (the presence bit is no secret, and the log
    may still carry it: the cases above). A cost the branch chose: it cannot tell a bit that only decides whether the
    job goes on (a crash says as much) from one that decides how the update differs."""
    decision, rules, messages = scan(tmp_path, before)
    assert decision == "escalate" and rules == {UNKNOWN}, rules
    assert any("whether the secret HF_TOKEN is set" in m for m in messages), messages


@pytest.mark.parametrize("before", [
    'key = os.environ.get("HF_TOKEN", "")\nif key[0] == "h":\n    print("h")',
    'if len(os.environ.get("HF_TOKEN", "")) > 30:\n    print("long")',
    'if os.environ.get("HF_TOKEN") == "hf_abc":\n    print("guessed")',
    'key = os.environ.get("HF_TOKEN")\nif key:\n    print("set")',
    'if (key := os.environ.get("HF_TOKEN")):\n    print("set")',
    'if os.environ.get("NOT_SET", os.environ.get("HF_TOKEN", "")[:1] == "h"):\n    print("h")',
])
def test_a_test_of_the_secret_value_stays_reviewed(tmp_path, before):
    decision, rules, messages = scan(tmp_path, before)
    assert decision != "accept"
    assert UNKNOWN in rules or SECRET in rules, rules
    assert any("a branch on a secret" in m or "a secret (" in m for m in messages), messages


@pytest.mark.parametrize("metrics, name", [
    ('{"hub": 1.0 if "HF_TOKEN" in os.environ else 0.0}', "HF_TOKEN"),
    ('{"w": float(bool(os.environ.get("WANDB_API_KEY")))}', "WANDB_API_KEY"),
])
def test_presence_bit_in_the_update_is_reviewed(tmp_path, metrics, name):
    decision, rules, messages = scan(tmp_path, "", metrics)
    assert decision == "escalate"
    assert rules == {UNKNOWN}
    assert any(f"whether the secret {name} is set" in m for m in messages)


def test_a_default_of_an_environment_read_is_its_value(tmp_path):
    """`os.environ.get("X", key)` is the key when X is unset (escalated on main only as an unvouched read)."""
    decision, rules, _ = scan(tmp_path, 'print(os.environ.get("SOME_DIR", os.environ.get("HF_TOKEN", "")))')
    assert decision == "reject"
    assert SECRET in rules


def test_a_bool_the_job_defines_is_no_presence_test(tmp_path):
    decision, rules, _ = scan(tmp_path, "def bool(v):\n    return v",
                              '{"hub": bool(os.environ.get("HF_TOKEN"))}')
    assert decision == "reject"
    assert SECRET in rules


def test_the_value_of_a_secret_is_still_unvouched_and_rejected_in_the_log(tmp_path):
    decision, rules, messages = scan(tmp_path, 'print(os.environ.get("HF_TOKEN"))')
    assert decision == "reject"
    assert SECRET in rules and "unvouched.api" in rules
    assert any("os.environ.get" in m for m in messages)


def test_a_setdefault_is_no_presence_test(tmp_path):
    decision, rules, messages = scan(tmp_path, 'if os.environ.setdefault("LD_PRELOAD", "/tmp/x.so"):\n    pass')
    assert decision != "accept"
    assert rules


@pytest.mark.parametrize("sample, decisions", [
    ("benign/fp45b_secret_presence_client.py", {"accept"}),
    ("malicious/fp45b_secret_bits_in_log.py", {"reject", "escalate"}),
    ("malicious/fp45b_secret_shadowed_bool.py", {"reject"}),
    ("malicious/fp45b_secret_presence_in_metrics.py", {"escalate", "reject"}),
])
def test_corpus_twins(sample, decisions):
    assert api.scan(CORPUS / sample, POLICY).decision.value in decisions
