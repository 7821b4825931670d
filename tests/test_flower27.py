"""Session 27 (flower27): Flower baselines the gate judged by an attribute's name rather than by what the
object is, each beside the way the same idiom leaks, which must still be rejected."""

from __future__ import annotations

from pathlib import Path

import pytest

from flower_scan import one_file, scan

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
RAW = "update-channel-leak.raw-data-in-update"


# ---- `self.data = rows` in a client class: the known false reject, and why it stays -----------------------------

STATAVG_SHAPE = """\
    import pandas as pd
    import torch
    from flwr.client import ClientApp, NumPyClient


    class TabularClient(NumPyClient):
        def __init__(self, trainset):
            self.data = trainset
            self.model = torch.nn.Linear(4, 2)

        def get_parameters(self, config):
            return [v.cpu().numpy() for v in self.model.state_dict().values()]


    def client_fn(context):
        return TabularClient(pd.read_csv("data/train.csv")).to_client()


    app = ClientApp(client_fn)
    """


def test_client_field_named_data_is_no_parameter_write(tmp_path: Path) -> None:
    """statavg's FedAvgClient and fedper's manager keep the site table in `self.data`: every state_dict() of a model
    the client never wrote into was judged site data (session 27's known false reject; a field since session 41,
    where `self` can only be the client: flow/plain.py)."""
    assert one_file(tmp_path, STATAVG_SHAPE) == ("accept", set())


@pytest.mark.parametrize("sample", [
    "fl27_client_data_field_sent.py",  # the field itself sent beside the weights
    "fl27_module_buffer_named_data.py",  # a torch module's registered buffer `data` written by `self.data = rows`
    "fl27_client_and_module_buffer_named_data.py",  # a client class that is also a torch module
    "fl27_method_through_class_writes_weight.py",  # a client method called through the class with a weight as self
])
def test_data_attribute_that_reaches_the_update_still_rejects(sample: str) -> None:
    decision, rules = scan(CORPUS / "malicious" / sample)
    assert decision == "reject" and RAW in rules


# ---- a read named only at run time may open any file the job wrote ------------------------------------------------

def test_rows_saved_then_read_by_a_runtime_name_are_reviewed() -> None:
    """torch.save(rows, "cache/epoch_1.pth") then torch.load(os.path.join("cache", names[-1])): accepted before
    (the read was matched only against writes named at run time)."""
    decision, rules = scan(CORPUS / "malicious/fl27_rows_saved_then_read_by_runtime_name.py")
    assert decision in ("escalate", "reject") and rules & {RAW, "update-channel-leak.unknown-provenance"}


def test_model_state_saved_then_read_by_a_runtime_name_is_the_model() -> None:
    assert scan(CORPUS / "benign/fl27_checkpoint_read_by_runtime_name.py") == ("accept", set())


def test_fedvssl_checkpoint_picked_from_a_listing_stays_a_reject(tmp_path: Path) -> None:
    """Decided in session 27: fedvssl picks the checkpoint it loads by a number parsed from os.listdir(work_dir). The
    gate cannot tell that file from one the job wrote from site data (fl27_rows_saved_then_read_by_runtime_name
    with the names listed), so the listing's choice is kept as data, not reviewed."""
    _, rules = one_file(tmp_path, """\
        import os
        import re

        import torch
        from flwr.client import ClientApp, NumPyClient


        class Client(NumPyClient):
            def __init__(self, work_dir):
                self.work_dir = work_dir
                self.model = torch.nn.Linear(2, 2)

            def get_parameters(self, config):
                return [v.cpu().numpy() for v in self.model.state_dict().values()]

            def fit(self, parameters, config):
                names = [fn for fn in os.listdir(self.work_dir) if fn.endswith(".pth")]
                epochs = [int(re.findall(r"\\d+", fn)[0]) for fn in names if fn.startswith("epoch")]
                if epochs:
                    epochs.sort()
                    state = torch.load(os.path.join(self.work_dir, f"epoch_{epochs[-1]}.pth"))
                    self.model.load_state_dict(state["state_dict"])
                return self.get_parameters(config), 1, {}


        def client_fn(context):
            return Client("checkpoints").to_client()


        app = ClientApp(client_fn)
        """)
    assert RAW in rules
