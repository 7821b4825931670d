"""Red team 20: jobs as the adversary writes them (notebooks, Flower apps, NVFlare executors)."""

from __future__ import annotations

import json

import pytest

from analyzer.engine.notebooks import read_notebook

LOAD = "import torch\nx = torch.load('/data/train.pt')\n"


def _doubts(*sources: str) -> list[str]:
    cells = [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": s}
             for s in sources]
    return read_notebook(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}).encode()).doubts


# A cell that ends in an expression displays it, and IPython stores the value under names the code may
# also bind: the code's own binding (`_3 = 0.0`) is what the Python reads, the kernel's is what runs.
@pytest.mark.parametrize("prebound, read", [
    ("_3 = 0.0", "rows = _3"),                          # _N: the N-th displayed result
    ("_oh = {}", "rows = _oh.get(3, 0.0)"),             # the output cache the displayhook writes into
    ('_ = ""', "rows = _"),                             # `_` is updated while it is the displayhook's own
    ("Out = {}", "def rows():\n    return Out[3]"),    # read from a function: the notebook's global
])
def test_a_cell_reading_the_kernels_output_history_is_doubted(prebound: str, read: str) -> None:
    doubts = _doubts(prebound, LOAD, "x[:200].tolist()", read)
    assert any("kernel rebinds" in d for d in doubts)


def test_throwaway_underscores_and_a_functions_own_names_are_not_doubted() -> None:
    assert _doubts(LOAD, "for _ in range(3):\n    pass\n_ = x.shape", "x.shape",
                   "def f(Out):\n    _i = 1\n    return Out + _i") == []
