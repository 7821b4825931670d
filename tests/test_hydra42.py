"""Session 42 (hydra42): `hydra.utils.instantiate` of a job's own hydra config.

instantiate stays unvouched (docs/hydra.md, "What vouching instantiate would take"): the samples are the attacks a
vouch must hold (a `_target_` no catalogue lists, a launch override that builds a node, the config rewritten before
the call) beside twins that escalate only for instantiate. The launch-text check now also reads an override's
value (`key={_target_:...}` builds a node through the recursive instantiate whatever the key is named), and an
NVFlare command's words as its launcher splits them (shlex: a quoted override reaches hydra unquoted)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer.engine import hydra_configs as hc
from analyzer.model import Decision

INSTANTIATE = "uses hydra.utils.instantiate, which the capability catalogue does not list"


@pytest.mark.parametrize("sample, rule", [
    ("jobs/hy42_instantiate_uncatalogued_target", "remote-code.torch-hub"),
    ("jobs/hy42_launch_override_nested_target", "unvouched.hydra-override"),
    ("jobs/hy42_config_mutated_before_instantiate", "unvouched.api"),
    ("jobs/hy42_nvflare_quoted_hydra_callback", "unvouched.hydra-override"),
])
def test_attack_is_held(sample, rule):
    kit.assert_held(kit.scan_sample(sample), rule)


def test_near_twin_with_plain_overrides_in_an_nvflare_command_is_accepted():
    kit.assert_accepted(kit.scan_sample("jobs/near_hy42_nvflare_hydra_overrides"))


@pytest.mark.parametrize("sample", [s for s in kit.corpus_samples("jobs/near_hy42_*") if "nvflare" not in s])
def test_near_twin_escalates_only_for_instantiate(sample):
    report = kit.scan_sample(sample)
    assert report.decision is Decision.ESCALATE, kit.findings(report)
    unvouched = {f.message for f in report.findings if f.rule.startswith("unvouched.")}
    assert unvouched == {INSTANTIATE}, kit.findings(report)


@pytest.mark.parametrize("value, builds", [
    ("{_target_:shutil.copytree,src:/data/site,dst:/mnt/share}", True),
    ("{head:{_target_:os.system,command:id}}", True),
    ("'${oc.decode:${client.blob}}'", True),
    ("${oc.create:${client.blob}}", True),
    ("1024", False),
    ("[64,128]", False),
    ("{width:64,depth:2}", False),
    ("target_size", False),
])
def test_an_override_value_that_builds_a_node(value, builds):
    assert hc.builds_a_node(value) is builds


def test_a_nested_target_in_an_nvflare_script_argument_escalates(tmp_path: Path):
    # the launcher puts script_args on the client's command line; the key names no _target_, its value does
    root = tmp_path / "job"
    shutil.copytree(kit.CORPUS / "jobs" / "benign_pt_client_api", root)
    config = root / "app/config/config_fed_client.json"
    config.write_text(config.read_text().replace(
        '"--epochs 2 --batch_size 32"', '"model.head={_target_:os.system,command:id}"'))
    report = kit.scan(root)
    kit.assert_held(report, "unvouched.hydra-override")
    assert [(f.path, f.line) for f in report.findings if f.rule == "unvouched.hydra-override"] == [
        ("app/config/config_fed_client.json", 4)]


def test_a_quoted_override_in_an_nvflare_command_escalates(tmp_path: Path):
    # the external-process launcher splits the command with shlex (nvflare/utils/process_utils.py
    # prepare_subprocess_command): hydra gets `model._target_=os.system` without the quotes
    root = tmp_path / "job"
    shutil.copytree(kit.CORPUS / "jobs" / "benign_pt_client_api", root)
    config = root / "app/config/config_fed_client.json"
    config.write_text(config.read_text().replace(
        '"--epochs 2 --batch_size 32"', '"\'+hydra.callbacks.c._target_=os.system\' \'+hydra.callbacks.c.command=id\'"'))
    report = kit.scan(root)
    kit.assert_held(report, "unvouched.hydra-override")
