"""Session 53 (nvflare53): NVFlare's multi-GPU examples. A process group is a channel among the job's own ranks
only while every seat in it is taken on this machine: a config that makes torchrun (or accelerate, or a WORLD_SIZE
of its env) wait for more nodes than this one leaves seats that any host reaching rank 0's store can take
(config-attack.rendezvous-open-seats, escalate); a remote meeting place still rejects. broadcast_object_list stays
out of the catalogue: its receivers unpickle what the sending rank's vouched tensor broadcasts put there.
docs/fl-examples.md "Session 53 (nvflare53)"."""

import json

import pytest

import redteam_kit as kit
from analyzer.model import Decision

CLIENT = (kit.CORPUS / "jobs/near_nvflare53_ddp_one_node/app/custom/client.py").read_text()


def _job(root, command, env=None):
    """A job whose ClientAPIExecutor runs `command` (argv) with the vouched DDP client of the corpus twin."""
    config = {"format_version": 2, **({"env": env} if env else {}),
              "executors": [{"tasks": ["*"], "executor": {
                  "path": "nvflare.app_common.executors.client_api_executor.ClientAPIExecutor",
                  "args": {"execution_mode": "external_process", "command": command}}}],
              "components": [], "task_data_filters": [], "task_result_filters": []}
    files = {"meta.json": json.dumps({"name": "j", "deploy_map": {"app": ["@ALL"]}}),
             "app/config/config_fed_client.json": json.dumps(config, indent=2),
             "app/custom/client.py": CLIENT}
    return kit.scan_files(root, files)


TORCHRUN = ["python3", "-m", "torch.distributed.run"]


@pytest.mark.parametrize("options", [
    ["--nnodes=2", "--nproc_per_node=1", "--master_addr=127.0.0.1"],
    ["--nnodes", "2", "--node_rank", "0"],
    ["--nnodes=1:2", "--rdzv_backend=c10d", "--rdzv_endpoint=localhost:29400"],
    ["--NNODES=3"],
    ["--nnodes=${NODES}"],  # a count the gate cannot read is not one node
])
def test_more_nodes_than_this_machine_are_reviewed(tmp_path, options):
    report = _job(tmp_path, TORCHRUN + options + ["custom/client.py"])
    kit.assert_held(report, "config-attack.rendezvous-open-seats", Decision.ESCALATE)


def test_accelerate_machines_and_a_command_string_are_reviewed(tmp_path):
    report = _job(tmp_path, "accelerate launch --num_machines 2 --main_process_ip 127.0.0.1 custom/client.py")
    kit.assert_held(report, "config-attack.rendezvous-open-seats")


@pytest.mark.parametrize("env", [{"WORLD_SIZE": "2"}, {"WORLD_SIZE": 4}, {"PET_NNODES": "1:2"}])
def test_a_world_larger_than_one_in_the_env_is_reviewed(tmp_path, env):
    report = _job(tmp_path, ["python3", "-u", "custom/client.py"], {"MASTER_ADDR": "127.0.0.1", **env})
    kit.assert_held(report, "config-attack.rendezvous-open-seats", Decision.ESCALATE)


@pytest.mark.parametrize("command", [
    ["env", "WORLD_SIZE=2", "RANK=0", "MASTER_ADDR=127.0.0.1", "python3", "-u", "custom/client.py"],
    "WORLD_SIZE=2 RANK=0 python3 -u custom/client.py",
])
def test_a_world_larger_than_one_before_the_program_is_reviewed(tmp_path, command):
    """NVFlare unwraps `env NAME=value` and leading settings (nvflare/utils/process_utils.py); WORLD_SIZE is one the
    launcher list allows, so only its value can hold it."""
    kit.assert_held(_job(tmp_path, command), "config-attack.rendezvous-open-seats", Decision.ESCALATE)


def test_a_world_of_one_before_the_program_is_accepted(tmp_path):
    kit.assert_accepted(_job(tmp_path, "WORLD_SIZE=1 RANK=0 python3 -u custom/client.py"))


def test_the_finding_points_at_the_option(tmp_path):
    report = _job(tmp_path, TORCHRUN + ["--nnodes", "2", "custom/client.py"])
    [seat] = [f for f in report.findings if f.rule == "config-attack.rendezvous-open-seats"]
    config = (tmp_path / "app/config/config_fed_client.json").read_text().splitlines()
    assert '"--nnodes"' in config[seat.line - 1], (seat.line, config)


@pytest.mark.parametrize("options", [
    ["--nnodes=1", "--nproc_per_node=2", "--master_port=7777"],
    ["--nnodes=1:1", "--nproc_per_node=2"],
    ["--standalone", "--nproc-per-node=2"],
])
def test_one_node_is_accepted(tmp_path, options):
    kit.assert_accepted(_job(tmp_path, TORCHRUN + options + ["custom/client.py"]))


def test_world_of_one_in_the_env_is_accepted(tmp_path):
    kit.assert_accepted(_job(tmp_path, ["python3", "-u", "custom/client.py"],
                             {"MASTER_ADDR": "127.0.0.1", "WORLD_SIZE": "1"}))


@pytest.mark.parametrize("options", [
    ["--nnodes=1", "--rdzv-backend=c10d", "--rdzv-endpoint=203.0.113.5:29400"],
    ["--nnodes=1", "--master-addr", "collector.x.example"],
    ["--nnodes=2", "--master_addr=203.0.113.5"],
])
def test_a_remote_meeting_place_still_rejects(tmp_path, options):
    report = _job(tmp_path, TORCHRUN + options + ["custom/client.py"])
    kit.assert_held(report, "config-attack.rendezvous-remote", Decision.REJECT)


@pytest.mark.parametrize("sample, decision", [
    ("jobs/nvflare53_ddp_two_nodes_local_master", Decision.ESCALATE),
    ("jobs/nvflare53_ddp_elastic_nodes", Decision.ESCALATE),
    ("jobs/nvflare53_ddp_world_size_env", Decision.ESCALATE),
    ("jobs/nvflare53_ddp_remote_rdzv_endpoint", Decision.REJECT),
    ("jobs/near_nvflare53_ddp_one_node", Decision.ACCEPT),
    ("benign/near_nvflare53_running_flag_tensor.py", Decision.ACCEPT),
])
def test_corpus_samples(sample, decision):
    report = kit.scan_sample(sample)
    assert report.decision is decision, kit.findings(report)


def test_object_broadcast_stays_unvouched():
    """The smuggled pickle has no name in the code: only broadcast_object_list itself can hold it."""
    report = kit.scan_sample("malicious/nvflare53_object_broadcast_smuggle.py")
    kit.assert_held(report, "unvouched.api", Decision.ESCALATE)
    assert any("broadcast_object_list" in f.message for f in report.findings), kit.findings(report)
    twin = kit.scan_sample("benign/near_nvflare53_running_flag_tensor.py")
    kit.assert_accepted(twin)
