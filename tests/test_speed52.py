"""Session 52 (speed52): the order and the number of the flow's evaluations (module_flow.Flow), asserted on
behaviour. No cut was made; these pin what the measurements found the engine already does, and one defect.

- A function's summary is evaluated where its first call needs it (Flow.summary), so a callee is summarised
  before its caller's evaluation ends, whatever order the module defines them in: an acyclic call graph is
  already evaluated bottom-up, once per function and in one round (evaluating in the call graph's SCC order
  would remove no round there).
- A later round re-evaluates only the functions whose reads changed (a field read before all its writes were
  seen) and the callers of summaries that changed (replay.check); every other function's record is replayed.
- The defect (fixed by hardening53): how many rounds a chain of fields needs depends on the order the module
  defines its functions in, and past MAX_ROUNDS the last round was widened (Flow._widen_stores), so the same
  methods in another order got another verdict. Stores still growing now go on to their fixpoint (up to
  MAX_STORE_ROUNDS), the same in either order.
"""

from __future__ import annotations

import collections
from textwrap import dedent


import redteam_kit as kit
from analyzer.engine import flow
from analyzer.engine.flow import module_flow
from analyzer.engine.parse import parse
from analyzer.engine.resolve import Resolver
from analyzer.model import Decision


def _run(text: str, monkeypatch) -> tuple[collections.Counter, int, list]:
    """(evaluations per function name, the module's rounds, its leaks) of one flow analysis."""
    evaluated: collections.Counter = collections.Counter()
    rounds = [0]
    evaluate, reset = module_flow.Flow._evaluate, module_flow.Flow._reset

    def counted_evaluate(self, fn):
        evaluated[fn.name.value] += 1
        return evaluate(self, fn)

    def counted_reset(self):
        rounds[0] += 1  # once in __init__, then once per round
        return reset(self)

    monkeypatch.setattr(module_flow.Flow, "_evaluate", counted_evaluate)
    monkeypatch.setattr(module_flow.Flow, "_reset", counted_reset)
    parsed = parse("client.py", dedent(text).encode())
    found = flow.analyze(parsed.module, Resolver(parsed.module))
    return evaluated, rounds[0] - 1, found


# callers defined before their callees: an engine that evaluated in the order of definition would need a round
# per level to carry the rows up
CHAIN = """\
    import nvflare.client as flare
    import pandas as pd


    def top():
        flare.send(flare.FLModel(params={"rows": middle()}))


    def middle():
        return bottom()[:5]


    def bottom():
        return pd.read_csv("/data/site-1/train.csv").values


    top()
"""


def test_callees_are_summarised_before_their_callers_in_one_round(monkeypatch) -> None:
    evaluated, rounds, found = _run(CHAIN, monkeypatch)
    assert evaluated == {"top": 1, "middle": 1, "bottom": 1}, evaluated
    assert rounds == 1
    assert any("read_csv" in o.what for leak in found for o in leak.origins), found


# `send_rows` reads self.rows before `load` (defined after it) writes it: a second round, in which only the reader
# and its caller are evaluated again; `unrelated` and `load` are replayed
FIELD_READ_EARLY = """\
    import nvflare.client as flare
    import pandas as pd


    class Client:
        def run(self):
            self.send_rows()

        def send_rows(self):
            flare.send(flare.FLModel(params={"rows": self.rows}))

        def load(self):
            self.rows = pd.read_csv("/data/site-1/train.csv").values

        def unrelated(self):
            return 1.0


    c = Client()
    c.run()
"""


def test_a_later_round_evaluates_only_the_reader_and_its_callers(monkeypatch) -> None:
    evaluated, rounds, found = _run(FIELD_READ_EARLY, monkeypatch)
    assert rounds == 2
    assert evaluated == {"run": 2, "send_rows": 2, "load": 1, "unrelated": 1}, evaluated
    assert any("read_csv" in o.what for leak in found for o in leak.origins), found


def _chain_module(reverse: bool) -> str:
    """A chain of six fields (`self.f0 = self.f1`, ..., `self.f6 = <an environment variable>`) logged from f0,
    its methods defined from the reader to the writer (one store a round: past MAX_ROUNDS, widened) or reversed
    (one round)."""
    methods = [f"    def m{i}(self):\n        self.f{i} = self.f{i + 1}\n" for i in range(6)]
    methods.append("    def m6(self):\n        self.f6 = os.environ.get('HOME_DIR')\n")
    if reverse:
        methods.reverse()
    return ("import os\n\n\nclass C:\n" + "".join(methods) +
            "    def run(self):\n        print(self.f0)\n\n\nC().run()\n")


def test_the_order_of_definition_does_not_change_the_verdict() -> None:
    # a setting from the environment may be logged (reversed order: accepted); the widened round's marker is
    # reviewed in the log (definition order: escalated)
    verdicts = {kit.scan_text(_chain_module(reverse)).decision for reverse in (False, True)}
    assert verdicts == {Decision.ACCEPT}, verdicts
