"""Session 44 (fp44): a field the job's class stores from its constructor's parameter (`self.net = net`) is what
the job's constructions pass, as a parameter is (flow/fields.py), and what a class the framework runs is built with
where the flow does not apply its __init__ (another module, a subclass, a helper it is handed to) stays the site's
data, reported as of unknown provenance."""

from __future__ import annotations

from pathlib import Path

import pytest

from flower_scan import one_file, scan

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
UNKNOWN = "update-channel-leak.unknown-provenance"

CLIENT = """\
    import numpy as np
    import torch
    from torch.utils.data import DataLoader
    from torchvision.datasets import MNIST
    from torchvision.transforms import ToTensor
    from flwr.client import ClientApp, NumPyClient
    from flwr.common import Context

    ROWS = np.load("data/site_rows.npy")


    class Probe(torch.nn.Module):
        def forward(self, x):
            return torch.tensor(ROWS[:10])


    def probe_fn(x):
        return torch.tensor(ROWS[:10])


    class FlowerClient(NumPyClient):
        def __init__(self, net, valloader):
            self.net = net
            self.valloader = valloader

        def evaluate(self, parameters, config):
            correct = 0
            with torch.no_grad():
                for images, labels in self.valloader:
                    correct += (torch.max(self.net(images).data, 1)[1] == labels).sum().item()
            return 0.0, len(self.valloader), {{"accuracy": correct / len(self.valloader.dataset)}}
    {extra_class}

    def client_fn(context: Context):
        net = {net}
        data = MNIST("data", train=False, transform=ToTensor())
        client = {build}
        {after}
        return client.to_client()


    def make(kind, *args):
        return kind(*args)


    app = ClientApp(client_fn)
    """
LINEAR = "torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 10))"
BUILT = "FlowerClient(net, DataLoader(data, batch_size=32))"


def client(net: str = LINEAR, build: str = BUILT, after: str = "pass", extra_class: str = "") -> str:
    return CLIENT.format(net=net, build=build, after=after, extra_class=extra_class)


def test_metric_over_fields_in_evaluate_is_accepted(tmp_path: Path) -> None:
    assert one_file(tmp_path, client()) == ("accept", set())
    assert scan(CORPUS / "benign/fp44_client_field_metric.py") == ("accept", set())


@pytest.mark.parametrize("net,build,after,extra_class", [
    ("Probe()", BUILT, "pass", ""),  # the construction passes a module whose forward hands back rows
    ("lambda x: torch.tensor(ROWS[:10])", BUILT, "pass", ""),
    ("probe_fn", BUILT, "pass", ""),
    (LINEAR, BUILT, "client.net = Probe()", ""),  # a second store of the attribute
    (LINEAR, BUILT, 'setattr(client, "n" + "et", Probe())', ""),
    (LINEAR, BUILT, 'client.__dict__["net"] = Probe()', ""),
    (LINEAR, "make(FlowerClient, Probe(), DataLoader(data, batch_size=32))", "pass", ""),  # built unseen
    (LINEAR, "FlowerClient(*[Probe(), DataLoader(data, batch_size=32)])", "pass", ""),
    (LINEAR, "FlowerClient(*[probe_fn, DataLoader(data, batch_size=32)])", "pass", ""),
    (LINEAR, 'FlowerClient({"p": probe_fn}["p"], DataLoader(data, batch_size=32))', "pass", ""),  # no name
    (LINEAR, "make(FlowerClient, probe_fn, DataLoader(data, batch_size=32))", "pass", ""),
    (LINEAR, BUILT, "client = type(client)(Probe(), client.valloader)", ""),
    (LINEAR, "Sub(net, DataLoader(data, batch_size=32))", "pass",
     "\n\nclass Sub(FlowerClient):\n    @property\n    def net(self):\n        return Probe()\n\n"
     "    @net.setter\n    def net(self, v):\n        pass\n"),
])
def test_a_field_set_or_built_otherwise_is_never_accepted(tmp_path: Path, net: str, build: str, after: str,
                                                         extra_class: str) -> None:
    decision, rules = one_file(tmp_path, client(net, build, after, extra_class.replace("\n", "\n    ")))
    assert decision in ("escalate", "reject") and rules


TABLE = """\
    import numpy as np
    import torch
    from flwr.client import ClientApp, NumPyClient
    from flwr.common import Context


    class FlowerClient(NumPyClient):
        def __init__(self, net, table):
            self.net = net
            self.table = table

        def evaluate(self, parameters, config):
            return 0.0, 1, {{"first": float(self.table[0, 0])}}


    class Sub(FlowerClient):
        pass


    def make(kind, args):
        return kind(*args)


    def client_fn(context: Context):
        return {build}.to_client()


    app = ClientApp(client_fn)
    """


def test_a_client_built_through_a_helper_holds_what_it_was_given(tmp_path: Path) -> None:
    """Accepted before: the class handed to `make` is built where the flow applies no __init__."""
    decision, rules = one_file(tmp_path, TABLE.format(
        build='make(FlowerClient, (torch.nn.Linear(2, 2), np.load("data/site.npy")))'))
    assert decision == "escalate" and UNKNOWN in rules


@pytest.mark.parametrize("build", [
    'FlowerClient(torch.nn.Linear(2, 2), np.load("data/site.npy"))',
    'Sub(torch.nn.Linear(2, 2), np.load("data/site.npy"))',  # accepted before: Sub's inherited __init__ not applied
])
def test_built_here_the_table_is_raw_data(tmp_path: Path, build: str) -> None:
    decision, rules = one_file(tmp_path, TABLE.format(build=build))
    assert decision == "reject" and "update-channel-leak.raw-data-in-update" in rules


@pytest.mark.parametrize("sample", [
    "jobs/fp44_client_built_in_other_module",  # accepted before: the class's module was not even analysed
    "malicious/fp44_client_class_handed_on.py",
    "malicious/fp44_client_subclass_inherits_init.py",
    "malicious/fp44_client_field_probe_record.py",
])
def test_corpus_twins_are_not_accepted(sample: str) -> None:
    decision, rules = scan(CORPUS / sample)
    assert decision in ("escalate", "reject") and rules & {UNKNOWN, "update-channel-leak.raw-data-in-update"}


@pytest.mark.xfail(strict=True, reason=(
    "A client class built in another module holds, in its own module's analysis, the site's data reported as of "
    "unknown provenance (fields.built_unseen): that module's flow cannot see the arguments (Frame.apply stores "
    "them into the calling module's fields). Precise would be to apply __init__ where the class is built and hand "
    "the fields to the class's module before its rounds, which cross-module ordering makes unsound as built "
    "today (a module analysed while the other runs sees its fields partly). Accepted on main only because the "
    "class's module was not analysed at all (the hole closed here). Not built in session 44"))
def test_a_client_built_with_its_loaders_in_another_module_is_accepted(tmp_path: Path) -> None:
    (tmp_path / "client.py").write_text(
        "import torch\nfrom flwr.client import NumPyClient\n\n\nclass FlowerClient(NumPyClient):\n"
        "    def __init__(self, net, valloader):\n        self.net = net\n        self.valloader = valloader\n\n"
        "    def get_parameters(self, config):\n        return [v.cpu().numpy() for v in self.net.state_dict().values()]\n\n"
        "    def evaluate(self, parameters, config):\n        correct = 0\n        with torch.no_grad():\n"
        "            for images, labels in self.valloader:\n"
        "                correct += (torch.max(self.net(images).data, 1)[1] == labels).sum().item()\n"
        "        return 0.0, len(self.valloader), {'accuracy': correct / len(self.valloader.dataset)}\n")
    (tmp_path / "client_app.py").write_text(
        "import torch\nfrom torch.utils.data import DataLoader\nfrom torchvision.datasets import MNIST\n"
        "from torchvision.transforms import ToTensor\nfrom flwr.client import ClientApp\nfrom flwr.common import Context\n"
        "from client import FlowerClient\n\n\ndef client_fn(context: Context):\n"
        "    net = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 10))\n"
        "    data = MNIST('data', train=False, transform=ToTensor())\n"
        "    return FlowerClient(net, DataLoader(data, batch_size=32)).to_client()\n\n\napp = ClientApp(client_fn)\n")
    assert scan(tmp_path) == ("accept", set())
