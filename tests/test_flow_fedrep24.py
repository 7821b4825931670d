"""Objects of the job's classes where the resolver loses their type (session 24, Flower's fedrep baseline).

fedrep's client keeps a model manager (a class of another module, built with the train loader and Flower's
Context) in `self.model_manager` and sends `self.model_manager.model.get_parameters()`: the model's weights.
The resolver does not type a field set from a parameter, so the flow judged that value by what the manager was
built with, the loader, and rejected the baseline for sending raw rows. An object of the job's class now
carries which class built it (engine.OBJECT): its attributes are what that class's fields and properties hold,
its methods are the class's, and what it was built with comes back reviewed, not raw (a class of another
module keeps its constructor's arguments out of its fields). The same idiom that really hands out rows is
rejected, and two reads the old rule let through are now seen (a field a class fills itself, a method that
reads the data itself: both were accepted or passed unseen)."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

from analyzer import api

RAW = "update-channel-leak.raw-data-in-update"
UNKNOWN = "update-channel-leak.unknown-provenance"
POLICY = api.load_policy()

DATA = """\
from flwr_datasets import FederatedDataset
from torch.utils.data import DataLoader


def load_data(partition_id: int) -> DataLoader:
    fds = FederatedDataset(dataset="cifar10", partitioners={"train": 10})
    return DataLoader(fds.load_partition(partition_id).with_format("torch"), batch_size=32)
"""

CLIENT = """\
from flwr.client import ClientApp, NumPyClient
from flwr.common import Context

from .data import load_data
from .models import Manager


class Client(NumPyClient):
    def __init__(self, manager):
        self.manager = manager

    def get_parameters(self, config):
        return {sent}


def client_fn(context: Context):
    manager = Manager(context=context, trainloader={loader})
    return Client(manager).to_client()


app = ClientApp(client_fn)
"""


LOADER = 'load_data(int(context.node_config["partition-id"]))'


def scan(tmp_path: Path, models: str, sent: str = "self.manager.model.get_parameters()",
         loader: str = LOADER, client: str = CLIENT) -> tuple[str, set[str]]:
    """The decision and the update-channel rules when a Flower package of data.py, models.py (`models`) and a
    client sending `sent` of a manager built with `loader` is scanned as one unit."""
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "data.py").write_text(DATA)
    (package / "models.py").write_text(dedent(models))
    (package / "client_app.py").write_text(client.format(sent=sent, loader=loader))
    report = api.scan(tmp_path, POLICY)
    return report.decision.value, {f.rule for f in report.findings if f.rule.startswith("update-channel-leak")}


def manager(split_body: str, manager_body: str = "") -> str:
    return f"""\
    import torch
    from torch import nn


    class Split(nn.Module):
        def __init__(self):
            super().__init__()
            self.body = nn.Linear(3072, 64)
            self.head = nn.Linear(64, 10)

        def get_parameters(self):
    {split_body}


    class Manager:
        def __init__(self, context, trainloader):
            self.context = context
            self.trainloader = trainloader
            self._model = Split()

        @property
        def model(self):
            return self._model

        def train_dataset_size(self):
            return len(self.trainloader.dataset)
    {manager_body}
    """


WEIGHTS = "        return [val.cpu().numpy() for val in self.state_dict().values()]"


def test_the_weights_of_a_model_managed_beside_the_loader_are_no_rows(tmp_path: Path) -> None:
    # fedrep's idiom cut down: reviewed (the manager was built with the loader), never raw data
    decision, rules = scan(tmp_path, manager(WEIGHTS))
    assert RAW not in rules
    assert (decision, rules) == ("escalate", {UNKNOWN})


def test_a_count_the_manager_takes_of_its_loader_is_no_rows(tmp_path: Path) -> None:
    # `self.manager.train_dataset_size()` runs the class's method: len() of the loader's dataset
    decision, rules = scan(tmp_path, manager(WEIGHTS), "[self.manager.train_dataset_size()]")
    assert RAW not in rules and decision != "reject"


def test_a_model_that_hands_out_the_loader_rows_is_rejected(tmp_path: Path) -> None:
    # the twin: the same chain, with a get_parameters() that returns the first batch the manager's loader holds
    rows = manager("        return []", """
        def split_rows(self):
            batch = next(iter(self.trainloader))
            return [batch["img"][:4].numpy()]
    """)
    decision, rules = scan(tmp_path, rows, "self.manager.split_rows()")
    assert decision == "reject" and RAW in rules


def test_a_field_the_class_fills_itself_is_read_where_the_resolver_loses_the_object(tmp_path: Path) -> None:
    # the manager loads rows in its own __init__ (nothing it is built with holds them): accepted before
    own = "from .data import load_data\n" + dedent(manager(WEIGHTS)).replace(
        "self._model = Split()", "self._model = Split()\n        self.rows = next(iter(load_data(3)))[\"img\"][:4].numpy()")
    decision, rules = scan(tmp_path, own, "[self.manager.rows]", loader="None")
    assert decision == "reject" and RAW in rules


def test_a_method_that_reads_the_site_data_itself_is_followed(tmp_path: Path) -> None:
    # a method of the manager that builds its own loader: what it returns is the rows, whatever the object was
    # built with (nothing here: it passed as the call's result before)
    fetch = manager(WEIGHTS, """
        def fetch(self):
            from .data import load_data
            return [b["img"].numpy() for b in load_data(3)]
    """)
    decision, rules = scan(tmp_path, fetch, "self.manager.fetch()", loader="None")
    assert decision == "reject" and RAW in rules


def test_the_state_of_the_managed_model_is_the_model_s(tmp_path: Path) -> None:
    # a state_dict() is the model's state, not what the manager was built with (as of any object)
    decision, rules = scan(tmp_path, manager(WEIGHTS),
                           "[v.numpy() for v in self.manager.model.state_dict().values()]")
    assert (decision, rules) == ("accept", set())


def test_what_the_manager_was_built_with_stays_the_site_s_data_for_every_rule(tmp_path: Path) -> None:
    # reported as of unknown provenance, it still flows as rows: a seed taken from one of them is in every weight
    # of a model built after it (Frame.call `seeds`), as a raw cell's would be; the manager keeps the loader where
    # its own module's fields cannot see it, so only what it was built with says so
    kept = dedent(manager(WEIGHTS)).replace("def __init__(self, context, trainloader):", "def __init__(self, context, **kw):")
    kept = kept.replace("self.trainloader = trainloader", "self.trainloader = kw['trainloader']")
    client = CLIENT.replace("from flwr.client import", "import torch\nfrom flwr.client import").replace(
        "        return {sent}", "        torch.manual_seed(int(self.manager.trainloader.dataset[7]['label']))\n"
                                "        return [v.numpy() for v in torch.nn.Linear(4, 2).state_dict().values()]")
    decision, rules = scan(tmp_path, kept, client=client)
    assert (decision, rules) == ("escalate", {UNKNOWN})


def test_an_attribute_the_class_does_not_define_is_what_its_getattr_returns(tmp_path: Path) -> None:
    rows = manager(WEIGHTS, """
        def __getattr__(self, name):
            return next(iter(self.trainloader))["img"][:4].numpy()
    """)
    decision, rules = scan(tmp_path, rows, "[self.manager.weights]", loader="None")
    assert decision == "reject" and RAW in rules


def test_a_method_a_getattribute_of_the_class_may_replace_is_not_the_class_s(tmp_path: Path) -> None:
    # `__getattribute__` runs on every read: the body of train_dataset_size() is not provably what runs
    rows = manager(WEIGHTS, """
        def __getattribute__(self, name):
            if name == "train_dataset_size":
                return lambda: next(iter(object.__getattribute__(self, "trainloader")))["img"][:4].numpy()
            return object.__getattribute__(self, name)
    """)
    decision, rules = scan(tmp_path, rows, "[self.manager.train_dataset_size()]")
    assert decision != "accept" and rules
