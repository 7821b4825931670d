"""Red team 56a: the update and log channel, attacked by an author who read the flow code.

Closed here (docs/redteam56a-attempts.md): a tensor's max(dim)/min(dim) as a method (`vals, idx = t.max(0)`,
`t.min(dim=0).indices`, `t.max(0)[1]`), whose indices are the rows the data picks, as torch.max's are (the method was
read as a reduction); a secret read through os.environb, os.getenvb or posix.environ (bytes names, the mapping
os.environ copies) sent in the update, which only escalated (os.environ's were rejected); a program that prints the
environment (printenv, env alone), whose output sent in the update escalated as unknown.
"""

import pytest

from analyzer.model import Decision

import redteam_kit as kit

SECRET = "credential-harvest.secret-in-channel"
PROGRAM = "credential-harvest.environ-program"
CLIENT = kit.ClientJob(imports="import os\nimport pandas as pd\nimport torch\nimport nvflare.client as flare\n")
TENSORS = ('age = torch.tensor(df["age"].to_numpy(), dtype=torch.float32)\n'
           'ids = torch.tensor(df["patient_id"].to_numpy())\n')


@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/redteam56a_*", "jobs/redteam56a_*"))
def test_attack_sample_is_held(sample):
    kit.assert_held(kit.scan_sample(sample))


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_redteam56a_*", "jobs/near_redteam56a_*"))
def test_twin_sample_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


def test_every_sample_is_labelled():
    samples = set(kit.corpus_samples("malicious/redteam56a_*", "benign/near_redteam56a_*", "jobs/*redteam56a_*"))
    assert len(samples) == 20
    assert {e["path"] for e in kit.labelled("redteam56a_")} == samples


# ---- a tensor's max(dim) / min(dim) as a method: (values, indices) -------------------------------------------------

@pytest.mark.parametrize("body, value", [
    ("vals, idx = age.max(0)", "int(idx)"),
    ("_, idx = age.min(dim=0)", "idx.item()"),
    ("idx = (ids == 1042).int().max(0)[1]", "float(idx)"),
    ("idx = age.max(dim=0).indices", "int(idx)"),
    ("idx = age.min(0)[1]", "int(idx)"),
])
def test_method_indices_are_held(tmp_path, body, value):
    decision, rules = CLIENT.verdict(tmp_path, TENSORS + body, extra=f", metrics={{'v': {value}}}")
    assert decision != "accept", rules


@pytest.mark.parametrize("body, value", [
    ("top, _ = age.max(0)", "float(top)"),  # the extreme itself, as torch.max(t, 0)[0] (test_redteam25)
    ("top = age.max(dim=0).values", "float(top)"),
    ("top = age.max()", "float(top)"),  # no dimension: one value, no pair
])
def test_method_values_stay_accepted(tmp_path, body, value):
    decision, rules = CLIENT.verdict(tmp_path, TENSORS + body, extra=f", metrics={{'v': {value}}}")
    assert decision == "accept", rules


# ---- secrets through the bytes environment, the environment printed by a program ------------------------------------

@pytest.mark.parametrize("value, rule", [
    ('os.environb[b"AWS_SECRET_ACCESS_KEY"].decode()', SECRET),
    ('os.getenvb(b"HF_TOKEN")', SECRET),
    ('os.environb.get(b"WANDB_API_KEY", b"")', SECRET),
    ('posix.environ[b"GITHUB_TOKEN"]', SECRET),
    ('subprocess.check_output(["printenv"]).decode()', PROGRAM),
    ('subprocess.run("env | sort", shell=True, capture_output=True, text=True).stdout', PROGRAM),
    ('os.popen("printenv AWS_SECRET_ACCESS_KEY").read()', PROGRAM),
])
def test_environment_in_meta_rejects(tmp_path, value, rule):
    source = CLIENT.source(extra=f", meta={{'k': {value}}}", head="import posix\nimport subprocess")
    kit.assert_held(kit.scan_source(tmp_path, source), rule, Decision.REJECT)


def test_bytes_environment_setting_is_no_secret(tmp_path):
    """A variable not named like a secret read through os.environb is a setting of the site, no credential."""
    report = kit.scan_source(tmp_path, CLIENT.source(extra=", meta={'dir': os.environb[b'DATA_DIR'].decode()}"))
    assert not kit.holds(report, SECRET), kit.findings(report)


def test_program_run_under_env_is_no_dump(tmp_path):
    """`env VAR=1 program` runs a program with a variable set: it prints nothing of the environment."""
    body = 'subprocess.run(["env", "CUDA_VISIBLE_DEVICES=0", "nvidia-smi"])'
    report = kit.scan_source(tmp_path, CLIENT.source(body, head="import subprocess"))
    assert not kit.holds(report, PROGRAM), kit.findings(report)
