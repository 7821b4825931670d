"""Session 29 (flower29): a FederatedDataset partition counted by the site (flow/sitecount.py).

The flowertune examples name their dataset from the run config (the job's choice) and partition it IID into
`context.node_config["num-partitions"]` shares: the site's own count (a SuperNode's --node-config), so a partition is
the site's share taken whole and its aggregates are fine. Every way the job could choose that count instead (a dict
of its own, a Context it builds, a call of its own, arithmetic, a default, a mod, a write into node_config, another
partitioner) must keep the partition rows chosen: escalate or reject, never accept."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from analyzer import api

POLICY = api.load_policy()
CORPUS = Path(__file__).resolve().parents[1] / "corpus"

# flowertune's shape: the count read in a registered function, handed to a loader of another module that caches the
# FederatedDataset in a global; the mean of one partition's column in the reply's metrics.
CLIENT = """\
import numpy as np
from flwr.app import ArrayRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

from app.task import load_data

app = ClientApp()


@app.train()
def train(msg: Message, context: Context):
    partition_id = context.node_config["partition-id"]
    num_partitions = context.node_config["num-partitions"]
    rows = load_data(partition_id, num_partitions, context.run_config["dataset"])
    metrics = MetricRecord({"mean_age": float(np.mean(rows["age"]))})
    content = RecordDict({"arrays": msg.content["arrays"], "metrics": metrics})
    return Message(content=content, reply_to=msg)
"""

TASK = """\
from flwr_datasets import FederatedDataset
from flwr_datasets.partitioner import IidPartitioner

FDS = None


def load_data(partition_id: int, num_partitions: int, dataset_name: str):
    global FDS
    if FDS is None:
        partitioner = IidPartitioner(num_partitions=num_partitions)
        FDS = FederatedDataset(dataset=dataset_name, partitioners={"train": partitioner})
    return FDS.load_partition(partition_id, "train").with_format("numpy")
"""


def _job(tmp_path: Path, client: str = CLIENT, task: str = TASK, **more: str) -> str:
    folder = tmp_path / "job" / "app"
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("")
    (folder / "client_app.py").write_text(dedent(client))
    (folder / "task.py").write_text(dedent(task))
    for name, text in more.items():
        (folder / f"{name}.py").write_text(dedent(text))
    return api.scan(tmp_path / "job", POLICY).decision.value


def _swap(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new)


COUNT = '    num_partitions = context.node_config["num-partitions"]\n'


def test_flowertune_partition_of_the_sites_count_is_accepted(tmp_path: Path) -> None:
    """Escalated before (the partition of a run-config dataset was rows chosen whatever counted it)."""
    assert _job(tmp_path) == "accept"


def test_count_through_int_and_keywords_is_accepted(tmp_path: Path) -> None:
    client = _swap(_swap(CLIENT, COUNT, '    num_partitions = int(context.node_config["num-partitions"])\n'),
                   "load_data(partition_id, num_partitions, context.run_config[\"dataset\"])",
                   "load_data(dataset_name=context.run_config[\"dataset\"], num_partitions=num_partitions, "
                   "partition_id=partition_id)")
    assert _job(tmp_path, client) == "accept"


CLIENT_FN = """\
import numpy as np
from flwr.client import ClientApp, NumPyClient
from flwr.common import Context

from app.task import load_data


class Client(NumPyClient):
    def __init__(self, rows):
        self.rows = rows

    def fit(self, parameters, config):
        return parameters, len(self.rows), {"mean_age": float(np.mean(self.rows["age"]))}


def client_fn(context: Context):
    n = context.node_config["num-partitions"]
    return Client(load_data(context.node_config["partition-id"], n, context.run_config["dataset"])).to_client()


app = ClientApp(client_fn=client_fn)
"""


def test_client_fn_context_is_the_sites(tmp_path: Path) -> None:
    """`ClientApp(client_fn=client_fn)`: Flower calls client_fn with the node's Context."""
    assert _job(tmp_path, CLIENT_FN) == "accept"


def test_client_fn_app_called_by_the_job(tmp_path: Path) -> None:
    """The ClientApp called by the job: client_fn runs with the job's Context."""
    assert _job(tmp_path, CLIENT_FN + "\n\ndef again(msg, fake):\n    return app(msg, fake)\n") != "accept"


# ---- fakes of the site's count: each accepted with the count the site sets, so only the fake may change that ------

FAKES = {
    # a dict the job calls node_config
    "own_dict": (COUNT, '    node_config = {"num-partitions": 100000}\n    num_partitions = node_config["num-partitions"]\n'),
    # a Context the job builds
    "built_context": (COUNT, '    fake = Context(run_id=0, node_id=0, node_config={"num-partitions": 100000}, '
                             'state=RecordDict(), run_config={})\n'
                             '    num_partitions = fake.node_config["num-partitions"]\n'),
    # a Context built positionally from the real one's type
    "context_type": (COUNT, '    fake = type(context)(0, 0, {"num-partitions": 100000}, RecordDict(), {})\n'
                            '    num_partitions = fake.node_config["num-partitions"]\n'),
    # the count rebound after it is read
    "rebound": (COUNT, COUNT + "    num_partitions = 100000\n"),
    "augmented": (COUNT, COUNT + "    num_partitions *= 100000\n"),
    "product": (COUNT, '    num_partitions = context.node_config["num-partitions"] * 100000\n'),
    "sum": (COUNT, '    num_partitions = int(context.node_config["num-partitions"]) + 100000\n'),
    "max": (COUNT, '    num_partitions = max(context.node_config["num-partitions"], 100000)\n'),
    "walrus": (COUNT, COUNT + "    if (num_partitions := 100000):\n        pass\n"),
    # another key the site sets, not a count
    "partition_id": (COUNT, '    num_partitions = context.node_config["partition-id"]\n'),
    # a default of the job's when the site sets none
    "get_default": (COUNT, '    num_partitions = context.node_config.get("num-partitions", 100000)\n'),
    # node_config written before it is read
    "written": (COUNT, '    context.node_config["num-partitions"] = 100000\n' + COUNT),
    "updated": (COUNT, '    context.node_config.update({"num-partitions": 100000})\n' + COUNT),
    "aliased": (COUNT, '    config = context.node_config\n    config["num-partitions"] = 100000\n' + COUNT),
    "replaced": (COUNT, '    context.node_config = {"num-partitions": 100000}\n' + COUNT),
    "getattr_literal": (COUNT, '    getattr(context, "node_config")["num-partitions"] = 100000\n' + COUNT),
    "setattr_literal": (COUNT, '    setattr(context, "node_config", {"num-partitions": 100000})\n' + COUNT),
    "setattr_built": (COUNT, '    setattr(context, "node_" + "config", {"num-partitions": 100000})\n' + COUNT),
    "vars_built": (COUNT, '    vars(context).update({"node_" + "config": {"num-partitions": 100000}})\n' + COUNT),
    "getattr_built": (COUNT, '    getattr(context, "node_" + "config")["num-partitions"] = 100000\n' + COUNT),
    "getmembers": (COUNT, '    import inspect\n    [v for k, v in inspect.getmembers(context) if k.startswith("node_")][0]'
                          '["num-partitions"] = 100000\n' + COUNT),
    "dict_built": (COUNT, '    context.__dict__["node_" + "config"] = {"num-partitions": 100000}\n' + COUNT),
    # the count of a parameter a default may fill
    "second_caller": ("    return Message(", '    load_data(partition_id, 100000, "x")\n    return Message('),
}


@pytest.mark.parametrize("name", sorted(FAKES))
def test_count_the_job_chooses_is_not_accepted(tmp_path: Path, name: str) -> None:
    old, new = FAKES[name]
    assert _job(tmp_path, _swap(CLIENT, old, new)) != "accept"


CALLS = {
    # the registered function called by the job with a Context of its own
    "own_call": "\n\ndef again(msg, fake):\n    return train(msg, fake)\n",
    # the ClientApp called by the job
    "app_called": "\n\ndef again(msg, fake):\n    return app(msg, fake)\n",
    # a mod hands the functions a Context of its choice
    "mods": "\n\ndef swap(msg, context, call_next):\n    return call_next(msg, context)\n\n\napp = ClientApp(mods=[swap])\n",
    # the registered function reached through the module itself
    "sys_modules": "\n\ndef again(msg, fake):\n    import sys\n    return sys.modules[__name__].train(msg, fake)\n",
    "globals": "\n\ndef again(msg, fake):\n    return globals()[\"train\"](msg, fake)\n",
    # the loader called by a name spelled in a string, with the job's count
    "getattr_loader": "\n\ndef again():\n    import app.task\n    return getattr(app.task, \"load_data\")(0, 100000, \"x\")\n",
    # a lifespan writes into the node's config before the functions run
    "lifespan": "\n\n@app.lifespan()\ndef life(context):\n    context.node_config[\"num-partitions\"] = 100000\n    yield\n",
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_context_the_job_hands_is_not_the_sites(tmp_path: Path, name: str) -> None:
    assert _job(tmp_path, CLIENT + CALLS[name]) != "accept"


def test_registered_function_called_from_another_module(tmp_path: Path) -> None:
    other = """\
        from flwr.app import Context, Message, RecordDict

        from app.client_app import train


        def again(msg: Message):
            return train(msg, Context(0, 0, {"num-partitions": 100000, "partition-id": 0}, RecordDict(), {}))
        """
    assert _job(tmp_path, other=other) != "accept"


def test_decorator_with_mods(tmp_path: Path) -> None:
    client = _swap(CLIENT, "@app.train()", "@app.train(mods=[swap])")
    client = _swap(client, "app = ClientApp()\n", "app = ClientApp()\n\n\ndef swap(msg, context, call_next):\n"
                                                   "    return call_next(msg, context)\n")
    assert _job(tmp_path, client) != "accept"


TASK_FAKES = {
    # partitioners that may make a tiny partition whatever the count
    "dirichlet": ("IidPartitioner(num_partitions=num_partitions)",
                  'DirichletPartitioner(num_partitions=num_partitions, partition_by="age", alpha=0.01)'),
    "natural_id": ("IidPartitioner(num_partitions=num_partitions)", 'NaturalIdPartitioner(partition_by="patient")'),
    # the count scaled where it is used
    "scaled": ("IidPartitioner(num_partitions=num_partitions)", "IidPartitioner(num_partitions=num_partitions * 1000)"),
    # a preprocessor cuts the dataset before it is partitioned
    "preprocessor": ('partitioners={"train": partitioner})',
                     'partitioners={"train": partitioner}, preprocessor=lambda d: d)'),
    # the dataset's partitioner swapped after it is built
    "swapped": ('    return FDS.load_partition(', '    FDS.partitioners["train"] = IidPartitioner(num_partitions=100000)\n'
                                                 '    return FDS.load_partition('),
    # the partitioner's count written
    "partitioner_written": ("        FDS = FederatedDataset(", "        partitioner._num_partitions = 100000\n"
                                                              "        FDS = FederatedDataset("),
    # the dataset handed on (to code that may swap its partitioner)
    "handed_on": ("    return FDS.load_partition(partition_id, \"train\").with_format(\"numpy\")",
                  "    return FDS"),
    # a default count, which a call of the job leaves in place
    "default": ("num_partitions: int, dataset_name: str", "dataset_name: str, num_partitions: int = 100000"),
    # IidPartitioner made another partitioner
    "monkeypatched": ("FDS = None\n", "FDS = None\nflwr_datasets.partitioner.IidPartitioner = DirichletPartitioner\n"),
    # another dataset built with the job's count in the same global
    "other_builder": ("\n\ndef load_data(", '\n\ndef warm():\n    global FDS\n    FDS = FederatedDataset(dataset="/data/site", '
                                              'partitioners={"train": 100000})\n\n\ndef load_data('),
    # IidPartitioner bound to a name the job may rebind
    "rebound_partitioner": ("        FDS = FederatedDataset(", "        partitioner = IidPartitioner(num_partitions=100000)\n"
                                                             "        FDS = FederatedDataset("),
}


@pytest.mark.parametrize("name", sorted(TASK_FAKES))
def test_partitions_the_job_sizes_are_not_accepted(tmp_path: Path, name: str) -> None:
    old, new = TASK_FAKES[name]
    task = _swap(TASK, old, new)
    task = _swap(task, "import IidPartitioner", "import DirichletPartitioner, IidPartitioner, NaturalIdPartitioner")
    if name == "monkeypatched":
        task = "import flwr_datasets.partitioner\n" + task
    client = CLIENT + "\n\ndef warm_up():\n    from app.task import warm\n    warm()\n" if name == "other_builder" else CLIENT
    if name == "default":
        client = _swap(client, "load_data(partition_id, num_partitions, context.run_config[\"dataset\"])",
                       "load_data(partition_id, dataset_name=context.run_config[\"dataset\"])")
    assert _job(tmp_path, client, task) != "accept"



# ---- rows written to a file and read back: found while checking the dataset a site count partitions ---------------

WRITTEN_BACK = """\
import numpy as np
import pandas as pd
from flwr.client import ClientApp, NumPyClient
from flwr.common import Context


class Client(NumPyClient):
    def __init__(self, rows):
        self.rows = rows

    def fit(self, parameters, config):
        return parameters, len(self.rows), {"mean_age": float(np.mean(self.rows["age"]))}


def client_fn(context: Context):
    site = pd.read_csv("/data/site/patients.csv")
    site.iloc[[17]].to_csv("/tmp/one/train.csv")
    part = pd.read_csv("/tmp/one/train.csv")
    return Client(part).to_client()


app = ClientApp(client_fn=client_fn)
"""


def _written_back(tmp_path: Path, read: str) -> str:
    text = _swap(WRITTEN_BACK, 'pd.read_csv("/tmp/one/train.csv")', read)
    path = tmp_path / "client_app.py"
    path.write_text("from datasets import load_dataset\nfrom flwr_datasets import FederatedDataset\n" + text)
    return api.scan(path, POLICY).decision.value


def test_row_written_and_partitioned_by_the_sites_count_is_reviewed(tmp_path: Path) -> None:
    """Accepted with the site's count vouched for alone: the dataset a run-time name gives may be the folder the job
    wrote one row into, so no count is vouched for in a job that writes files (sitecount._writes_files)."""
    assert _written_back(tmp_path, 'FederatedDataset(dataset=context.run_config["dataset"], partitioners={"train": '
                                   'int(context.node_config["num-partitions"])}).load_partition(0)') != "accept"


@pytest.mark.parametrize("read", [
    'pd.read_csv("/tmp/one/train.csv")',  # the file's own name
    'pd.read_csv(context.run_config["dataset"])',  # a name the run gives
    'load_dataset(context.run_config["dataset"])["train"]',
])
def test_row_written_and_read_back_is_reviewed(tmp_path: Path, read: str) -> None:
    """A false accept on main (e99ebac): what a write hands a file was stored reviewed (of unknown provenance),
    which a reduction drops, so the mean of one written row read back was clean. The site's rows stay its rows
    through the file (engine._review_site, Origin.named)."""
    assert _written_back(tmp_path, read) != "accept"


def test_site_data_taken_whole_and_read_back_is_accepted(tmp_path: Path) -> None:
    """The twin: the whole table written (a cache) and read back, its mean an aggregate as before. The cache is in
    a private folder the job removes: at a fixed path under /tmp, which every job and user of the site reads, the
    table is file-exfiltration.data-to-shared-folder (red team 57a), an escalation; so it is in a mkdtemp() folder,
    which outlives the job (red team 60b)."""
    path = tmp_path / "client_app.py"
    text = _swap(WRITTEN_BACK, "site.iloc[[17]].to_csv", "site.to_csv").replace('"/tmp/one/train.csv"', "CACHE")
    path.write_text("import os\nimport tempfile\n" + text.replace(
        "\n\nclass Client", '\nSCRATCH = tempfile.TemporaryDirectory()\n'
        'CACHE = os.path.join(SCRATCH.name, "train.csv")\n\n\nclass Client', 1))
    assert api.scan(path, POLICY).decision.value == "accept"


@pytest.mark.parametrize("cut", ['shard(num_shards=100000, index=0)', 'train_test_split(test_size=0.99999)["test"]',
                                 'select([0])', 'filter(lambda r: r["id"] == 17)', 'take(1)',
                                 'sort("age").select(range(1))'])
def test_rows_chosen_from_the_sites_share_are_not_accepted(tmp_path: Path, cut: str) -> None:
    """The share the site counts is vouched for taken whole: rows chosen from it stay rows chosen (the flow's)."""
    task = _swap(TASK, '.load_partition(partition_id, "train")', f'.load_partition(partition_id, "train").{cut}')
    assert _job(tmp_path, task=task) != "accept"
