"""Red team 38a: the update channel, the site's files and host facts, against an adversary who read the gate.

- Host facts that fingerprint the site (its OS build and kernel, its working folder, its login, its GPU model) in
  the update are of unknown provenance (sources.yaml host_identity); in the site's own log they stay fine.
- A file named after what a helper's caller passes (`save(net, ids[r])` with `torch.save(sd, f"m_{tag}.pt")`
  inside): NVFlare's admin `ls` lists the name for the server (calls.py named_after keeps the parameter's part).
- A file of the job's folder as long as a value of the site's data says: `ls -l` lists its size (listed_by_ls), also `fh.truncate(n)`.
- pandas' transform/apply/agg of a frame the gate types, with a value read at run time (the server's meta, a
  config's entry) as the function: pandas calls the frame's method the string names (conditions.reductions).
- In a handler, a job function that raises chains the handled exception, whose message quotes the row.
- A torch op's `out=` a parameter writes its result into the model (`torch.add(rows, 0, out=net.weight.data)`).
"""

from __future__ import annotations

import textwrap

import pytest

import redteam_kit as kit

# accepted on main (ea28c65), not now, and the rule that now decides each
FIXED = {
    "malicious/rt38a_platform_in_meta.py": "update-channel-leak.unknown-provenance",
    "malicious/rt38a_workspace_cwd_meta.py": "update-channel-leak.unknown-provenance",
    "malicious/rt38a_gpu_name_meta.py": "update-channel-leak.unknown-provenance",
    "malicious/rt38a_checkpointer_label_helper.py": "file-exfiltration.data-to-shell-readable",
    "malicious/rt38a_heartbeat_file_size.py": "file-exfiltration.data-to-shell-readable",
    "malicious/rt38a_transform_by_server_meta.py": "unvouched.member",
    "jobs/rt38a_job_ckpt_helper": "file-exfiltration.data-to-shell-readable",
    "malicious/rt38a_clip_out_rows.py": "update-channel-leak.raw-data-in-update",  # escalated on main: now a reject
}
ATTACKS = kit.corpus_samples("malicious/rt38a_*", "jobs/rt38a_*")
TWINS = kit.corpus_samples("benign/near_rt38a_*", "jobs/near_rt38a_*")

CLIENT = kit.ClientJob(imports='''import os
import platform
import socket
from pathlib import Path

import pandas as pd
import torch
import nvflare.client as flare
''')


def test_corpus_holds_the_attacks():
    assert set(FIXED) == set(ATTACKS)
    assert len(TWINS) >= 5


@pytest.mark.parametrize("sample", ATTACKS)
def test_attack_is_not_accepted(sample):
    kit.assert_held(kit.scan_sample(sample), FIXED[sample])


@pytest.mark.parametrize("sample", TWINS)
def test_near_twin_accepts(sample):
    kit.assert_accepted(kit.scan_sample(sample))


@pytest.mark.parametrize("fact", ["platform.version()", "platform.release()", "socket.getfqdn()", "str(Path.cwd())",
                                  "os.getcwd()", "torch.cuda.get_device_name()", "platform.uname().node"])
def test_host_fact_in_meta_escalates(tmp_path, fact):
    decision, rules = CLIENT.verdict(tmp_path, "pass", f", meta={{'host': {fact}}}")
    assert decision == "escalate" and "update-channel-leak.unknown-provenance" in rules, rules


@pytest.mark.parametrize("fact", ["platform.python_version()", "os.cpu_count()", "torch.cuda.device_count()",
                                  "torch.__version__"])
def test_job_facts_in_meta_accept(tmp_path, fact):
    """Versions of the job's own libraries and counts say nothing of the site."""
    assert CLIENT.verdict(tmp_path, "pass", f", meta={{'runtime': {fact}}}")[0] == "accept"


def test_host_facts_in_the_site_log_accept(tmp_path):
    body = 'print(platform.platform(), os.getcwd(), socket.gethostname(), Path.cwd())'
    assert CLIENT.verdict(tmp_path, body)[0] == "accept"


@pytest.mark.parametrize("body, decision", [
    # the site's value sets the size of a file in the job's folder: `ls -l` returns it to the server
    ('torch.save(torch.zeros(int(df["age"].iloc[0])), f"pad_{model.current_round}.pt")', "escalate"),
    ('Path("progress.bin").write_bytes(b"." * int(df["glucose"].iloc[model.current_round]))', "escalate"),
    ('with open("hb.bin", "ab") as fh:\n    fh.write(" " * int(df["mrn"].iloc[0]))', "escalate"),
    ('with open("hb.bin", "wb") as fh:\n    fh.truncate(int(df["mrn"].iloc[0]))', "escalate"),
    # a fixed size, or the model's own state, say nothing of the site's rows
    ('with open("hb.bin", "wb") as fh:\n    fh.write(b"\\0" * 4096)', "accept"),
    ('with open("hb.bin", "wb") as fh:\n    fh.truncate(4096)', "accept"),
    ('torch.save(net.state_dict(), f"ckpt_{model.current_round}.pt")', "accept"),
])
def test_file_size_channel(tmp_path, body, decision):
    assert CLIENT.verdict(tmp_path, body)[0] == decision


HELPERS = '''
import json


def keep(sd, path):
    torch.save(sd, path)


def keep_in(sd, folder, tag):
    torch.save(sd, os.path.join(folder, f"model_{tag}.pt"))


SETTINGS = json.load(open("config.json"))
'''


@pytest.mark.parametrize("body, decision", [
    ('keep(net.state_dict(), f"ckpt_{df.loc[0, \'mrn\']}.pt")', "escalate"),
    ('keep_in(net.state_dict(), "checkpoints", df["diagnosis"].iloc[model.current_round])', "escalate"),
    # a folder of the site's settings, a round's number: nothing of the rows in the name
    ('keep_in(net.state_dict(), SETTINGS["out_dir"], model.current_round)', "accept"),
    ('keep(net.state_dict(), os.path.join(SETTINGS["out_dir"], "last.pt"))', "accept"),
])
def test_file_named_through_a_parameter(tmp_path, body, decision):
    head = HELPERS.replace("import json\n", "import json\nimport os\nimport torch\n")
    assert CLIENT.verdict(tmp_path, body, head=head)[0] == decision


@pytest.mark.parametrize("body, decision", [
    ('s = df[["age", "bmi"]].agg(model.meta["stat"])', "escalate"),
    ('s = df.groupby("site")["age"].apply(model.meta.get("fn", "mean"))', "escalate"),
    ('s = df.select_dtypes("number").transform(SETTINGS["prep"])', "escalate"),
    # literal reductions, a partial of the job's function, sklearn's transform of data
    ('s = df[["age", "bmi"]].agg(["mean", "std"])', "accept"),
    ('s = df[["age", "bmi"]].apply(functools.partial(scale, k=2.0), axis=1)', "accept"),
    ('s = StandardScaler().fit(df[["age"]].values).transform(df[["age"]].values)', "accept"),
])
def test_frame_method_named_at_run_time(tmp_path, body, decision):
    head = textwrap.dedent('''
        import functools
        import json
        from sklearn.preprocessing import StandardScaler

        SETTINGS = json.load(open("config.json"))


        def scale(row, k):
            return row * k
        ''')
    assert CLIENT.verdict(tmp_path, body, head=head)[0] == decision


EXECUTOR = '''
import pandas as pd
from nvflare.apis.dxo import DXO, DataKind
from nvflare.apis.executor import Executor


class Trainer(Executor):
    def __init__(self):
        super().__init__()
        self.df = pd.read_csv("/data/site/patients.csv")

    def _abort(self, why):
        {abort}

    def execute(self, task_name, shareable, fl_ctx, abort_signal):
        try:
            dose = float(self.df["dose"].iloc[0])
        except ValueError:
            self._abort("dose must be numeric")
            dose = 0.0
        self.dose = dose
        return DXO(data_kind=DataKind.WEIGHTS, data={{"w": [0.0]}}).to_shareable()
'''


@pytest.mark.parametrize("abort, decision", [
    # float()'s ValueError quotes the cell; a clean RuntimeError raised in the handler chains it in the traceback
    ('raise RuntimeError(why)', "escalate"),
    ('assert False, why', "escalate"),
    # a helper that only logs raises nothing: the handled exception ends there
    ('self.log_warning(None, why)', "accept"),
])
def test_executor_handler_calls_a_raising_helper(tmp_path, abort, decision):
    report = kit.scan_source(tmp_path, EXECUTOR.format(abort=abort), "trainer.py")
    assert report.decision.value == decision, kit.findings(report)
    assert ("update-channel-leak.raw-data-logged" in kit.rules(report)) == (decision == "escalate")


def test_ls_long_lists_sizes_for_the_server(tmp_path, monkeypatch):
    """The channel is real: `ls -l site-1 <job>` passes the server's validation and the client returns each file's
    size (nvflare/fuel/hci/shell_cmd_val.py LsValidator allows -l)."""
    job = tmp_path / "site-1" / "7c0e-job"
    job.mkdir(parents=True)
    glucose = 143
    (job / "heartbeat_3.bin").write_bytes(b"\0" * glucose)
    listing = kit.admin_command("ls -l 7c0e-job", tmp_path / "site-1", monkeypatch)
    assert f" {glucose} " in listing and "heartbeat_3.bin" in listing


def test_file_existence_decided_by_a_cell(tmp_path):
    """Closed by red team 39a: whether the file is there is judged as the update is (calls.py listed_by_ls)."""
    body = '''
    if df["hiv_status"].iloc[model.current_round] == "positive":
        torch.save(net.state_dict(), f"snapshot_{model.current_round}.pt")
    '''
    assert CLIENT.verdict(tmp_path, body)[0] != "accept"


ROWS = 'rows = torch.tensor(df[["age", "bmi", "sbp", "hba1c"]].values[:2], dtype=torch.float32)\n'


@pytest.mark.parametrize("body, decision", [
    # a torch op's `out=` writes its result into a parameter, which every state_dict() then carries
    (ROWS + 'with torch.no_grad():\n    torch.add(rows, 0, out=net.weight.data)', "reject"),
    (ROWS + 'with torch.no_grad():\n    torch.where(rows > 0, rows, rows, out=net.weight)', "reject"),
    # clipping or scaling the trained parameters in place through `out=` is the model's own state
    ('with torch.no_grad():\n    torch.clamp(net.weight, -1.0, 1.0, out=net.weight.data)', "accept"),
    ('with torch.no_grad():\n    torch.mul(net.bias, 0.5, out=net.bias.data)', "accept"),
])
def test_out_keyword_into_a_parameter(tmp_path, body, decision):
    assert CLIENT.verdict(tmp_path, body)[0] == decision
