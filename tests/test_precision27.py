"""Session 27 (precision27). What only the widened round of the flow analysis hands on is reviewed, never raw;
a process's strided share of the rows (`x[rank::world]`) is a share, not rows chosen.

Flower's tamuna baseline keeps its client state in a pickle file and loads it back; session 26's file round trip
made its fields take more rounds than the analysis follows, and the widened last round (every field read sees
what any field holds) spread the client's trainloader into the state file's path, where `open(path)` took it for
rows the code chose: a false reject, also on the other client class of the module."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_benign24 import CORPUS, UNKNOWN, scan, unit

RAW = "update-channel-leak.raw-data-in-update"


def test_a_client_whose_fields_do_not_settle_is_reviewed_not_rejected() -> None:
    # its fields settle in more rounds since hardening53 (no widened round, so no unknown-provenance marker):
    # the pickle of the state file is what is reviewed
    decision, rules = scan(CORPUS / "borderline" / "pr27_tamuna_state_history.py")
    assert decision == "escalate" and RAW not in rules  # main (6596ba5): reject, RAW


def test_a_traced_leak_in_the_same_client_still_rejects() -> None:
    decision, rules = scan(CORPUS / "malicious" / "pr27_tamuna_history_batch.py")
    assert decision == "reject" and RAW in rules


# ---- a process's share of the rows ----------------------------------------------------------------------------

DDP = (CORPUS / "benign" / "near_ddp_env_localhost.py").read_text()


@pytest.mark.parametrize("sample", ["benign/near_ddp_env_localhost.py", "benign/pr27_ddp_rank_shard_eval.py"])
def test_a_strided_share_by_rank_and_world_size_is_accepted(sample: str) -> None:
    assert scan(CORPUS / sample) == ("accept", set())  # main (6596ba5): escalate, a statistic of chosen rows


def test_a_shard_that_starts_at_the_last_row_is_reviewed() -> None:
    decision, rules = scan(CORPUS / "malicious" / "pr27_ddp_shard_last_row.py")
    assert decision == "escalate" and UNKNOWN in rules


@pytest.mark.parametrize("changed", [
    {"[rank::world]": '[rank::len(blob["y"])]'},  # a step that is no process group's size
    {"[rank::world]": "[rank:rank + 1:world]"},  # an upper bound: one row
    {"dist.get_rank(), dist.get_world_size()": "dist.get_rank(), dist.get_world_size() * 4096"},
    {"import torch.distributed as dist\n": "import torch.distributed as dist\n\nfrom shards import get_world_size\n",
     "dist.get_world_size()": "get_world_size()"},  # the job's own function of that name
])
def test_other_strides_stay_rows_chosen(tmp_path: Path, changed: dict) -> None:
    text = DDP
    for old, new in changed.items():
        assert old in text
        text = text.replace(old, new)
    decision, rules = unit(tmp_path, {"client.py": text, "shards.py": "def get_world_size():\n    return 4096\n"})
    assert decision == "escalate" and UNKNOWN in rules


def test_a_patched_world_size_is_never_accepted(tmp_path: Path) -> None:
    text = DDP.replace("def setup():", "dist.get_world_size = lambda: 4096\n\n\ndef setup():")
    decision, rules = unit(tmp_path, {"client.py": text})
    assert decision == "escalate" and "dynamic-code.module-patch" in rules
