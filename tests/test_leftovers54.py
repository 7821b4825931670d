"""Session 54 (leftovers54): what session 53 left open, closed, each beside its honest twin. The catalogue reads a
parameter by position or by keyword (MONAI's TensorBoard handler given a share's folder by position was accepted);
os.scandir's entries are paths under the folder scanned; the standard library's code-string runners are
dynamic-code; a launcher's `python -m` is read as Python reads it; code built into a MONAI ConfigParser rejects."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzer.model import Decision
from redteam_kit import (assert_accepted, assert_held, client_api_job, corpus_samples, holds, labelled, scan,
                         scan_sample, scan_text)

REJECT, ESCALATE = Decision.REJECT, Decision.ESCALATE


# ---- the corpus: each attack held as labelled, each twin keeps its verdict ----------------------------------------

@pytest.mark.parametrize("entry", labelled("leftovers54"), ids=lambda e: e["path"])
def test_corpus_sample_gets_its_label(entry):
    report = scan_sample(entry["path"])
    assert report.decision.value in entry["expect"], (entry["path"], report.decision)


def test_every_sample_is_labelled():
    paths = {e["path"] for e in labelled("leftovers54")}
    assert set(corpus_samples("malicious/leftovers54_*", "benign/near_leftovers54_*", "jobs/leftovers54_*",
                              "jobs/near_leftovers54_*")) == paths and len(paths) == 10


# ---- 1. catalogue conditions read a parameter by position or keyword ---------------------------------------------

@pytest.mark.parametrize("source", [
    # each was vouched on main: the parameter was read by keyword only
    "from monai.handlers import TensorBoardStatsHandler\nTensorBoardStatsHandler(None, '/mnt/share/tb')",
    "from monai.networks.nets import resnet18\nresnet18(True, spatial_dims=2, n_input_channels=3, num_classes=2)",
    "import pandas as pd\ndef load(opts):\n    return pd.read_parquet('data/a.parquet', 'auto', None, opts)",
    "import pandas as pd\ndef load(opts):\n    return pd.read_feather('data/a.feather', None, True, opts)",
    "import pandas as pd\nfrom sqlalchemy import create_engine\n"
    "pd.read_sql_table('t', create_engine('sqlite:///data/a.db'), 'other')",
    "import datasets\ndef load(opts):\n    return datasets.load_from_disk('data/ds', None, opts)",
])
def test_a_parameter_given_by_position_is_judged(source):
    assert_held(scan_text(source), "unvouched.api")


@pytest.mark.parametrize("source", [
    # each escalated on main: the vouched parameter was read by position only
    "with open(file='./reports/metrics.txt', mode='w') as f:\n    f.write('1')",
    "import pandas as pd\nrows = pd.read_json(path_or_buf='data/a.json')",
    "import pandas as pd\nrows = pd.read_excel(io='data/a.xlsx')",
    "import numpy as np\nnp.save(file='./ckpt/a.npy', arr=np.zeros(1))",
    # and still vouched by position
    "import numpy as np\na = np.load('data/a.npy', None, False)",
    "from monai.handlers import TensorBoardStatsHandler\nfrom torch.utils.tensorboard import SummaryWriter\n"
    "TensorBoardStatsHandler(SummaryWriter('runs/a'))",
])
def test_the_same_parameter_by_keyword_or_position_is_vouched(source):
    assert_accepted(scan_text(source))


# ---- 2. os.scandir's entries ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("source", [
    "import os\nfor e in os.scandir(os.path.expanduser('~')):\n    os.remove(e.path)",
    "import os\nwith os.scandir(os.path.expanduser('~')) as it:\n    for e in it:\n        os.unlink(e)",
    "import os\nhome = os.path.expanduser('~')\nfor e in os.scandir(home):\n    os.remove(os.path.join(home, e.name))",
])
def test_a_removal_over_each_entry_of_the_home_folder_is_a_wipe(source):
    assert_held(scan_text(source), "file-exfiltration.wipe", REJECT)


def test_a_removal_over_the_jobs_outputs_entries_stays_accepted():
    assert_accepted(scan_text("import os\nos.makedirs('outputs', exist_ok=True)\n"
                              "for e in os.scandir('outputs'):\n    if e.is_file():\n        os.remove(e.path)"))


# ---- 3. the standard library's code-string runners ----------------------------------------------------------------

@pytest.mark.parametrize("source, rule", [
    ("import timeit, sys\ntimeit.timeit(lambda: 0, setup=sys.argv[1])", "dynamic-code.exec-via-timeit-built-setup"),
    ("import timeit\ntimeit.timeit(lambda: 0, 'import os')", "dynamic-code.exec-via-timeit-setup"),
    ("import timeit, sys\ntimeit.Timer(sys.argv[1]).timeit(1)", "dynamic-code.exec-via-timeit-built"),
    ("import timeit, sys\ntimeit.main(['-s', sys.argv[1], 'pass'])", "dynamic-code.exec-via-debugger"),
    ("import profile, sys\nprofile.Profile().run(sys.argv[1])", "dynamic-code.exec-via-debugger"),
    ("import pdb, sys\npdb.Pdb().runeval(sys.argv[1])", "dynamic-code.exec-via-debugger"),
    ("import bdb, sys\nbdb.Bdb().runctx(sys.argv[1], {}, {})", "dynamic-code.exec-via-debugger"),
    ("import doctest, sys\ndoctest.run_docstring_examples(sys.argv[1], {})", "dynamic-code.doctest-built"),
    ("from IPython import get_ipython\nimport sys\nget_ipython().run_cell(sys.argv[1])",
     "dynamic-code.exec-via-interpreter"),
    ("import site\nsite.addpackage('/tmp', 'x.pth', set())", "dynamic-code.load-from-path"),
])
def test_a_code_string_runner_rejects(source, rule):
    assert_held(scan_text(source), rule, REJECT)


def test_timing_a_function_of_the_job_is_no_code_string():
    report = scan_text("import timeit\ndef step():\n    pass\nt = timeit.timeit(step, number=3)\n"
                       "u = timeit.timeit(lambda: step(), setup=step, number=3)")
    assert not holds(report, "dynamic-code"), report.findings
    assert report.decision is ESCALATE  # timeit itself is left to a reviewer (not catalogued)


# ---- 4. a launcher's python options ------------------------------------------------------------------------------

CLIENT = "import nvflare.client as flare\nflare.init()\nwhile flare.is_running():\n    flare.send(flare.receive())\n"


def _launched(tmp_path: Path, command: str):
    root = client_api_job(tmp_path / "job", {"client.py": CLIENT, "train.py": CLIENT}, "")
    config = root / "app/config/config_fed_client.json"
    doc = json.loads(config.read_text())
    doc["executors"][0]["executor"]["args"]["command"] = command
    config.write_text(json.dumps(doc))
    return scan(root)


@pytest.mark.parametrize("command, rule, decision", [
    ("python3 -m timeit -s 'import os' pass", "config-attack.launcher-shell", REJECT),
    ("python3 -umtimeit pass", "config-attack.launcher-shell", REJECT),
    ("python3 -m pdb -c continue custom/client.py", "config-attack.launcher-shell", REJECT),
    ("python3 - custom/client.py", "config-attack.launcher-program", ESCALATE),
])
def test_python_options_are_read_as_python_reads_them(tmp_path, command, rule, decision):
    assert_held(_launched(tmp_path, command), rule, decision)


@pytest.mark.parametrize("command", ["python3 -u -m train", "python3 -mtrain", "python3 -um train",
                                     "python3 -u custom/client.py"])
def test_the_jobs_own_module_or_script_stays_accepted(tmp_path, command):
    assert_accepted(_launched(tmp_path, command))


# ---- 5. code stored into a MONAI ConfigParser --------------------------------------------------------------------

PARSER = "import sys\nfrom monai.bundle import ConfigParser\nparser = ConfigParser()\n"


@pytest.mark.parametrize("store", [
    "parser['go'] = '$' + sys.argv[1]",
    "parser['go'] = f'${sys.argv[1]}'",
    "parser['writer#_target_'] = sys.argv[1]",
    "parser.set({'_target_': sys.argv[1]}, 'writer')",
    "parser.update({'writer': {'_target_': sys.argv[1], 'command': 'id'}})",
    "parser.__setitem__('go', '$' + sys.argv[1])",
])
def test_code_built_into_the_parser_rejects(store):
    assert_held(scan_text(PARSER + store), "dynamic-code.monai-config-code", REJECT)


@pytest.mark.parametrize("store", [
    "parser['bundle_root'] = sys.argv[1]",
    "parser['device'] = '$torch.device(\"cpu\")'",
    "parser.update({'network_def#_target_': 'UNet', 'epochs': 2})",
])
def test_a_literal_or_a_plain_setting_is_left_to_the_reviewer(store):
    report = scan_text(PARSER + store)
    assert report.decision is ESCALATE and not holds(report, "dynamic-code"), report.findings
