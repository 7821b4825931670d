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


# Flower baselines flanders (models.py test_mnist): a loader's label and prediction batches, chained into lists of
# every row for a library metric
CHAINED = """\
import itertools

import torch
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import LabelBinarizer
from torch.utils.data import DataLoader
from torchvision.datasets import MNIST
import nvflare.client as flare


def test_mnist(model, dataloader):
    y_true, y_pred = [], []
    with torch.no_grad():
        for images, labels in dataloader:
            _, predicted = torch.max(model(images.reshape(-1, 28 * 28)).data, 1)
            y_true.append(labels.cpu().numpy())
            y_pred.append(predicted.cpu().numpy())
        y_true = CHAIN_TRUE
        y_pred = list(itertools.chain(*y_pred))
        binarizer = LabelBinarizer()
        binarizer.fit(y_true)
    return roc_auc_score(binarizer.transform(y_true), binarizer.transform(y_pred), multi_class="ovr")


net = torch.nn.Linear(784, 10)
loader = DataLoader(MNIST("/data/mnist", train=False), batch_size=50)
flare.init()
while flare.is_running():
    m = flare.receive()
    net.load_state_dict(m.params)
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"auc": test_mnist(net, loader)}))
"""


def _chained(chain: str, stored: str = "labels") -> str:
    return CHAINED.replace("CHAIN_TRUE", chain).replace("y_true.append(labels.", f"y_true.append({stored}.")


NEAR.update({
    "chain-of-every-batch": _chained("list(itertools.chain(*y_true))"),
    "chain-from-iterable-of-every-batch": _chained("list(itertools.chain.from_iterable(y_true))"),
})

CAUGHT.update({
    "chain-of-the-first-row-of-each-batch": _chained("list(itertools.chain(*y_true))", stored="labels[:1]"),
    "chain-of-the-first-batch": _chained("list(itertools.chain(*y_true[:1]))"),
    "chain-of-first-rows-by-a-generator": _chained("list(itertools.chain.from_iterable(b[0:1] for b in y_true))"),
    "chain-of-two-chosen-batches": _chained("list(itertools.chain(y_true[0], y_true[1]))"),
    "chain-then-a-row": _chained("list(itertools.chain(*y_true))[1042:1043]"),
})


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
