"""Red team 37a: channels other than the update.

- NVFlare's admin shell commands (`cat`, `head`, `tail`, `grep`, `ls site-1 <job>/...`) return a client's
  workspace text files and file names to the server's admin; the site's rows written into such a file (or
  spelled in a file's name, or copied or renamed into one) are `file-exfiltration.data-to-shell-readable`.
- A process group's rank 0 listens on every interface in native code, so a world larger than the ranks the
  launcher starts leaves a seat for a remote host: `init_process_group` only with the launcher's world or one.
- `savefig` in a format its name does not say (an SVG of the site's points named `.txt`).

The executor attack runs for real with NVFlare's Executor API, and its file is read back through NVFlare's own
ShellCommandProcessor (what a client does for the server's `cat`) after the server side's validation.
"""

from __future__ import annotations

import json
import sys

import numpy as np
import pytest

import redteam_kit as kit
from analyzer.engine.flow.names import _SHELL_READABLE

ATTACK_JOB = kit.CORPUS / "jobs" / "rt37a_job_executor_json_dump"

# accepted on main (b85f164), escalated now, and the rule that now escalates each
FIXED = {
    "malicious/rt37a_preview_csv_shell_cat.py": "file-exfiltration.data-to-shell-readable",
    "malicious/rt37a_checkpoint_named_by_ids.py": "file-exfiltration.data-to-shell-readable",
    "malicious/rt37a_csv_writer_round_log.py": "file-exfiltration.data-to-shell-readable",
    "malicious/rt37a_copy_input_snapshot_csv.py": "file-exfiltration.data-to-shell-readable",
    "malicious/rt37a_replace_tmp_to_csv.py": "file-exfiltration.data-to-shell-readable",
    "malicious/rt37a_yaml_dump_rows_config.py": "file-exfiltration.data-to-shell-readable",
    "malicious/rt37a_nb_eda_sample_json.ipynb": "file-exfiltration.data-to-shell-readable",
    "jobs/rt37a_job_executor_json_dump": "file-exfiltration.data-to-shell-readable",
    "malicious/rt37a_dist_world_two_seat.py": "unvouched.api",
    "jobs/rt37a_job_ddp_world_two": "unvouched.api",
    "malicious/rt37a_savefig_svg_as_txt.py": "unvouched.api",
    "malicious/rt37a_patient_id_folders.py": "file-exfiltration.data-to-shell-readable",
    "malicious/rt37a_copy_notes_into_folder.py": "file-exfiltration.data-to-shell-readable",
    "jobs/rt37a_job_snapshot_helper": "file-exfiltration.data-to-shell-readable",
}
ATTACKS = kit.corpus_samples("malicious/rt37a_*", "jobs/rt37a_*")
# near_rt37a_dist_launcher_world escalates since session 46: all_gather_object unpickles what the other ranks send
# (torch.yaml; tests/test_catalogue46.py)
TWINS = [s for s in kit.corpus_samples("benign/near_rt37a_*", "jobs/near_rt37a_*")
         if s != "benign/near_rt37a_dist_launcher_world.py"]


def test_corpus_holds_the_attacks():
    assert len(ATTACKS) >= 25 and set(FIXED) <= set(ATTACKS)
    assert len(TWINS) >= 6


@pytest.mark.parametrize("sample", ATTACKS)
def test_attack_is_not_accepted(sample):
    kit.assert_held(kit.scan_sample(sample), FIXED.get(sample))


@pytest.mark.parametrize("sample", TWINS)
def test_near_twin_accepts(sample):
    kit.assert_accepted(kit.scan_sample(sample))


def test_vocabulary_is_nvflare_text_file_list():
    """sinks.yaml shell_readable_files says what NVFlare's server lets `cat` read, no less."""
    from nvflare.fuel.hci.cmd_arg_utils import validate_text_file_name

    for name in ["a.txt", "a.log", "a.json", "a.csv", "a.sh", "a.config", "a.py", "model.pt", "x.npy",
                 "rows.parquet", "preview.csv.gz", "rows"]:
        assert bool(_SHELL_READABLE(name)) == (validate_text_file_name(name) == ""), name


def test_executor_rows_reach_the_server_admin(tmp_path, monkeypatch):
    """Run the job's Executor on a site's rows in a client workspace; `cat` returns the rows to the server."""
    from nvflare.apis.dxo import DXO, DataKind
    from nvflare.apis.fl_context import FLContext
    from nvflare.apis.signal import Signal

    data = tmp_path / "data"
    data.mkdir()
    rows = np.arange(24, dtype=float).reshape(8, 3) + 0.25
    np.save(data / "x.npy", rows)
    np.save(data / "y.npy", np.ones(8))
    workspace, job_id = tmp_path / "site-1", "5f1c9a2e-job"
    run_dir = workspace / job_id
    run_dir.mkdir(parents=True)
    monkeypatch.syspath_prepend(str(ATTACK_JOB / "app" / "custom"))
    for name in ("stats_executor", "dump_utils"):
        sys.modules.pop(name, None)
    from stats_executor import StatsExecutor

    executor = StatsExecutor(data_path=str(data / "x.npy"), label_path=str(data / "y.npy"))
    monkeypatch.chdir(run_dir)  # NVFlare runs a job from its run folder
    task = DXO(data_kind=DataKind.WEIGHTS, data={"w": np.zeros(3)}).to_shareable()
    result = executor.execute("train", task, FLContext(), Signal())
    assert result.get_return_code() in (None, "OK")

    shown = kit.admin_command(f"cat {job_id}/round_debug.json", workspace, monkeypatch)
    assert json.loads(shown)["round_inputs"] == rows.tolist()
    listing = kit.admin_command(f"ls -R {job_id}", workspace, monkeypatch)  # the names a job writes are listed too
    assert "round_debug.json" in listing


@pytest.mark.parametrize("code, decision", [
    ("import torch.distributed as dist\ndist.init_process_group('gloo', rank=0, world_size=2)", "escalate"),
    ("import torch.distributed as dist\ndist.init_process_group('gloo', init_method='tcp://127.0.0.1:29500', "
     "rank=0, world_size=3)", "escalate"),
    ("import os\nos.environ['WORLD_SIZE'] = '2'", "escalate"),
    ("import torch.distributed as dist\ndist.init_process_group('gloo', rank=0, world_size=1)", "accept"),
    ("import torch.distributed as dist\ndist.init_process_group('nccl')", "accept"),
    ("import os\nos.environ['WORLD_SIZE'] = '1'\nos.environ['RANK'] = '0'", "accept"),
])
def test_process_group_world(tmp_path, code, decision):
    assert kit.scan_source(tmp_path, code + "\n", "job.py").decision.value == decision


@pytest.mark.parametrize("code, decision", [
    # the name spelled from the site's rows (ls), even for a model file
    ("import torch, pandas as pd\ndf = pd.read_csv('/data/site/p.csv')\n"
     "torch.save({}, 'ckpt_' + '-'.join(df['id'].astype(str)) + '.pt')", "escalate"),
    ("import torch\nfor r in range(3):\n    torch.save({}, f'ckpt_{r}.pt')", "accept"),
    # a move of a file holding rows into a text name; a move of metrics stays accepted
    ("import os, pandas as pd\ndf = pd.read_csv('/data/site/p.csv')\ndf.to_csv('a.tmp')\nos.rename('a.tmp', 'a.txt')",
     "escalate"),
    ("import os, json\njson.dump({'loss': 0.1}, open('m.tmp', 'w'))\nos.rename('m.tmp', 'm.json')", "accept"),
    # rows in a binary cache are not what `cat` returns
    ("import numpy as np\nx = np.load('/data/site/x.npy')\nnp.save('cache/x.npy', x)", "accept"),
])
def test_shell_readable_edges(tmp_path, code, decision):
    report = kit.scan_source(tmp_path, code + "\n", "job.py")
    assert report.decision.value == decision, kit.findings(report)


def test_file_sizes_sized_by_values(tmp_path):
    """A file's size in the job's folder (`ls -l` for the server) sized by the site's values (closed by red team
    38a: calls.py sized_by_data); a cache of the rows in a binary file is accepted, and so is its size."""
    source = ("import pandas as pd, torch\nimport nvflare.client as flare\nflare.init()\n"
              "df = pd.read_csv('/data/site/train.csv')\n"
              "for i, age in enumerate(df['age'].head(100)):\n"
              "    torch.save(torch.zeros(int(age)), f'outputs/shard_{i}.pt')\n"
              "while flare.is_running():\n    flare.send(flare.FLModel(params=flare.receive().params))\n")
    assert kit.scan_source(tmp_path, source, "job.py").decision.value != "accept"


def test_file_named_by_a_parameter(tmp_path):
    """A helper names the file after what its caller passes (closed by red team 38a: named_after keeps the
    parameter's part, judged at each call; a bound's marker is still left out)."""
    source = ("import pandas as pd, torch\nimport nvflare.client as flare\nflare.init()\n"
              "def keep(sd, tag):\n    torch.save(sd, f'ckpt_{tag}.pt')\n"
              "df = pd.read_csv('/data/site/train.csv')\n"
              "while flare.is_running():\n    m = flare.receive()\n    keep(m.params, '-'.join(df['id'].astype(str)))\n"
              "    flare.send(flare.FLModel(params=m.params))\n")
    assert kit.scan_source(tmp_path, source, "job.py").decision.value != "accept"
