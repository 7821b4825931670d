"""Session 44 (speed44t): guards for any cut of the flow's rounds. A store over MAX_ORIGINS is cut to its most
decisive origins and a marker, and its kept set changes from round to round; ending the rounds once two cut sets
differ only in which origins they keep ("the kept set is stable") drops what reaches the store in a late round
(docs/architecture.md "## Speed", session 44). Here the site's rows move one field per round (read -> load ->
stage, called in the reverse order) into a field that nine file reads already hold past the bound, and reach the
update only in the fourth round: padding the field must not turn the rejection into an escalation."""

from __future__ import annotations

import redteam_kit as kit
from analyzer.model import Decision

UPDATE = "update-channel-leak.raw-data-in-update"

PADDING = ", ".join(f"open(paths[{i}]).read()" for i in range(9))

RELAY = f'''\
import numpy as np
import nvflare.client as flare
from nvflare.app_common.abstract.fl_model import FLModel


class Relay:
    def __init__(self, paths):
        self.pool = [{PADDING}]
        self.staged = 0.0
        self.loaded = 0.0

    def send(self, model):
        flare.send(FLModel(params={{"w": self.pool}}))

    def stage(self):
        self.pool = self.pool + [self.staged]

    def load(self):
        self.staged = self.loaded

    def read(self):
        self.loaded = np.load("/data/site/train.npy")


def main():
    flare.init()
    relay = Relay(["a", "b", "c", "d", "e", "f", "g", "h", "i"])
    model = flare.receive()
    relay.send(model)
    relay.stage()
    relay.load()
    relay.read()


main()
'''


def test_rows_reaching_a_cut_field_in_a_late_round_are_still_sent(tmp_path):
    report = kit.scan_source(tmp_path, RELAY)
    assert kit.holds(report, UPDATE), kit.findings(report)
    assert report.decision is Decision.REJECT, kit.findings(report)


def test_padding_the_field_does_not_lower_the_verdict(tmp_path):
    unpadded = kit.scan_source(tmp_path, RELAY.replace(PADDING, "0.0"))
    padded = kit.scan_source(tmp_path, RELAY)
    assert kit.holds(unpadded, UPDATE) and kit.holds(padded, UPDATE), (kit.findings(unpadded), kit.findings(padded))
    assert unpadded.decision is padded.decision is Decision.REJECT


def test_the_chain_broken_sends_no_rows(tmp_path):
    report = kit.scan_source(tmp_path, RELAY.replace("self.staged = self.loaded", "self.staged = 0.0"))
    assert not kit.holds(report, UPDATE), kit.findings(report)
    assert report.decision is not Decision.ACCEPT  # the file reads of unnamed paths are still reviewed
