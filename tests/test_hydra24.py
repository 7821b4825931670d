"""Hydra configs a job ships (detectors/hydra.py, hydra_configs.py): every `_target_` is judged as the
call instantiate makes, hydra's own settings and defaults options are judged, and the job's launch
text may not override them. Each case scans a real job folder through the CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analyzer.engine import hydra_configs as hc
from conftest import CORPUS

BENIGN = CORPUS / "jobs" / "hy24_benign_hydra_settings"


@pytest.fixture
def job(tmp_path: Path):
    """A copy of the benign hydra baseline, with files replaced or added."""
    def make(**files: str) -> Path:
        root = tmp_path / "job"
        shutil.copytree(BENIGN, root)
        for rel, text in files.items():
            path = root / rel.replace("__", "/")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        return root
    return make


def _scan(scan_json, root: Path) -> tuple[str, list[dict]]:
    _, out = scan_json(str(root))
    report = out["reports"][0]
    return report["decision"], [f for f in report["findings"] if not f["rule"].startswith("obfuscation.lint")]


def test_the_benign_hydra_baseline_is_accepted(scan_json):
    decision, findings = _scan(scan_json, BENIGN)
    assert decision == "accept", findings


def test_a_target_naming_os_system_is_a_shell_command_at_its_yaml_line(scan_json, job):
    root = job(**{"hyapp__conf__model__linear.yaml": "---\n_target_: os.system\ncommand: id\n"})
    decision, findings = _scan(scan_json, root)
    assert decision == "reject"
    assert {(f["path"], f["line"], f["rule"]) for f in findings} >= {
        ("hyapp/conf/model/linear.yaml", 2, "subprocess.shell")}


def test_a_target_in_a_group_file_no_default_chooses_is_still_judged(scan_json, job):
    # An override at launch can pick any shipped option: every file counts, not only the defaults.
    root = job(**{"hyapp__conf__model__fast.yaml": "_target_: builtins.exec\n_args_: ['import os']\n"})
    decision, findings = _scan(scan_json, root)
    assert decision == "reject"
    assert any(f["rule"] == "dynamic-code.eval-exec" and f["path"] == "hyapp/conf/model/fast.yaml" for f in findings)


def test_yaml_arguments_reach_the_target_as_keywords(scan_json, job):
    # numpy.load is vouched without allow_pickle; the YAML's allow_pickle: true makes it a code-running loader.
    root = job(**{"hyapp__conf__data__npz.yaml": "_target_: numpy.load\nfile: data/train.npz\nallow_pickle: true\n"})
    decision, findings = _scan(scan_json, root)
    assert decision != "accept"
    assert any(f["rule"] == "deserialization.local-pickle" for f in findings)


def test_arguments_the_calling_code_adds_keep_conditions_from_holding(scan_json, job):
    # instantiate(cfg.data, allow_pickle=True) could add what the YAML leaves out: *a, **k stand for it.
    root = job(**{"hyapp__conf__data__npz.yaml": "_target_: numpy.load\nfile: data/train.npz\n"})
    decision, findings = _scan(scan_json, root)
    assert decision != "accept"
    assert any(f["path"] == "hyapp/conf/data/npz.yaml" and f["rule"] == "deserialization.local-pickle"
               for f in findings)


def test_a_job_class_rebound_to_a_library_callable_is_not_the_jobs_own(scan_json, job):
    text = (BENIGN / "hyapp/models.py").read_text() + "\n\nimport os\nLinearModel = os.system\n"
    decision, _ = _scan(scan_json, job(**{"hyapp__models.py": text}))
    assert decision == "reject"


def test_a_target_named_by_the_job_but_not_defined_there_escalates(scan_json, job):
    root = job(**{"hyapp__conf__model__linear.yaml": "_target_: hyapp.models.Missing\n"})
    decision, findings = _scan(scan_json, root)
    assert decision == "escalate"
    assert any(f["path"] == "hyapp/conf/model/linear.yaml" and f["rule"].startswith("unvouched.") for f in findings)


def test_interpolated_argument_values_keep_what_they_spell(scan_json, job):
    # `${oc.env:RUN}` is decided when the config loads; the folder written before it is known.
    root = job(**{"hyapp__conf__save__npy.yaml": "_target_: numpy.save\nfile: /mnt/share/${oc.env:RUN}.npy\n"})
    decision, findings = _scan(scan_json, root)
    assert decision != "accept"
    assert any(f["path"] == "hyapp/conf/save/npy.yaml" and "numpy.save" in f["message"] for f in findings)


def test_interpolated_values_are_spelled_as_unknown_parts():
    found = hc.read("conf/x.yaml", b"_target_: numpy.save\nfile: /mnt/share/${oc.env:RUN}.npy\nn: ${num}\n")
    assert hc.python_call(found.targets[0]) == (
        "import numpy; (lambda load_time, *a, **k: numpy.save(*a, file=('/mnt/share/' + load_time + '.npy'), "
        "n=load_time, **k))")


@pytest.mark.parametrize("setting", [
    "  callbacks:\n    c:\n      _target_: hyapp.models.LinearModel\n",
    "  job:\n    env_set:\n      LD_PRELOAD: ./x.so\n",
    "  searchpath: [pkg://other.conf]\n",
    "  sweep:\n    dir: /var/tmp/sweeps\n",
    "  launcher:\n    _target_: hydra_plugins.hydra_submitit_launcher.submitit_launcher.SlurmLauncher\n",
])
def test_hydra_settings_beyond_folders_and_log_levels_escalate(scan_json, job, setting):
    text = (BENIGN / "hyapp/conf/base.yaml").read_text() + setting
    decision, findings = _scan(scan_json, job(**{"hyapp__conf__base.yaml": text}))
    assert decision != "accept"
    assert any(f["rule"] == "unvouched.hydra-setting" for f in findings)


def test_a_shipped_logging_override_of_hydras_group_is_judged_as_settings(scan_json, job):
    base = (BENIGN / "hyapp/conf/base.yaml").read_text().replace("  - _self_", "  - _self_\n  - override hydra/job_logging: custom")
    custom = "version: 1\nhandlers:\n  s:\n    class: logging.handlers.SocketHandler\n    host: 203.0.113.9\n    port: 9020\n"
    decision, findings = _scan(scan_json, job(**{"hyapp__conf__base.yaml": base,
                                                 "hyapp__conf__hydra__job_logging__custom.yaml": custom}))
    assert decision != "accept"
    assert any(f["rule"] == "unvouched.hydra-setting" and f["path"].endswith("custom.yaml") for f in findings)


def test_hydras_own_console_logging_options_are_inert(scan_json, job):
    base = (BENIGN / "hyapp/conf/base.yaml").read_text().replace("  - _self_", "  - _self_\n  - override hydra/job_logging: disabled")
    decision, findings = _scan(scan_json, job(**{"hyapp__conf__base.yaml": base}))
    assert decision == "accept", findings


def test_a_defaults_option_the_job_does_not_ship_escalates(scan_json, job):
    base = (BENIGN / "hyapp/conf/base.yaml").read_text().replace("model: linear", "model: remote")
    decision, findings = _scan(scan_json, job(**{"hyapp__conf__base.yaml": base}))
    assert decision == "escalate"
    assert [f["message"] for f in findings if f["rule"] == "unvouched.hydra-default"] == [
        "hydra defaults list chooses a config the job does not ship: model: remote"]


@pytest.mark.parametrize("line", [
    "python -m hyapp.main model._target_=os.system",
    "python -m hyapp.main model=remote",
    "python -m hyapp.main --config-dir /etc/fl",
    "python -m hyapp.main hydra.run.dir=/tmp/out",
])
def test_launch_text_overrides_escalate(scan_json, job, line):
    decision, findings = _scan(scan_json, job(**{"run.sh": f"#!/bin/bash\n{line}\n"}))
    assert decision != "accept"
    assert any(f["rule"] == "unvouched.hydra-override" and f["path"] == "run.sh" and f["line"] == 2
               for f in findings)


def test_a_launch_choosing_a_shipped_option_is_no_override_finding(scan_json, job):
    _, findings = _scan(scan_json, job(**{"run.sh": "#!/bin/bash\npython -m hyapp.main model=linear num_rounds=3\n"}))
    assert not any(f["rule"] == "unvouched.hydra-override" for f in findings)


@pytest.mark.parametrize("code", [
    "from hydra.utils import instantiate\nfrom omegaconf import OmegaConf\n"
    "m = instantiate(OmegaConf.create({'_target_': 'hyapp.models.LinearModel', 'num_features': 2, 'num_classes': 2}))\n",
    "import hydra\n@hydra.main(config_path='/etc/fl/conf', config_name='base', version_base=None)\ndef main(cfg):\n    print(cfg)\n",
    "import hydra\n@hydra.main('conf', 'base', version_base=None)\ndef main(cfg):\n    print(cfg)\n",
])
def test_instantiate_in_code_and_foreign_config_folders_stay_unvouched(scan_json, job, code):
    decision, findings = _scan(scan_json, job(**{"hyapp__extra.py": code}))
    assert decision == "escalate"
    assert any(f["rule"] == "unvouched.api" and f["path"] == "hyapp/extra.py" for f in findings)


def test_python_call_spells_literals_and_leaves_load_time_values_unknown():
    target = hc.Target(3, "torch.optim.SGD", "torch.optim.SGD", (), (("lr", 0.1), ("momentum", hc.RUN_TIME),
                                                                     ("class", "x"), ("nested", hc.NESTED)))
    assert hc.python_call(target) == ("import torch; (lambda load_time, *a, **k: torch.optim.SGD(*a, lr=0.1, "
                                      "momentum=load_time, nested=None, **{'class': 'x'}, **k))")


def test_yaml_infinities_are_spelled_as_floats_not_names():
    found = hc.read("conf/x.yaml", b"_target_: torch.nn.Hardtanh\nmin_val: -.inf\nmax_val: .inf\n")
    assert hc.python_call(found.targets[0]).endswith(
        "torch.nn.Hardtanh(*a, min_val=float('-inf'), max_val=float('inf'), **k))")


def test_read_finds_targets_through_lists_and_aliases_once():
    data = b"base: &b\n  _target_: a.B\n  x: 1\nmodels:\n  - *b\n  - _target_: c.D\n    _args_: [1, '${y}']\n"
    found = hc.read("conf/x.yaml", data)
    assert sorted((t.line, t.name, t.args, t.kwargs) for t in found.targets) == [
        (2, "a.B", (), (("x", 1),)), (6, "c.D", (1, hc.RUN_TIME), ())]


def test_a_yaml_bomb_is_not_walked_and_says_so():
    data = b"a: &a [_target_, _target_]\n" + b"".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n".encode()
        for i in range(20))
    found = hc.read("conf/x.yaml", data)
    assert found.problem is not None and not found.targets


def test_a_job_class_replaced_by_an_import_of_the_same_name_is_not_vouched(scan_json, job):
    text = (BENIGN / "hyapp/models.py").read_text() + "\n\nfrom os import system as LinearModel\n"
    decision, _ = _scan(scan_json, job(**{"hyapp__models.py": text}))
    assert decision != "accept"


def test_nodes_built_by_omegaconf_resolvers_at_load_time_escalate(scan_json, job):
    # oc.create turns a string into a node; a recursive instantiate would build its _target_.
    root = job(**{"hyapp__conf__model__linear.yaml": "_target_: hyapp.models.LinearModel\nnum_features: 784\n"
                  "num_classes: 10\nhead: \"${oc.create:'{_target_: os.system, command: id}'}\"\n"})
    decision, findings = _scan(scan_json, root)
    assert decision != "accept"
    assert any(f["rule"] == "unvouched.hydra-target" and f["line"] == 4 for f in findings)


def test_an_override_in_an_nvflare_config_argument_escalates(scan_json, tmp_path):
    # NVFlare puts `app_config` on the command line through `{app_config}` (nvflare/fuel/utils/wfconf.py).
    root = tmp_path / "job"
    shutil.copytree(CORPUS / "jobs" / "benign_pt_client_api", root)
    config = root / "app/config/config_fed_client.json"
    config.write_text(config.read_text().replace('"--epochs 2 --batch_size 32"', '"model._target_=os.system"'))
    decision, findings = _scan(scan_json, root)
    assert decision != "accept"
    assert [(f["path"], f["line"]) for f in findings if f["rule"] == "unvouched.hydra-override"] == [
        ("app/config/config_fed_client.json", 4)]
