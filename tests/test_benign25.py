"""Honest accepts of session 25, each beside the way the same idiom leaks, which must still be reviewed or
rejected: the host's name and memory logged locally (socket.gethostname, psutil)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_benign24 import CORPUS, UNKNOWN, scan, unit

# ---- host facts ---------------------------------------------------------------------------------------------

HOST = """\
import socket

import psutil
import torch

import nvflare.client as flare

net = torch.nn.Linear(2, 1)
flare.init()
while flare.is_running():
    m = flare.receive()
    net.load_state_dict(m.params)
    print(socket.gethostname(), psutil.virtual_memory().total, psutil.cpu_count())
    flare.send(flare.FLModel(params=net.state_dict(){meta}))
"""


def test_host_facts_logged_locally_are_accepted() -> None:
    assert scan(CORPUS / "benign" / "host_info_logging.py") == ("accept", set())


def test_host_facts_in_the_job_log_are_accepted(tmp_path: Path) -> None:
    assert unit(tmp_path, {"client.py": HOST.format(meta="")}) == ("accept", set())


def test_the_host_name_in_the_update_is_reviewed(tmp_path: Path) -> None:
    decision, rules = unit(tmp_path, {"client.py": HOST.format(meta=', meta={"host": socket.gethostname()}')})
    assert decision == "escalate" and UNKNOWN in rules


def test_the_host_name_through_a_helper_into_the_update_is_reviewed() -> None:
    decision, rules = scan(CORPUS / "malicious" / "bn25_hostname_in_update_meta.py")
    assert decision == "escalate" and UNKNOWN in rules


def test_psutil_processes_stay_unvouched() -> None:
    decision, rules = scan(CORPUS / "malicious" / "bn25_psutil_kill_monitors.py")
    assert decision == "escalate" and "unvouched.api" in rules


# ---- a dataset class of another module ----------------------------------------------------------------------

DATASET = """\
import csv

from torch.utils.data import Dataset


class {name}(Dataset):
    def __init__(self, labels_csv):
        with open(labels_csv, newline="") as f:
            self.items = [(r["filename"], int(r["label"])) for r in csv.DictReader(f)]

    def __len__(self):
        return len(self.items)

    def __getitem__(self, idx):
        return self.items[idx]
"""

USE = """\
import torch

import nvflare.client as flare

from records import {name}

ds = {name}("/data/site/labels.csv")
net = torch.nn.Linear(2, 1)
flare.init()
while flare.is_running():
    m = flare.receive()
    flare.send(flare.FLModel(params=net.state_dict(), metrics={{"x": float(ds[m.current_round][1])}}))
"""


def test_a_record_of_a_dataset_class_of_another_module_rejects() -> None:
    decision, rules = scan(CORPUS / "malicious" / "bn25_dataset_class_elsewhere_row")
    assert decision == "reject" and "update-channel-leak.raw-data-in-update" in rules


@pytest.mark.parametrize("name", ["SiteImages", "Records", "SiteDataset"])
def test_a_dataset_class_of_another_module_is_the_site_data_whatever_its_name(tmp_path: Path, name: str) -> None:
    decision, rules = unit(tmp_path, {"records.py": DATASET.format(name=name), "client.py": USE.format(name=name)})
    assert decision == "reject" and "update-channel-leak.raw-data-in-update" in rules


def test_a_dataset_class_through_a_base_of_a_third_module(tmp_path: Path) -> None:
    base = DATASET.format(name="Base")
    child = "from base import Base\n\n\nclass Records(Base):\n    pass\n"
    decision, rules = unit(tmp_path, {"base.py": base, "records.py": child, "client.py": USE.format(name="Records")})
    assert decision == "reject" and "update-channel-leak.raw-data-in-update" in rules


def test_a_helper_iterating_a_file_at_its_callers_path_hands_out_the_rows() -> None:
    decision, rules = scan(CORPUS / "malicious" / "bn25_helper_csv_reader_row.py")
    assert decision == "reject" and "update-channel-leak.raw-data-in-update" in rules


@pytest.mark.parametrize("read", ["ds.label(3)", "ds.first_label"])
def test_a_method_or_property_of_a_dataset_of_another_module_may_hand_out_a_row(tmp_path: Path, read: str) -> None:
    records = DATASET.format(name="Records") + (
        "\n    def label(self, idx):\n        return self.items[idx][1]\n"
        "\n    @property\n    def first_label(self):\n        return self.items[0][1]\n")
    client = USE.format(name="Records").replace("float(ds[m.current_round][1])", f"float({read})")
    decision, rules = unit(tmp_path, {"records.py": records, "client.py": client})
    assert decision == "reject" and "update-channel-leak.raw-data-in-update" in rules
