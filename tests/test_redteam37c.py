"""Red team 37c: configs that make NVFlare build or run something other than what the gate judged. Three roads
were open on main, all in NVFlare's `{name}` substitution (nvflare/fuel/utils/wfconf.py `_EnvUpdater.substitute`):
a component's `name` was looked up before substitution (`"name": "{cls}"` built FlowerExecutor or a joblib
persistor); substitution is str.format, all or nothing (an undefined name, a lone brace or a bad spec leaves the
whole command as written, so NVFlare ran a file named `{app_script}` where the gate judged train.py); and template
invocations (`{@tpl:k=v}` or `{obj:k=v}`) override variables locally. Every other rt37c_* attack (HOCON and YAML
interpolation, submission-signature names, a notebook %aimport, a pyproject URL dependency) was already escalated
or rejected (corpus/labels.yaml notes). Each attack is replayed through NVFlare's own resolution below."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer.engine.collect import collect
from analyzer.engine.configs import expand_vars, with_templates
from analyzer.model import Decision

JOBS = kit.CORPUS / "jobs"

# What NVFlare's client configurator makes of a config before it builds anything (nvflare/private/json_configer.py
# _do_configure: every top-level item is a variable, the site's system variables win, `@` items are taken out;
# wfconf.py resolve_var_refs), then the class of each executor and component (class_utils.py
# get_class_path_from_config with the client's ModuleScanner). Prints one JSON line per built object.
NVFLARE_BUILDS = r"""
import copy, json, sys
from nvflare.fuel.utils.class_utils import ModuleScanner, get_class_path_from_config
from nvflare.fuel.utils.json_scanner import JsonScanner
from nvflare.fuel.utils.wfconf import resolve_var_refs
from nvflare.private.fed.client.client_json_config import FL_MODULES, FL_PACKAGES
conf = json.load(open(sys.argv[1]))
variables = copy.deepcopy(conf)
variables.update({"SITE_NAME": "site-1", "WORKSPACE": "/ws", "JOB_ID": "j1"})
for key in [k for k in conf if k.startswith("@")]:
    conf.pop(key)
resolve_var_refs(JsonScanner(conf), variables)
scanner = ModuleScanner(FL_PACKAGES, FL_MODULES, True)
for d in [e["executor"] for e in conf["executors"]] + conf["components"]:
    print(json.dumps([get_class_path_from_config(d, scanner.get_module_name), d.get("args")]))
"""


def nvflare_builds(job: str) -> list[tuple[str, dict]]:
    config = next((JOBS / job).glob("*/config/config_fed_client.json"))
    out = subprocess.run([sys.executable, "-c", NVFLARE_BUILDS, str(config)],
                         capture_output=True, text=True, timeout=120, check=True).stdout
    return [tuple(json.loads(line)) for line in out.splitlines()]


FLOWER = "nvflare.app_opt.flower.executor.FlowerExecutor"
JOBLIB = "nvflare.app_opt.sklearn.joblib_model_param_persistor.JoblibModelParamPersistor"
# (job, the class NVFlare builds, the gate's finding now)
CLASSES = [
    ("rt37c_name_var_flower_executor", FLOWER, "config-attack.runtime-delivered-code"),
    ("rt37c_format_index_name", FLOWER, "config-attack.untrusted-component"),
    ("rt37c_template_local_executor_class", FLOWER, "config-attack.runtime-delivered-code"),
    ("rt37c_name_var_joblib_persistor", JOBLIB, "config-attack.component-unsafe-load"),
    ("rt37c_template_local_component_class", JOBLIB, "config-attack.component-unsafe-load"),
]
# (job, the script NVFlare's command runs)
SCRIPTS = [
    ("rt37c_format_undefined_name_literal_script", "custom/{app_script}"),
    ("rt37c_format_lone_brace_literal_script", "custom/{app_script}"),
    ("rt37c_format_bad_spec_literal_script", "custom/{app_script}"),
    ("rt37c_template_local_script", "custom/notes.txt"),
    ("rt37c_template_plain_key_local_script", "custom/notes.txt"),
]
# (job, the script NVFlare's command runs at site-1), escalated: a name only the site knows
SITE_SCRIPTS = [("rt37c_sysvar_named_by_config", "custom/site-1")]
TWINS = ["near_rt37c_command_site_name", "near_rt37c_template_local_epochs", "near_rt37c_name_var_tracking",
         "near_rt37c_args_whole_reference"]


def test_a_hocon_substitution_names_the_class_nvflare_builds() -> None:
    """pyhocon resolves `name = ${executor_class}` before NVFlare looks the name up (nvflare/fuel_opt/utils/
    pyhocon_loader.py, the loader NVFlare uses for a .conf); the YAML twin is OmegaConf's interpolation."""
    code = ("import sys; from nvflare.fuel_opt.utils.pyhocon_loader import PyhoconLoader; "
            "print(PyhoconLoader().load_config(sys.argv[1]).to_dict()['executors'][0]['executor']['name'])")
    conf = JOBS / "rt37c_hocon_subst_name" / "app" / "config" / "config_fed_client.conf"
    out = subprocess.run([sys.executable, "-c", code, str(conf)], capture_output=True, text=True, timeout=120,
                         check=True).stdout
    assert out.strip() == "FlowerExecutor"
    for job in ("rt37c_hocon_subst_name", "rt37c_yaml_interp_name"):
        report = kit.scan(JOBS / job)
        assert report.decision is not Decision.ACCEPT
        assert any(f.rule == "config-attack.runtime-delivered-code" for f in report.findings), job


@pytest.mark.parametrize(("job", "built", "rule"), CLASSES)
def test_the_class_nvflare_builds_is_the_one_judged(job: str, built: str, rule: str) -> None:
    assert built in [cls for cls, _ in nvflare_builds(job)]
    report = kit.scan(JOBS / job)
    assert report.decision is not Decision.ACCEPT
    assert any(f.rule == rule for f in report.findings), kit.findings(report)


def test_arguments_given_by_a_whole_reference_are_the_ones_judged() -> None:
    """`"args": "{stage_args}"` is the top-level object itself (wfconf.py's simple variable ref): the job's
    DataStager is built to copy /data/site-1 out of the job."""
    built = dict(nvflare_builds("rt37c_args_whole_reference"))
    assert built["staging.DataStager"]["source_dir"] == "/data/site-1"
    report = kit.scan(JOBS / "rt37c_args_whole_reference")
    assert report.decision is Decision.REJECT
    assert any(f.rule == "file-exfiltration.copy-data-out" for f in report.findings)


@pytest.mark.parametrize(("job", "script"), SCRIPTS)
def test_the_script_nvflare_runs_is_the_one_judged(job: str, script: str) -> None:
    commands = [args["command"].split() for cls, args in nvflare_builds(job) if args and "command" in args]
    assert [c[2] for c in commands] == [script]
    report = kit.scan(JOBS / job)
    assert report.decision is Decision.REJECT
    assert any(f.rule == "remote-code.fetch-and-run-command" and f.path.endswith(script.split("/")[-1])
               for f in report.findings), [(f.rule, f.path) for f in report.findings]


@pytest.mark.parametrize(("job", "script"), SITE_SCRIPTS)
def test_the_sites_own_variable_wins_over_the_configs(job: str, script: str) -> None:
    commands = [args["command"].split() for cls, args in nvflare_builds(job) if args and "command" in args]
    assert [c[2] for c in commands] == [script]
    report = kit.scan(JOBS / job)
    assert report.decision is Decision.ESCALATE
    assert any(f.rule == "config-attack.launcher-program" and "{SITE_NAME}" in f.message for f in report.findings)


@pytest.mark.parametrize("job", TWINS)
def test_near_twin_stays_accepted(job: str) -> None:
    for cls, args in nvflare_builds(job):  # NVFlare builds it: a working config, not one it refuses
        assert cls.startswith("nvflare.app_common.")
        assert not any("{" in v for v in args.values() if isinstance(v, str)), args
    kit.assert_accepted(kit.scan(JOBS / job))


SUBSTITUTE = r"""
import json, sys
from nvflare.fuel.utils.wfconf import _EnvUpdater
variables, texts = json.load(sys.stdin)
def substitute(text):
    try:
        return _EnvUpdater(variables).substitute(text)
    except Exception:  # NVFlare refuses the config (ConfigError): nothing is built from it
        return None
print(json.dumps([substitute(t) for t in texts]))
"""
VARIABLES = {"app_script": "train.py", "app_config": "--epochs 2", "n": 3, "cls": ["A"], "cfg": {"k": "v"},
             "SITE_NAME": "site-1"}
TEXTS = ["python3 custom/{app_script} {app_config}", "custom/{app_script} {nope}", "custom/{app_script} }",
         "custom/{app_script} {app_config:d}", "custom/{app_script} {app_config!r}", "{cls[0]}", "{cfg[k]}",
         "x {n} {{literal}}", "{} {app_script}", "{0}", "--site {SITE_NAME} {app_script}", "{$HOME} {app_script}",
         "plain", "a}b{", "{app_script.upper}", " {app_script} ", "{app_script:d}", "{ n }"]


def test_substitution_is_nvflares_or_left_unread() -> None:
    """Where the gate reads a value with no brace left it is the one NVFlare makes; where NVFlare leaves a string
    as written, so does the gate."""
    out = subprocess.run([sys.executable, "-c", SUBSTITUTE], input=json.dumps([VARIABLES, TEXTS]),
                         capture_output=True, text=True, timeout=120, check=True).stdout
    config = {k: v for k, v in VARIABLES.items() if k != "SITE_NAME"}  # the site's value, never the config's
    results = json.loads(out)
    assert results[TEXTS.index(" {app_script} ")] == "train.py"  # one whole `{name}`: the value, blanks dropped
    for text, nvflare in zip(TEXTS, results):
        if nvflare is None:  # a whole `{name}` NVFlare has no value for, or refuses: nothing is built
            continue
        gate = expand_vars(text, config)
        if nvflare == text:
            assert gate == text, text
        if "{" not in gate and "}" not in gate:
            assert gate == nvflare, text
    assert expand_vars("--site {SITE_NAME} {app_script}", config) == "--site {SITE_NAME} train.py"


def test_templates_past_their_bounds_are_not_read() -> None:
    loop = {"@t": {"path": "x.Y", "args": {"inner": "{@t:a=1}"}}, "components": ["{@t:a=2}"]}
    data, why = with_templates(loop)
    assert data is loop and why is not None and "nested" in why
    wide = {"@t": {"args": ["{@u:a=1}"] * 200}, "@u": {"args": ["{@v:a=1}"] * 200}, "@v": {"x": 1},
            "components": ["{@t:a=1}"]}
    assert with_templates(wide)[1] is not None


def test_a_looping_template_escalates_the_job(tmp_path: Path) -> None:
    app = tmp_path / "app" / "config"
    app.mkdir(parents=True)
    (tmp_path / "meta.json").write_text(json.dumps({"name": "t", "deploy_map": {"app": ["@ALL"]}}))
    (app / "config_fed_client.json").write_text(json.dumps(
        {"format_version": 2, "@t": {"id": "c", "path": "{p}", "args": {"x": "{@t:p=a.B}"}},
         "executors": [], "components": ["{@t:p=nvflare.app_common.widgets.convert_to_fed_event.ConvertToFedEvent}"]}))
    report = kit.scan(tmp_path)
    assert report.decision is not Decision.ACCEPT
    assert any(f.rule == "unanalyzable.config-parse" and "nested" in f.message for f in report.findings)


SUBMITTED_META = r"""
import io, json, sys
from zipfile import ZipFile
from nvflare.apis.utils.job_utils import load_job_def_bytes
from nvflare.private.fed.server.job_meta_validator import JobMetaValidator
zf = ZipFile(io.BytesIO(load_job_def_bytes(sys.argv[1], sys.argv[2])))
print(json.dumps(JobMetaValidator._validate_meta(sys.argv[2], zf)))
"""


def test_a_meta_conf_is_the_job_meta_nvflare_submits() -> None:
    """`nvflare job submit` zips the folder and takes its meta from meta.conf when there is no meta.json
    (nvflare/apis/utils/job_utils.py, job_meta_validator.py): the launcher settings it gives count."""
    job = "rt37c_meta_conf_launcher_image"
    meta = json.loads(subprocess.run([sys.executable, "-c", SUBMITTED_META, str(JOBS), job], capture_output=True,
                                     text=True, timeout=120, check=True).stdout)
    assert meta["launcher_spec"]["default"]["docker"]["image"] == "ghcr.io/fl-lab/cifar-runner:2.9"
    for name in (job, "rt37c_meta_yml_launcher_image"):
        report = kit.scan(JOBS / name)
        assert report.decision is Decision.ESCALATE
        assert {"config-attack.job-launcher-image", "config-attack.job-launcher-command"} <= {
            f.rule for f in report.findings}, name
    plain = kit.scan(JOBS / "near_rt37c_meta_conf_plain")
    assert plain.decision is Decision.ACCEPT
    assert collect(JOBS / "near_rt37c_meta_conf_plain", kit.POLICY.limits).unit_kind == "nvflare-job"


def test_a_meta_conf_the_gate_cannot_read_whole_is_never_accepted(tmp_path: Path) -> None:
    (tmp_path / "app" / "custom").mkdir(parents=True)
    (tmp_path / "app" / "custom" / "train.py").write_text("print('ok')\n")
    (tmp_path / "meta.conf").write_text('image = "x"\ndeploy_map { app = ["@ALL"] }\nlauncher_spec = ${image}\n')
    report = kit.scan(tmp_path)
    assert report.decision is not Decision.ACCEPT
    assert any(f.rule == "unanalyzable.meta-json" and f.path == "meta.conf" for f in report.findings)


def test_a_meta_yaml_of_other_data_leaves_a_plain_folder(tmp_path: Path) -> None:
    """NVFlare refuses a meta with no deploy_map (job_meta_validator.py): such a file runs nothing as a job."""
    (tmp_path / "meta.yaml").write_text("dataset: cifar10\nsplits: [train, test]\n")
    (tmp_path / "train.py").write_text("print('ok')\n")
    assert collect(tmp_path, kit.POLICY.limits).unit_kind == "folder"
    assert kit.scan(tmp_path).decision is Decision.ACCEPT
