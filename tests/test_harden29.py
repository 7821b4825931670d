"""Session 29 hardening: deep programs, orphan workers, fail closed."""

from __future__ import annotations

import libcst as cst
import pytest

from analyzer.engine.analysis import linked_program
from analyzer.engine.flow import engine
from analyzer.engine.resolve import Resolver
from analyzer.engine.rules import load_rules
from analyzer.policy import load_policy

SECRET = ("import os\nimport nvflare.client as flare\nfrom nvflare.app_common.abstract.fl_model import FLModel\n\n"
          "flare.init()\nflare.send(FLModel(params={'k': os.environ['AWS_SECRET_ACCESS_KEY']}))\n")


def test_an_aborted_fill_of_a_modules_facts_is_never_read_as_no_source_and_no_sink(monkeypatch) -> None:
    """_facts keeps its entry before filling it (a cycle meets it); an error part-way (a RecursionError deep in
    a class walk) left it cached half-filled, and the next reader (another detector, a retry) took the module
    for one without a source or a sink: its leak was never looked for."""
    policy = load_policy()
    program = linked_program({"leak.py": SECRET.encode()}, load_rules(policy), policy)
    r = Resolver(cst.parse_module(SECRET), program=program, name="leak", path="leak.py")

    def too_deep(_name):
        raise RecursionError("maximum recursion depth exceeded")

    with monkeypatch.context() as m:
        m.setattr(engine, "_name_kind", too_deep)
        with pytest.raises(RecursionError):
            engine.worth_running(r)
    assert engine.worth_running(r)
