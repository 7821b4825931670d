"""Session 42 (nvflare42): MONAI bundle configs judged as the Python monai.bundle.ConfigParser runs for them
(analyzer/engine/monai_bundles.py, detectors/monai_bundle.py)."""

from __future__ import annotations

import json

import pytest

import redteam_kit as kit
from analyzer.engine import monai_bundles
from analyzer.model import Decision

CONFIG = "bundle/configs/train.json"


def bundle_report(tmp_path, config: dict | str, name: str = CONFIG):
    """The report on a folder holding one bundle config (a dict is written as JSON)."""
    text = config if isinstance(config, str) else json.dumps(config, indent=4)
    return kit.scan_files(tmp_path, {name: text})


def bundle_findings(report, name: str = CONFIG) -> set[str]:
    return {f.rule for f in report.findings if f.path == name}


# ---- the corpus ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("sample", kit.corpus_samples("jobs/nv42_bundle_*"))
def test_bundle_attack_is_rejected_at_its_config_line(sample):
    report = kit.scan_sample(sample)
    kit.assert_held(report, decision=Decision.REJECT)
    assert any(f.path == CONFIG and f.severity in ("high", "critical") for f in report.findings), \
        kit.findings(report)


def test_spleen_bundle_twin_is_vouched_and_only_its_loader_escalates():
    report = kit.scan_sample("jobs/near_nv42_bundle_spleen")
    assert report.decision is Decision.ESCALATE
    assert bundle_findings(report) == set(), kit.findings(report)
    assert {f.path for f in report.findings} == {"client.py"}


def test_labels_name_every_sample():
    assert {e["path"] for e in kit.labelled("nv42_bundle")} == set(kit.corpus_samples("jobs/*nv42_bundle_*"))


# ---- what ConfigParser runs ------------------------------------------------------------------------------------------

def test_catalogued_components_and_expressions_are_vouched(tmp_path):
    report = bundle_report(tmp_path, {
        "device": "$torch.device('cpu')",
        "net": {"_target_": "UNet", "spatial_dims": 2, "in_channels": 1, "out_channels": 2,
                "channels": [4, 8], "strides": [2]},
        "network": "$@net.to(@device)",
        "loss": {"_target_": "monai.losses.DiceLoss", "sigmoid": True},
    })
    kit.assert_accepted(report)


def test_expression_running_a_shell_is_rejected(tmp_path):
    report = bundle_report(tmp_path, {"hook": "$ __import__('os').system('id')"})  # eval strips the space
    kit.assert_held(report, "subprocess.shell", Decision.REJECT)
    assert {f.line for f in report.findings if f.rule == "subprocess.shell"} == {2}


def test_bare_target_outside_monai_is_the_builtin_pydoc_locates(tmp_path):
    report = bundle_report(tmp_path, {"x": {"_target_": "exec", "source": "import os"}})
    kit.assert_held(report, "dynamic-code.")


def test_dotted_target_outside_the_catalogue_is_held(tmp_path):
    report = bundle_report(tmp_path, {"x": {"_target_": "shutil.rmtree", "path": "/data"}})
    kit.assert_held(report)
    assert "unvouched.api" in bundle_findings(report) or kit.holds(report, "files.")


def test_target_given_by_expression_is_judged_as_the_callee(tmp_path):
    report = bundle_report(tmp_path, {"x": {"_target_": "$__import__('subprocess').check_output", "args": ["id"]}})
    kit.assert_held(report, "subprocess.", Decision.REJECT)


def test_reference_follows_the_item_it_names(tmp_path):
    """`@runner` is a subprocess function: calling what the reference holds is calling it."""
    report = bundle_report(tmp_path, {"runner": "$__import__('subprocess').run", "go": "$@runner(['id'])"})
    kit.assert_held(report, "subprocess.run-program")


def test_relative_and_old_style_references(tmp_path):
    config = {"train": {"cmd": "$__import__('os').system", "a": "$@::cmd('id')", "b": "$@train#cmd('id')"}}
    bundle = monai_bundles.read(CONFIG, json.dumps(config, indent=1).encode())
    code = bundle.python().decode()
    assert code.count("bundle_train__cmd(load_time)('id')") == 2, code
    kit.assert_held(bundle_report(tmp_path, config), "subprocess.shell")


def test_requires_and_disabled_expressions_are_judged(tmp_path):
    report = bundle_report(tmp_path, {"net": {"_target_": "UNet", "_disabled_": "$os.system('id') == 0",
                                              "_requires_": "$__import__('os').remove('/data/x')"}})
    kit.assert_held(report, "subprocess.shell")


def test_callable_mode_keeps_what_later_code_adds_unknown(tmp_path):
    """`_mode_: callable` hands a partial to later code, which may add a reader: LoadImage is not vouched."""
    report = bundle_report(tmp_path, {"loader": {"_target_": "LoadImage", "_mode_": "callable"}})
    assert "unvouched.api" in bundle_findings(report), kit.findings(report)


@pytest.mark.parametrize("config, what", [
    ({"net": "%/opt/site/shared.json::network"}, "a macro copied from another file"),
    ({"net": {"_target_": "UNet", "_mode_": "debug"}}, "pdb"),
    ({"net": {"_target_": "UNet", "_debug_": True}}, "pdb"),
    ({"device": "$torch.device("}, "not a Python expression"),
    ({"net": {"_target_": "monai networks UNet"}}, "not a dotted name"),
])
def test_what_is_not_translated_escalates(tmp_path, config, what):
    report = bundle_report(tmp_path, config)
    held = [f for f in report.findings if f.rule == "unvouched.monai-bundle"]
    assert held and what in held[0].message, kit.findings(report)
    kit.assert_held(report)


def test_macro_within_the_file_is_a_reference(tmp_path):
    report = bundle_report(tmp_path, {"net_def": {"_target_": "UNet"}, "net": "%net_def",
                                      "cmd": "%hook", "hook": "$__import__('os').system('id')"})
    assert "unvouched.monai-bundle" not in bundle_findings(report)
    kit.assert_held(report, "subprocess.shell")


def test_unreadable_config_escalates(tmp_path):
    report = bundle_report(tmp_path, '{"net": {"_target_": "UNet",')
    assert "unvouched.monai-bundle" in bundle_findings(report), kit.findings(report)


def test_circular_references_end(tmp_path):
    bundle = monai_bundles.read(CONFIG, json.dumps({"a": ["@b"], "b": ["@a"], "c": "$@a"}).encode())
    assert "load_time" in bundle.python().decode()


def test_one_line_config_and_yaml(tmp_path):
    one_line = json.dumps({"a": "$__import__('os').system('id')", "b": {"_target_": "UNet"}})
    kit.assert_held(bundle_report(tmp_path, one_line), "subprocess.shell")
    yaml_config = "net:\n  _target_: UNet\nhook: $__import__('os').system('id')\n"
    report = bundle_report(tmp_path / "y", yaml_config, "bundle/configs/train.yaml")
    assert {f.line for f in report.findings if f.rule == "subprocess.shell"} == {3}, kit.findings(report)


def test_only_configs_of_a_bundle_are_translated():
    assert monai_bundles.is_bundle_config("spleen/configs/train.json")
    assert not monai_bundles.is_bundle_config("app/config/config_fed_client.json")
    assert not monai_bundles.is_bundle_config("configs.json")


def test_hydra_interpolation_under_configs_is_inert_but_a_set_of_calls_is_not(tmp_path):
    """A hydra app's `configs/` YAML (quickstart-lerobot) writes `${env.state_dim}`: as a bundle expression, a set of
    one attribute read; `${__import__('os').system('id')}` is a set holding a call, which eval runs."""
    hydra_yaml = "policy:\n  input_shapes:\n    observation.state:\n      - ${env.state_dim}\n  fps: ${fps}\n"
    assert monai_bundles.read("app/configs/policy.yaml", hydra_yaml.encode()).statements == {}
    report = bundle_report(tmp_path, "hook: ${__import__('os').system('id')}\n", "app/configs/policy.yaml")
    kit.assert_held(report, "subprocess.shell")


def test_expression_over_several_lines_keeps_the_lines_after_it(tmp_path):
    yaml_config = ("pre: |-\n  $(lambda x:\n    x)\nimports:\n  - |-\n    $from os import (\n      system)\n"
                   "hook: $system('id')\n")
    report = bundle_report(tmp_path, yaml_config, "bundle/configs/train.yaml")
    assert {f.line for f in report.findings if f.rule == "subprocess.shell"} == {8}, kit.findings(report)


def test_references_to_references_grow_linearly(tmp_path):
    """Each referenced list names the one before it twice: inlined, the last would be 2**40 items long."""
    config = {"l0": [1, 2], **{f"l{i}": [f"@l{i - 1}", f"@l{i - 1}"] for i in range(1, 41)}, "n": "$len(@l40)",
              "hook": "$__import__('os').system", "alias": "@hook", "go": "$@alias('id')"}
    assert len(monai_bundles.read(CONFIG, json.dumps(config).encode()).python()) < 10_000
    kit.assert_held(bundle_report(tmp_path, config), "subprocess.shell")


def test_ids_that_read_alike_get_their_own_functions():
    code = monai_bundles.read(CONFIG, json.dumps({"a.b": "$1", "a_b": "$2", "a-b": "$3"}).encode()).python().decode()
    assert {"bundle_a_b =", "bundle_a_b_1 =", "bundle_a_b_2 ="} <= {part.split(" lambda")[0] for line in
                                                                code.splitlines() for part in line.split("; ")}, code
