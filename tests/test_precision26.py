"""Session 26 (precision26): findings that name what really happens, and honest accepts, each beside the
way the same idiom leaks, which must still be reviewed or rejected."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_benign24 import CORPUS, scan, unit

LOGGED = "update-channel-leak.raw-data-logged"

# ---- a writer whose destination is the console ---------------------------------------------------------------

CONSOLE = """\
import json
import sys

import pandas as pd

frame = pd.read_csv("/data/site-1/train.csv")
out = sys.stderr
{write}
"""


@pytest.mark.parametrize("write", ["frame.to_csv(sys.stdout, index=False)", "frame.head().to_json(sys.stderr)",
                                   "json.dump(frame.to_dict(), out)"])
def test_site_data_written_to_the_console_is_in_the_job_log(tmp_path: Path, write: str) -> None:
    decision, rules = unit(tmp_path, {"client.py": CONSOLE.format(write=write)})
    assert decision == "escalate" and rules == {LOGGED}


def test_a_frame_dumped_to_stdout_in_training_is_logged_site_data() -> None:
    decision, rules = scan(CORPUS / "malicious" / "pr26_site_frame_to_stdout.py")
    assert decision == "escalate" and LOGGED in rules


def test_a_table_of_losses_on_the_console_is_accepted() -> None:
    assert scan(CORPUS / "benign" / "pr26_metrics_table_to_stdout.py") == ("accept", set())
