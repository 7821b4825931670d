"""The job is one program: a helper of another module that sends what it is given, an object handed to one,
a value stored into another module's globals (red team of session 20, and nvcat-a's probes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.api import scan

UTILS = """\
import nvflare.client as flare

BUF = []


def send_plain(v):
    flare.send(flare.FLModel(params={"w": v}))


def send_extra(m):
    flare.send(flare.FLModel(params={"w": m.stash}))


def report():
    flare.send(flare.FLModel(params={"w": BUF[0]}))
"""

HEAD = "import pandas as pd\nimport nvflare.client as flare\nimport utils\nflare.init()\n" \
       "rows = pd.read_csv('/data/site-1/train.csv').values\n"


def _decision(tmp_path: Path, body: str) -> tuple[str, set[str]]:
    (tmp_path / "utils.py").write_text(UTILS)
    (tmp_path / "client.py").write_text(HEAD + body)
    report = scan(tmp_path)
    return report.decision.value, {f.rule for f in report.findings}


@pytest.mark.parametrize("body,decision", [
    ("utils.send_plain(rows)\n", "reject"),
    ("from utils import send_plain\nsend_plain(rows)\n", "reject"),
    ("class Box:\n    pass\nb = Box()\nb.stash = rows\nutils.send_extra(b)\n", "reject"),
    ("utils.BUF.append(rows)\nutils.report()\n", "escalate"),
])
def test_rows_handed_to_another_module_that_sends_them_are_caught(tmp_path: Path, body: str, decision: str) -> None:
    found, rules = _decision(tmp_path, body)
    assert found == decision, rules
    assert rules & {"update-channel-leak.raw-data-in-update", "update-channel-leak.unknown-provenance"}


def test_a_count_handed_to_the_helper_is_clean(tmp_path: Path) -> None:
    assert _decision(tmp_path, "utils.send_plain(len(rows))\n")[0] == "accept"


ROWS = "import numpy as np\n\n\nclass Rows:\n    def __init__(self, path=None):\n        self.held = path\n\n" \
       "    def fetch(self, name):\n        return np.loadtxt(name, delimiter=',')\n\n" \
       "    def get(self):\n        return self.held\n"


@pytest.mark.parametrize("body", [
    "from rows import Rows\nflare.send(flare.FLModel(params={'w': Rows().fetch('/data/site.csv')}))\n",
    "from rows import Rows\nr = Rows()\nflare.send(flare.FLModel(params={'w': r.fetch('/data/site.csv')}))\n",
    # what this module built the object with comes back from its methods
    "from rows import Rows\nflare.send(flare.FLModel(params={'w': Rows(rows).get()}))\n",
])
def test_a_method_of_another_module_class_is_followed(tmp_path: Path, body: str) -> None:
    (tmp_path / "rows.py").write_text(ROWS)
    assert _decision(tmp_path, body)[0] == "reject"


def test_a_circular_import_is_not_judged_from_what_was_known_so_far(tmp_path) -> None:
    # relay.py is analysed first; it links train.get, whose module calls relay.fetch while relay's own
    # analysis runs: train's leaks were found from relay's partial summary (none) and kept
    (tmp_path / "relay.py").write_text("import train\n\n\ndef fetch():\n    return train.get()\n")
    (tmp_path / "train.py").write_text(
        "import pandas as pd\nimport nvflare.client as flare\nimport relay\n\n"
        "ROWS = pd.read_csv('/data/site/train.csv').to_numpy()\n\n\ndef get():\n    return ROWS\n\n\n"
        "flare.send(flare.FLModel(params={'x': relay.fetch()}))\n")
    report = scan(tmp_path)
    assert ("update-channel-leak.raw-data-in-update", "train.py") in {(f.rule, f.path) for f in report.findings}
    assert report.decision.value == "reject"
