"""Session 42 (holes42): holes the suite documented as open (xfail strict), closed at their cause.

- A nested function rebinding its enclosing function's variable (`nonlocal box; box = v`) stored only what it held
  concretely (Frame.bind): the enclosing function's parameter read in the closure, or the nested function's own
  parameter, was dropped, so `best` seeded with a patient's value left as a metric accepted. The Params now reach
  Summary.free as a global's do, and an enclosing caller binds them in its own variable (Frame.apply).
Samples: corpus/malicious/hl42_*, corpus/benign/near_hl42_*.
"""

from __future__ import annotations

import pytest

import redteam_kit as kit

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
