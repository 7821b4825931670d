"""Session 42 (holes42): holes the suite documented as open (xfail strict), closed at their cause.

- A nested function rebinding its enclosing function's variable (`nonlocal box; box = v`) stored only what it held
  concretely (Frame.bind): the enclosing function's parameter read in the closure, or the nested function's own
  parameter, was dropped, so `best` seeded with a patient's value left as a metric accepted. The Params now reach
  Summary.free as a global's do, and an enclosing caller binds them in its own variable (Frame.apply).
- An FLContext parameter the code neither annotates nor names fl_ctx was untyped, so its `props` (the site's
  deployment) in the result's meta accepted. An unannotated parameter of a method overriding an installed base's
  method is what the library passes there: the base method's annotation at that position
  (library_classes.parameter_type, resolve.Overriding).
- A name a match pattern captures was never bound: `case [first, *_]` on the table's rows put the first row
  in the update clean. A capture of the whole subject holds it, one inside the pattern rows chosen from it
  (Frame.bind_captures).
- A library's star import in a module of the job (`from pickle import *` in a helper the client star-imports)
  rebinds the names the library exports: read from its source (library_classes.star_names), any name when
  the source does not settle them (pickle extends its __all__).
Samples: corpus/malicious/hl42_*, corpus/benign/near_hl42_*.
"""

from __future__ import annotations

import pytest

import redteam_kit as kit
from analyzer.engine.library_classes import parameter_type, star_names

CLIENT = kit.ClientJob(imports="import numpy as np\nimport pandas as pd\nimport torch\nimport nvflare.client as flare\n")
ROW = "float(df['age'].iloc[0])"  # one patient's age


def _decision(body: str, extra: str = "", head: str = "") -> str:
    return kit.scan_text(CLIENT.source(body, extra, head)).decision.value


# ---- the corpus ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/hl42_*"))
def test_attack_is_held(sample):
    kit.assert_held(kit.scan_sample(sample))


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_hl42_*"))
def test_near_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


def test_the_samples_are_labelled():
    labelled = {e["path"] for e in kit.labelled("hl42_")}
    assert labelled == set(kit.corpus_samples("malicious/hl42_*", "benign/near_hl42_*"))


# ---- nonlocal -----------------------------------------------------------------------------------------------------

# What the nested function stores: the enclosing function's parameter (read in the closure), its own parameter
# (passed the enclosing one, or the row itself), an augmented assignment, and a store under a loop.
NONLOCAL = {
    "enclosing": ("def outer(a):\n    box = 0.0\n    def put():\n        nonlocal box\n        box = a\n    put()\n"
                  "    return box\n", f"v = outer({ROW})"),
    "own": ("def outer(a):\n    box = 0.0\n    def put(b):\n        nonlocal box\n        box = b\n    put(a)\n"
            "    return box\n", f"v = outer({ROW})"),
    "own_row": ("def outer(t):\n    box = 0.0\n    def put(b):\n        nonlocal box\n        box = b\n"
                "    put(float(t['age'].iloc[0]))\n    return box\n", "v = outer(df)"),
    "augmented": ("def outer(a):\n    box = 0.0\n    def put():\n        nonlocal box\n        box += a\n    put()\n"
                  "    return box\n", f"v = outer({ROW})"),
    "under_a_loop": ("def outer(a):\n    box = 0.0\n    def put():\n        nonlocal box\n        box = a\n    put()\n"
                     "    for _ in range(3):\n        pass\n    return box\n", f"v = outer({ROW})"),
}


@pytest.mark.parametrize("head, body", NONLOCAL.values(), ids=NONLOCAL.keys())
def test_a_row_put_into_a_nonlocal_is_held(head, body):
    assert _decision(body, ", metrics={'v': v}", head) != "accept"


@pytest.mark.parametrize("passed", ["0.5", "float(df['age'].mean())"])
def test_a_setting_or_an_aggregate_put_into_a_nonlocal_stays_accepted(passed):
    head, _ = NONLOCAL["enclosing"]
    assert _decision(f"v = outer({passed})", ", metrics={'v': v}", head) == "accept"


# ---- a parameter typed by the installed base method it overrides ----------------------------------------------------

EXECUTOR = """\
from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor


class Trainer(Executor):
    def execute(self, name, task, c, abort):
        out = DXO(data_kind=DataKind.WEIGHTS, data=from_shareable(task).data)
        out.set_meta_prop("run", {value})
        return out.to_shareable()
"""


def _executor_decision(value: str) -> str:
    return kit.scan_text(EXECUTOR.format(value=value), name="trainer.py").decision.value


def test_the_base_methods_annotation_types_the_parameter():
    assert parameter_type("nvflare.apis.executor.Executor", "execute", 3) == "nvflare.apis.fl_context.FLContext"
    assert parameter_type("nvflare.apis.fl_component.FLComponent", "handle_event", 2) == \
        "nvflare.apis.fl_context.FLContext"
    assert parameter_type("nvflare.apis.executor.Executor", "execute", 9) is None


@pytest.mark.parametrize("value", ["str(c.props)", "c.get_prop('__workspace_root__')"])
def test_an_unannotated_contexts_site_settings_in_meta_are_held(value):
    assert _executor_decision(value) != "accept"


@pytest.mark.parametrize("value", ["c.get_job_id()", "c.get_identity_name()"])
def test_an_unannotated_contexts_job_facts_stay_accepted(value):
    assert _executor_decision(value) == "accept"


# ---- match captures -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    "match df.values.tolist():\n    case [first, *_]:\n        v = float(first[0])",
    "match df.to_dict('records'):\n    case [{'age': age}, *_]:\n        v = float(age)",
    "match df['age'].tolist():\n    case [_, *rest]:\n        v = rest",
    "match float(df['age'].iloc[0]):\n    case float() as v:\n        pass",
])
def test_a_row_a_match_pattern_captures_is_held(body):
    assert _decision("v = 0.0\n" + body, ", metrics={'v': v}") != "accept"


def test_a_setting_a_match_pattern_captures_stays_accepted():
    body = ("v = 0.0\nmatch model.current_round, len(df):\n    case (0, n):\n        v = 1.0\n"
            "    case (r, n):\n        v = r / 10")
    assert _decision(body, ", metrics={'v': v}") == "accept"


# ---- a library's star import in a module of the job -----------------------------------------------------------------

STAR_CLIENT = """import torch
import nvflare.client as flare
from json import loads
from codecs_util import *

flare.init()
model = torch.nn.Linear(8, 1)
while flare.is_running():
    inp = flare.receive()
    extra = loads(bytes.fromhex(inp.meta.get("extra", "")))
    model.load_state_dict(inp.params)
    flare.send(flare.FLModel(params=model.state_dict(), meta={"NUM_STEPS_CURRENT_ROUND": 1}))
"""


def test_what_a_library_star_import_binds_is_read_from_its_source():
    assert star_names("json") == {"dump", "dumps", "load", "loads", "JSONDecoder", "JSONDecodeError", "JSONEncoder"}
    assert star_names("pickle") is None  # pickle extends __all__ with what dir() holds


@pytest.mark.parametrize("helper", ["from pickle import *\n", "from marshal import *\n"])
def test_a_library_star_import_that_may_rebind_the_name_is_held(tmp_path, helper):
    report = kit.scan_files(tmp_path, {"codecs_util.py": helper, "client.py": STAR_CLIENT})
    assert report.decision.value != "accept"


def test_a_library_star_import_that_cannot_rebind_the_name_stays_accepted(tmp_path):
    report = kit.scan_files(tmp_path, {"codecs_util.py": "from json import *\n\nSEPARATORS = (',', ':')\n",
                                       "client.py": STAR_CLIENT})
    kit.assert_accepted(report)
