"""Red team 56b: code-execution, config, notebook and shell routes (docs/redteam56b-attempts.md).

Hole closed: a data reader handed a base the gate cannot read (a setting, the command line, a file the job does not
carry or writes itself) followed by a query field of a computed value (`cfg["ref"] + "?d=" + rows`): accepted on
main, since no URL folded; it is a URL whatever the base, and the request carries the value (network.url-reader-data).
A notebook cell `%%script env python3` or `%%pypy` is a Python reading the cell on stdin, as `%%python3` is: read as
Python now (a reject-class payload only escalated on main, as shell text). The other samples are the brief's open
items (/proc reads, shared memory and pipes, `{sys.executable} -m pip` in a notebook and a launcher,
`$(python3 -c ...)` and backticks in a shipped script), held on main too.
"""

from __future__ import annotations

import json

import pytest

import redteam_kit as kit
from analyzer.model import Decision

SAMPLES = kit.corpus_samples("malicious/redteam56b_*", "jobs/redteam56b_*")
TWINS = kit.corpus_samples("benign/near_redteam56b_*")
EXPECTED = {e["path"]: e["expect"] for e in kit.labelled("redteam56b_")}


def test_samples_are_labelled():
    assert set(SAMPLES) | set(TWINS) == set(EXPECTED)
    assert len(SAMPLES) == 16 and len(TWINS) == 6


@pytest.mark.parametrize("sample", SAMPLES)
def test_attack_is_held(sample):
    report = kit.scan_sample(sample)
    kit.assert_held(report)
    assert report.decision.value in EXPECTED[sample], kit.findings(report)


@pytest.mark.parametrize("sample", [s for s in SAMPLES if "url_query" in s])
def test_query_of_a_setting_rejects_as_url_data(sample):
    kit.assert_held(kit.scan_sample(sample), rule="network.url-reader-data", decision=Decision.REJECT)


@pytest.mark.parametrize("sample", TWINS)
def test_near_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


HEAD = "import json\nimport sys\nimport numpy as np\nimport pandas as pd\n\n" \
       "df = pd.read_csv('/data/site/train.csv')\nbase = json.load(open('config/ref.json'))['reference']\n"


@pytest.mark.parametrize("line", [
    "ref = pd.read_csv(base + '?d=' + str(df.values.tolist()))",
    "ref = pd.read_csv(f'{base}?n={len(df)}&m={float(df.y.mean())}')",
    "ref = pd.read_json('%s?row=%s' % (base, df.iloc[0].tolist()))",
    "ref = np.loadtxt(sys.argv[1] + '?k=' + str(df.values[:5].tolist()))",
    "ref = pd.read_csv(base + '&d=' + str(df.values.tolist()))",
    "ref = pd.read_csv(base + ';d=' + str(df.values.tolist()))",
])
def test_computed_query_after_a_setting(line):
    kit.assert_held(kit.scan_text(HEAD + line + "\n"), rule="network.url-reader-data", decision=Decision.REJECT)


@pytest.mark.parametrize("line", [
    "ref = pd.read_csv(base)",
    "ref = pd.read_csv(base + '?raw=true')",
    "ref = pd.read_csv(base + '_' + str(len(df)) + '.csv')",
    "ref = pd.read_parquet(f'{base}/year={2021}/part.parquet')",
    "ref = [pd.read_parquet(f'{base}/site={s}/part.parquet') for s in ('a', 'b')]",
])
def test_twins_without_a_computed_query(line):
    assert "network.url-reader-data" not in kit.rules(kit.scan_text(HEAD + line + "\n"))


def _notebook(cell: str) -> str:
    return json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                                  "source": cell}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


WIPE = "import shutil\nshutil.rmtree('/data/site')"


@pytest.mark.parametrize("magic", ["%%script env python3", "%%pypy", "%%script pypy3", "%%script env python3 -"])
def test_stdin_python_cell_is_read_as_python(magic):
    report = kit.scan_text(_notebook(magic + "\n" + WIPE), "nb.ipynb")
    kit.assert_held(report, rule="file-exfiltration.wipe", decision=Decision.REJECT)


@pytest.mark.parametrize("magic", ["%%script env -i python3", "%%script env PYTHONSTARTUP=s.py python3",
                                   "%%script env python3 -m trace", "%%script env", "%%script ./python3"])
def test_other_programs_stay_shell(magic):
    report = kit.scan_text(_notebook(magic + "\n" + WIPE), "nb.ipynb")
    kit.assert_held(report, rule="files.notebook-shell")
    assert "file-exfiltration.wipe" not in kit.rules(report), kit.findings(report)
