"""Red team 9's attacks on this session's new accepts (model(x) of the job's class applies its forward): each was accepted before its fix and must stay caught; the
legitimate idiom nearest to each must stay accepted. Samples: corpus/malicious/rt9_*."""

from __future__ import annotations

import pytest

import redteam_kit as kit
from analyzer.model import Decision


HEAD = """\
import torch
import torch.nn as nn
import nvflare.client as flare


class Head(nn.Module):
    def __init__(self):
        super().__init__()
BODY

    def forward(self, features):
        return torch.sigmoid(features)


def pick(self, features):
    return features[1042:1043] * 1.0


features = torch.load("/data/site/features.pt", weights_only=True)
head = Head()
REBIND
flare.init()
m = flare.receive()
flare.send(flare.FLModel(params=m.params, metrics={"score": float(head(features).mean())}))
"""


def _job(rebind: str = "", body: str = "        self.width = 4") -> str:
    return HEAD.replace("BODY", body).replace("REBIND", rebind)


def _in_body(binding: str) -> str:
    """The job with `binding` in the class body in place of its forward."""
    return _job().replace("import torch\n", "import functools\nimport torch\n", 1).replace(
        "    def forward(self, features):\n        return torch.sigmoid(features)\n", f"    {binding}\n")


PROBE = "class Probe(nn.Module):\n    def forward(self, f):\n        return f[1042:1043]\n\n\n"

# model(x) of the job's class applied the class body's forward (Frame.called_object); a binding made elsewhere
# wins at run time, so a forward returning one record went out as a mean over every row
CAUGHT = {
    "function-stored-on-the-class": _job("Head.forward = pick"),
    "lambda-stored-on-the-class": _job("Head.forward = lambda self, f: f[1042:1043] * 1.0"),
    "lambda-stored-on-the-instance": _job("head.forward = lambda f: f[1042:1043] * 1.0"),
    "bound-method-stored-by-init": _job(body="        self.forward = self.pick_one\n\n"
                                             "    def pick_one(self, features):\n        return features[1042:1043]"),
    "class-without-a-forward-of-its-own": _job("Head.forward = pick").replace(
        "    def forward(self, features):\n        return torch.sigmoid(features)\n", ""),
    "call-of-a-plain-class-rebound": _job("Head.__call__ = pick").replace("(nn.Module)", "").replace(
        "        super().__init__()\n", "").replace("def forward(", "def __call__("),
    # a store by keyword or literal key into the instance's __dict__ binds the same attribute
    "instance-dict-updated-by-keyword": _job("head.__dict__.update(forward=lambda f: f[1042:1043] * 1.0)"),
    "instance-dict-updated-by-literal-key": _job("head.__dict__.update({'forward': lambda f: f[1042:1043]})"),
    # torch's hooks replace what forward is given or what it returns (torch/nn/modules/module.py)
    "forward-hook-replaces-the-output": _job("head.register_forward_hook(lambda mod, i, o: o[1042:1043])"),
    "pre-hook-replaces-the-input": _job("head.register_forward_pre_hook(lambda mod, i: (i[0][1042:1043],))"),
    "forward-hook-on-a-library-layer": _job("head = nn.Linear(4, 4)\n"
                                            "head.register_forward_hook(lambda mod, i, o: o[1042:1043])"),
    # a class-body binding methods() does not follow: a module function, a wrapper, a tuple or annotated target
    "module-function-bound-in-the-body": _in_body("forward = pick"),
    "staticmethod-lambda-in-the-body": _in_body("forward = staticmethod(lambda f: f[1042:1043] * 1.0)"),
    "partialmethod-in-the-body": _in_body("forward = functools.partialmethod(pick)"),
    "tuple-target-in-the-body": _in_body("forward, other = pick, None"),
    "annotated-binding-in-the-body": _in_body("forward: object = pick"),
    # closed by seqfwd24 (tests/test_flow_sf24.py has their variants): a decorator of the job's own replaces the
    # forward the class body defines
    "forward-replaced-by-a-job-decorator": _job().replace(
        "    def forward(", "    @probe\n    def forward(").replace(
        "class Head", "def probe(fn):\n    return lambda self, f: f[1042:1043]\n\n\nclass Head", 1),
    # a library container of the job's modules runs their forward when called: nn.Sequential(Head(), Probe())(x)
    # was judged predictions of x (the container is torch's), not what Probe.forward returns
    "job-module-inside-a-library-sequential": _job().replace("head = Head()", PROBE + "head = nn.Sequential(Head(), Probe())"),
    # a class looked up in a mapping of the job's classes: the call's names do not resolve to Probe, so its
    # forward was not applied
    "job-class-picked-from-a-dict": _job().replace("head = Head()", PROBE + "head = {'a': Head, 'b': Probe}['b']()"),
}

NEAR = {
    "forward-in-the-class-body": _job(),
    "forward-aliased-in-the-class-body": _job(body="        self.width = 4\n\n    def apply_head(self, features):\n"
                                                   "        return torch.sigmoid(features)\n\n    forward = apply_head"),
}


def _decision(text: str) -> Decision:
    return kit.scan_text(text, "train.py").decision


@pytest.mark.parametrize("name", sorted(CAUGHT))
def test_attack_is_not_accepted(name: str) -> None:
    assert _decision(CAUGHT[name]) is not Decision.ACCEPT


@pytest.mark.parametrize("name", sorted(NEAR))
def test_nearest_legitimate_idiom_is_accepted(name: str) -> None:
    assert _decision(NEAR[name]) is Decision.ACCEPT
