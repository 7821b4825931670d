"""Session 56 leftovers: a secret through the bytes environment sent over the network, and other processes'
/proc entries (their command lines hold the tokens they were started with) in the update, the log or a request.

Closed here (docs/redteam56a-attempts.md, Session 56 (leftovers56)): rules/flow/sources.yaml environ_mappings is
the one list of the environment's mappings, read by the flow's pre-check (flow/facts.py) and detectors/paths.py
too, so `os.environb[b"AWS_SECRET_ACCESS_KEY"]` in a request rejects as os.environ's does; a path that folds under
another process's /proc folder, or to any process's cmdline (secrets.yaml process_files), is a secret where it
reaches a channel, and the job's own /proc/self/status and statm (own_process_figures) are no source.
"""

import pytest

from analyzer.model import Decision

import redteam_kit as kit

SECRET = "credential-harvest.secret-in-channel"
SENT = "network.data-to-network"
CLIENT = kit.ClientJob(imports="import os\nimport pathlib\nimport pandas as pd\nimport torch\nimport nvflare.client as flare\n")
# a helper module that posts: no update sink of its own
HELPER = "import os\nimport posix\nimport requests\n\n\ndef report(url, pid):\n    requests.post(url, {sent}, timeout=5)\n"


@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/leftovers56_*"))
def test_attack_sample_is_held(sample):
    kit.assert_held(kit.scan_sample(sample), decision=Decision.REJECT)


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_leftovers56_*"))
def test_twin_sample_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


def test_every_sample_is_labelled():
    samples = set(kit.corpus_samples("malicious/leftovers56_*", "benign/near_leftovers56_*"))
    assert len(samples) == 4
    assert {e["path"] for e in kit.labelled("leftovers56_")} == samples


# ---- the bytes environment in a request ---------------------------------------------------------------------------

@pytest.mark.parametrize("sent", [
    'data=os.environb[b"AWS_SECRET_ACCESS_KEY"]',
    'headers={"Authorization": posix.environ[b"HF_TOKEN"]}',
    'json={"k": os.environb[b"GITHUB_TOKEN"].decode()}',
])
def test_bytes_environment_secret_sent_rejects(tmp_path, sent):
    kit.assert_held(kit.scan_source(tmp_path, HELPER.format(sent=sent)), SENT, Decision.REJECT)


def test_bytes_environment_setting_in_a_request_is_not_sent_data(tmp_path):
    """A variable not named like a secret is a setting of the site: a request to it is a download (escalated for
    the request alone), not data sent."""
    report = kit.scan_source(tmp_path, HELPER.format(sent='params={"site": os.environb[b"FL_SITE_NAME"]}'))
    assert report.decision is Decision.ESCALATE and not kit.holds(report, SENT), kit.findings(report)


# ---- other processes' /proc entries -------------------------------------------------------------------------------

@pytest.mark.parametrize("body, value", [
    ('line = open(os.path.join("/proc", str(os.getppid()), "cmdline"), "rb").read()', "line.decode()"),
    ('line = (pathlib.Path("/proc") / str(os.getppid()) / "status").read_text()', "line"),
    ('lines = [open(os.path.join("/proc", p, "cmdline")).read() for p in os.listdir("/proc") if p.isdigit()]',
     "lines"),
    ('line = open("/proc/self/cmdline").read()', "line"),  # the trainer's own: its launcher's arguments
])
def test_process_entry_in_meta_rejects(tmp_path, body, value):
    source = CLIENT.source(body, extra=f", meta={{'p': {value}}}")
    kit.assert_held(kit.scan_source(tmp_path, source), SECRET, Decision.REJECT)


def test_process_cmdline_sent_rejects(tmp_path):
    report = kit.scan_source(tmp_path, HELPER.format(sent='data=open(os.path.join("/proc", pid, "cmdline")).read()'))
    kit.assert_held(report, SENT, Decision.REJECT)


def test_process_cmdline_logged_rejects(tmp_path):
    body = 'for p in os.listdir("/proc"):\n    print(open(os.path.join("/proc", p, "cmdline")).read())'
    kit.assert_held(kit.scan_source(tmp_path, CLIENT.source(body)), SECRET, Decision.REJECT)


@pytest.mark.parametrize("body", [
    'print([l for l in open("/proc/self/status") if l.startswith("VmRSS")])',
    'print(int(open(os.path.join("/proc", "self", "statm")).read().split()[1]) * 4096)',
])
def test_own_memory_logged_stays_accepted(tmp_path, body):
    kit.assert_accepted(kit.scan_source(tmp_path, CLIENT.source(body)))


def test_data_folder_named_proc_is_no_process(tmp_path):
    """A site folder called proc holds data, not processes: only an absolute /proc path is one."""
    body = 'x = open(os.path.join(os.environ["DATA_ROOT"], "proc", "1", "scan.csv")).read()'
    report = kit.scan_source(tmp_path, CLIENT.source(body, extra=", meta={'n': len(x)}"))
    assert not kit.holds(report, SECRET), kit.findings(report)
