"""Red team 43a: NVFlare jobs written by an adversary who read the gate's source.

NVFlare components a trusted family holds, whose arguments name a place:

A tracking receiver the job's config builds hands its tracking URI to the tracker as it is: MLflowReceiver calls
`mlflow.set_tracking_uri(tracking_uri)` (nvflare/app_opt/tracking/mlflow/mlflow_receiver.py `initialize`), so a
hosted service's word (`databricks`), a database URL or a folder outside the job's workspace sends or writes
everything the job logs there. The config check knew URLs only; rules/lists/launchers.yaml
`tracker-uri-arguments` now names the argument, and only a place inside the workspace is vouched.

MetricRelay joins `bootstrap_file_name` to the app's config folder, replaces that file at the start of the run
and deletes it at its end (nvflare/app_common/widgets/metric_relay.py `_start`, `_stop`): with `..` or an absolute
path, any file the client may write (the site's local/privacy.json). It joins `workspace-path-arguments`.

A class of one module of the job whose __init__ writes what it is built with into its parameters, built in another
module with the site's rows: its state_dict() holds them. The flow applied the __init__ of the module's own classes
only; it now links the __init__ of a class another module of the job defines, as it links its other methods.
"""

from __future__ import annotations

import json

import pytest

import redteam_kit as kit
from analyzer.model import Decision

RECEIVER = "nvflare.app_opt.tracking.mlflow.mlflow_receiver.MLflowReceiver"
CLIENT = """import nvflare.client as flare
from nvflare.apis.analytix import AnalyticsDataType

flare.init()
while flare.is_running():
    model = flare.receive()
    loss = 0.5
    flare.log("loss", loss, AnalyticsDataType.SCALAR)
    flare.send(flare.FLModel(params=model.params, metrics={"loss": loss}))
"""


RELAY = "nvflare.app_common.widgets.metric_relay.MetricRelay"


def component_job(tmp_path, path: str, args: dict, variables: dict | None = None):
    """The report on a Client API job whose client config builds the component `path` with `args` (and has the
    top-level `variables`)."""
    root = kit.client_api_job(tmp_path / "job", {"client.py": CLIENT}, "")
    config_path = root / "app" / "config" / "config_fed_client.json"
    config = json.loads(config_path.read_text())
    config["components"] = [{"id": "c", "path": path, "args": args}]
    config.update(variables or {})
    config_path.write_text(json.dumps(config, indent=2))
    return kit.scan(root)


def tracking_job(tmp_path, args: dict, variables: dict | None = None):
    """The report on a job whose client config builds an MLflowReceiver with `args`."""
    return component_job(tmp_path, RECEIVER, {**args, "events": ["analytix_log_stats"]}, variables)


@pytest.mark.parametrize("uri", ["databricks", "databricks-uc", "databricks://prod", "HTTP://mlflow.partner.example",
                                 "postgresql://fl@db.internal/mlflow"])
def test_a_tracker_sending_off_the_machine_rejects(tmp_path, uri):
    kit.assert_held(tracking_job(tmp_path, {"tracking_uri": uri}), "config-attack.component-remote-tracker",
                    Decision.REJECT)


def test_a_tracker_named_through_a_config_variable_rejects(tmp_path):
    report = tracking_job(tmp_path, {"tracking_uri": "{tracker}"}, {"tracker": "databricks"})
    kit.assert_held(report, "config-attack.component-remote-tracker", Decision.REJECT)


@pytest.mark.parametrize("uri", ["/srv/mlruns", "~/mlruns", "sqlite:////mnt/share/mlflow.db", "../../mlruns"])
def test_a_tracker_writing_outside_the_workspace_is_held(tmp_path, uri):
    kit.assert_held(tracking_job(tmp_path, {"tracking_uri": uri}), "config-attack.component-tracker-outside")


def test_artifacts_outside_the_run_folder_are_held(tmp_path):
    """MLflowReceiver joins artifact_location to the job's run folder (`_get_artifact_location`): an absolute
    path replaces it."""
    kit.assert_held(tracking_job(tmp_path, {"artifact_location": "/srv/artifacts"}),
                    "config-attack.component-tracker-outside")


@pytest.mark.parametrize("args", [{}, {"tracking_uri": "mlruns"}, {"tracking_uri": "{WORKSPACE}/{JOB_ID}/mlruns"},
                                  {"kw_args": {"experiment_name": "fl"}},
                                  {"artifact_location": "artifacts"}])
def test_a_tracker_in_the_job_workspace_stays_accepted(tmp_path, args):
    kit.assert_accepted(tracking_job(tmp_path, args))


@pytest.mark.parametrize("name", ["../../../local/privacy.json", "/data/site/train.csv",
                                  "{WORKSPACE}/startup/fed_client.json"])
def test_a_relay_bootstrap_file_outside_the_app_is_held(tmp_path, name):
    kit.assert_held(component_job(tmp_path, RELAY, {"bootstrap_file_name": name}),
                    "config-attack.component-folder-outside")


@pytest.mark.parametrize("args", [{}, {"bootstrap_file_name": "analytics_bootstrap.json"}, {"fed_event": False}])
def test_a_relay_bootstrap_file_in_the_app_stays_accepted(tmp_path, args):
    kit.assert_accepted(component_job(tmp_path, RELAY, args))


NET = """import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self, n_in, warm_start=None):
        super().__init__()
        self.fc = nn.Linear(n_in, 4)
        if warm_start is not None:
            with torch.no_grad():
                self.fc.weight[: len(warm_start)] = warm_start
"""
TRAIN = """import pandas as pd
import torch
import nvflare.client as flare

from net import Net

df = pd.read_csv("/data/site/train.csv")
X = torch.tensor(df.values, dtype=torch.float32)
flare.init()
while flare.is_running():
    model = flare.receive()
    net = Net(X.shape[1], {warm})
    flare.send(flare.FLModel(params=net.state_dict()))
"""


@pytest.mark.parametrize("warm", ["X[:2]", "warm_start=X[:2]", "warm_start=X[X[:, 0] == 1042]"])
def test_rows_written_by_another_modules_constructor_are_rejected(tmp_path, warm):
    report = kit.scan_files(tmp_path, {"net.py": NET, "client.py": TRAIN.format(warm=warm)})
    kit.assert_held(report, "update-channel-leak.raw-data-in-update", Decision.REJECT)


@pytest.mark.parametrize("warm", ["", "warm_start=X.mean(0, keepdim=True)", "warm_start=torch.zeros(2, X.shape[1])"])
def test_another_modules_constructor_of_aggregates_stays_accepted(tmp_path, warm):
    kit.assert_accepted(kit.scan_files(tmp_path, {"net.py": NET, "client.py": TRAIN.format(warm=warm)}))


def test_the_samples_are_labelled():
    labelled = {e["path"] for e in kit.labelled("rt43a_")}
    assert labelled == set(kit.corpus_samples("jobs/rt43a_*", "jobs/near_rt43a_*"))


@pytest.mark.parametrize("sample", kit.corpus_samples("jobs/rt43a_*"))
def test_attack_sample_is_held(sample):
    kit.assert_held(kit.scan_sample(sample))


@pytest.mark.parametrize("sample", kit.corpus_samples("jobs/near_rt43a_*"))
def test_near_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))
