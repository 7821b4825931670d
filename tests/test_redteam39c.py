"""Red team 39c: Python features the resolver may not model, across the modules of a job.

One hole, accepted at fdb0535, fixed here:
- a star import from a module of the job rebinds a name the file imported before it: `import json` then
  `from codecs_util import *` where codecs_util binds `json` to pickle (so `json.loads` of the server's blob runs
  pickle), or `import numpy as np` then `from calib import *` where calib binds `np` to a class whose `mean`
  returns the rows (site rows sent as a metric). The resolver answered a bound name from its own bindings and
  asked the star modules only for unbound ones; now a module-level name is also what a star-imported module of
  the job binds it to (resolve.Resolver._star_rebinds, program.Program.binds).

Open (xfail strict): the helper's own star import of a library (`from pickle import *`, pickle's __all__ holding
`loads`) rebinding the client's `from json import loads`. Answering "any name" for a library's star import
closes it but gave every name of two corpus samples a second, library-prefixed value (`subprocess.flare.init`):
the gate needs the library's export list (its __all__) to do it without that noise.

Also open (xfail strict), accepted at fdb0535:
- a name a `match` pattern captures (`case [first, *_]:` of `df.values.tolist()`) sent as a weight: the capture
  does not carry the subject's rows (the same row through `first = rows[0]` is rejected).

Fixed here too: site rows logged through ModelLearner's `self.info(...)` (FLComponentWrapper.info calls
`self.log_info`, update-channel-leak.raw-data-logged when called directly) were accepted: ModelLearner's log
methods are now log_calls (rules/flow/sinks.yaml).

Tried and closed on main (not repeated here): global/del/for/walrus/except/with rebinding of a module name,
module __getattr__ (PEP 562), enum/NamedTuple/dataclass default_factory/singledispatch/contextmanager/async
generator holding pickle.loads, class decorators returning a module, sitecustomize.py, a zip or package directory
run by the launcher, a shell script launcher, implicit flows and one-row selections into metrics."""

from __future__ import annotations

from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer.model import Decision

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


@pytest.mark.parametrize("helper", [
    "import pickle as json\n",
    "import pickle as json\n__all__ = ['json']\n",
    "import pickle\njson = pickle\n__all__ = ['js' + 'on']\n",
    "def _setup():\n    global json\n    import pickle as json\n\n\n_setup()\n",
])
def test_a_star_import_rebinds_a_module_name(tmp_path: Path, helper: str) -> None:
    report = kit.scan_files(tmp_path, {"codecs_util.py": helper, "client.py": CLIENT})
    kit.assert_held(report, "deserialization.untrusted-pickle")


def test_the_rebinding_re_exported_by_a_package_star_import(tmp_path: Path) -> None:
    report = kit.scan_files(tmp_path, {"codecs_util/__init__.py": "from .impl import *\n",
                                       "codecs_util/impl.py": "import pickle as json\n", "client.py": CLIENT})
    assert report.decision is not Decision.ACCEPT


def test_a_package_re_export_rebound_by_its_own_star_import(tmp_path: Path) -> None:
    client = (CLIENT.replace("import json\n", "from pkg import loads\n", 1)
              .replace("from codecs_util import *\n", "").replace("json.loads(", "loads("))
    report = kit.scan_files(tmp_path, {"pkg/__init__.py": "from json import loads\n\nfrom .fast import *\n",
                                       "pkg/fast.py": "from pickle import loads\n", "client.py": client})
    assert "deserialization.untrusted-pickle" in kit.rules(report)
    assert report.decision is not Decision.ACCEPT


# open until holes42: a library's star import in a helper may rebind any name its source does not settle
# (library_classes.star_names: pickle extends its __all__ at run time)
def test_a_library_star_import_in_a_module_of_the_job_may_rebind_any_name(tmp_path: Path) -> None:
    client = CLIENT.replace("import json\n", "from json import loads\n", 1).replace("json.loads(", "loads(")
    # pickle's __all__ holds loads
    report = kit.scan_files(tmp_path, {"codecs_util.py": "from pickle import *\n", "client.py": client})
    assert report.decision is not Decision.ACCEPT


def test_a_star_import_of_helpers_that_leave_the_name_alone_stays_accepted(tmp_path: Path) -> None:
    kit.assert_accepted(kit.scan_files(tmp_path, {"codecs_util.py": "import json\n\nSEPARATORS = (',', ':')\n",
                                                  "client.py": CLIENT}))


METRICS = """import numpy as np
import pandas as pd
import nvflare.client as flare

from calib import *

df = pd.read_parquet("/data/length_of_stay.parquet")
y = np.log1p(df.pop("los_hours").to_numpy())
flare.init()
while flare.is_running():
    in_model = flare.receive()
    flare.send(flare.FLModel(params=in_model.params, metrics={"mean_los": np.mean(y)}))
"""
CALIB_NP = '''import numpy


class np:
    """numpy, with the statistics the calibration dashboard wants un-reduced."""
    log1p = staticmethod(numpy.log1p)

    @staticmethod
    def mean(values):
        return values.tolist()
'''


def test_a_star_import_rebinds_numpy_to_a_class_that_reduces_nothing(tmp_path: Path) -> None:
    report = kit.scan_files(tmp_path, {"calib.py": CALIB_NP, "client.py": METRICS})
    kit.assert_held(report, "update-channel-leak.raw-data-in-update", Decision.REJECT)


def test_a_star_import_of_calibration_constants_stays_accepted(tmp_path: Path) -> None:
    kit.assert_accepted(kit.scan_files(tmp_path, {"calib.py": "import numpy as np\n\nSCALE = np.float32(0.5)\n",
                                                  "client.py": METRICS}))


MATCH_CLIENT = """import pandas as pd
import torch
import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
flare.init()
model = torch.nn.Linear(8, 1)
while flare.is_running():
    inp = flare.receive()
    model.load_state_dict(inp.params)
    state = model.state_dict()
    {body}
    flare.send(flare.FLModel(params=state))
"""


# open until holes42: a name a match pattern captures carries the subject's rows (Frame.bind_captures)
def test_a_row_captured_by_a_match_pattern_sent_as_a_weight(tmp_path: Path) -> None:
    body = "match df.values.tolist():\n        case [first, *_]:\n            state['fc.extra'] = torch.tensor(first)"
    assert kit.scan_files(tmp_path, {"client.py": MATCH_CLIENT.format(body=body)}).decision is not Decision.ACCEPT


def test_a_match_on_the_round_number_stays_accepted(tmp_path: Path) -> None:
    body = ("match inp.current_round:\n        case 0:\n            torch.nn.init.zeros_(model.bias)\n"
            "        case _:\n            pass\n    state = model.state_dict()")
    kit.assert_accepted(kit.scan_files(tmp_path, {"client.py": MATCH_CLIENT.format(body=body)}))


LEARNER = """import pandas as pd
from nvflare.app_common.abstract.fl_model import FLModel
from nvflare.app_common.abstract.model_learner import ModelLearner


class CsvLearner(ModelLearner):
    def initialize(self):
        self.df = pd.read_csv("/data/site/train.csv")

    def train(self, model: FLModel) -> FLModel:
        self.info({message})
        return FLModel(params=model.params, meta={{"NUM_STEPS_CURRENT_ROUND": len(self.df)}})
"""


def test_site_rows_logged_through_the_model_learner(tmp_path: Path) -> None:
    # nvflare/app_common/utils/fl_component_wrapper.py FLComponentWrapper.info: self.log_info(self.fl_ctx, msg),
    # the sink `self.log_info(fl_ctx, rows)` reaches (update-channel-leak.raw-data-logged)
    learner = LEARNER.format(message='f"round {model.current_round} sample: {self.df.sample(20).to_dict()}"')
    assert kit.scan_files(tmp_path, {"learner.py": learner}).decision is not Decision.ACCEPT


def test_the_model_learner_logging_the_round_stays_accepted(tmp_path: Path) -> None:
    learner = LEARNER.format(message='f"round {model.current_round} done"')
    kit.assert_accepted(kit.scan_files(tmp_path, {"learner.py": learner}))
