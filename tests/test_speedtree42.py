"""The flow keeps the classes a function's raise statements may raise once per function and resolution
(calls._raise_classes, in `Resolver.derived`), where it walked the function's body at every call made in a try
body. What is kept is the classes, never whether a handler catches them: each call is still judged by the
handlers around it, and a resolution started over (a config's linked replays, Resolver.start_over) or a node
that reuses a freed node's id walks again."""

from __future__ import annotations

import libcst as cst

import redteam_kit as kit
from analyzer.engine.flow import calls
from analyzer.engine.resolve import Resolver

LOGGED = "update-channel-leak.raw-data-logged"

# A site's validation helper whose message quotes the row; the client calls it twice, each in its own try.
CLIENT = '''\
import pandas as pd
import nvflare.client as flare


def check_row(row):
    if row["age"] < 0:
        raise ValueError(f"bad row {{row.to_dict()}}")
    return row


def main():
    flare.init()
    frame = pd.read_csv("/data/site/train.csv")
    while flare.is_running():
        model = flare.receive()
        try:
            check_row(frame.iloc[0])
        except {first}:
            pass
        try:
            check_row(frame.iloc[1])
        except {second}:
            pass
        flare.send(model)


main()
'''


def _folder(root, name: str):
    folder = root / name
    folder.mkdir()
    return folder


def test_each_call_is_judged_by_its_own_handlers(tmp_path):
    # the first call's classes are kept; the second call, whose handler catches none of them, still lets the row out
    report = kit.scan_source(_folder(tmp_path, "a"), CLIENT.format(first="ValueError", second="KeyError"))
    assert kit.holds(report, LOGGED), kit.findings(report)
    report = kit.scan_source(_folder(tmp_path, "b"), CLIENT.format(first="KeyError", second="ValueError"))
    assert kit.holds(report, LOGGED), kit.findings(report)


def test_caught_everywhere_lets_nothing_out(tmp_path):
    report = kit.scan_source(tmp_path, CLIENT.format(first="ValueError", second="ValueError"))
    assert not kit.holds(report, LOGGED), kit.findings(report)


def _resolved(source: str) -> tuple[Resolver, cst.FunctionDef]:
    module = cst.parse_module(source)
    r = Resolver(module)
    fn = next(s.node for s in r.scope_of.values() if isinstance(s.node, cst.FunctionDef))
    return r, fn


def test_kept_classes_belong_to_their_function_and_resolution():
    r, fn = _resolved("def check(v):\n    if v:\n        raise ValueError(v)\n    assert v\n")
    scope = r.scope_of[id(fn)]
    assert sorted(map(sorted, calls._raise_classes(fn, r, scope))) == [["builtins.AssertionError"], ["builtins.ValueError"]]
    # an entry under this id left by another node (a freed tree's, whose id CPython handed on) is not this one's
    other, other_fn = _resolved("def check(v):\n    raise KeyError(v)\n")
    other.derived[(calls._raise_classes, id(other_fn))] = (fn, [{"builtins.ValueError"}])
    assert calls._raise_classes(other_fn, other, other.scope_of[id(other_fn)]) == [{"builtins.KeyError"}]
    # a resolution started over forgets what the last one kept
    r.start_over(None)
    assert not r.derived
