"""seqfwd24: an object the gate cannot tie to one class by name runs the __call__/forward of the job's classes it
may be (protocol.escaped, Frame.call_facts): red team 9's OPEN attacks (a job module inside nn.Sequential, a
forward under the job's own decorator, a class picked from a dict) and the variants the held-out adversary would
try next. Each attack hands one record of the site's data out as a mean of model outputs; the honest idioms
nearest to each (nn.Sequential of library layers or of the job's own blocks, a ModuleList loop, a helper that
calls the model it is passed, torch.no_grad() on forward) stay accepted. Samples: corpus/malicious/sf24_*."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer import api
from analyzer.engine.collect import collect, from_bytes
from analyzer.model import Decision

POLICY = api.load_policy()

ATTACK = """\
import copy
import torch
import torch.nn as nn
import nvflare.client as flare


class Head(nn.Module):
    def forward(self, features):
        return torch.sigmoid(features)


class Probe(nn.Module):
    def forward(self, f):
        return f[1042:1043]


BUILD
features = torch.load("/data/site/features.pt", weights_only=True)
flare.init()
m = flare.receive()
flare.send(flare.FLModel(params=m.params, metrics={"score": float(SCORE.mean())}))
"""


def _attack(build: str, score: str = "head(features)") -> str:
    return ATTACK.replace("BUILD", build).replace("SCORE", score)


def _net(init: str, forward: str) -> str:
    """A job's Net whose __init__ and forward bodies are given (one statement a line)."""
    return (f"class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
            + "".join(f"        {line}\n" for line in init.split("\n"))
            + "\n    def forward(self, x):\n" + "".join(f"        {line}\n" for line in forward.split("\n"))
            + "\n\nhead = Net()")


# name -> a module that hands Probe's row out as a model's output; every one was accepted before seqfwd24 but
# module-dict-item (escalated by the default that takes an unknown object's call as rows it chose: an honest
# ModuleDict's items are models now, tests NEAR)
ATTACKS = {
    # a library container or wrapper runs the job modules it was handed
    "module-list-iterated-in-forward": _attack(_net("self.layers = nn.ModuleList([Head(), Probe()])",
                                                    "for layer in self.layers:\n    x = layer(x)\nreturn x")),
    "sequential-of-a-comprehension-in-a-field": _attack(_net("self.layers = nn.Sequential(*[Probe() for _ in range(1)])",
                                                             "return self.layers(x)")),
    "module-added-by-add-module": _attack("head = nn.Sequential(Head())\nhead.add_module('probe', Probe())"),
    "children-iterated-in-forward": _attack(_net("self.a = Head()\nself.b = Probe()",
                                                 "for child in self.children():\n    x = child(x)\nreturn x")),
    "module-dict-item": _attack(_net("self.parts = nn.ModuleDict({'a': Head(), 'b': Probe()})",
                                     "return self.parts['b'](x)")),
    "data-parallel-wrapper": _attack("head = nn.DataParallel(Probe())"),
    "deep-copy-of-the-module": _attack("head = copy.deepcopy(Probe())"),
    "moved-to-a-device": _attack("head = Probe().to('cpu')"),
    # an object no name ties to a class: an item, a parameter, the type of another object
    "item-of-a-list": _attack("mods = [Head(), Probe()]\nhead = mods[1]"),
    "item-of-a-dict-of-objects": _attack("head = {'a': Head(), 'b': Probe()}['b']"),
    "class-from-a-registry-dict": _attack("REGISTRY = {'head': Head, 'probe': Probe}\nhead = REGISTRY['probe']()"),
    "type-of-an-object": _attack("head = type(Probe())()"),
    # a parameter runs what the job's calls pass for it (fl25: Flow.passed; strict xfails before)
    "model-passed-to-a-helper": _attack("def run(model, x):\n    return model(x)", "run(Probe(), features)"),
    "container-passed-to-a-helper": _attack("def run(model, x):\n    return model(x)\n\n\nhead = nn.Sequential(Head(), Probe())",
                                            "run(head, features)"),
    # a decorator runs in the class body's forward's place
    "forward-under-a-wrapping-decorator": _attack(
        "import functools\n\n\ndef probe(fn):\n    @functools.wraps(fn)\n    def wrapped(self, f):\n"
        "        return fn(self, f)[1042:1043]\n    return wrapped\n\n\nclass Wrapped(nn.Module):\n    @probe\n"
        "    def forward(self, f):\n        return torch.sigmoid(f)\n\n\nhead = Wrapped()"),
    "forward-under-a-descriptor-class": _attack(
        "class probe:\n    def __init__(self, fn):\n        self.fn = fn\n\n    def __get__(self, obj, cls):\n"
        "        return lambda f: f[1042:1043]\n\n\nclass Wrapped(nn.Module):\n    @probe\n"
        "    def forward(self, f):\n        return torch.sigmoid(f)\n\n\nhead = Wrapped()"),
    "forward-under-a-partial-of-a-job-function": _attack(
        "import functools\n\n\ndef first(fn, self, f):\n    return f[1042:1043]\n\n\nclass Wrapped(nn.Module):\n"
        "    @functools.partial(functools.partial, first)\n    def forward(self, f):\n        return torch.sigmoid(f)\n\n\n"
        "head = Wrapped()"),
}

HONEST = """\
import torch
import torch.nn as nn
import torchvision
import nvflare.client as flare

features = torch.load("/data/site/features.pt", weights_only=True)
labels = torch.load("/data/site/labels.pt", weights_only=True)


class Block(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.lin = nn.Linear(width, width)
        self.act = nn.ReLU()

    def forward(self, x):
        return self.act(self.lin(x)) + x


NET


def evaluate(model, x, y):
    model.eval()
    with torch.no_grad():
        out = model(x)
    return float((out.argmax(1) == y).float().mean())


def train(model, x, y):
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    loss = nn.functional.cross_entropy(model(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    return float(loss)


flare.init()
m = flare.receive()
net = BUILD
net.load_state_dict(m.params)
loss = train(net, features, labels)
flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss, "acc": evaluate(net, features, labels)}))
"""


def _honest(net: str, build: str = "Net()") -> str:
    return HONEST.replace("NET\n", net).replace("BUILD", build)


_HEAD = "        self.head = nn.Linear(8, 2)\n"
# the idioms nearest to the attacks, in honest FL code: accepted before seqfwd24 and after
NEAR = {
    "sequential-of-library-layers": _honest("", "nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 2))"),
    "sequential-of-a-job-block-and-a-layer": _honest("", "nn.Sequential(Block(8), nn.Linear(8, 2))"),
    "torchvision-model": _honest("", "torchvision.models.resnet18(num_classes=2)"),
    "sequential-of-blocks-moved-to-a-device": _honest(
        "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.body = nn.Sequential(*[Block(8) for _ in range(3)])\n" + _HEAD +
        "\n    def forward(self, x):\n        return self.head(self.body(x))\n", "Net().to('cpu')"),
    "module-list-loop": _honest(
        "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.blocks = nn.ModuleList([Block(8), Block(8)])\n" + _HEAD +
        "\n    def forward(self, x):\n        for b in self.blocks:\n            x = b(x)\n        return self.head(x)\n"),
    "make-layer-of-a-block-class": _honest(
        "class Net(nn.Module):\n    def __init__(self, block=Block):\n        super().__init__()\n"
        "        self.layer1 = self._make_layer(block, 2)\n" + _HEAD +
        "\n    def _make_layer(self, block, n):\n        layers = []\n        for _ in range(n):\n"
        "            layers.append(block(8))\n        return nn.Sequential(*layers)\n"
        "\n    def forward(self, x):\n        return self.head(self.layer1(x))\n"),
    "module-dict-items": _honest(
        "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.parts = nn.ModuleDict({'enc': Block(8), 'head': nn.Linear(8, 2)})\n"
        "\n    def forward(self, x):\n        return self.parts['head'](self.parts['enc'](x))\n"),
    "forward-under-no-grad": _honest(
        "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.b = Block(8)\n" + _HEAD +
        "\n    @torch.no_grad()\n    def forward(self, x):\n        return self.head(self.b(x))\n"),
}


def _decision(text: str) -> Decision:
    return api.analyze(from_bytes("train.py", text.encode(), POLICY.limits), POLICY).decision


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_attack_is_not_accepted(name: str) -> None:
    assert _decision(ATTACKS[name]) is not Decision.ACCEPT


@pytest.mark.parametrize("name", sorted(NEAR))
def test_nearest_honest_idiom_is_accepted(name: str) -> None:
    assert _decision(NEAR[name]) is Decision.ACCEPT


MODELS = ("import torch\nimport torch.nn as nn\n\n\nclass Head(nn.Module):\n    def forward(self, x):\n        return x.sigmoid()\n\n\n"
          "class Probe(nn.Module):\n    def forward(self, f):\n        return f[1042:1043]\n")
TRAIN = ("import torch\nimport torch.nn as nn\nimport nvflare.client as flare\nfrom models import Head, MODEL\n\n"
         "features = torch.load('/data/site/features.pt', weights_only=True)\nchain = nn.Sequential(Head(), MODEL())\n"
         "flare.init()\nm = flare.receive()\n"
         "flare.send(flare.FLModel(params=m.params, metrics={'score': float(chain(features).mean())}))\n")


def _job(tmp_path: Path, model: str) -> Decision:
    custom = tmp_path / "app" / "custom"
    custom.mkdir(parents=True)
    for name, text in {"models.py": MODELS, "train.py": TRAIN.replace("MODEL", model)}.items():
        (custom / name).write_text(text)
    return api.analyze(collect(tmp_path, POLICY.limits), POLICY).decision


def test_a_module_of_another_module_in_a_container_is_applied(tmp_path: Path) -> None:
    """train.py chains models.py's Probe in an nn.Sequential: Probe's forward lives in another module of the job
    (protocol.of_classes finds it there)."""
    assert _job(tmp_path, "Probe") is not Decision.ACCEPT


def test_an_honest_module_of_another_module_in_a_container_stays_accepted(tmp_path: Path) -> None:
    assert _job(tmp_path, "Head") is Decision.ACCEPT


def test_a_container_built_in_another_module_runs_the_modules_it_holds(tmp_path: Path) -> None:
    """models.py builds the chain and train.py calls it: the escaped classes are the program's (Flow.escaped_called),
    not only those of the module that calls."""
    custom = tmp_path / "app" / "custom"
    custom.mkdir(parents=True)
    (custom / "models.py").write_text(MODELS + "\n\nCHAIN = nn.Sequential(Head(), Probe())\n")
    (custom / "train.py").write_text(TRAIN.replace("from models import Head, MODEL", "from models import CHAIN")
                                     .replace("chain = nn.Sequential(Head(), MODEL())\n", "").replace("chain(", "CHAIN("))
    assert api.analyze(collect(tmp_path, POLICY.limits), POLICY).decision is not Decision.ACCEPT


VIEW = (
    "import torch\nimport torch.nn as nn\nimport nvflare.client as flare\n\n\nclass Net(nn.Module):\n"
    "    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(16, 10)\n\n"
    "    def forward(self, x):\n        batch_size = x.size(0)\n        x = torch.relu(x)\n"
    "        return self.fc(x.view(batch_size, -1)PICK)\n\n\n"
    "images = torch.load('/data/site/images.pt', weights_only=True)\n"
    "labels = torch.load('/data/site/labels.pt', weights_only=True)\nnet = Net()\nflare.init()\nm = flare.receive()\n"
    "acc = float((net(images).argmax(1) == labels).float().mean())\n"
    "flare.send(flare.FLModel(params=m.params, metrics={'accuracy': acc}))\n")


def test_a_view_by_a_named_row_count_keeps_the_rows() -> None:
    """`x.view(batch_size, -1)` with `batch_size = x.size(0)` is `x.view(x.size(0), -1)`: an honest forward's
    flatten, not rows it chose (it escalated an honest Net once its forward was applied)."""
    assert _decision(VIEW.replace("PICK", "")) is Decision.ACCEPT


def test_rows_picked_after_such_a_view_are_not_accepted() -> None:
    assert _decision(VIEW.replace("PICK", "[1042:1043]")) is not Decision.ACCEPT
