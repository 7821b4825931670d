"""The same bytes give the same report, and no memo returns another node's answer.

The resolver's and the path folder's memos are keyed by id(node). The gate evaluates nodes it builds itself
(`cst.Name(attr)` for an attribute another module binds, `cst.Call(func=decorator, ...)` for a decorator's call,
`cst.Name("_")` for a tempfile's unknown folder); once such a node is freed, CPython hands its address to the next
node of its size, so a memo that keeps only the id answered the new node with the old one's values."""

from __future__ import annotations

import json
import os
from pathlib import Path

import libcst as cst

from analyzer.engine.detectors.paths import PathFolder
from analyzer.engine.flow import values
from analyzer.engine.flow.names import UNKNOWN
from analyzer.engine.flow.values import Origin
from analyzer.engine.resolve import Resolver
from conftest import ROOT, run_cli

# A client's imports: what `model` and `channel` name differs, and only one of them sends anything.
CLIENT = '''import socket as channel

import torch.nn as model

OUT = "/workspace/model.pt"
DROP = "/tmp/exfil/rows.csv"
'''


def _on_a_freed_address(freed: int, build) -> cst.CSTNode:
    """A node `build` makes at the address `freed`, once a node the gate evaluated there is freed (the
    allocator hands it out again at once: main's memos failed both tests below), else the last one it made
    (the memo keeps the evaluated node alive, so its address is not free). The nodes made meanwhile are
    kept, so that the allocator moves on."""
    held = [build()]
    while id(held[-1]) != freed and len(held) < 1000:
        held.append(build())
    return held[-1]


def test_a_node_the_gate_builds_never_gets_a_freed_nodes_values() -> None:
    r = Resolver(cst.parse_module(CLIENT), path="client.py")
    first = cst.Name("model")
    assert r.values(first, r.root) == {"torch.nn"}
    freed = id(first)
    del first
    second = _on_a_freed_address(freed, lambda: cst.Name("channel"))
    assert r.values(second, r.root) == {"socket"}


def test_a_path_the_gate_builds_is_folded_as_itself() -> None:
    folder = PathFolder(Resolver(cst.parse_module(CLIENT), path="client.py"))
    first = cst.Name("OUT")
    assert folder.fold(first, folder.r.root) == {"/workspace/model.pt"}
    freed = id(first)
    del first
    second = _on_a_freed_address(freed, lambda: cst.Name("DROP"))
    assert folder.fold(second, folder.r.root) == {"/tmp/exfil/rows.csv"}


# A site's preparation steps, each reading the file the step before it wrote (export -> tidy -> scale -> summarize),
# and a client that reads the summary and the exported rows. The client's read names two files, a set of names:
# in the set's order (which follows PYTHONHASHSEED) main analysed the summary's chain first, four modules deep, where
# export.py, not analysed yet, was past MAX_FILE_DEPTH; in most seeds the client's send of the rows read back then
# went unreported. The names are now taken in order.
_STEP = '''"""A step of the site's data preparation, run by hand before the job: it reads what the step before it
wrote and writes what the next one reads, each a file of the job's folder."""
'''
PREPARED_JOB = {
    "client.py": '''import json

import nvflare.client as flare

flare.init()
stats = {}
for name in ("summary.json", "rows.json"):
    with open(name) as f:
        stats[name] = len(json.load(f))
model = flare.receive()
model.metrics = stats
flare.send(model)
''',
    "summarize.py": _STEP + '''import json

with open("scaled.json") as f:
    scaled = json.load(f)
with open("summary.json", "w") as f:
    json.dump({"mean": scaled}, f)
''',
    "scale.py": _STEP + '''import json

with open("clean.json") as f:
    clean = json.load(f)
with open("scaled.json", "w") as f:
    json.dump([v / 255 for v in clean], f)
''',
    "tidy.py": _STEP + '''import json

with open("rows.json") as f:
    rows = json.load(f)
with open("clean.json", "w") as f:
    json.dump([r for r in rows if r is not None], f)
''',
    "export.py": _STEP + '''import pandas as pd

frame = pd.read_csv("/data/site/train.csv")
frame.to_json("rows.json")
''',
}


def _scan(job: Path, seed: int) -> dict:
    env = {**os.environ, "PYTHONHASHSEED": str(seed), "PYTHONPATH": str(ROOT)}
    done = run_cli("scan", str(job), "--no-cache", "--jobs", "1", "--format", "json", env=env, timeout=120)
    assert done.returncode in (0, 1, 3), done.stderr
    return json.loads(done.stdout)


def test_files_read_back_are_followed_in_the_same_order_under_every_hash_seed(tmp_path: Path) -> None:
    for name, text in PREPARED_JOB.items():
        (tmp_path / name).write_text(text)
    reports = [_scan(tmp_path, seed) for seed in (0, 3, 4, 9)]  # main: 0 and 9 reported the send, 3 and 4 not
    assert all(r == reports[0] for r in reports[1:])
    sent = [f["message"] for f in reports[0]["reports"][0]["findings"]
            if f["path"] == "client.py" and f["rule"] == "update-channel-leak.unknown-provenance"]
    assert len(sent) == 1 and sent[0].startswith(
        "a value of unknown provenance: written to a file and read back (from pandas.read_csv)")


# Two trainers' hooks of one name under one decorator: the call the flow builds for each decorator (`hook(step)`,
# frame.decorated) reads alike, and belongs to no tree, so origins read at them tied on their place too ("", -1)
# and the one a bound dropped followed the set's order.
HOOKS = '''from registry import hook


class Train:
    @hook
    def step(self, batch):
        return batch


class Evaluate:
    @hook
    def step(self, batch):
        return batch
'''


def test_origins_at_nodes_the_gate_builds_rank_by_where_their_parts_are() -> None:
    r = Resolver(cst.parse_module(HOOKS), path="determinism39_hooks.py")
    steps = [s.node for s in r.scope_of.values() if isinstance(s.node, cst.FunctionDef)]
    calls = [cst.Call(func=fn.decorators[0].decorator, args=[cst.Arg(fn.name)]) for fn in steps]
    origins = [Origin(UNKNOWN, "what a decorator of another module returns", call, id(call)) for call in calls]
    values._ANALYSING.append(r)
    try:
        places = [values._in_place(o)[1] for o in origins]
        assert places[0][0] == places[1][0] == "determinism39_hooks.py" and places[0][1] < places[1][1]
        assert values._least_decisive(set(origins)) is origins[1]
        assert values._least_decisive(set(reversed(origins))) is origins[1]
    finally:
        values._ANALYSING.remove(r)
