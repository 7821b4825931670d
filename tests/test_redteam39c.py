"""Red team 39c: Python features the resolver may not model, across the modules of a job.

Open (xfail strict, accepted at fdb0535):
- a star import from a module of the job rebinds a name the file imported before it: `import json` then
  `from codecs_util import *` where codecs_util binds `json` to pickle. The resolver answers a bound name from its
  own bindings and asks the star modules only for unbound ones (resolve.Resolver.lookup), so `json.loads` of the
  server's blob reads as the stdlib's json, and pickle.loads runs it.

Tried and closed on main (not repeated here): global/del/for/walrus/except/with rebinding of a module name,
module __getattr__ (PEP 562), enum/NamedTuple/dataclass default_factory/singledispatch/contextmanager/async
generator holding pickle.loads, class decorators returning a module, sitecustomize.py, a zip or package directory
run by the launcher, a shell script launcher, implicit flows and one-row selections into metrics."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer import api
from analyzer.model import Decision

POLICY = api.load_policy()

CLIENT = """import json
import torch
import nvflare.client as flare

from codecs_util import *

flare.init()
model = torch.nn.Linear(8, 1)
while flare.is_running():
    inp = flare.receive()
    extra = json.loads(bytes.fromhex(inp.meta.get("extra", "")))
    model.load_state_dict(inp.params)
    flare.send(flare.FLModel(params=model.state_dict(), meta={"NUM_STEPS_CURRENT_ROUND": 1}))
"""


@pytest.mark.xfail(strict=True, reason="OPEN: a star import rebinding an imported name is not followed")
@pytest.mark.parametrize("helper", [
    "import pickle as json\n",
    "import pickle as json\n__all__ = ['json']\n",
    "import pickle\njson = pickle\n__all__ = ['js' + 'on']\n",
])
def test_a_star_import_rebinds_a_module_name(tmp_path: Path, helper: str) -> None:
    (tmp_path / "codecs_util.py").write_text(helper)
    (tmp_path / "client.py").write_text(CLIENT)
    assert api.scan(tmp_path, POLICY).decision is not Decision.ACCEPT


def test_a_star_import_of_helpers_that_leave_the_name_alone_stays_accepted(tmp_path: Path) -> None:
    (tmp_path / "codecs_util.py").write_text("import json\n\nSEPARATORS = (',', ':')\n")
    (tmp_path / "client.py").write_text(CLIENT)
    assert api.scan(tmp_path, POLICY).decision is Decision.ACCEPT
