"""Red team 26: job-level roads around what the gate vouches for. Each attack here was accepted before its fix;
the legitimate form nearest to each stays accepted. Samples: corpus/jobs/rt26_* and near_rt26_*."""

from __future__ import annotations

import io
import json
import pickle
import zipfile
from pathlib import Path

import pytest

from analyzer import api
from analyzer.engine.collect import from_bytes
from analyzer.model import Decision

POLICY = api.load_policy()
CORPUS = Path(__file__).resolve().parent.parent / "corpus"

PERSISTOR = "nvflare.app_opt.pt.file_model_persistor.PTFileModelPersistor"


def _config(args: dict) -> bytes:
    return json.dumps({"format_version": 2, "executors": [], "components": [
        {"id": "persistor", "path": PERSISTOR, "args": {"model": {"path": "torch.nn.Linear", "args": {
            "in_features": 4, "out_features": 1}}, "source_ckpt_file_full_name": "init.pt", **args}}]}).encode()


def _scan_config(args: dict) -> tuple[Decision, set[str]]:
    report = api.analyze(from_bytes("app/config/config_fed_client.json", _config(args), POLICY.limits), POLICY)
    return report.decision, {f.rule for f in report.findings}


# NVFlare hands a component's arguments over as JSON gives them and torch.load tests `if weights_only:`, so
# 0, 0.0, "" or [] unpickle the checkpoint as false does (nvflare/app_opt/pt/file_model_persistor.py
# `load_model`); only the literal false was read as unsafe.
@pytest.mark.parametrize("value", [False, 0, 0.0, "", [], None, "false"])
def test_any_weights_only_but_true_is_an_unsafe_load(value: object) -> None:
    decision, found = _scan_config({"load_weights_only": value})
    assert "config-attack.component-unsafe-load" in found and decision is not Decision.ACCEPT


@pytest.mark.parametrize("key,value", [("allow_pickle", 1), ("allow_pickle", "no"), ("trust_remote_code", 1),
                                       ("trust_remote_code", "false"),
                                       ("allow_runtime_dependency_installation", [1])])
def test_any_true_value_of_a_code_running_switch_is_an_unsafe_load(key: str, value: object) -> None:
    decision, found = _scan_config({key: value})
    assert "config-attack.component-unsafe-load" in found and decision is not Decision.ACCEPT


@pytest.mark.parametrize("args", [{}, {"load_weights_only": True}, {"allow_pickle": False},
                                  {"trust_remote_code": None}])
def test_safe_loader_settings_stay_accepted(args: dict) -> None:
    decision, found = _scan_config(args)
    assert "config-attack.component-unsafe-load" not in found and decision is Decision.ACCEPT


# A shipped pickle's globals under a trusted library prefix (torch., numpy., the policy's trusted modules) were
# all read as "trusted library classes". torch.fx.graph_module.reduce_graph_module(body, import_block) execs
# import_block (torch/fx/graph_module.py `_forward_from_src`); a library function is no class.
def _graph_module_pickle(code: str) -> bytes:
    return (b"\x80\x02ctorch.fx.graph_module\nreduce_graph_module\nq\x00}q\x01X\x05\x00\x00\x00_codeq\x02"
            b"X\x00\x00\x00\x00q\x03sX" + len(code).to_bytes(4, "little") + code.encode() + b"q\x04\x86q\x05Rq\x06.")


def _zip(pkl: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("init/data.pkl", pkl)
        zf.writestr("init/version", "3\n")
    return buf.getvalue()


def _scan_file(name: str, data: bytes) -> tuple[Decision, set[str]]:
    report = api.analyze(from_bytes(name, data, POLICY.limits), POLICY)
    return report.decision, {f.rule for f in report.findings}


@pytest.mark.parametrize("data", [
    _zip(_graph_module_pickle("import os\nos.system('id')\n")),
    _graph_module_pickle("import torch\n"),
    b"\x80\x02cnumpy.lib.npyio\nload\nX\x06\x00\x00\x00/tmp/xN\x88\x87R.",
    b"\x80\x02ctorch.storage\n_load_from_bytes\nC\x02ab\x85R.",
    b"\x80\x02csklearn.datasets\nfetch_openml\nX\x01\x00\x00\x00x\x85R.",
    b"\x80\x02ctorch.package\nPackageImporter\nX\x06\x00\x00\x00/tmp/x\x85R.",
    b"\x80\x02ctorch.distributed\nTCPStore\nX\x07\x00\x00\x000.0.0.0M\xd2\x04\x86R.",
])
def test_a_library_function_in_a_pickle_is_not_a_trusted_class(data: bytes) -> None:
    decision, found = _scan_file("init.pt", data)
    assert "files.pickle-data" not in found and decision is not Decision.ACCEPT


class _Storage:
    pass


def test_a_state_dict_checkpoint_stays_data() -> None:
    # The globals torch.save writes for a state dict: OrderedDict, _rebuild_tensor_v2, a storage class.
    pkl = (b"\x80\x02ccollections\nOrderedDict\nq\x00)Rq\x01X\x06\x00\x00\x00weightq\x02"
           b"ctorch._utils\n_rebuild_tensor_v2\nq\x03((X\x07\x00\x00\x00storageq\x04ctorch\nFloatStorage\nq\x05"
           b"X\x01\x00\x00\x000X\x03\x00\x00\x00cpuK\x04tQK\x00K\x04\x85K\x01\x85\x89h\x00)Rtq\x06Rq\x07s"
           b"X\x04\x00\x00\x00stepq\x08cnumpy.core.multiarray\nscalar\ncnumpy\ndtype\nX\x02\x00\x00\x00i8"
           b"\x89\x88\x87R(K\x03X\x01\x00\x00\x00<NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tbC\x08\x01\x00"
           b"\x00\x00\x00\x00\x00\x00\x86Rs.")
    decision, found = _scan_file("init.pt", _zip(pkl))
    assert found == {"files.pickle-data"} and decision is Decision.ACCEPT


# TFModelPersistor loads its source checkpoint with tf.keras.models.load_model (nvflare/app_opt/tf/model_persistor.py),
# which the catalogue leaves out (a Lambda layer's marshalled code, a SavedModel's graph); the NVFlare family
# vouched for the component whatever its arguments.
TF_PERSISTOR = "nvflare.app_opt.tf.model_persistor.TFModelPersistor"


def _tf_config(args: dict) -> bytes:
    return json.dumps({"format_version": 2, "executors": [], "components": [
        {"id": "persistor", "path": TF_PERSISTOR, "args": args}]}).encode()


@pytest.mark.parametrize("path", ["init.h5", "/models/base.keras", "saved_model", "{ckpt}"])
def test_a_keras_model_file_the_tf_persistor_loads_is_an_unsafe_load(path: str) -> None:
    report = api.analyze(from_bytes("app/config/config_fed_client.json", _tf_config(
        {"model": {"path": "tensorflow.keras.Sequential"}, "source_ckpt_file_full_name": path}), POLICY.limits), POLICY)
    assert "config-attack.component-unsafe-load" in {f.rule for f in report.findings}
    assert report.decision is not Decision.ACCEPT


def test_the_tf_persistor_without_a_source_checkpoint_is_vouched() -> None:
    report = api.analyze(from_bytes("app/config/config_fed_client.json", _tf_config(
        {"save_name": "tf_model.weights.h5"}), POLICY.limits), POLICY)
    assert "config-attack.component-unsafe-load" not in {f.rule for f in report.findings}
    assert report.decision is Decision.ACCEPT


# NVFlare formats every string of a config with its variables and, as `$NAME`, every environment variable of the
# site (nvflare/fuel/utils/wfconf.py `_EnvUpdater`): `{$AWS_SECRET_ACCESS_KEY}` hands the script a secret by name.
def _client_config(extra: dict) -> bytes:
    return json.dumps({"format_version": 2, "app_script": "train.py", "app_config": "--epochs 2", **extra,
                       "executors": [{"tasks": ["train"], "executor": {
                           "path": "nvflare.app_common.executors.client_api_executor.ClientAPIExecutor",
                           "args": {"command": "python3 -u custom/{app_script} {app_config}"}}}]}).encode()


@pytest.mark.parametrize("extra", [
    {"app_config": "--epochs 2 --run_name {$AWS_SECRET_ACCESS_KEY}"},
    {"run_name": "{$HF_TOKEN}", "app_config": "--run_name {run_name}"},
    {"app_config": "--tag x{$WANDB_API_KEY!r}"},
    {"tags": ["a", ["{$GITHUB_TOKEN}"]]},
])
def test_an_nvflare_environment_reference_is_an_environment_read(extra: dict) -> None:
    report = api.analyze(from_bytes("app/config/config_fed_client.json", _client_config(extra), POLICY.limits), POLICY)
    assert "config-attack.env-substitution" in {f.rule for f in report.findings}
    assert report.decision is not Decision.ACCEPT


@pytest.mark.parametrize("extra", [{}, {"app_config": "--epochs {epochs}", "epochs": 2},
                                   {"app_config": "--data {$DATA_ROOT}/cifar10"}])
def test_config_variables_and_vouched_environment_names_stay_accepted(extra: dict) -> None:
    report = api.analyze(from_bytes("app/config/config_fed_client.json", _client_config(extra), POLICY.limits), POLICY)
    assert "config-attack.env-substitution" not in {f.rule for f in report.findings}


@pytest.mark.parametrize("sample", ["jobs/rt26_swarm_persistor_weights_only_zero", "jobs/rt26_tf_persistor_keras_h5_lambda",
                                    "jobs/rt26_cfg_nvflare_env_ref_secret", "jobs/rt26_meta_launcher_image"])
def test_attacks_accepted_before_are_not_accepted(sample: str) -> None:
    assert api.scan(CORPUS / sample, POLICY).decision is not Decision.ACCEPT


@pytest.mark.parametrize("sample", ["jobs/near_rt26_swarm_persistor_state_dict", "jobs/near_rt26_tf_persistor_model_class",
                                    "jobs/near_rt26_cfg_run_name_variable", "jobs/near_rt26_meta_launcher_resources"])
def test_the_honest_twins_stay_accepted(sample: str) -> None:
    assert api.scan(CORPUS / sample, POLICY).decision is Decision.ACCEPT


# NVFlare's Docker and Kubernetes job launchers run the job in the image, interpreter and entrypoint that meta.json's
# launcher_spec (or the legacy resource_spec) names for a site (nvflare/app_opt/job_launcher/docker_launcher.py
# `launch_job`: "job-supplied image wins"); the gate read meta.json for deploy_map only.
@pytest.mark.parametrize("spec", [
    {"launcher_spec": {"default": {"docker": {"image": "ghcr.io/x/runner:1"}}}},
    {"launcher_spec": {"site-1": {"k8s": {"python_path": "/opt/venv/bin/python"}}}},
    {"launcher_spec": {"site-1": {"docker": {"entrypoint": ["/bin/sh", "-c", "python -m x"]}}}},
    {"resource_spec": {"site-1": {"docker": {"image": "evil/img"}}}},
])
def test_a_job_that_chooses_its_container_is_not_accepted(tmp_path: Path, spec: dict) -> None:
    job = tmp_path / "job"
    (job / "app" / "custom").mkdir(parents=True)
    (job / "app" / "custom" / "train.py").write_text("print('x')\n")
    (job / "meta.json").write_text(json.dumps({"name": "j", "deploy_map": {"app": ["@ALL"]}, **spec}))
    report = api.scan(job, POLICY)
    assert {"config-attack.job-launcher-image", "config-attack.job-launcher-command"} & {f.rule for f in report.findings}
    assert report.decision is not Decision.ACCEPT


@pytest.mark.parametrize("spec", [{}, {"launcher_spec": {"default": {"docker": {"num_of_gpus": 1, "shm_size": "8g"}}}},
                                  {"resource_spec": {"site-1": {"num_of_gpus": 1}}},
                                  {"launcher_spec": {"default": {"docker": {"image": None}}}}])
def test_resources_for_the_site_launcher_stay_accepted(tmp_path: Path, spec: dict) -> None:
    job = tmp_path / "job"
    (job / "app" / "custom").mkdir(parents=True)
    (job / "app" / "custom" / "train.py").write_text("print('x')\n")
    (job / "meta.json").write_text(json.dumps({"name": "j", "deploy_map": {"app": ["@ALL"]}, **spec}))
    assert not {f.rule for f in api.scan(job, POLICY).findings if f.rule.startswith("config-attack.job-launcher")}
