"""Session 50 (rejects50): every reject of the public examples is a named threat.

Flower's quickstart-fastai was rejected for raw rows in its reply: the loss of fastai's `Learner(dls,
model).validate()`, a method of an object that code the gate cannot see built with the site's loaders. A function
of such code named like evaluation (`mystery.validate(rows)`) was already reviewed (Calls.foreign_call); its
method now is too. Any other method of the object, and the site's rows beside the loss, stay raw: rejected.
"""

from __future__ import annotations

import pytest

import redteam_kit as kit
from analyzer.model import Decision

RAW = "update-channel-leak.raw-data-in-update"
UNKNOWN = "update-channel-leak.unknown-provenance"

# a Flower ClientApp whose evaluate() replies with the metric `x` that LINE binds
APP = """\
import mystery
from flwr.app import Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp
from flwr_datasets import FederatedDataset
from torch.utils.data import DataLoader

app = ClientApp()


@app.evaluate()
def evaluate(msg: Message, context: Context):
    valloader = DataLoader(FederatedDataset(dataset="ylecun/mnist", partitioners={"train": 2}).load_partition(0, "train"))
    LINE
    return Message(content=RecordDict({"metrics": MetricRecord({"x": x})}), reply_to=msg)
"""


def _scan(line: str):
    return kit.scan_text(APP.replace("LINE", line))


def test_fastai_validate_is_reviewed_not_raw():
    report = kit.scan_sample("borderline/rejects50_fastai_validate.py")
    assert report.decision == Decision.ESCALATE, kit.findings(report)
    assert kit.holds(report, UNKNOWN) and not kit.holds(report, RAW), kit.findings(report)


@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/rejects50_*"))
def test_rows_beside_validate_still_reject(sample):
    kit.assert_held(kit.scan_sample(sample), RAW, Decision.REJECT)


def test_method_of_unseen_object_as_its_function():
    """`mystery.Box(rows).validate()` is judged as `mystery.validate(rows)`: reviewed, never raw, never clean."""
    function = _scan("x = mystery.validate(valloader)")
    method = _scan("x = mystery.Box(valloader).validate()")
    for report in (function, method):
        assert report.decision == Decision.ESCALATE, kit.findings(report)
        assert kit.holds(report, UNKNOWN) and not kit.holds(report, RAW), kit.findings(report)


@pytest.mark.parametrize("line", [
    "x = mystery.Box(valloader).one_batch()",  # not named like evaluation: what the object holds, raw
    "x = mystery.Box(valloader).rows",  # an attribute, no call
    "x = valloader.validate()",  # the site's own loader, not an object unseen code built
    "box = mystery.Box(valloader); loss = box.validate(); x = [loss, next(iter(valloader))]",  # a batch beside it
])
def test_nearest_attacks_still_reject(line):
    kit.assert_held(_scan(line), RAW, Decision.REJECT)
