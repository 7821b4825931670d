"""Red team 38b: roads to a dangerous behaviour that pass only through what the gate vouches for. Three were open
on main (b ea28c65), each closed for its class, each with an idiom that stays accepted:

- a HOCON `include` spelled in another case (`Include file(...)`, `INCLUDE url(...)`) or in a value's place
  (`a = [include "x"]`): pyhocon's keyword is caseless, and NVFlare's loader took the executors from the
  included file, where the gate's pattern saw no include and parsed the text itself;
- typing.get_type_hints of annotations the gate never read: a class type() builds from a namespace whose key is
  `"__annot" + "ations__"`, or a class whose metaclass's `__prepare__` returns a JSON file's mapping;
- a list a library's class holds, changed in place through an instance (`ds.mirrors.insert(0, url)`,
  `ds.mirrors += [url]`): the next vouched MNIST download asks that host first.

Each attack below was ACCEPTED on main; other attacks tried in the session (library modules' attributes,
operator/functools/threading/atexit roads, notebook magics, launcher commands, requirements sources,
HF TrainingArguments reporting) were already escalated or rejected. Still open (docs/architecture.md): an
item store into a library instance's attribute (`ds.mirrors[0] = url`), which the gate cannot tell from
`model_out.meta["n"] = 3` without the library's class."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer.engine.configs import HOCON_INCLUDE
from analyzer.model import Decision

CLIENT = textwrap.dedent("""\
    import numpy as np
    import torch
    import nvflare.client as flare

    model = torch.nn.Linear(16, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    x = torch.tensor(np.random.default_rng(0).normal(size=(32, 16)), dtype=torch.float32)
    y = (x[:, 0] > 0).long()
    flare.init()
    while flare.is_running():
        received = flare.receive()
        model.load_state_dict(received.params)
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"loss": loss.item()}))
    """)
EXECUTOR = textwrap.dedent("""\
    format_version = 2
    executors = [
      {
        tasks = ["train"]
        executor {
          path = "nvflare.app_common.executors.client_api_executor.ClientAPIExecutor"
          args { execution_mode = "in_process", task_script_path = "client.py", params_exchange_format = "pytorch" }
        }
      }
    ]
    components = []
    """)
OVERRIDE = textwrap.dedent("""\
    executors = [
      {
        tasks = ["train"]
        executor {
          path = "nvflare.app_common.executors.client_api_executor.ClientAPIExecutor"
          args { execution_mode = "external_process", command = "bash custom/warmup.sh" }
        }
      }
    ]
    """)


def _findings(report) -> list:
    """(rule, path, line) of each finding."""
    return [(f.rule, f.path, f.line) for f in report.findings]


def _hocon_job(tmp_path: Path, tail: str) -> Path:
    job = tmp_path / "job"
    (job / "app" / "config").mkdir(parents=True)
    (job / "app" / "custom").mkdir()
    (job / "meta.json").write_text(json.dumps({"name": "j", "deploy_map": {"app": ["server", "site-1"]}}))
    (job / "app" / "custom" / "client.py").write_text(CLIENT)
    (job / "app" / "config" / "config_fed_client.conf").write_text(EXECUTOR + tail + "\n")
    return job


INCLUDES = [
    'Include file("/tmp/fl_site_overrides.conf")',
    'INCLUDE "../../../../../../../../tmp/fl_site_overrides.conf"',
    'include url("http://127.0.0.1:8500/v1/kv/fl/fed_client.conf?raw")',
    '\u0131nclude file("/tmp/fl_site_overrides.conf")',  # dotless i: pyparsing's caseless match upper-cases it
    'task_data_filters = [include file("/tmp/fl_site_overrides.conf")]',
    'task_result_filters = []"x"include file("/tmp/fl_site_overrides.conf")',
]


@pytest.mark.parametrize("tail", INCLUDES)
def test_hocon_include_in_any_case_or_place_is_an_include(tmp_path: Path, tail: str) -> None:
    report = kit.scan(_hocon_job(tmp_path, tail))
    assert report.decision is not Decision.ACCEPT, _findings(report)
    assert any(f.rule.startswith("config-attack.hocon-include") for f in report.findings), _findings(report)


def test_nvflare_takes_the_executors_of_a_caseless_include(tmp_path: Path) -> None:
    """NVFlare's own loader (nvflare/fuel_opt/utils/pyhocon_loader.py, pyhocon's parse_file) reads the included
    file and its executors replace the reviewed ones: what the corpus sample hides."""
    job = _hocon_job(tmp_path, 'INCLUDE "site_overrides.txt"')
    (job / "app" / "config" / "site_overrides.txt").write_text(OVERRIDE)
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, json\nfrom nvflare.fuel_opt.utils.pyhocon_loader import PyhoconLoader\n"
         "print(json.dumps(PyhoconLoader().load_config(sys.argv[1]).to_dict()['executors']))",
         str(job / "app" / "config" / "config_fed_client.conf")], capture_output=True, text=True, timeout=120)
    assert loaded.returncode == 0, loaded.stderr
    assert json.loads(loaded.stdout)[0]["executor"]["args"]["command"] == "bash custom/warmup.sh"


@pytest.mark.parametrize("text", ["include_bias = true", 'note = "exclude \\"x\\" and includes"', "includes = []",
                                  'include_layers = ["fc"]'])
def test_hocon_key_or_text_with_the_word_is_no_include(text: str) -> None:
    assert HOCON_INCLUDE.search(text) is None


def test_hocon_config_without_include_stays_accepted(tmp_path: Path) -> None:
    report = kit.scan(_hocon_job(tmp_path, "task_data_filters = []\ninclude_bias = true"))
    assert report.decision is Decision.ACCEPT, _findings(report)


ACCEPTED_BEFORE = [
    "malicious/rt38b_job_hocon_include_caseless", "malicious/rt38b_type_hints_prepare_schema.py",
    "malicious/rt38b_type_hints_built_namespace.py", "malicious/rt38b_dataset_mirror_in_place.py",
]


@pytest.mark.parametrize("sample", ACCEPTED_BEFORE)
def test_attack_accepted_on_main_is_stopped(sample: str) -> None:
    report = kit.scan_sample(sample)
    assert report.decision is not Decision.ACCEPT, _findings(report)


def _scan_unit(tmp_path: Path, files: dict[str, str]):
    """The report on tmp_path once `files` (name: indented text) are written into it, dedented."""
    return kit.scan_files(tmp_path, {name: textwrap.dedent(text) for name, text in files.items()})


TRAIN_WITH_HINTS = """\
    import typing
    import torch
    import nvflare.client as flare
    from rows import Row

    FIELDS = typing.get_type_hints(Row)
    model = torch.nn.Linear(len(FIELDS), 2)
    flare.init()
    while flare.is_running():
        received = flare.receive()
        model.load_state_dict(received.params)
        flare.send(flare.FLModel(params=model.state_dict()))
    """


def test_type_hints_of_a_class_another_module_builds_from_data(tmp_path: Path) -> None:
    rows = """\
        import json

        with open("schema.json") as fh:
            _NAMESPACE = json.load(fh)  # {"__annotations__": {"age": "<any expression>"}}
        Row = type("Row", (), _NAMESPACE)
        """
    report = _scan_unit(tmp_path, {"train.py": TRAIN_WITH_HINTS, "rows.py": rows})
    assert report.decision is not Decision.ACCEPT
    assert ("dynamic-code.annotations-unread", "train.py", 6) in _findings(report), _findings(report)


def test_type_hints_of_a_dataclass_another_module_declares_stays_accepted(tmp_path: Path) -> None:
    rows = """\
        import dataclasses


        @dataclasses.dataclass
        class Row:
            age: float = 0.0
            label: "int" = 0
        """
    report = _scan_unit(tmp_path, {"train.py": TRAIN_WITH_HINTS, "rows.py": rows})
    assert report.decision is Decision.ACCEPT, _findings(report)


@pytest.mark.parametrize("hints_of", [
    "types.SimpleNamespace(**json.load(open('cfg.json')))",  # an instance's attributes from a file
    "_rewrapped()",  # a def given another object's annotations by functools.update_wrapper
])
def test_type_hints_of_what_the_gate_did_not_read(tmp_path: Path, hints_of: str) -> None:
    code = f"""\
        import functools, json, types, typing
        import torch

        def hook():
            pass

        def _rewrapped():
            functools.update_wrapper(hook, types.SimpleNamespace(**json.load(open("cfg.json"))))
            return hook

        HINTS = typing.get_type_hints({hints_of})
        model = torch.nn.Linear(len(HINTS), 2)
        """
    report = _scan_unit(tmp_path, {"train.py": code})
    assert any(f.rule == "dynamic-code.annotations-unread" for f in report.findings), _findings(report)


@pytest.mark.parametrize("sample", ["benign/rt18_typed_collate.py", "benign/rt11_forward_reference_annotations.py"])
def test_type_hints_of_declared_code_stay_accepted(sample: str) -> None:
    report = kit.scan_sample(sample)
    assert report.decision is Decision.ACCEPT, _findings(report)


MNIST_TRAIN = """\
    import torch
    import torchvision
    from torchvision import transforms
    import nvflare.client as flare

    train_set = torchvision.datasets.MNIST(root="./data", train=True, download=True, transform=transforms.ToTensor())
    {change}
    test_set = torchvision.datasets.MNIST(root="./data", train=False, download=True, transform=transforms.ToTensor())
    loader = torch.utils.data.DataLoader(train_set, batch_size=64, shuffle=True)
    model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(28 * 28, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    flare.init()
    while flare.is_running():
        received = flare.receive()
        model.load_state_dict(received.params)
        for images, labels in loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(images), labels).backward()
            optimizer.step()
        flare.send(flare.FLModel(params=model.state_dict(), metrics={{"n": float(len(test_set))}}))
    """


@pytest.mark.parametrize("change", [
    'train_set.mirrors.insert(0, "http://mnist-cache.example.net/")',
    'train_set.resources.append(("extra.tar.gz", None))',
    'train_set.mirrors += ["http://mnist-cache.example.net/"]',
    'mirrors = train_set.mirrors\nmirrors.extend(["http://mnist-cache.example.net/"])',
])
def test_library_list_changed_in_place_through_an_instance(tmp_path: Path, change: str) -> None:
    code = MNIST_TRAIN.format(change=change.replace("\n", "\n    "))
    report = _scan_unit(tmp_path, {"client.py": code})
    assert report.decision is not Decision.ACCEPT, _findings(report)
    assert any(f.rule == "unvouched.api" for f in report.findings), _findings(report)


@pytest.mark.parametrize("change", [
    "classes = list(train_set.classes)\nclasses.append('unknown')",  # a copy of the list is the job's own
    "train_set.transform = transforms.Compose([transforms.ToTensor()])",  # a setting of this instance
    "pass",
])
def test_reading_a_library_instance_and_changing_copies_stays_accepted(tmp_path: Path, change: str) -> None:
    code = MNIST_TRAIN.format(change=change.replace("\n", "\n    "))
    report = _scan_unit(tmp_path, {"client.py": code})
    assert report.decision is Decision.ACCEPT, _findings(report)


@pytest.mark.parametrize(("hook", "flagged"), [
    ("    def __new__(mcs, name, bases, ns):\n        ns.update(json.load(open('schema.json')))\n"
     "        return super().__new__(mcs, name, bases, ns)\n", True),
    ("    def __instancecheck__(cls, value):\n        return isinstance(value, dict)\n", False),
])
def test_a_metaclass_is_judged_by_its_hooks_on_the_namespace(tmp_path: Path, hook: str, flagged: bool) -> None:
    code = "import json\n\n\nclass Schema(type):\n" + hook + "\n\nclass Row(metaclass=Schema):\n    label: int\n"
    report = _scan_unit(tmp_path, {"rows.py": code})
    assert any(f.rule == "dynamic-code.annotations-unread" for f in report.findings) is flagged, _findings(report)
