"""speed45t: what the program keeps once per module for all the modules that read it.

`Flow.escaped_called` (the job's classes an object no name ties to a class may be, in the modules a module's names
lead into) reads each depended module's `escaped_here` through a per-program memo by path (`Program.flow_escaped`)
instead of looking up its resolver and Flow again for every reader (NVFlare's examples as one unit: 182,225 look-ups
for 591 flows). Each reader must still get the classes of the modules it depends on, and only those: two chains one
byte apart keep their own verdicts, in one unit and whichever is read first."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer import api
from analyzer.engine.collect import collect
from analyzer.model import Decision

POLICY = api.load_policy()

MODELS = ("import torch.nn as nn\n\n\nclass Head(nn.Module):\n    def forward(self, x):\n        return x.sigmoid()\n\n\n"
          "class Probe(nn.Module):\n    def forward(self, f):\n        return f[1042:1043]\n\n\n"
          "class Probf(nn.Module):\n    def forward(self, f):\n        return f.sigmoid()\n")
CHAIN = "import torch.nn as nn\nfrom models import Head, Probe, Probf\n\nCHAIN = nn.Sequential(Head(), PART())\n"
TRAIN = ("import torch\nimport nvflare.client as flare\nfrom SOURCE import CHAIN\n\n"
         "features = torch.load('/data/site/features.pt', weights_only=True)\n"
         "flare.init()\nm = flare.receive()\n"
         "flare.send(flare.FLModel(params=m.params, metrics={'score': float(CHAIN(features).mean())}))\n")


def _scan(tmp_path: Path, files: dict[str, str]):
    custom = tmp_path / "app" / "custom"
    custom.mkdir(parents=True)
    for name, text in files.items():
        (custom / name).write_text(text)
    return api.analyze(collect(tmp_path, POLICY.limits), POLICY)


def _blocking(report, name: str) -> set[str]:
    """The rule ids of the findings at module `name` that keep the job from being accepted."""
    return {f.rule for f in report.findings if f.path.endswith(name) and (f.never_accept or f.severity in ("high", "critical"))}


@pytest.mark.parametrize("part, accepted", [("Probe", False), ("Probf", True)])
def test_each_reader_gets_the_escaped_classes_of_its_chain(tmp_path: Path, part: str, accepted: bool) -> None:
    """train.py and eval.py read chain.py's CHAIN (the second reader's escaped classes come from the memo): with
    Probe in it (hands out row 1042) neither is accepted; with Probf, one byte apart and honest, both are."""
    chain = CHAIN.replace("PART", part)
    readers = {name: TRAIN.replace("SOURCE", "chain") for name in ("eval.py", "train.py")}
    report = _scan(tmp_path, {"models.py": MODELS, "chain.py": chain, **readers})
    assert (report.decision is Decision.ACCEPT) is accepted, [(f.rule, f.path) for f in report.findings]
    assert _blocking(report, "train.py") == _blocking(report, "eval.py")
    assert bool(_blocking(report, "train.py")) is not accepted


def test_programs_one_after_another_keep_their_own_chains(tmp_path: Path) -> None:
    """The memo is the program's: a unit scanned after one whose chain at the same path held Probe reads its own."""
    runs = (("Probe", Decision.ESCALATE), ("Probf", Decision.ACCEPT), ("Probe", Decision.ESCALATE))
    for i, (part, decision) in enumerate(runs):
        unit = tmp_path / str(i)
        report = _scan(unit, {"models.py": MODELS, "chain.py": CHAIN.replace("PART", part),
                              "train.py": TRAIN.replace("SOURCE", "chain")})
        assert report.decision is decision, part


# ---- tree_facts: kept by the resolver, across the programs that start it over --------------------------------

SETS = "import torch\n\n\ndef step(a, v):\n    a.weight = v\n    send = lambda x: x\n    return send\n"


def _resolver(text: str):
    from analyzer.engine.parse import parse
    from analyzer.engine.resolve import Resolver

    return Resolver(parse("m.py", text.encode()).module, path="m.py")


def test_tree_facts_are_each_trees_own_and_survive_start_over(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two modules one byte apart (`a.weight` / `a.weighu`) keep their own facts; a resolver that another program
    starts over with walks its tree no second time and answers as a fresh walk does."""
    from analyzer.engine.flow import facts

    walks: list[object] = []
    walk = facts._tree_facts
    monkeypatch.setattr(facts, "_tree_facts", lambda module: walks.append(module) or walk(module))
    first, second = _resolver(SETS), _resolver(SETS.replace("weight", "weighu"))
    assert facts.tree_facts(first)[0] == {"weight"} and facts.tree_facts(second)[0] == {"weighu"}
    assert len(facts.tree_facts(first)[1]) == 1  # `send = lambda x: x`
    assert first.start_over(None) is first
    assert facts.tree_facts(first) == walk(first.module) and facts.tree_facts(second)[0] == {"weighu"}
    assert walks == [first.module, second.module]
