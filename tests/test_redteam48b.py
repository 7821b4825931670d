"""Session 48 (redteam48b): capabilities reached through a road the resolver does not see, or through a vouched API
with an argument form the catalogue's conditions missed (docs/redteam48b-attempts.md). All were accepted on main.

- A Flower app's folder is first on sys.path at the SuperNode, so a module at its top is what any import of that
  name finds, a library's own optional import included (pandas imports numexpr and bottleneck when it is imported,
  read_excel openpyxl, torch sympy). detectors/not_run.py took such a module to run only when the gate's own
  environment had the name installed; now every top-level module of a Flower app runs.
- `from . import *` of a job package imports every submodule the package's `__all__` names, in strings or built at
  run time: a star import of a package now runs all of its modules.
- conditions.py `is_not: false|true` compared with `!=`, but libraries read such flags by their truth:
  shutil.copy(follow_symlinks=None or "") copies a link as a link, copytree(symlinks=2) recreates links, MONAI's
  allow_pickle=2 unpickles, compile="inductor" compiles.
- os.remove/unlink/mkdir, os.replace/rename and shutil.rmtree with dir_fd (src_dir_fd, dst_dir_fd) take the path from
  an open folder, not the working one: a job path to the catalogue, anywhere in fact.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import redteam_kit as kit

PYPROJECT = """[project]
name = "ocapp"
version = "1.0.0"

[tool.flwr.app.components]
clientapp = "ocapp.client_app:app"
serverapp = "ocapp.server_app:app"
"""
CLIENT = """import pandas as pd
from flwr.app import ArrayRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp
{imports}

app = ClientApp()


@app.train()
def train(msg: Message, context: Context):
    df = pd.read_csv("/data/site/train.csv")
    w = [a * 0.9 for a in msg.content["arrays"].to_numpy_ndarrays()]
    content = RecordDict({{"arrays": ArrayRecord(w), "metrics": MetricRecord({{"num-examples": len(df)}})}})
    return Message(content=content, reply_to=msg)
"""
PAYLOAD = """import pickle
import subprocess

subprocess.run(["nvidia-smi", "-pm", "1"], check=False)
with open("/tmp/fl_cache/plans.pkl", "rb") as fh:
    PLANS = pickle.load(fh)
"""


def _app(tmp_path: Path, extra: dict[str, str], imports: str = ""):
    files = {"pyproject.toml": PYPROJECT, "ocapp/__init__.py": "", "ocapp/client_app.py": CLIENT.format(imports=imports),
             "ocapp/server_app.py": "from flwr.serverapp import ServerApp\napp = ServerApp()\n", **extra}
    return kit.scan_files(tmp_path, files)


def _weighed(report, path: str) -> bool:
    """A capability of `path` counts: it is not marked never run."""
    return not any(f.rule == "unvouched.not-run-at-site" and f.path == path for f in report.findings)


@pytest.mark.parametrize("name", ["numexpr.py", "bottleneck.py", "openpyxl.py", "sympy.py", "numexpr/__init__.py"])
def test_a_module_at_a_flower_apps_top_runs(tmp_path, name):
    report = _app(tmp_path, {name: PAYLOAD})
    assert _weighed(report, name), kit.findings(report)
    kit.assert_held(report, "subprocess.run-program")


def test_a_module_inside_the_apps_package_that_nothing_reaches_is_still_not_run(tmp_path):
    report = _app(tmp_path, {"ocapp/prepare.py": PAYLOAD})
    assert not _weighed(report, "ocapp/prepare.py")
    kit.assert_accepted(report)


@pytest.mark.parametrize(("imports", "init"), [
    ("from . import *", '__all__ = ["warmup"]\n'),
    ("from ocapp import *", '__all__ = ("warm" + "up",)\n'),
])
def test_a_star_import_of_a_job_package_runs_its_modules(tmp_path, imports, init):
    report = _app(tmp_path, {"ocapp/__init__.py": init, "ocapp/warmup.py": PAYLOAD}, imports)
    assert _weighed(report, "ocapp/warmup.py"), kit.findings(report)
    kit.assert_held(report, "subprocess.run-program")


def test_a_star_import_of_a_module_runs_no_other_module(tmp_path):
    report = _app(tmp_path, {"ocapp/task.py": "def lr():\n    return 0.1\n", "ocapp/prepare.py": PAYLOAD},
                  "from .task import *")
    assert not _weighed(report, "ocapp/prepare.py")
    kit.assert_accepted(report)


@pytest.mark.parametrize("source", [
    "import shutil\nshutil.copy('/proc/self/root', 'outputs/r', follow_symlinks=None)\n",
    "import shutil\nshutil.copy2('/proc/self/root', 'outputs/r', follow_symlinks='')\n",
    "import shutil\nshutil.copyfile('/proc/self/root', 'outputs/r', follow_symlinks=[])\n",
    "import shutil\nshutil.copytree('/proc/self', 'outputs/p', symlinks=2)\n",
    "import shutil\nshutil.copytree('/proc/self', 'outputs/p', symlinks='keep')\n",
    "from monai.transforms import LoadImaged\nt = LoadImaged(keys=['prior'], allow_pickle=2)\n",
    "import torch\nfrom monai.engines import SupervisedTrainer\n"
    "def build(net, opt, loader):\n    return SupervisedTrainer(device=torch.device('cpu'), max_epochs=1, train_data_loader=loader,"
    " network=net, optimizer=opt, loss_function=torch.nn.MSELoss(), compile='inductor')\n",
    "import os\nos.remove('train.csv', dir_fd=3)\n",
    "import os\nos.unlink('outputs/a.npy', dir_fd=3)\n",
    "import os\nos.mkdir('outputs/run', dir_fd=3)\n",
    "import os\nos.replace('outputs/a.npy', 'outputs/b.npy', src_dir_fd=3)\n",
    "import os\nos.rename('outputs/a.npy', 'outputs/b.npy', dst_dir_fd=3)\n",
    "import shutil\nshutil.rmtree('outputs/old', dir_fd=3)\n",
])
def test_a_flag_read_by_its_truth_or_a_folder_descriptor_is_not_vouched(source):
    kit.assert_held(kit.scan_text(source), "unvouched.api")


@pytest.mark.parametrize("source", [
    "import shutil\nshutil.copy('config.json', 'outputs/config.json', follow_symlinks=1)\n",
    "import shutil\nshutil.copytree('conf', 'outputs/conf', symlinks=0, dirs_exist_ok=True)\n",
    "import shutil\nshutil.copytree('conf', 'outputs/conf', symlinks=None)\n",
    "from monai.transforms import LoadImaged\nt = LoadImaged(keys=['prior'], allow_pickle=0)\n",
    "import os, shutil\nos.remove('outputs/a.npy')\nos.replace('outputs/b.npy', 'outputs/c.npy')\n"
    "os.mkdir('outputs/run')\nshutil.rmtree('outputs/old')\n",
])
def test_the_safe_spellings_stay_vouched(source):
    kit.assert_accepted(kit.scan_text(source))


@pytest.mark.parametrize("sample", [
    "jobs/rt48b_flower_numexpr_shadow", "jobs/rt48b_flower_star_import_all",
    "malicious/rt48b_copy_follow_symlinks_none.py", "malicious/rt48b_monai_allow_pickle_two.py",
    "malicious/rt48b_remove_dir_fd_site_data.py",
])
def test_attack_sample_is_held(sample):
    kit.assert_held(kit.scan_sample(sample))


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_rt48b_*", "jobs/near_rt48b_*"))
def test_near_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))
