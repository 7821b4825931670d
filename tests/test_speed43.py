"""Session 43's speed work: `Resolver.names` kept beside the values it comes from, and a loop's settle test reduced to
its join. A kept answer must never be another node's (a freed node's id handed on), one the resolver could not
finish (MAX_DEPTH), or a resolution's that started over; a loop that moves the site's rows one name per pass still
runs the passes it needs."""

from __future__ import annotations

import libcst as cst

import redteam_kit as kit
from analyzer.engine import resolve
from analyzer.engine.resolve import Resolver
from test_determinism39 import CLIENT, _on_a_freed_address

UPDATE = "update-channel-leak.raw-data-in-update"


def test_names_of_a_built_node_are_never_a_freed_nodes():
    r = Resolver(cst.parse_module(CLIENT), path="client.py")
    first = cst.Name("model")
    assert r.names(first, r.root) == {"torch.nn"}
    freed = id(first)
    del first
    second = _on_a_freed_address(freed, lambda: cst.Name("channel"))
    assert r.names(second, r.root) == {"socket"}


def test_names_cut_short_by_the_depth_bound_are_not_kept():
    r = Resolver(cst.parse_module(CLIENT), path="client.py")
    node = cst.Name("channel")
    r._depth[0] = resolve.MAX_DEPTH  # asked from deep inside another evaluation: its values are not known there
    assert r.names(node, r.root) == {resolve.OVERFLOW}
    r._depth[0] = 0
    assert r.names(node, r.root) == {"socket"}


def test_a_resolution_started_over_forgets_its_names():
    r = Resolver(cst.parse_module(CLIENT), path="client.py")
    node = cst.Name("channel")
    assert r.names(node, r.root) == {"socket"}
    r._names[(id(node), id(r.root))] = (node, frozenset({"torch.nn"}))  # what another resolution had kept
    r.start_over(None)
    assert r.names(node, r.root) == {"socket"}


# The rows move one name per pass of the training loop: `sent` holds them only from the third pass on.
RELAY = '''\
import pandas as pd
import nvflare.client as flare
from nvflare.app_common.abstract.fl_model import FLModel


def main():
    flare.init()
    frame = pd.read_csv("/data/site/train.csv")
    sent, staged, loaded = 0.0, 0.0, 0.0
    while flare.is_running():
        model = flare.receive()
        for epoch in range(3):
            sent = staged
            staged = loaded
            loaded = frame.values
        flare.send(FLModel(params={"w": sent}))


main()
'''


def test_a_loop_runs_every_pass_a_value_needs_to_reach_the_update(tmp_path):
    report = kit.scan_source(tmp_path, RELAY)
    assert kit.holds(report, UPDATE), kit.findings(report)


def test_the_same_loop_with_the_rows_never_reaching_the_sent_name_is_accepted(tmp_path):
    report = kit.scan_source(tmp_path, RELAY.replace("staged = loaded", "staged = 0.0"))
    assert not kit.holds(report, UPDATE), kit.findings(report)
