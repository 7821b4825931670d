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


# A Flower ClientApp replying with what it read from its Context.
CLIENT_APP = """\
import os
import socket
from flwr.app import ArrayRecord, ConfigRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

app = ClientApp()


@app.train()
def train(msg: Message, context: Context):
    metrics = {{"num-examples": 1.0, "x": {metric}}}
    content = RecordDict({{"arrays": msg.content["arrays"], "metrics": MetricRecord(metrics){extra}}})
    return Message(content=content, reply_to=msg)
"""


def _decision(scan_json, tmp_path, metric: str = "1.0", extra: str = "") -> str:
    (tmp_path / "client_app.py").write_text(CLIENT_APP.format(metric=metric, extra=extra))
    return scan_json("--no-cache", str(tmp_path))[1]["reports"][0]["decision"]


# A SuperNode's node_config is its operator's `--node-config` (data paths, site names, tokens): a setting of
# the site, as an environment variable is, however the job reads it.
@pytest.mark.parametrize("metric, extra", [
    ("1.0", ', "node": ConfigRecord(dict(context.node_config))'),
    ("1.0", ', "node": ConfigRecord({"path": context.node_config["data-path"]})'),
    ("1.0", ', "node": ConfigRecord({"path": context.node_config.get("data-path", "")})'),
])
def test_the_sites_node_config_in_the_reply_is_not_accepted(scan_json, tmp_path, metric, extra) -> None:
    assert _decision(scan_json, tmp_path, metric, extra) != "accept"


def test_a_reply_of_the_model_and_a_count_is_accepted(scan_json, tmp_path) -> None:
    assert _decision(scan_json, tmp_path, 'float(context.node_config["num-partitions"] > 0)') == "accept"


# int(text, base) parses a text into one number that holds all of it (no reduction, as float(loss) is).
@pytest.mark.parametrize("metric", ["int(socket.gethostname().encode().hex(), 16)",
                                    "int(socket.gethostname().encode().hex(), base=16)"])
def test_a_text_parsed_with_a_base_keeps_its_provenance(scan_json, tmp_path, metric) -> None:
    assert _decision(scan_json, tmp_path, metric) != "accept"


# (strict xfail until session 31: float()/int() of one argument was a reduction; a setting or the host's name is a
# text, Origin.text)
@pytest.mark.parametrize("metric", ['int("".join(str(b) for b in socket.gethostname().encode()))',
                                    'float(context.node_config["data-path"])'])
def test_a_text_parsed_as_a_decimal_number_keeps_its_provenance(scan_json, tmp_path, metric) -> None:
    assert _decision(scan_json, tmp_path, metric) != "accept"


# (strict xfail until session 33: an environment variable was no text, for `int(os.environ["LOCAL_RANK"])`; now only
# the variables a launcher sets to a number are, rules/flow/sources.yaml numeric_env_names)
@pytest.mark.parametrize("metric", ['int("".join(str(b) for b in os.environ.get("DATA_DIR", "").encode()))',
                                    'float("".join(str(ord(c)) for c in os.environ["FL_DATA_ROOT"][:6]))'])
def test_an_environment_variable_parsed_as_a_decimal_number_keeps_its_provenance(scan_json, tmp_path, metric) -> None:
    assert _decision(scan_json, tmp_path, metric) != "accept"


# A rank or a size the launcher sets, parsed, stays a number (the device a DDP job evaluates on).
@pytest.mark.parametrize("metric", ['float(int(os.environ.get("LOCAL_RANK", "0")))', 'float(int(os.environ["WORLD_SIZE"]))',
                                    'float(int(os.environ.get("FL_SEED", "0")))'])
def test_a_numeric_launcher_variable_parsed_stays_a_number(scan_json, tmp_path, metric) -> None:
    assert _decision(scan_json, tmp_path, metric) == "accept"
