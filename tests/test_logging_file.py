"""logging.config.fileConfig of a file the job ships: the catalogue's `logging-file` literal
(conditions.py), the writes that may replace the file (overwrites.py), and the logging-config
detector reading the file as fileConfig does (detectors/logging_config.py)."""

from __future__ import annotations

import builtins
import configparser
import logging
import logging.config
from pathlib import Path

import pytest

from analyzer import api
from analyzer.engine.collect import collect

POLICY = api.load_policy()
CALL = ("import logging.config, os\n"
        "HERE = os.path.dirname(os.path.abspath(__file__))\n"
        "logging.config.fileConfig(os.path.join(HERE, 'logging.ini'), disable_existing_loggers=False)\n")
PLAIN_INI = ("[loggers]\nkeys=root\n[handlers]\nkeys=console,file\n[formatters]\nkeys=std\n"
             "[logger_root]\nlevel=INFO\nhandlers=console,file\n"
             "[handler_console]\nclass=StreamHandler\nformatter=std\nargs=(sys.stdout,)\n"
             "[handler_file]\nclass=FileHandler\nformatter=std\nargs=('train.log', 'a')\n"
             "[formatter_std]\nformat=%(asctime)s %(levelname)s %(message)s\n")


def _scan(tmp_path: Path, files: dict[str, str]):
    unit = tmp_path / "unit"
    for name, text in files.items():
        (unit / name).parent.mkdir(parents=True, exist_ok=True)
        (unit / name).write_bytes(text.encode())
    report = api.analyze(collect(unit, POLICY.limits), POLICY)
    return report.decision, {f.rule for f in report.findings}


def test_a_plain_shipped_ini_beside_the_module_is_vouched(tmp_path: Path) -> None:
    decision, rules = _scan(tmp_path, {"train.py": CALL, "logging.ini": PLAIN_INI})
    assert decision == "accept", rules


@pytest.mark.parametrize("write", [
    "open(os.path.join(HERE, 'logging.ini'), 'w').write('[formatters]\\nkeys=\\n')",
    "import shutil\nshutil.copy(os.path.join(HERE, 'alt', 'logging.ini'), HERE)",
    "os.replace('staged.ini', os.path.join(HERE, 'logging.ini'))",
    "import sys\nopen(os.path.join(HERE, sys.argv[1]), 'a').write('x')",
    "logging.FileHandler('custom/logging.ini')",
])
def test_a_write_that_may_replace_the_ini_leaves_fileconfig_unvouched(tmp_path: Path, write: str) -> None:
    decision, rules = _scan(tmp_path, {"train.py": CALL + "import logging\n" + write + "\n", "logging.ini": PLAIN_INI})
    assert decision != "accept" and "unvouched.api" in rules, rules


def test_a_write_in_another_module_of_the_job_counts_too(tmp_path: Path) -> None:
    helper = "import os\ndef keep(text):\n    open(os.path.join(os.path.dirname(__file__), 'logging.ini'), 'w').write(text)\n"
    decision, rules = _scan(tmp_path, {"train.py": CALL, "helpers.py": helper, "logging.ini": PLAIN_INI})
    assert decision != "accept" and "unvouched.api" in rules, rules


def test_writes_elsewhere_keep_the_ini_vouched(tmp_path: Path) -> None:
    writes = ("import torch\ntorch.save({}, 'checkpoints/model.pt')\n"
              "open(os.path.join(HERE, 'outputs', 'metrics.json'), 'w').write('{}')\n"
              "open(os.path.join(HERE, 'logging.ini')).read()\n")
    decision, rules = _scan(tmp_path, {"train.py": CALL + writes, "logging.ini": PLAIN_INI})
    assert decision == "accept", rules


def test_a_path_from_the_working_folder_is_not_the_jobs_file(tmp_path: Path) -> None:
    decision, rules = _scan(tmp_path, {"train.py": "import logging.config\nlogging.config.fileConfig('logging.ini')\n",
                                       "logging.ini": PLAIN_INI})
    assert decision != "accept" and "unvouched.api" in rules


@pytest.mark.parametrize("ini, rule", [
    # fileConfig interpolates [DEFAULT] into args before it eval()s them
    ("[DEFAULT]\nx=a') if __import__('os').system('id') else ('a\n" + PLAIN_INI.replace("'train.log'", "'%(x)s'"),
     "config-attack.logging-config-code"),
    # a formatter's class is imported and called with the format string
    (PLAIN_INI.replace("format=", "class=os.system\nformat="), "config-attack.logging-config-code"),
    # a text-mode file ends the comment at \r; the next line is the handler's kwargs
    (PLAIN_INI.replace("args=(sys.stdout,)", "args=(sys.stdout,)\n; note\rkwargs={'x': __import__('os').getcwd()}"),
     "config-attack.logging-config-code"),
    (PLAIN_INI.replace("'train.log'", "'logging.ini'"), "config-attack.logging-config-code"),
    # str.format follows attributes and items of what the job logs, down to a function's globals
    (PLAIN_INI.replace("format=%(asctime)s %(levelname)s %(message)s",
                       "format={message} {args[0].__init__.__globals__[os].environ}\nstyle={"),
     "config-attack.logging-config-code"),
    (PLAIN_INI.replace("'train.log'", "'/mnt/share/train.log'"), "config-attack.logging-config-network"),
    (PLAIN_INI.replace("'train.log'", "'/var/log/fl/train.log'"), "unanalyzable.logging-file"),
])
def test_the_shipped_file_is_judged_as_fileconfig_reads_it(tmp_path: Path, ini: str, rule: str) -> None:
    decision, rules = _scan(tmp_path, {"train.py": CALL, "conf.cfg": ini})
    assert rule in rules and decision != "accept", rules


def test_the_interpolation_case_really_runs_code_in_fileconfig(monkeypatch: pytest.MonkeyPatch) -> None:
    """The premise: fileConfig eval()s args after interpolating [DEFAULT] into them, so a literal-looking
    `args=(%(x)s)` runs what x holds."""
    ran: list[int] = []
    monkeypatch.setattr(builtins, "_jobgate_seen", ran.append, raising=False)
    ini = "[DEFAULT]\nx=sys.stderr,) if _jobgate_seen(1) else (sys.stderr,\n" + PLAIN_INI.replace(
        "args=(sys.stdout,)", "args=(%(x)s)").replace("[handler_file]", "[handler_unused]")
    cp = configparser.ConfigParser()
    cp.read_string(ini.replace("keys=console,file", "keys=console").replace("handlers=console,file", "handlers=console"))
    root = logging.getLogger()
    handlers = root.handlers[:]
    try:
        logging.config.fileConfig(cp, disable_existing_loggers=False)
    finally:
        root.handlers[:] = handlers
    assert ran == [1]


def test_a_module_that_does_not_resolve_with_the_program_may_write_it(tmp_path: Path) -> None:
    """A module the program cannot resolve (analysed apart) is not read for writes: the ini is not vouched."""
    decision, rules = _scan(tmp_path, {"train.py": CALL, "prep.py": "def broken(:\n", "logging.ini": PLAIN_INI})
    assert "unvouched.api" in rules and decision != "accept", rules
