"""Session 24 (evalstat24): the "statistic of the site's data" escalations of FL example code. Each relaxation
of the aggregate rule is tested with the legitimate idiom (accepted) and the twins that use the same idiom to
leak (never accepted); the corpus holds the twins as realistic jobs (corpus/malicious/es24_*)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer import api
from analyzer.engine.collect import from_bytes
from analyzer.model import Decision

POLICY = api.load_policy()
CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "malicious"

# Flower baselines fedprox (model.py test()): a FEMNIST or MNIST partition's dict batches, the label field
# picked by which of two names the batch has
LABEL_KEY = """\
import torch
from torch.utils.data import DataLoader
from torchvision.datasets import MNIST
import nvflare.client as flare


def test(net, testloader):
    criterion = torch.nn.CrossEntropyLoss()
    correct, total, loss = 0, 0, 0.0
    with torch.no_grad():
        for batch in testloader:
            label_key = KEY
            images, labels = batch["image"], batch[label_key]
            outputs = net(images)
            loss += criterion(outputs, labels).item()
            total += labels.size(0)
            correct += (outputs.argmax(1) == labels).sum().item()
    return loss / len(testloader.dataset), correct / total


net = torch.nn.Linear(784, 10)
loader = DataLoader(MNIST("/data/mnist", train=False), batch_size=32)
flare.init()
while flare.is_running():
    m = flare.receive()
    net.load_state_dict(m.params)
    loss, acc = test(net, loader)
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss, "accuracy": acc}))
"""


def _label_key(key: str) -> str:
    return LABEL_KEY.replace("KEY", key)


NEAR = {
    "label-key-of-two-names": _label_key('"character" if "character" in batch else "label"'),
    "label-key-of-two-names-by-a-constant-test": _label_key('"label" if True else "character"'),
    "label-key-spelled-out": _label_key('"label"'),
}

CAUGHT = {
    # the test that picks the name reads one record: a bit of it per batch
    "label-key-picked-by-a-record": _label_key('"label" if batch["label"][0] > 4 else "character"'),
    # a position on one side: the first record of a tensor batch
    "label-key-or-a-position": _label_key('"label" if isinstance(batch, dict) else 0'),
    "label-key-or-a-slice": _label_key('"label" if isinstance(batch, dict) else slice(7, 8)'),
    # a name read from outside the code on one side
    "label-key-or-a-received-key": _label_key('"label" if isinstance(batch, dict) else m.meta["key"]'),
    # a named field of a dict batch, then a position in it: the first record of each batch (accepted before)
    "position-in-a-named-field": _label_key('"label"').replace(
        "total += labels.size(0)", "total += labels.size(0)\n            loss += float(batch[\"label\"][0])"),
    "position-in-a-field-by-position": _label_key('"label"').replace(
        "total += labels.size(0)", "total += labels.size(0)\n            loss += float(batch[1][0])"),
}


def _decision(text: str) -> Decision:
    return api.analyze(from_bytes("client.py", text.encode(), POLICY.limits), POLICY).decision


@pytest.mark.parametrize("name", sorted(NEAR))
def test_legitimate_idiom_is_accepted(name: str) -> None:
    assert _decision(NEAR[name]) is Decision.ACCEPT


@pytest.mark.parametrize("name", sorted(CAUGHT))
def test_twin_is_not_accepted(name: str) -> None:
    assert _decision(CAUGHT[name]) is not Decision.ACCEPT


@pytest.mark.parametrize("path", sorted(CORPUS.glob("es24_*.py")), ids=lambda p: p.stem)
def test_corpus_twin_is_not_accepted(path: Path) -> None:
    assert _decision(path.read_text()) is not Decision.ACCEPT
