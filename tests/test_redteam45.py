"""Session 45 (redteam45): holes accepted on main.

- A field `__init__` stores from its parameter is what the constructions pass (flow/fields.py); a construction
  passing an item of a container was trusted when the module's fills of it were read through its own name only:
  a fill through an alias, a bound method, a helper's parameter, an item's method or a class attribute, a container
  another module binds (`from registry import NETS`), and an attribute passed as itself (`Cfg.fn`) were not walked.
- A writer of a fixed format (rules/lists/sources.yaml `fixed-format-writers`) counted as a write for
  unanalyzable.image-written only when handed `pickle_module` by keyword: torch.save's third positional argument is
  that module, whose dump writes the legacy checkpoint's first bytes.
"""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

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
])
def test_a_container_filled_where_the_walk_did_not_look_is_not_trusted(tmp_path: Path, net: str, build: str,
                                                                       extra: str) -> None:
    decision, rules = one_file(tmp_path, _client(net, build, extra))
    assert decision in ("escalate", "reject") and rules & LEAKS


@pytest.mark.parametrize("imports,net", [("from registry import NETS", "NETS[0]"), ("import registry", "registry.NETS[0]")])
def test_a_container_another_module_binds_is_read_there(tmp_path: Path, imports: str, net: str) -> None:
    (tmp_path / "registry.py").write_text(
        "import functools\nimport numpy as np\nimport torch\n\nROWS = np.load('data/site_rows.npy')\n\n\n"
        "def probe(x):\n    return torch.tensor(ROWS[:10])\n\n\nNETS = [functools.partial(probe)]\n")
    (tmp_path / "client_app.py").write_text(dedent(_client(net).replace("import functools", "import functools\n    " + imports)))
    decision, rules = scan(tmp_path)
    assert decision in ("escalate", "reject") and rules & LEAKS


@pytest.mark.parametrize("net,extra", [
    ("NETS[0]", f"\n\nNETS = [{LINEAR}]\n"),  # read only as items
    ("NETS[0]", f"\n\nNETS = []\nNETS.append({LINEAR})\n"),  # filled through its own name
    ("NETS[-1]", f"\n\nNETS = []\nfor width in (784,):\n    NETS.append(torch.nn.Sequential(torch.nn.Flatten(), "
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
