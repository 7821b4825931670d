"""Session 43 (nvflare43): why NVFlare's escalated examples stay held, and the bench's units (docs/fl-examples.md).

- A partition sized by job options (recipe-k8s, multicloud cifar10): every num_sites-th row from site_index is a
  site's share when the command lines the job's configs give bound the stride and the offset
  (arguments.strided_partition); cut to max_samples it is rows chosen whatever the cap: a metric over it is a
  statistic of rows the code chose, training on it is training.
- bionemo task_fitting: torch.load of a full pickle and a program found on PATH stay for a reviewer.
- bench/fl_examples.py: a job template's model module, kept in another app's custom/, comes with the client.
"""

from __future__ import annotations

import json
import shutil
import sys

import pytest

import redteam_kit as kit
from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))

import fl_examples  # noqa: E402

CAPPED = "jobs/nv43_capped_test_partition"


def _with_args(tmp_path, sample: str, task_script_args: str):
    """The corpus job `sample`, copied, its config starting the script with `task_script_args`."""
    job = tmp_path / "job"
    shutil.copytree(kit.CORPUS / sample, job)
    config = job / "app/config/config_fed_client.json"
    parsed = json.loads(config.read_text())
    parsed["executors"][0]["executor"]["args"]["task_script_args"] = task_script_args
    config.write_text(json.dumps(parsed))
    return job


def test_a_metric_over_a_capped_partition_is_held():
    kit.assert_held(kit.scan_sample(CAPPED), rule="update-channel-leak.unknown-provenance")


def test_training_on_the_capped_partition_and_scoring_the_whole_test_set_is_accepted():
    kit.assert_accepted(kit.scan_sample("jobs/near_nv43_strided_train_partition"))


@pytest.mark.parametrize("cap", ["1000", "999"])
def test_the_cap_the_config_sets_does_not_clear_the_partition(tmp_path, cap):
    # two jobs with caps 1000 and 999 would each send an accuracy whose difference is one test row's
    job = _with_args(tmp_path, CAPPED, f"--site-index 0 --num-sites 2 --max-test-samples {cap}")
    kit.assert_held(kit.scan(job), rule="update-channel-leak.unknown-provenance")


def test_a_strided_partition_the_config_bounds_is_a_share():
    kit.assert_accepted(kit.scan_sample("jobs/near_nv43_strided_partition_from_config"))


@pytest.mark.parametrize("sample", ["jobs/nv43_stride_beyond_rows", "jobs/nv43_offset_past_stride"])
def test_a_stride_off_the_grid_or_an_offset_past_it_is_rows_chosen(sample):
    kit.assert_held(kit.scan_sample(sample), rule="update-channel-leak.unknown-provenance")


@pytest.mark.parametrize("sites, decided", [("4", True), ("10", True), ("3", False), ("20", False)])
def test_the_stride_is_a_share_on_the_grid_of_twentieths(tmp_path, sites, decided):
    # a third of the rows is no twentieth: coarse_share's grid, as for a slice or a random split
    job = _with_args(tmp_path, "jobs/near_nv43_strided_partition_from_config", f"--site-index 1 --num-sites {sites}")
    report = kit.scan(job)
    if decided:
        kit.assert_accepted(report)
    else:
        kit.assert_held(report, rule="update-channel-leak.unknown-provenance")


def test_without_the_config_the_stride_is_unknown(tmp_path):
    job = tmp_path / "job"
    shutil.copytree(kit.CORPUS / "jobs/near_nv43_strided_partition_from_config", job)
    (job / "app/config/config_fed_client.json").unlink()
    kit.assert_held(kit.scan(job), rule="update-channel-leak.unknown-provenance")


def test_a_site_index_the_gate_cannot_fold_is_rows_chosen(tmp_path):
    # multicloud cifar10 takes the offset from the site's position in --sites: no number the gate can list
    job = tmp_path / "job"
    shutil.copytree(kit.CORPUS / "jobs/near_nv43_strided_partition_from_config", job)
    client = job / "app/custom/client.py"
    client.write_text(client.read_text().replace(
        "partition_dataset(test_dataset, args.site_index, args.num_sites)",
        "partition_dataset(test_dataset, len(flare.get_site_name()) % 2, args.num_sites)"))
    kit.assert_held(kit.scan(job), rule="update-channel-leak.unknown-provenance")


def test_positions_rewritten_after_the_stride_are_held():
    kit.assert_held(kit.scan_sample("jobs/nv43_subset_indices_rewritten"), rule="update-channel-leak.unknown-provenance")


@pytest.mark.parametrize("rewrite, helper", [
    ("    site_test.indices = [4242]\n", None),
    ("    import tweaks\n    tweaks.narrow(site_test)\n", "def narrow(part):\n    part.indices[:] = [4242]\n"),
])
def test_a_subsets_positions_rewritten_anywhere_in_the_job_are_held(tmp_path, rewrite, helper):
    job = tmp_path / "job"
    shutil.copytree(kit.CORPUS / "jobs/near_nv43_strided_partition_from_config", job)
    client = job / "app/custom/client.py"
    built = "    site_test = partition_dataset(test_dataset, args.site_index, args.num_sites)\n"
    client.write_text(client.read_text().replace(built, built + rewrite))
    if helper is not None:
        (job / "app/custom/tweaks.py").write_text(helper)
    kit.assert_held(kit.scan(job), rule="update-channel-leak.unknown-provenance")


EMBEDDINGS_CLIENT = '''import argparse
import os

import torch

import nvflare.client as flare

parser = argparse.ArgumentParser()
parser.add_argument("--results-path", type=str, required=True)
args = parser.parse_args()
flare.init()
site_name = flare.get_site_name()
path = os.path.join(args.results_path, f"inference_results_{site_name}", "predictions__rank_0.pt")
results = torch.load(path, weights_only=False)
embeddings = results["embeddings"]
while flare.is_running():
    model = flare.receive()
    flare.send(flare.FLModel(params=model.params, meta={"num_sequences": len(embeddings)}))
'''


def test_a_full_pickle_of_another_job_is_held(tmp_path):
    # bionemo task_fitting job_fedavg: the embeddings file is written by infer_esm2 in another job, at a path the
    # command line gives; weights_only=False unpickles anything found there
    kit.assert_held(kit.scan_source(tmp_path, EMBEDDINGS_CLIENT), rule="deserialization.")


def test_the_inference_program_found_on_path_is_held(tmp_path):
    # bionemo task_fitting job_inference runs `infer_esm2`, whatever PATH holds at the site under that name
    source = EMBEDDINGS_CLIENT.replace(
        "results = torch.load(path, weights_only=False)",
        'import subprocess\nsubprocess.run(["infer_esm2", "--results-path", path], capture_output=True, text=True)\n'
        "results = torch.load(path, weights_only=True)")
    kit.assert_held(kit.scan_source(tmp_path, source), rule="subprocess.")


def test_a_job_templates_model_module_in_another_apps_custom_comes_with_the_client(tmp_path):
    # devops/multicloud/e2e/jobs/cifar10: the client imports e2e_net, which the template keeps in app_server/custom;
    # the Job API copies the model's module into the app every site gets (fed_job_config.py _get_class_path)
    files = {
        "e2e/jobs/cifar10/app_client/custom/client.py": "import nvflare.client as flare\nfrom e2e_net import Net\n",
        "e2e/jobs/cifar10/app_server/custom/e2e_net.py": "import torch\nclass Net(torch.nn.Module):\n    pass\n",
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    (unit,) = fl_examples.find_units(tmp_path)
    assert sorted(unit.files) == ["client.py", "e2e_net.py"]
