"""Session 53 (monai53): MONAI bundle configs as code (docs/fl-examples.md, "Session 53 (monai53)")."""

from __future__ import annotations

import json

import pytest

import redteam_kit as kit
from analyzer.engine import monai_bundles
from analyzer.model import Decision

CONFIG = "bundle/configs/train.json"


def bundle_report(tmp_path, config: dict):
    return kit.scan_files(tmp_path, {CONFIG: json.dumps(config, indent=4)})


def bundle_findings(report) -> set[str]:
    return {f.rule for f in report.findings if f.path == CONFIG}


def translation(config: dict) -> monai_bundles.Bundle:
    return monai_bundles.read(CONFIG, json.dumps(config, indent=1).encode())


# ---- the corpus ----------------------------------------------------------------------------------------------------

def test_labels_name_every_sample():
    assert {e["path"] for e in kit.labelled("monai53_")} == set(kit.corpus_samples("jobs/monai53_*"))


def test_target_named_by_reference_is_rejected_at_the_config():
    report = kit.scan_sample("jobs/monai53_bundle_target_by_reference")
    kit.assert_held(report, "subprocess.shell", Decision.REJECT)
    assert "subprocess.shell" in bundle_findings(report)


def test_target_made_by_expression_escalates_at_the_config():
    report = kit.scan_sample("jobs/monai53_bundle_target_by_expression")
    assert "unvouched.monai-bundle" in bundle_findings(report), kit.findings(report)


# ---- `_target_` resolved as ConfigComponent resolves it ---------------------------------------------------------------

@pytest.mark.parametrize("target", ["@name", "%name", "@::::name", "@hop", "%hop"])
def test_target_by_reference_is_the_name_it_leads_to(tmp_path, target):
    """`@name`, `%name`, a relative `@::::name` (two levels up from `x::_target_`) and a chain of references all end at the text "os.system"."""
    config = {"name": "os.system", "hop": "@name", "x": {"_target_": target, "command": "id"}}
    assert "os.system(command='id')" in translation(config).python().decode()
    kit.assert_held(bundle_report(tmp_path, config), "subprocess.shell", Decision.REJECT)


def test_bare_name_by_reference_is_looked_up_among_monai_components(tmp_path):
    config = {"net_class": "UNet", "net": {"_target_": "@net_class", "spatial_dims": 2, "in_channels": 1,
                                           "out_channels": 2, "channels": [4, 8], "strides": [2]}}
    assert "monai.networks.nets.UNet(" in translation(config).python().decode()
    kit.assert_accepted(bundle_report(tmp_path, config))


@pytest.mark.parametrize("config", [
    {"x": {"_target_": "$'os.sys' + 'tem'", "command": "id"}},
    {"name": "os.system", "x": {"_target_": "$@name", "command": "id"}},
    {"maker": {"_target_": "str", "object": "os.system"}, "x": {"_target_": "@maker", "command": "id"}},
    {"x": {"_target_": "@missing", "command": "id"}},
    {"a": {"_target_": "@b"}, "b": "@a::_target_"},
])
def test_target_known_only_at_load_time_escalates(tmp_path, config):
    """A name built by an expression or by a component, a reference the file does not hold, or a cycle."""
    report = bundle_report(tmp_path, config)
    held = [f for f in report.findings if f.rule == "unvouched.monai-bundle"]
    assert held and "known only at load time" in held[0].message, kit.findings(report)
    kit.assert_held(report)


# ---- references the file does not hold ------------------------------------------------------------------------------

@pytest.mark.parametrize("config", [
    {"go": "$@runner('id')"},  # set by code (`parser["runner"] = ...`) or merged from another file
    {"a::b": "$__import__('os').system", "go": "$@a::b('id')"},  # ConfigParser registers the flat key `a::b`
])
def test_expression_reference_the_file_does_not_hold_escalates(tmp_path, config):
    report = bundle_report(tmp_path, config)
    held = [f for f in report.findings if f.rule == "unvouched.monai-bundle"]
    assert held and "a reference the file does not hold" in held[0].message, kit.findings(report)
    kit.assert_held(report)


def test_plain_text_starting_with_a_mark_is_not_a_problem(tmp_path):
    """`%(asctime)s` or `@timestamp` in a non-bundle config under configs/ is not code: only `$` expressions and
    `_target_` names are required to resolve."""
    report = bundle_report(tmp_path, {"format": "%(asctime)s %(message)s", "field": "@timestamp", "n": 3})
    assert "unvouched.monai-bundle" not in bundle_findings(report), kit.findings(report)


# ---- YAML merge keys, as yaml.safe_load applies them ---------------------------------------------------------------------

MERGED = "quiet: &quiet\n  _target_: StatsHandler\n  iteration_log: false\nhandlers:\n  - <<: *quiet\n    iteration_log: {}\n"


def test_yaml_merge_builds_the_merged_target_with_the_overriding_arguments():
    """MONAI reads a YAML config with yaml.safe_load, which merges `<<`: the handler is the anchor's StatsHandler
    with iteration_log true (a file read as not readable before: escalated, never judged)."""
    bundle = monai_bundles.read("bundle/configs/train.yaml", MERGED.format("true").encode())
    assert bundle.problems == []
    assert "bundle_handlers__0 = lambda load_time: monai.handlers.StatsHandler(iteration_log=True)" in \
        bundle.python().decode()


def test_yaml_merge_past_the_value_bound_is_not_expanded():
    """A merge of a merge of ... doubles at each level; past MAX_YAML_VALUES the file escalates unmerged."""
    levels = ["hook: {_target_: os.system, command: id}", "a0: &a0 {k: 1}"]
    levels += [f"a{i}: &a{i} {{<<: [*a{i - 1}, *a{i - 1}]}}" for i in range(1, 40)]
    bundle = monai_bundles.read("bundle/configs/train.yaml", "\n".join(levels).encode())
    assert [what for _, what in bundle.problems] == ["the file (more than 100000 values)"]
    assert "os.system(command='id')" in bundle.python().decode()  # the rest of the file is still judged


def test_json_keeps_a_merge_key_a_key():
    bundle = monai_bundles.read(CONFIG, b'{"base": {"_target_": "UNet"}, "x": {"<<": "@base", "y": "$@x::<<"}}')
    assert not any("not readable" in what for _, what in bundle.problems), bundle.problems
