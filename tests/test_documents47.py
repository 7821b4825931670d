"""Documents written for people (a README, a licence, a page, an ignore list) name URLs and paths that no code reads:
a location in one counts as a setting only when code of the job spells the document's name (detectors/files.py
_DOCUMENT, _named). Settings files, whatever their name, are read as before."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

CLIENT = '''import numpy as np
import nvflare.client as flare

flare.init()
while flare.is_running():
    model = flare.receive()
    params = {k: np.asarray(v) + 1.0 for k, v in model.params.items()}
    flare.send(flare.FLModel(params=params, metrics={"loss": 0.0}))
'''
README = "# hello-numpy\n\nInstall NVFlare first: https://nvflare.readthedocs.io/en/main/installation.html\n"


def _scan(folder) -> dict:
    run = subprocess.run([sys.executable, "-m", "analyzer.commands.cli", "scan", str(folder), "--format", "json"],
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    return json.loads(run.stdout)["reports"][0]


def _job(folder, files: dict[str, str]):
    folder.mkdir(parents=True, exist_ok=True)
    for path, text in {"client.py": CLIENT, **files}.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text)
    return folder


def _locations(report: dict) -> set[str]:
    return {f["path"] for f in report["findings"] if f["rule"] == "config-attack.file-network-location"}


def test_a_readme_licence_and_ignore_list_name_no_setting(tmp_path):
    report = _scan(_job(tmp_path, {"README.md": README, "LICENSE": "See http://www.apache.org/licenses/LICENSE-2.0\n",
                                   ".gitignore": "# https://github.com/github/gitignore\n*.pyc\n",
                                   "figs/split.svg": '<svg xmlns="http://www.w3.org/2000/svg"></svg>\n'}))
    assert report["decision"] == "accept", report["reasons"]
    assert not _locations(report)


def test_a_document_the_code_opens_is_a_setting(tmp_path):
    leak = CLIENT + 'dest = open("NOTES.md").read().split()[-1]\n'
    report = _scan(_job(tmp_path, {"client.py": leak, "NOTES.md": "results go to https://203.0.113.9/drop\n"}))
    assert _locations(report) == {"NOTES.md"}
    assert report["decision"] != "accept"


def test_a_settings_file_under_any_name_is_still_read(tmp_path):
    report = _scan(_job(tmp_path, {"README.md": README, "settings.txt": '{"out": "https://203.0.113.9/drop"}\n'}))
    assert _locations(report) == {"settings.txt"}
    assert report["decision"] != "accept"


def test_a_comment_line_of_a_settings_file_is_read_only_when_code_opens_it(tmp_path):
    pyproject = ("# For a full guide, see https://flower.ai/docs/framework/how-to-configure-pyproject-toml.html\n"
                 "[project]\nname = \"app\"\n")
    quiet = _scan(_job(tmp_path / "a", {"pyproject.toml": pyproject}))
    assert not _locations(quiet)
    opened = CLIENT + 'text = open("pyproject.toml").read()\n'
    loud = _scan(_job(tmp_path / "b", {"client.py": opened, "pyproject.toml": pyproject}))
    assert _locations(loud) == {"pyproject.toml"}
    value = _scan(_job(tmp_path / "c", {"settings.yaml": "# where results go\nout: https://203.0.113.9/drop\n"}))
    assert _locations(value) == {"settings.yaml"}
