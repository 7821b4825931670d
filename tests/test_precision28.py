"""Session 28 (precision28): a path folded past the check that replaces one of its values.

niid_bench's SCAFFOLD client (Flower baselines) saves its control variates to `f"{self.dir}/client_cv_{cid}.pt"`
after `if save_dir == "": save_dir = "client_cvs"`: the parameter's default `""` never reaches the write, but the
path folder (detectors/paths.py) unions every binding of a name wherever it is read, so it kept `/client_cv_?.pt`
(the root of the file system) and torch.save's destination was refused. A statement of the function's own body
`if name == "literal":` whose body only rebinds the name rules that literal out of every read of the name after
it, unless another binding can make it again. Anything else (the check under another test or in a loop, a read
before it, an `else`, a later rebinding to the literal) keeps it."""

from __future__ import annotations

import pytest

from analyzer import api
from analyzer.engine.collect import from_bytes

POLICY = api.load_policy()

GUARDED = '''\
import torch


class Client:
    def __init__(self, net, cid, save_dir: str = ""):
        self.net = net
        self.cid = cid
{guard}
        self.dir = save_dir

    def fit(self):
        torch.save(self.net.state_dict(), f"{{self.dir}}/client_cv_{{self.cid}}.pt")


def client_fn(cid):
    return Client(torch.nn.Linear(2, 2), cid)
'''

NIID = '        if save_dir == "":\n            save_dir = "client_cvs"'


def _decision(text: str) -> str:
    return api.analyze(from_bytes("client.py", text.encode(), POLICY.limits), POLICY).decision


def test_default_replaced_before_the_write_is_a_job_path() -> None:
    """Failed before the fix: the default "" folded into `/client_cv_?.pt`."""
    assert _decision(GUARDED.format(guard=NIID)) == "accept"


def test_reversed_comparison_counts_the_same() -> None:
    assert _decision(GUARDED.format(guard=NIID.replace('save_dir == ""', '"" == save_dir'))) == "accept"


@pytest.mark.parametrize("guard", [
    # no check: the default "" writes at the root of the file system
    "        pass",
    # the check rules out another literal than the default
    '        if save_dir == "out":\n            save_dir = "client_cvs"',
    # under another test, the check may not run
    '        if cid:\n            if save_dir == "":\n                save_dir = "client_cvs"',
    # an else branch: the body is not the only way on
    '        if save_dir == "":\n            save_dir = "client_cvs"\n        else:\n            pass',
    # the name made "" again after the check
    NIID + '\n        save_dir = ""',
    # the body's new value is the literal itself
    '        if save_dir == "":\n            save_dir = ""',
    # a comparison other than equality
    '        if save_dir != "":\n            save_dir = "client_cvs"',
])
def test_twins_keep_the_root_destination(guard: str) -> None:
    assert _decision(GUARDED.format(guard=guard)) != "accept"


def test_read_before_the_check_keeps_the_literal() -> None:
    text = GUARDED.format(guard='        self.first = save_dir\n' + NIID).replace(
        'f"{self.dir}/client_cv', 'f"{self.first}/client_cv')
    assert _decision(text) != "accept"


def test_bytes_default_is_not_the_str_the_check_replaces() -> None:
    """`b"" == ""` is False: a bytes default passes the check untouched (`open(d + b"/etc/x")`)."""
    text = GUARDED.format(guard=NIID).replace('save_dir: str = ""', 'save_dir=b""')
    assert _decision(text) != "accept"


def test_literal_bound_by_a_nested_function_stays() -> None:
    """A closure defined before the check may bind the literal again after it (`nonlocal`)."""
    guard = ('        def reset():\n            nonlocal save_dir\n            save_dir = ""\n' + NIID +
             '\n        reset()')
    assert _decision(GUARDED.format(guard=guard)) != "accept"


# ---- found while measuring, fixed by fds28 (docs/fl-examples.md, Session 28 (precision28)) -----------------------

FDS_ONE_ROW = '''\
import numpy as np
from flwr.client import ClientApp, NumPyClient
from flwr.common import Context
from flwr_datasets import FederatedDataset


class Client(NumPyClient):
    def __init__(self, rows):
        self.rows = rows

    def fit(self, parameters, config):
        return parameters, len(self.rows), {"mean_age": float(np.mean(self.rows["age"]))}


def client_fn(context: Context):
    fds = FederatedDataset(dataset="/data/site", partitioners={"train": 100000})
    part = fds.load_partition(int(context.node_config["partition-id"])).with_format("numpy")
    return Client(part).to_client()


app = ClientApp(client_fn)
'''


def test_partition_of_one_row_of_a_local_folder_is_reviewed() -> None:
    """Failed before (accepted): a FederatedDataset partition counted as the site's data taken whole whatever
    the partition count the job writes; 100000 partitions of the site's folder are a row each, and the mean of
    one is that row. A dataset that is no literal hub id (sources.yaml hub_id) is now partitioned rows chosen."""
    assert _decision(FDS_ONE_ROW) != "accept"


IID = "from flwr_datasets import FederatedDataset\nfrom flwr_datasets.partitioner import IidPartitioner"


@pytest.mark.parametrize("text", [
    # a name the job's run config gives (load_dataset reads a local folder of that name)
    FDS_ONE_ROW.replace('"/data/site"', 'context.run_config["dataset"]'),
    # the count in a partitioner the job builds
    FDS_ONE_ROW.replace('partitioners={"train": 100000}', 'partitioners={"train": IidPartitioner(num_partitions=100000)}')
    .replace("from flwr_datasets import FederatedDataset", IID),
    # a relative folder spelled with dots, through a name
    FDS_ONE_ROW.replace('fds = FederatedDataset(dataset="/data/site"', 'name = "../site"\n    fds = FederatedDataset(dataset=name'),
])
def test_partition_of_the_sites_rows_the_job_counts_is_reviewed(text: str) -> None:
    """Each failed before (accepted)."""
    assert _decision(text) != "accept"


def test_partition_of_a_public_hub_dataset_is_accepted() -> None:
    """Rows of a public dataset named by a literal hub id are no site data: any partition count is fine."""
    assert _decision(FDS_ONE_ROW.replace('"/data/site"', '"uoft-cs/cifar10"')) == "accept"
    assert _decision(FDS_ONE_ROW.replace('fds = FederatedDataset(dataset="/data/site"',
                                         'name = "uoft-cs/cifar10"\n    fds = FederatedDataset(dataset=name')) == "accept"


def test_partition_counted_by_the_site_is_accepted() -> None:
    """Strict xfail until session 29 (flower29): a count the site sets (Flower's node_config 'num-partitions', from
    the SuperNode's --node-config) makes each partition the site's own share (flow/sitecount.py); the fakes of it
    are in tests/test_flower29.py."""
    assert _decision(FDS_ONE_ROW.replace('"/data/site"', 'context.run_config["dataset"]')
                     .replace("100000", 'int(context.node_config["num-partitions"])')) == "accept"
