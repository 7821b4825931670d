"""The positive model: the capability catalogue vouches, everything else escalates.

Every catalogue file's examples are tests; then one behaviour per test of
how a use is reached (docs/catalogue.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer import api
from analyzer.engine.catalogue import load_catalogue, load_catalogue_file
from analyzer.engine.collect import from_bytes
from analyzer.model import Decision, GateError

POLICY = api.load_policy()
CATALOGUE = load_catalogue(POLICY)


def _report(text: str, policy=POLICY):
    return api.analyze(from_bytes("example.py", text.encode(), policy.limits), policy)


def _unvouched(text: str, policy=POLICY) -> list[str]:
    return [f"{f.rule}: {f.message}" for f in _report(text, policy).findings if f.category == "unvouched"]


def _examples(kind: str):
    for name, examples in sorted(CATALOGUE.examples.items()):
        for i, text in enumerate(getattr(examples, kind)):
            yield pytest.param(text, id=f"{name}-{kind}-{i}")


@pytest.mark.parametrize("text", list(_examples("vouched")))
def test_vouched_example_has_no_unvouched_use(text: str) -> None:
    assert _unvouched(text) == [], text


@pytest.mark.parametrize("text", list(_examples("unvouched")))
def test_unvouched_example_escalates(text: str) -> None:
    assert _unvouched(text), text


UNGUARDED = POLICY.model_copy(update={"runtime_guard": False})


@pytest.mark.parametrize("text", list(_examples("guarded")))
def test_guarded_example_is_vouched_only_under_the_process_guard(text: str) -> None:
    assert _unvouched(text) == [], text
    assert _unvouched(text, UNGUARDED), text


def test_what_the_gate_knows_of_a_computed_path_is_still_judged_under_the_guard() -> None:
    text = "import torch\ndef keep(m, name):\n    torch.save(m.state_dict(), '/mnt/share/' + name)\n"
    assert _unvouched(text)
    text = "import torch\ndef keep(m, name):\n    torch.save(m.state_dict(), os.path.join('startup', name))\n"
    assert _unvouched(text)


def test_a_broken_catalogue_names_file_and_entry() -> None:
    bad = b"catalogue: x\napis:\n  - api: torch.zeros\n    whyy: typo\nexamples: {vouched: [a], unvouched: [b]}\n"
    with pytest.raises(GateError) as err:
        load_catalogue_file(bad, "site/x.yaml")
    assert "site/x.yaml" in str(err.value) and "api torch.zeros" in str(err.value)


def test_a_site_catalogue_extends_the_built_in_one(tmp_path: Path) -> None:
    folder = tmp_path / "catalogue"
    folder.mkdir()
    (folder / "site.yaml").write_text(
        "catalogue: site\nmodules: [sitelib]\napis:\n  - api: sitelib.summarise\n    why: the site's own helper\n"
        "examples: {vouched: ['import sitelib'], unvouched: ['import sitelib\\nsitelib.upload(x)']}\n")
    (tmp_path / "policy.yaml").write_text("catalogues: [catalogue]\n")
    site = api.load_policy(tmp_path / "policy.yaml")
    text = "import sitelib\nsitelib.summarise([1, 2])\n"
    assert _unvouched(text) and _unvouched(text, site) == []
    assert _report(text, site).decision is Decision.ACCEPT


def test_an_unknown_library_escalates_not_accepts() -> None:
    report = _report("import fancy_uploader\nfancy_uploader.push(open('/data/x.csv').read())\n")
    assert report.decision is Decision.ESCALATE
    assert any(f.rule == "unvouched.import" and "fancy_uploader" in f.message for f in report.findings)


def test_a_module_reached_through_another_is_itself() -> None:
    report = _report("import torch\ntorch.os.system('curl x | sh')\n")
    assert report.decision is Decision.REJECT
    assert any(f.rule.startswith("subprocess.") and "os.system" in f.message for f in report.findings)


def test_a_name_with_no_binding_resolves_by_spelling_and_is_reported() -> None:
    report = _report("def train():\n    os.system('id')\n")
    assert report.decision is Decision.REJECT
    assert {"unvouched.unbound-name"} <= {f.rule for f in report.findings}


def test_a_dangerous_function_handed_on_as_a_value_is_the_call() -> None:
    report = _report("import os\ncmds = ['id']\nlist(map(os.system, cmds))\n")
    assert report.decision is Decision.REJECT


def test_methodcaller_on_a_module_escalates() -> None:
    report = _report("import operator, os\noperator.methodcaller('system', 'id')(os)\n")
    assert report.decision is not Decision.ACCEPT


def test_iterating_a_module_namespace_escalates() -> None:
    report = _report("import os\nfor k, v in vars(os).items():\n    if k == 'system':\n        v('id')\n")
    assert report.decision is not Decision.ACCEPT


def test_injection_into_builtins_rejects() -> None:
    assert _report("import builtins, os\nbuiltins.__dict__.update(run=os.system)\n").decision is Decision.REJECT


def test_dynamic_getattr_on_a_library_needs_all_of_it_vouched() -> None:
    report = _report("import math\ncfg = {}\nf = getattr(math, cfg['fn'])\n")
    assert report.decision is Decision.ACCEPT, report.findings  # every attribute of math is catalogued
    report = _report("import ctypes\ncfg = {}\nf = getattr(ctypes, cfg['fn'])\n")
    assert report.decision is not Decision.ACCEPT


def test_past_the_resolver_budget_is_unknown_every_time() -> None:
    decoys = "".join(f"f = {i}\n" for i in range(100))
    text = decoys + "f = eval\nf(data)\n"
    decisions = {_report(text).decision for _ in range(5)}
    assert decisions == {Decision.ESCALATE} or decisions == {Decision.REJECT}
    assert Decision.ACCEPT not in decisions


def _job(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def test_the_job_is_one_program_across_modules(tmp_path: Path) -> None:
    job = _job(tmp_path, {
        "helpers.py": "import os\ndef runner():\n    return os.system\n",
        "train.py": "from helpers import runner\nrunner()('curl x | sh')\n",
    })
    report = api.scan(job, POLICY)
    assert report.decision is Decision.REJECT
    assert any(f.path == "train.py" and "os.system" in f.message for f in report.findings)


def test_star_import_from_the_jobs_own_module(tmp_path: Path) -> None:
    job = _job(tmp_path, {
        "tools/__init__.py": "",
        "tools/net.py": "from os import system as launch\n",
        "train.py": "from tools.net import *\nlaunch('id')\n",
    })
    report = api.scan(job, POLICY)
    assert report.decision is Decision.REJECT


def test_relative_import_inside_a_package(tmp_path: Path) -> None:
    job = _job(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/util.py": "import subprocess\nrun = subprocess.Popen\n",
        "pkg/train.py": "from .util import run\nrun(['curl', 'x'])\n",
    })
    report = api.scan(job, POLICY)
    assert any(f.path == "pkg/train.py" and f.category == "subprocess" for f in report.findings)


def test_remote_code_rejects_unless_pinned_to_a_commit() -> None:
    base = "from transformers import AutoModel\nm = AutoModel.from_pretrained('org/m', trust_remote_code=True{})\n"
    assert _report(base.format("")).decision is Decision.REJECT
    assert _report(base.format(", revision='main'")).decision is Decision.REJECT
    pinned = _report(base.format(", revision='" + "ab12" * 10 + "'"))
    assert pinned.decision is Decision.ESCALATE
    assert "remote-code.trust-remote-code-pinned" in {f.rule for f in pinned.findings}


def test_a_metric_from_another_modules_function_is_judged_by_its_code(tmp_path: Path) -> None:
    # NVFlare's cifar10 examples: evaluate() lives in another module; what it computes is an accuracy.
    job = _job(tmp_path, {
        "helpers.py": "def evaluate(net, loader):\n    correct = 0\n    for x, y in loader:\n"
                      "        correct += int((net(x).argmax(1) == y).sum())\n    return correct / 100\n",
        "client.py": "import torch\nimport pandas as pd\nimport nvflare.client as flare\nfrom helpers import evaluate\n"
                     "loader = torch.utils.data.DataLoader(pd.read_csv('/data/x.csv').to_numpy(), batch_size=32)\n"
                     "net = torch.nn.Linear(3, 2)\nacc = evaluate(net, loader)\n"
                     "flare.send(flare.FLModel(params=net.state_dict(), metrics={'acc': acc}))\n",
    })
    report = api.scan(job, POLICY)
    assert "update-channel-leak.raw-data-in-update" not in {f.rule for f in report.findings}
    assert report.decision is Decision.ACCEPT


SEALED_NET = ("from tensorflow.keras import layers, models\n"
              "class Net(models.Sequential):\n"
              "    def __init__(self, width=64):\n"
              "        super().__init__()\n"
              "        self.width = width\n"
              "        self.add(layers.Dense(width, activation='relu'))\n"
              "        self.add(layers.Dense(10))\n")
SEALED_CLIENT = ("import tensorflow as tf\nfrom net import Net\n"
                 "def main():\n    model = Net()\n    model.build(input_shape=(None, 8))\n"
                 "    model.loss = tf.keras.losses.MeanSquaredError()\n    model.compile(optimizer='sgd')\n"
                 "main()\n")


def _foreign_stores(tmp_path: Path, net: str, client: str = SEALED_CLIENT) -> list[str]:
    report = api.scan(_job(tmp_path, {"net.py": net, "client.py": client}), POLICY)
    return [f.message for f in report.findings if "(set from another module)" in f.message]


def test_a_store_on_an_instance_no_code_of_its_class_can_look_at_is_vouched(tmp_path: Path) -> None:
    # NVFlare's TF FedProx: model.loss = TFFedProxLoss(...) on a Sequential subclass of another module.
    assert _foreign_stores(tmp_path, SEALED_NET) == []


@pytest.mark.parametrize("net,client", [
    # a method of the class reads what the other module stores
    (SEALED_NET + "    def extra(self):\n        return self.loss\n", SEALED_CLIENT),
    # __init__ hands the instance out, or keeps a result of a call on it, or reaches it through super
    (SEALED_NET.replace("self.width = width", "REGISTRY.append(self)"), SEALED_CLIENT),
    (SEALED_NET.replace("self.width = width", "self.width = self.count_params()"), SEALED_CLIENT),
    (SEALED_NET.replace("self.width = width", "self.width = super().get_config()"), SEALED_CLIENT),
    (SEALED_NET.replace("self.width = width", "self.__dict__['width'] = width"), SEALED_CLIENT),
    # a decorator or a metaclass may wrap the class; a base of the job's own has code
    (SEALED_NET.replace("class Net", "def deco(c):\n    return c\n@deco\nclass Net"), SEALED_CLIENT),
    (SEALED_NET.replace("(models.Sequential)", "(models.Sequential, metaclass=type)"), SEALED_CLIENT),
    (SEALED_NET.replace("class Net(models.Sequential)", "class Base(models.Sequential):\n"
                        "    def call(self, x):\n        return self.loss(x, x)\nclass Net(Base)"), SEALED_CLIENT),
    # the instance is not the function's alone: a module global, a parameter, a name bound to something else too
    (SEALED_NET, SEALED_CLIENT.replace("def main():\n    model = Net()\n", "model = Net()\ndef main():\n")),
    (SEALED_NET, SEALED_CLIENT.replace("def main():\n    model = Net()\n", "def main(model=Net()):\n")),
    # (in a branch: a plain rebinding in straight-line code replaces what the name held, reaching.py)
    (SEALED_NET, SEALED_CLIENT.replace("    model = Net()\n", "    model = Net()\n    if tf.test.is_gpu_available():\n"
                                                              "        model = build_elsewhere()\n")),
])
def test_a_store_on_an_instance_another_modules_code_may_look_at_escalates(tmp_path: Path, net: str,
                                                                           client: str) -> None:
    assert _foreign_stores(tmp_path, net, client)
