"""fl25: a parameter runs what the job's calls pass for it (engine.Flow.passed). `def run(model, x): return model(x)`
was judged predictions of x whoever the callers passed: a job module whose forward picks a row, a container of
one, a function or a lambda that picks it, a class the annotation does not name, a method (`m.state_dict()`) of an
object of the job's class. Each attack below was accepted before; the honest helpers nearest to each (train and
evaluate helpers handed the job's Net, a helper of another module, a loss function handed to a library, a list of
layers called by index) stay accepted. Samples: corpus/malicious/fl25_*."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer import api
from analyzer.engine.collect import collect, from_bytes
from analyzer.engine.flow.names import MAX_PASSED
from analyzer.model import Decision

POLICY = api.load_policy()

HEAD = """\
import torch
import torch.nn as nn
import nvflare.client as flare


class Head(nn.Module):
    def forward(self, f):
        return torch.sigmoid(f)


class Probe(nn.Module):
    def forward(self, f):
        return f[1042:1043]


"""
TAIL = """
features = torch.load("/data/site/features.pt", weights_only=True)
flare.init()
m = flare.receive()
flare.send(flare.FLModel(params=m.params, metrics={"score": float(SCORE.mean())}))
"""


def _attack(helpers: str, score: str) -> str:
    return HEAD + helpers + TAIL.replace("SCORE", score)


_RUN = "def run(model, x):\n    return model(x)\n"
ATTACKS = {
    "annotated-with-an-honest-class": _attack("def run(model: Head, x):\n    return model(x)\n", "run(Probe(), features)"),
    "forward-called-by-name": _attack("def run(model, x):\n    return model.forward(x)\n", "run(Probe(), features)"),
    "through-a-second-helper": _attack(_RUN + "\n\ndef evaluate(model, x):\n    return run(model, x)\n",
                                       "evaluate(Probe(), features)"),
    "method-of-a-helper-class": _attack("class Runner:\n    def run(self, model, x):\n        return model(x)\n",
                                        "Runner().run(Probe(), features)"),
    "function-passed": _attack("def pick(t):\n    return t[1042:1043]\n\n\n" + _RUN, "run(pick, features)"),
    "lambda-passed": _attack(_RUN, "run(lambda t: t[1042:1043], features)"),
    "keyword-argument": _attack(_RUN, "run(x=features, model=Probe())"),
    "passed-through-star-args": _attack(_RUN + "\n\ndef wrap(*args):\n    return run(*args)\n",
                                        "wrap(Probe(), features)"),
    "helper-handed-on-as-a-value": _attack(_RUN + "\n\nSTEPS = {'run': run}\nprobe = Probe()\n",
                                           "STEPS['run'](probe, features)"),
    "method-named-like-a-library-one": _attack(
        "class Scorer:\n    def predict(self, f):\n        return f[1042:1043]\n\n\n"
        "def run(model, x):\n    return model.predict(x)\n", "run(Scorer(), features)"),
}

STATE = """\
import numpy as np
import nvflare.client as flare

x = np.load("/data/site/x.npy")


class Weights:
    def state_dict(self):
        return {"w": x[7]}


def deliver(model):
    flare.send(flare.FLModel(params=model.state_dict()))


flare.init()
deliver(Weights())
"""

HONEST = """\
import torch
import torch.nn as nn
import nvflare.client as flare

features = torch.load("/data/site/features.pt", weights_only=True)
labels = torch.load("/data/site/labels.pt", weights_only=True)


class Block(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.lin = nn.Linear(width, width)

    def forward(self, x):
        return torch.relu(self.lin(x)) + x


class MLP(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        self.layers = [nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:])]

    def forward(self, x):
        for layer in self.layers[:-1]:
            x = torch.maximum(layer(x), torch.tensor(0.0))
        return self.layers[-1](x)


def evaluate(model, x, y):
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
NEAR = {
    "job-block-in-a-sequential": HONEST.replace("BUILD", "nn.Sequential(Block(8), nn.Linear(8, 2))"),
    "list-of-layers-called-by-index": HONEST.replace("BUILD", "MLP([8, 16, 2])"),
    "library-model": HONEST.replace("BUILD", "nn.Linear(8, 2)"),
}


def _decision(text: str) -> Decision:
    return api.analyze(from_bytes("train.py", text.encode(), POLICY.limits), POLICY).decision


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_attack_is_not_accepted(name: str) -> None:
    assert _decision(ATTACKS[name]) is not Decision.ACCEPT


def test_a_parameter_method_of_a_job_class_sends_what_it_returns() -> None:
    """`model.state_dict()` of a parameter whose callers pass the job's Weights() is Weights.state_dict: a row."""
    assert _decision(STATE) is Decision.REJECT


@pytest.mark.parametrize("name", sorted(NEAR))
def test_nearest_honest_idiom_is_accepted(name: str) -> None:
    assert _decision(NEAR[name]) is Decision.ACCEPT


def test_past_the_budget_a_parameter_call_is_reviewed() -> None:
    """More arguments than MAX_PASSED to read: what the call returns is of unknown provenance (an honest Head)."""
    def job(callers: int) -> str:
        calls = "".join(f"s{i} = run(Head(), features)\n" for i in range(callers - 1))
        return _attack(_RUN + "\n\n" + calls, "run(Head(), features)")

    assert _decision(job(MAX_PASSED + 1)) is Decision.ESCALATE
    assert _decision(job(MAX_PASSED)) is Decision.ACCEPT


MODELS = HEAD.replace("import nvflare.client as flare\n", "") + \
    "\ndef evaluate(model, x):\n    with torch.no_grad():\n        return model(x)\n"
TRAIN = ("import torch\nimport nvflare.client as flare\nfrom models import MODEL, evaluate\n\n"
         "features = torch.load('/data/site/features.pt', weights_only=True)\nflare.init()\nm = flare.receive()\n"
         "flare.send(flare.FLModel(params=m.params, metrics={'score': float(evaluate(MODEL(), features).mean())}))\n")


def _job(tmp_path: Path, model: str) -> Decision:
    custom = tmp_path / "app" / "custom"
    custom.mkdir(parents=True)
    for name, text in {"models.py": MODELS, "train.py": TRAIN.replace("MODEL", model)}.items():
        (custom / name).write_text(text)
    return api.analyze(collect(tmp_path, POLICY.limits), POLICY).decision


def test_a_helper_of_another_module_runs_what_its_callers_pass(tmp_path: Path) -> None:
    """models.py's evaluate(model, x) is called from train.py with Probe(): the callers are in another module."""
    assert _job(tmp_path, "Probe") is not Decision.ACCEPT


def test_an_honest_helper_of_another_module_stays_accepted(tmp_path: Path) -> None:
    assert _job(tmp_path, "Head") is Decision.ACCEPT


WRAPPED = """\
import torch
import torch.nn as nn
import nvflare.client as flare
from peft import LoraConfig, get_peft_model


class Adapter(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 8)

    def forward(self, f):
        return FORWARD


head = get_peft_model(Adapter(), LoraConfig(target_modules=["fc"]))
features = torch.load("/data/site/features.pt", weights_only=True)
flare.init()
m = flare.receive()
flare.send(flare.FLModel(params=m.params, metrics={"score": float(head(features).mean())}))
"""


def test_a_library_wrapper_of_a_job_module_runs_its_forward() -> None:
    """get_peft_model(Adapter(), cfg) is no module_holders entry: a call of what holds an object of the job's class
    (OBJECT) runs that class's forward (Frame.held_forwards), whatever library built the wrapper."""
    assert _decision(WRAPPED.replace("FORWARD", "f[1042:1043]")) is not Decision.ACCEPT
    assert _decision(WRAPPED.replace("FORWARD", "torch.sigmoid(self.fc(f))")) is Decision.ACCEPT
