"""Vouching by what a value is: literal pandas expressions, literal logging dicts, parse_args()
results, a chain's earlier calls judged against their own arguments, None placeholders, and
destinations under a site's environment variable (docs/catalogue.md, Conditions)."""

from __future__ import annotations

import pytest

from analyzer import api
from analyzer.engine.collect import from_bytes
from analyzer.engine.conditions import pandas_expression
from analyzer.engine.detectors.logging_config import inert_dict_config

POLICY = api.load_policy()
UNGUARDED = POLICY.model_copy(update={"runtime_guard": False})


def _unvouched(text: str, policy=POLICY) -> list[str]:
    report = api.analyze(from_bytes("example.py", text.encode(), policy.limits), policy)
    return [f"{f.rule}: {f.message}" for f in report.findings if f.category == "unvouched"]


@pytest.mark.parametrize("text", ["a + b", "num_labs / (los_days + 1)", "correct = pred == y",
                                  "label == 1 and age >= 18", "~flag | (x < -1.5)", "x != 'a'"])
def test_column_expressions_are_inert(text: str) -> None:
    assert pandas_expression(text)


@pytest.mark.parametrize("text", ["a.values", "abs(a)", "a[0]", "a > @limit", "lambda: 1", "x = y = 1",
                                  "a.b = 1", "__class__", "a + 1\nb + 2", "[i for i in a]", "import os", "", "a +"])
def test_anything_that_reaches_an_object_is_not(text: str) -> None:
    assert not pandas_expression(text)


BASE = {"version": 1, "formatters": {"f": {"format": "%(message)s"}},
        "handlers": {"c": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "f"},
                     "r": {"class": "logging.handlers.RotatingFileHandler", "filename": "logs/x.log",
                           "maxBytes": 10, "backupCount": 1}},
        "loggers": {"trainer": {"level": "INFO", "handlers": ["c"], "propagate": False}},
        "root": {"handlers": ["c", "r"], "level": "INFO"}}


def _with(section: str, name: str, spec: dict) -> dict:
    return {**BASE, section: {**BASE.get(section, {}), name: spec}}


def test_a_standard_logging_dict_is_inert() -> None:
    assert inert_dict_config(BASE)


@pytest.mark.parametrize("config", [
    _with("handlers", "h", {"class": "logging.handlers.HTTPHandler", "host": "h.example.org", "url": "/"}),
    _with("handlers", "h", {"()": "subprocess.Popen", "args": ["id"]}),
    _with("handlers", "h", {"class": "logging.StreamHandler", "stream": "ext://os.environ"}),
    _with("handlers", "h", {"class": "logging.FileHandler", "filename": "/mnt/share/x.log"}),
    _with("handlers", "h", {"class": "logging.FileHandler", "filename": "startup/x.log"}),
    _with("handlers", "h", {"class": "logging.FileHandler"}),
    _with("handlers", "h", {"class": "StreamHandler"}),
    _with("formatters", "g", {"format": "{msg.__class__}", "style": "{"}),
    _with("formatters", "g", {"()": "mypkg.Formatter"}),
    _with("filters", "x", {"()": "os.system"}),
    {**BASE, "version": 2},
    {**BASE, "listen": 9030},
])
def test_anything_else_in_a_logging_dict_is_not(config: dict) -> None:
    assert not inert_dict_config(config)


def test_a_chain_judges_each_call_against_its_own_arguments() -> None:
    head = "import pandas as pd\ndf = pd.read_csv('a.csv')\n"
    assert _unvouched(head + "x = df.eval('a + b').fillna(0)") == []
    assert _unvouched(head + "x = df.eval('a.b()').fillna(0)")


def test_a_literal_dict_is_read_only_when_nothing_can_change_it() -> None:
    config = "LOG = {'version': 1, 'handlers': {'c': {'class': 'logging.StreamHandler'}}}\n"
    assert _unvouched("import logging.config\n" + config + "logging.config.dictConfig(LOG)") == []
    assert _unvouched("import logging.config\n" + config + "ALIAS = LOG\nlogging.config.dictConfig(LOG)")
    assert _unvouched("import logging.config\n" + config + "LOG = {}\nlogging.config.dictConfig(LOG)")


def test_vars_of_parse_args_only() -> None:
    head = "import argparse\nargs = argparse.ArgumentParser().parse_args()\n"
    assert _unvouched(head + "print(vars(args))") == []
    assert _unvouched(head + "import os\nif args:\n    args = os\nprint(vars(args))")


def test_a_none_placeholder_leaves_a_member_call_typed() -> None:
    head = "import xgboost as xgb\nbooster = None\nfor _ in range(2):\n"
    assert _unvouched(head + "    booster = xgb.train({}, xgb.DMatrix([[1]]), xgb_model=booster)\n"
                             "    print(booster.eval(xgb.DMatrix([[1]])))") == []
    # only a constant without the method: the value must be something else at run time
    assert _unvouched("booster = None\nprint(booster.eval('a + b'))")


def test_a_loopback_rendezvous_set_by_the_job() -> None:
    assert _unvouched("import os\nos.environ['MASTER_ADDR'] = '127.0.0.1'") == []
    assert _unvouched("import os\nos.environ['MASTER_ADDR'] = '10.1.2.3'")
    assert _unvouched("import os\ndel os.environ['MASTER_ADDR']")


def test_a_destination_under_a_site_variable_is_left_to_the_guard() -> None:
    text = "import os, torch\nroot = os.environ.get('FL_SCRATCH', '/tmp/x')\ntorch.save({}, os.path.join(root, 'a.pt'))"
    assert _unvouched(text) == []
    assert _unvouched(text, UNGUARDED)
    text = "import os, torch\nroot = os.environ.get('FL_SCRATCH', '/tmp/x')\ntorch.save({}, os.path.join(root, 'a.py'))"
    assert _unvouched(text)


def test_a_bad_expression_behind_a_job_function_is_still_reported() -> None:
    # frame(...).fillna(0) is named pandas.read_csv().eval().fillna: frame(...) is not that eval call, which is judged where it is made
    text = ("import pandas as pd\ndef frame(expr):\n    return pd.read_csv('a.csv').eval(expr)\n"
            "x = frame('a + b').fillna(0)\ny = frame('a.b()')\n")
    assert _unvouched(text)
