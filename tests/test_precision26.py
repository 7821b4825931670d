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


# ---- a reduction over a comprehension of every row's field -----------------------------------------------------

UNKNOWN = "update-channel-leak.unknown-provenance"
RAW = "update-channel-leak.raw-data-in-update"

ROWS = """\
import csv

import nvflare.client as flare

with open("/data/site-1/labels.csv", newline="") as f:
    rows = list(csv.DictReader(f))
flare.send(flare.FLModel(params={{}}, metrics={{"n": {value}}}))
"""


@pytest.mark.parametrize("value", ['max(int(r["label"]) for r in rows)', 'min(int(r["age"]) for r in rows)',
                                   'sum(float(r["loss"]) for r in rows) / len(rows)',
                                   'sum(label for _, label in [(r["file"], int(r["label"])) for r in rows])',
                                   'len([i for i, _ in enumerate(rows)])', '[i for i, _ in enumerate(rows)][:3]'])
def test_a_reduction_of_every_rows_field_is_an_aggregate(tmp_path: Path, value: str) -> None:
    assert unit(tmp_path, {"client.py": ROWS.format(value=value)}) == ("accept", set())


@pytest.mark.parametrize("value", ['max(int(r["age"]) for r in rows if r["id"] == "P-7")',
                                   'sum(int(r["age"]) * (r["id"] == "P-7") for r in rows)',
                                   'max(int(r["age"]) for r in rows[5:6])',
                                   'max(int(rows[3]["age"]) for r in rows)'])
def test_a_reduction_of_rows_the_code_chose_is_reviewed(tmp_path: Path, value: str) -> None:
    assert unit(tmp_path, {"client.py": ROWS.format(value=value)}) == ("escalate", {UNKNOWN})


@pytest.mark.parametrize("value", ['[r["ssn"] for r in rows]', 'max(rows, key=lambda r: int(r["age"]))',
                                   'max(int(rows[0]["age"]), 0)', 'sorted(int(r["age"]) for r in rows)',
                                   'max([(r["age"], r["ssn"]) for r in rows])', 'max(r["age"] for r in rows)'])
def test_rows_and_elements_picked_are_still_rows(tmp_path: Path, value: str) -> None:
    assert unit(tmp_path, {"client.py": ROWS.format(value=value)}) == ("reject", {RAW})


def test_a_conversion_the_job_rebinds_is_no_projection(tmp_path: Path) -> None:
    code = ROWS.format(value='max(int(r["age"]) for r in rows)').replace(
        "import csv\n", "import csv\n\nSECRET = open('/etc/passwd').read()\n\n\ndef int(v):\n    return SECRET\n\n")
    decision, rules = unit(tmp_path, {"client.py": code})
    assert decision != "accept" and rules


def test_classes_counted_from_the_labels_size_the_model() -> None:
    assert scan(CORPUS / "benign" / "pr26_csv_classes_from_labels.py") == ("accept", set())


def test_the_max_of_one_patients_rows_is_reviewed() -> None:
    assert scan(CORPUS / "malicious" / "pr26_max_of_one_patient.py") == ("escalate", {UNKNOWN})


def test_the_row_max_picks_by_key_is_rejected() -> None:
    assert scan(CORPUS / "malicious" / "pr26_max_by_key_row.py") == ("reject", {RAW})


# ---- unit noise as a factor of the site's values ---------------------------------------------------------------

NOISE = """\
import pandas as pd
import torch
import nvflare.client as flare

df = pd.read_csv("/data/site-1/train.csv")
x = torch.tensor(df.to_numpy(), dtype=torch.float32)
onehot = torch.zeros(len(df), 1)
onehot[7] = 1.0
{seed}
z = {value}
flare.send(flare.FLModel(params={{}}, metrics={{"loss": z.mean().item()}}))
"""


@pytest.mark.parametrize("value", ["x * torch.randn_like(x)", "x + torch.exp(x / 2) * torch.randn_like(x)",
                                   "torch.rand(x.shape) * x"])
def test_unit_noise_as_drawn_weighs_no_row_out(tmp_path: Path, value: str) -> None:
    assert unit(tmp_path, {"client.py": NOISE.format(seed="", value=value)}) == ("accept", set())


@pytest.mark.parametrize("seed, value", [("", "x * (torch.rand_like(x) < 0.01)"),
                                         ("", "x * torch.exp(50 * torch.randn_like(x))"),
                                         ("", "x * torch.normal(0.0, onehot)"),
                                         ("", "x + 1e9 * torch.randn_like(x)"),
                                         ("torch.manual_seed(int(df.iloc[3, 0]))", "x * torch.randn_like(x)")])
def test_noise_shaped_or_seeded_by_the_code_is_reviewed(tmp_path: Path, seed: str, value: str) -> None:
    assert unit(tmp_path, {"client.py": NOISE.format(seed=seed, value=value)}) == ("escalate", {UNKNOWN})


def test_a_vae_sampling_its_latent_is_accepted() -> None:
    assert scan(CORPUS / "benign" / "pr26_vae_reparametrize.py") == ("accept", set())


def test_a_random_mask_of_tiny_probability_is_reviewed() -> None:
    assert scan(CORPUS / "malicious" / "pr26_noise_mask_picks_rows.py") == ("escalate", {UNKNOWN})
