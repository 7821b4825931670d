"""The same bytes give the same report, and no memo returns another node's answer.

The resolver's and the path folder's memos are keyed by id(node). The gate evaluates nodes it builds itself
(`cst.Name(attr)` for an attribute another module binds, `cst.Call(func=decorator, ...)` for a decorator's call,
`cst.Name("_")` for a tempfile's unknown folder); once such a node is freed, CPython hands its address to the next
node of its size, so a memo that keeps only the id answered the new node with the old one's values."""

from __future__ import annotations

import libcst as cst

from analyzer.engine.detectors.paths import PathFolder
from analyzer.engine.resolve import Resolver

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
