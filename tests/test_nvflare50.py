"""Session 50 (nvflare50): what holds NVIDIA FLARE's and Flower's examples back, and transformers' logger.

The ranking of what blocks the bench's units is in docs/fl-examples.md ("Session 50 (nvflare50)"): the top
reasons are escalations the catalogue makes on purpose (a simulation's partition by site, a pickle, a hub model's
own code, a config that names what to build). The one gap found on the way: transformers' `get_logger` returns a
logging.Logger, but the flow knew it as a logger only under a logger's name (`logger`, `log`), so a cell of the
site's data logged through `lg = get_logger(...)` was accepted. flow/sinks.yaml now names the factory among the
loggers, and the record methods transformers adds (warning_once, info_once, warning_advice) among the log methods,
which the catalogue vouches for (transformers.yaml).
"""

from __future__ import annotations

import pytest

import redteam_kit as kit

SITE = 'import pandas as pd\nimport nvflare.client as flare\nflare.init()\nrows = pd.read_csv("data/site.csv")\n'

LOGGERS = [
    "from transformers.utils import logging as hf_logging\nlg = hf_logging.get_logger('train')\n",
    "import transformers\nlg = transformers.logging.get_logger('train')\n",
    "from transformers.utils.logging import get_logger\nlg = get_logger(__name__)\n",
]
METHODS = ["info", "warning", "warning_once", "info_once", "warning_advice"]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("logger", LOGGERS)
def test_site_data_logged_by_transformers_logger_is_held(logger, method):
    # `lg.info(...)` of a cell was accepted on main: the receiver is typed, and not a logger's name
    source = SITE + logger + f'lg.{method}("first %s", rows.iloc[0, 0])\n'
    kit.assert_held(kit.scan_text(source), "update-channel-leak.raw-data-logged")


@pytest.mark.parametrize("method", ["warning_once", "info_once", "warning_advice"])
@pytest.mark.parametrize("logger", LOGGERS)
def test_transformers_logger_messages_are_accepted(logger, method):
    # what the library's own modeling code does (qwen3-vl's trainer.py: logger.warning_once(...))
    source = SITE + logger + f'lg.{method}("use_cache=True is incompatible with gradient checkpointing")\n' \
        f'lg.{method}("%d rows", len(rows))\n'
    kit.assert_accepted(kit.scan_text(source))


def test_a_row_count_logged_stays_accepted_and_a_row_does_not():
    # the twin pair on one logger: a count of the whole table is what every example prints, a row is not
    head = SITE + LOGGERS[1]
    kit.assert_accepted(kit.scan_text(head + 'lg.warning_once("site has %d rows", len(rows))\n'))
    kit.assert_held(kit.scan_text(head + 'lg.warning_once("row: %s", rows.iloc[3].to_dict())\n'),
                    "update-channel-leak.raw-data-logged")


def test_the_new_methods_on_another_library_stay_unvouched():
    # the entries name transformers' logger: the same method on a value the gate types otherwise is not vouched
    source = "import torch\nm = torch.nn.Linear(2, 2)\nm.warning_once('x')\n"
    assert kit.holds(kit.scan_text(source), "unvouched."), kit.findings(kit.scan_text(source))
