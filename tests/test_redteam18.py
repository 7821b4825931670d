"""Red team 18: attacks on main as it stood at the start of session 30 (5bdecca) by the roads of issue 12 other than
the update channel: each attack here was accepted before its fix and must stay caught; the legitimate idiom nearest
to each must stay accepted. Samples: corpus/*/rt18_*."""

from __future__ import annotations

from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer.model import Decision


def _decision(tmp_path: Path, source: str) -> Decision:
    return kit.scan_source(tmp_path, source, "train.py").decision


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
              "def f(x: typing.Optional[T]) -> typing.List[int]:\n    return [1]\n"
              "import tensorflow as tf\nloss = tf.keras.losses.SparseCategoricalCrossentropy(\n"
              "    from_logits=True, reduction=tf.keras.losses.Reduction.SUM_OVER_BATCH_SIZE)\n")
    assert _decision(tmp_path, source) == Decision.ACCEPT


# ---- an annotation's value read at run time: typing.get_type_hints evaluates the string it holds ----------------

@pytest.mark.parametrize("source", [
    "import typing\nTEXT = open('hint.txt').read()\ndef settings(extra):\n"
    "    def f(x: extra):\n        pass\n    return typing.get_type_hints(f)\nsettings(TEXT)\n",
    "import typing\nTEXT = open('hint.txt').read()\nclass Config:\n    lr: TEXT\nHINTS = typing.get_type_hints(Config)\n",
    "import typing\nTEXT = open('hint.txt').read()\nRows = typing.List[TEXT]\n"
    "def collate(batch: Rows) -> None:\n    return None\nHINTS = typing.get_type_hints(collate)\n",
    "from __future__ import annotations\nimport typing\nTEXT = open('hint.txt').read()\n"
    "def f(x: TEXT):\n    pass\nHINTS = typing.get_type_hints(f)\n",
    "import functools\nTEXT = open('hint.txt').read()\n@functools.singledispatch\ndef to_device(x):\n    return x\n"
    "def _tensor(x: TEXT):\n    return x\nto_device.register(_tensor)\n",
    "import typing\nTEXT = open('hint.txt').read()\nRow = typing.NamedTuple('Row', [('lr', TEXT)])\n"
    "HINTS = typing.get_type_hints(Row)\n",
    "import typing\nTEXT = open('hint.txt').read()\nCfg = typing.TypedDict('Cfg', {'lr': TEXT})\n"
    "HINTS = typing.get_type_hints(Cfg)\n",
    "import typing\ndef load_type(cls):\n    return open('hint.txt').read()\n@load_type\nclass Config:\n    lr: float = 0.1\n"
    "def f(c: Config):\n    return c\nHINTS = typing.get_type_hints(f)\n",
], ids=["parameter", "class_body", "alias_subscript", "future_annotations", "singledispatch", "namedtuple",
        "typeddict", "decorated_class"])
def test_annotation_value_read_at_run_time_escalates(tmp_path, source):
    assert _decision(tmp_path, source) != Decision.ACCEPT


def test_type_annotations_stay_accepted(tmp_path):
    source = ("from __future__ import annotations\nimport dataclasses\nimport typing\nfrom typing import Literal, Annotated, Optional\n"
              "import numpy as np\nimport torch\nT = typing.TypeVar('T')\nVec = typing.List[float]\nArr = np.ndarray\n"
              "Mode = Literal['log(x)', 'a + b']\nRow = typing.NamedTuple('Row', [('lr', float), ('t', torch.Tensor)])\n"
              "@dataclasses.dataclass(frozen=True)\nclass Config:\n    lr: float = 0.1\n"
              "class Net(torch.nn.Module):\n    hidden: int = 3\n    config: Config\n"
              "    def forward(self, x: torch.Tensor, v: Vec, m: Optional['Net'] = None) -> T | None:\n        return x\n"
              "def f(a: Arr, b: 'np.ndarray', c: dict[str, list[int]] | None, d: Annotated[float, 'note'], e: Mode,"
              " *args: int, **kw: float) -> None:\n    y: np.ndarray = np.zeros(3)\n"
              "HINTS = typing.get_type_hints(f)\n")
    assert _decision(tmp_path, source) == Decision.ACCEPT


def test_annotation_imported_from_own_module_escalates(tmp_path):
    (tmp_path / "cfg.py").write_text("import json\nwith open('config/c.json') as f:\n    ROW_TYPE = json.load(f)['row']\n")
    (tmp_path / "train.py").write_text("import typing\nfrom cfg import ROW_TYPE\ndef collate(rows: ROW_TYPE):\n"
                                       "    return rows\nHINTS = typing.get_type_hints(collate)\n")
    assert kit.scan(tmp_path).decision != Decision.ACCEPT


def test_type_alias_imported_from_own_module_stays_accepted(tmp_path):
    (tmp_path / "types_.py").write_text("from typing import Dict, List\nimport torch\n"
                                        "Batch = Dict[str, torch.Tensor]\nRows = List[float]\n")
    (tmp_path / "train.py").write_text("import typing\nfrom types_ import Batch, Rows\n"
                                       "def collate(rows: Rows) -> Batch:\n    return {}\n"
                                       "HINTS = typing.get_type_hints(collate)\n")
    assert kit.scan(tmp_path).decision == Decision.ACCEPT
