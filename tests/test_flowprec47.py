"""A Flower app's ServerApp beside its ClientApp no longer changes how the client is judged (flow/sitecount.py,
Program.never_run): flowertune-vit's client trains on `fds.load_partition(partition_id)` of a FederatedDataset the
site counts, which is the site's own share taken whole only if no module of the job writes a file (the dataset a
run-time name gives may be a folder holding one row the job wrote). The ServerApp's `torch.save` of the final model
made every such app escalate; the site never runs it (detectors/not_run.py), so its writes, calls and names are no
file, caller or mention at the site. A module the site does run keeps counting: the ServerApp imported by the client,
a helper of the client that writes, and any folder without the pyproject.toml that says what the site runs."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli

CLIENT = '''"""vitexample: A Flower / PyTorch app with Vision Transformers."""

import torch
from flwr.app import ArrayRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp
from torch.utils.data import DataLoader

from vitexample.task import apply_train_transforms, get_dataset_partition, get_model, trainer
{imports}
app = ClientApp()


@app.train()
def train(msg: Message, context: Context):
    partition_id = context.node_config["partition-id"]
    num_partitions = context.node_config["num-partitions"]
    dataset_name = context.run_config["dataset-name"]
    trainpartition = get_dataset_partition(num_partitions, partition_id, dataset_name)
    trainset = trainpartition.with_transform(apply_train_transforms)
    trainloader = DataLoader(trainset, batch_size=context.run_config["batch-size"], shuffle=True)
    model = get_model(context.run_config["num-classes"])
    model.heads.load_state_dict(msg.content["arrays"].to_torch_state_dict(), strict=True)
    optimizer = torch.optim.Adam(model.parameters(), lr=context.run_config["learning-rate"])
    avg_train_loss = trainer(model, trainloader, optimizer, epochs=1, device="cpu")
    metrics = {{"train_loss": avg_train_loss, "num-examples": len(trainloader.dataset)}}
    content = RecordDict({{"arrays": ArrayRecord(model.heads.state_dict()), "metrics": MetricRecord(metrics)}})
    return Message(content=content, reply_to=msg)
'''

TASK = '''"""vitexample: A Flower / PyTorch app with Vision Transformers."""

import torch
from flwr_datasets import FederatedDataset
from flwr_datasets.partitioner import IidPartitioner
from torchvision.models import ViT_B_16_Weights, vit_b_16
from torchvision.transforms import Compose, Normalize, RandomResizedCrop, ToTensor


def get_model(num_classes: int):
    model = vit_b_16(weights=ViT_B_16_Weights.IMAGENET1K_V1)
    model.heads[-1] = torch.nn.Linear(model.heads[-1].in_features, num_classes)
    model.requires_grad_(False)
    model.heads.requires_grad_(True)
    return model


def trainer(net, trainloader, optimizer, epochs, device):
    criterion = torch.nn.CrossEntropyLoss()
    net.train()
    avg_loss = 0
    for _ in range(epochs):
        for batch in trainloader:
            images, labels = batch["image"].to(device), batch["label"].to(device)
            optimizer.zero_grad()
            loss = criterion(net(images), labels)
            avg_loss += loss.item() / labels.shape[0]
            loss.backward()
            optimizer.step()
    return avg_loss / len(trainloader)


fds = None


def get_dataset_partition(num_partitions: int, partition_id: int, dataset_name: str):
    global fds
    if fds is None:
        partitioner = IidPartitioner(num_partitions)
        fds = FederatedDataset(dataset=dataset_name, partitioners={{"train": partitioner}})
    return fds.load_partition(partition_id)


def apply_train_transforms(batch):
    transforms = Compose([RandomResizedCrop((224, 224)), ToTensor(), Normalize(mean=[0.5] * 3, std=[0.2] * 3)])
    batch["image"] = [transforms(img) for img in batch["image"]]
{extra}    return batch
'''

SERVER = '''"""vitexample: A Flower / PyTorch app with Vision Transformers."""

import torch
from flwr.app import ArrayRecord, Context
from flwr.serverapp import Grid, ServerApp
from flwr.serverapp.strategy import FedAvg

from vitexample.task import get_model

app = ServerApp()


@app.main()
def main(grid: Grid, context: Context) -> None:
    model = get_model(context.run_config["num-classes"])
    strategy = FedAvg(fraction_train=0.5, fraction_evaluate=0.0)
    result = strategy.start(grid=grid, initial_arrays=ArrayRecord(model.heads.state_dict()),
                            num_rounds=context.run_config["num-server-rounds"])
    torch.save(result.arrays.to_torch_state_dict(), "final_model.pt")
{extra}'''

PYPROJECT = '''[project]
name = "vitexample"
version = "1.0.0"

[tool.flwr.app]
publisher = "flwrlabs"

[tool.flwr.app.components]
serverapp = "vitexample.server_app:app"
clientapp = "vitexample.client_app:app"

[tool.flwr.app.config]
num-server-rounds = 3
batch-size = 32
learning-rate = 0.01
dataset-name = "nelorth/oxford-flowers"
num-classes = 102
'''

LEAK = "update-channel-leak.unknown-provenance"


def _app(folder, server: bool = True, pyproject: bool = True, client_imports: str = "", task_extra: str = "",
         server_extra: str = "", saves: bool = True):
    pkg = folder / "vitexample"
    pkg.mkdir(parents=True)
    (pkg / "client_app.py").write_text(CLIENT.format(imports=client_imports))
    (pkg / "task.py").write_text(TASK.format(extra=task_extra))
    if server:
        (pkg / "__init__.py").write_text('"""vitexample: A Flower / PyTorch app with Vision Transformers."""\n')
        text = SERVER.format(extra=server_extra)
        (pkg / "server_app.py").write_text(text if saves else text.replace("    torch.save(", "    print("))
    if pyproject:
        (folder / "pyproject.toml").write_text(PYPROJECT)
    return folder


def _scan(folder) -> dict:
    proc = run_cli("scan", "--format", "json", str(folder))
    assert proc.stdout, proc.stderr
    return json.loads(proc.stdout)["reports"][0]


def _client_leaks(report: dict) -> list[int]:
    return [f["line"] for f in report["findings"] if f["rule"] == LEAK and f["path"] == "vitexample/client_app.py"]


def test_the_client_without_its_server_is_accepted(tmp_path):
    report = _scan(_app(tmp_path, server=False, pyproject=False))
    assert report["decision"] == "accept", report["reasons"]


def test_the_server_apps_saved_model_leaves_the_client_as_it_was(tmp_path):
    # main: escalate, "a statistic of the site's data the gate cannot vouch for (from DataLoader)" at the Message
    report = _scan(_app(tmp_path))
    assert _client_leaks(report) == []
    assert report["decision"] == "accept", report["reasons"]
    assert any(f["rule"] == "unvouched.not-run-at-site" and f["path"] == "vitexample/server_app.py"
               for f in report["findings"])


def test_what_the_server_app_passes_a_task_function_happens_at_the_server(tmp_path):
    # a count of the job's own handed to the partition loader, from code the site never runs
    extra = '\nfrom vitexample.task import get_dataset_partition\n\n\ndef preview():\n' \
        '    return get_dataset_partition(100000, 0, "nelorth/oxford-flowers")\n'
    report = _scan(_app(tmp_path, server_extra=extra, saves=False))
    assert _client_leaks(report) == [], report["findings"]
    assert report["decision"] == "accept", report["reasons"]


@pytest.mark.parametrize("extra", [
    "\nfrom vitexample import client_app  # noqa: F401\n",  # names the ClientApp's module (sitecount._registered)
    "\nfrom vitexample.task import fds  # noqa: F401\n",  # names the FederatedDataset's holder (_only_loaded)
])
def test_names_the_server_app_spells_are_no_mention_at_the_site(tmp_path, extra):
    report = _scan(_app(tmp_path, server_extra=extra, saves=False))
    assert _client_leaks(report) == [], report["findings"]
    assert report["decision"] == "accept", report["reasons"]


def test_a_server_app_the_client_imports_runs_at_the_site_and_its_write_counts(tmp_path):
    report = _scan(_app(tmp_path, client_imports="from vitexample import server_app  # noqa: F401\n"))
    assert not any(f["rule"] == "unvouched.not-run-at-site" for f in report["findings"])
    assert _client_leaks(report)
    assert report["decision"] != "accept"


def test_a_client_helper_that_writes_rows_still_counts(tmp_path):
    # the site's batch written where a later run's FederatedDataset(dataset=<that folder>) would read it
    extra = '    open("rows.json", "w").write(str(batch["label"]))\n'
    report = _scan(_app(tmp_path, task_extra=extra))
    assert _client_leaks(report)
    assert report["decision"] != "accept"


def test_without_a_pyproject_the_site_may_run_the_server_module(tmp_path):
    report = _scan(_app(tmp_path, pyproject=False))
    assert _client_leaks(report)
    assert report["decision"] != "accept"


def test_a_cached_client_result_is_not_reused_when_the_pyproject_no_longer_names_it(tmp_path):
    # the per-file result cache keys a module's findings by the Python files it depends on; what the site never runs
    # comes from pyproject.toml, so the set is part of the key (api._python_findings)
    folder, cache = _app(tmp_path / "app"), tmp_path / "cache"

    def scan() -> dict:
        proc = run_cli("scan", "--format", "json", "--cache-dir", str(cache), str(folder))
        assert proc.stdout, proc.stderr
        return json.loads(proc.stdout)["reports"][0]

    assert scan()["decision"] == "accept"
    (folder / "pyproject.toml").write_text(PYPROJECT.replace('clientapp = "vitexample.client_app:app"\n', ""))
    report = scan()
    assert _client_leaks(report)
    assert report["decision"] != "accept"
