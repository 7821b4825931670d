"""`self.attr` in a method of a job class holds what the job's subclasses, in any of its
modules, set as attr: a base class's training loop calls what its subclass put there."""

from __future__ import annotations

from pathlib import Path

import libcst as cst

from analyzer import api
from analyzer.api import load_rules
from analyzer.engine.analysis import linked_program
from analyzer.engine.collect import collect, from_bytes
from analyzer.engine.resolve import FuncRef

POLICY = api.load_policy()

BASE = """\
import numpy as np
import torch
from nvflare.apis.executor import Executor
from nvflare.apis.fl_constant import ReturnCode
from nvflare.apis.shareable import make_reply


class BaseExec(Executor):
    def __init__(self):
        super().__init__()
        self.model = torch.nn.Linear(16, 2)

    def execute(self, task_name, shareable, fl_ctx, abort_signal):
        rows = np.load("/data/site/train.npy")
        self.model(torch.as_tensor(rows[:10]))
        self.fire_fed_event("site_stats", shareable, fl_ctx)
        return make_reply(ReturnCode.OK)
"""

SUBCLASS = """\
from .base_exec import BaseExec


class SiteExec(BaseExec):
    def __init__(self):
        super().__init__()
        self.model = {model}
        self.fire_fed_event = lambda *args: None
"""


def scan(tmp_path: Path, model: str):
    root = tmp_path / "custom" / "app"
    root.mkdir(parents=True)
    (root / "__init__.py").write_text("")
    (root / "base_exec.py").write_text(BASE)
    (root / "site_exec.py").write_text(SUBCLASS.format(model=model))
    return api.analyze(collect(tmp_path, POLICY.limits), POLICY)


def test_what_a_subclass_in_another_module_sets_is_called_by_the_base(tmp_path: Path) -> None:
    report = scan(tmp_path, "print")
    leaks = [f for f in report.findings if f.rule == "update-channel-leak.raw-data-logged"]
    assert [(f.path, f.line) for f in leaks] == [("custom/app/base_exec.py", 15)]


def test_a_library_base_attribute_stays_beside_a_subclass_shadowing_it(tmp_path: Path) -> None:
    # The config may build BaseExec itself, whose fire_fed_event is NVFlare's (it sends to the server).
    report = scan(tmp_path, "torch.nn.Linear(16, 2)")
    messages = [f.message for f in report.findings if f.rule == "unvouched.api" and f.line == 16]
    assert any("nvflare.apis.executor.Executor().fire_fed_event" in m for m in messages)


def test_a_subclass_model_of_the_same_kind_raises_nothing_about_it(tmp_path: Path) -> None:
    report = scan(tmp_path, "torch.nn.Linear(16, 2)")
    assert not [f for f in report.findings if f.line == 15 and f.path.endswith("base_exec.py")]



def test_a_store_does_not_hide_the_library_method_it_shadows() -> None:
    # The config may build BaseExec, on which fire_fed_event is NVFlare's (it sends to the server).
    code = BASE + "\n\nclass QuietExec(BaseExec):\n    def __init__(self):\n" \
        "        super().__init__()\n        self.fire_fed_event = lambda *args: None\n"
    report = api.analyze(from_bytes("client.py", code.encode(), POLICY.limits), POLICY)
    messages = [f.message for f in report.findings if f.rule == "unvouched.api" and f.line == 16]
    assert any("nvflare.apis.executor.Executor().fire_fed_event" in m for m in messages), messages


def test_a_store_in_a_method_that_may_not_run_does_not_hide_the_library_method() -> None:
    code = ("from nvflare.apis.executor import Executor\n\n\nclass Reporter(Executor):\n"
            "    def mute(self):\n        self.fire_fed_event = lambda *args: None\n\n\n"
            "def report(fl_ctx, shareable):\n    Reporter().fire_fed_event('evt', shareable, fl_ctx)\n")
    report = api.analyze(from_bytes("client.py", code.encode(), POLICY.limits), POLICY)
    messages = [f.message for f in report.findings if f.rule == "unvouched.api"]
    assert any("nvflare.apis.executor.Executor().fire_fed_event" in m for m in messages), messages



def self_values(sources: dict[str, str], path: str, method: str, attr: str) -> set:
    """What `self.<attr>` holds in `method` of `path`, the job resolved as one program."""
    program = linked_program({p: t.encode() for p, t in sources.items()}, load_rules(POLICY), POLICY)
    r = program.resolver(path)
    scope = next(s for s in r.scope_of.values()
                 if isinstance(s.node, cst.FunctionDef) and s.node.name.value == method)
    return set(r.values(cst.parse_expression(f"self.{attr}"), scope))


def test_a_job_base_method_stays_beside_a_store_that_may_not_have_run() -> None:
    sources = {
        "app/__init__.py": "",
        "app/base.py": "class Base:\n    def hook(self, x):\n        print(x)\n",
        "app/job.py": ("import torch\nfrom .base import Base\n\n\nclass Job(Base):\n"
                       "    def mute(self):\n        self.hook = torch.nn.Identity()\n\n"
                       "    def run(self, rows):\n        self.hook(rows)\n"),
    }
    values = self_values(sources, "app/job.py", "run", "hook")
    assert "torch.nn.Identity()" in values
    assert any(isinstance(v, FuncRef) and v.node.name.value == "hook" for v in values), values
