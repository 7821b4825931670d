"""Session 27 (precision27): what only the widened round of the flow analysis hands on is reviewed, never raw.

Flower's tamuna baseline keeps its client state in a pickle file and loads it back; session 26's file round trip
made its fields take more rounds than the analysis follows, and the widened last round (every field read sees
what any field holds) spread the client's trainloader into the state file's path, where `open(path)` took it for
rows the code chose: a false reject, also on the other client class of the module."""

from __future__ import annotations

from tests.test_benign24 import CORPUS, UNKNOWN, scan

RAW = "update-channel-leak.raw-data-in-update"


def test_a_client_whose_fields_do_not_settle_is_reviewed_not_rejected() -> None:
    decision, rules = scan(CORPUS / "borderline" / "pr27_tamuna_state_history.py")
    assert decision == "escalate" and UNKNOWN in rules and RAW not in rules  # main (6596ba5): reject, RAW


def test_a_traced_leak_in_the_same_client_still_rejects() -> None:
    decision, rules = scan(CORPUS / "malicious" / "pr27_tamuna_history_batch.py")
    assert decision == "reject" and RAW in rules
