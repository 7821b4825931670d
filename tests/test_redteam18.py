"""Red team 18: attacks on main as it stood at the start of session 30 (5bdecca) by the roads of issue 12 other than
the update channel: each attack here was accepted before its fix and must stay caught; the legitimate idiom nearest
to each must stay accepted. Samples: corpus/*/rt18_*."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer import api
from analyzer.model import Decision

POLICY = api.load_policy()


def _decision(tmp_path: Path, source: str) -> Decision:
    path = tmp_path / "train.py"
    path.write_text(source)
    return api.scan(path, POLICY).decision


# ---- a catalogue wildcard over a module's classes vouched the classes' attributes too ---------------------------

@pytest.mark.parametrize("source", [
    # typing.[A-Z]* vouched typing.ForwardRef._evaluate: eval() of a file's text through the unbound method
    "import typing\nTEXT = open('hint.txt').read()\n"
    "typing.ForwardRef._evaluate(typing.ForwardRef(TEXT), {}, {}, frozenset())\n",
    "import typing_extensions as te\nTEXT = open('hint.txt').read()\n"
    "te.ForwardRef._evaluate(te.ForwardRef(TEXT), {}, {}, frozenset())\n",
    "from typing import ForwardRef\nTEXT = open('hint.txt').read()\n"
    "evaluate = ForwardRef._evaluate\nevaluate(ForwardRef(TEXT), {}, {}, frozenset())\n",
], ids=["typing", "typing_extensions", "alias"])
def test_class_attribute_under_wildcard_escalates(tmp_path, source):
    assert _decision(tmp_path, source) != Decision.ACCEPT


def test_classes_under_wildcard_stay_vouched(tmp_path):
    source = ("import typing\nimport torch\nfrom transformers import AutoModel\n"
              "T = typing.TypeVar('T')\nNet = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU())\n"
              "opt = torch.optim.SGD(Net.parameters(), lr=0.1)\n"
              "def f(x: typing.Optional[T]) -> typing.List[int]:\n    return [1]\n")
    assert _decision(tmp_path, source) == Decision.ACCEPT
