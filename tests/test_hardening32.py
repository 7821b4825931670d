"""Hardening, session 32: the read order keeps what a config runs; budgets inside and around the analysis
never turn a reject into an accept, nor change a report between runs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from analyzer import api
from analyzer.engine import isolate
from analyzer.engine.collect import collect, names_mentioned
from analyzer.model import Decision
from analyzer.policy import Limits
from conftest import CORPUS

# Asserts on wall time (its time budgets and limits): `make test` runs it alone, after the parallel run.
pytestmark = pytest.mark.serial

POLICY = api.load_policy().model_copy(update={"limits": Limits(max_files=50, max_file_bytes=50_000)})


# ---- the read order: a file a config names is read before padding (collect._rank) -------------------------

def _launched_txt(tmp_path: Path, command: str) -> Path:
    """red team 21's job, its launcher running `custom/train.txt` (a payload under a name that is not code),
    the command written into the config as given (raw JSON text)."""
    unit = tmp_path / "unit"
    shutil.copytree(CORPUS / "jobs/rt21_cmd_script_trailing_space", unit)
    custom = unit / "app" / "custom"
    (custom / "train.py ").rename(custom / "train.txt")
    config = unit / "app" / "config" / "config_fed_client.json"
    config.write_text(config.read_text().replace('"custom/train.py "', command))
    return unit


def _pad(folder: Path, name: str = "zz_many_{}.txt") -> None:
    for i in range(POLICY.limits.max_files + 1):
        (folder / name.format(i)).write_text("x\n")


@pytest.mark.parametrize("command", [
    r'"custom\u002ftrain\u002etxt"',  # JSON escapes: json.loads reads custom/train.txt
    r'"custom\/train.txt"',
    '"bash", "-c", "cd custom && python3 train.txt"',  # inside a shell line
])
def test_a_launched_file_named_in_any_spelling_is_read_before_padding(tmp_path: Path, command: str) -> None:
    unit = _launched_txt(tmp_path, command)
    json.loads((unit / "app/config/config_fed_client.json").read_text())  # still the JSON NVFlare reads
    before = api.scan(unit, POLICY)
    _pad(unit / "app" / "custom")
    content = collect(unit, POLICY.limits)
    assert "app/custom/train.txt" in content.data
    after = api.scan(unit, POLICY)
    assert after.decision is before.decision is not Decision.ACCEPT
    assert {(f.rule, f.path, f.line) for f in before.findings} <= {(f.rule, f.path, f.line) for f in after.findings}


def test_names_mentioned_reads_yaml_and_hocon_quoting() -> None:
    text = ("command: 'python3 custom/my ''odd'' train.txt'\n"
            'script: "custom/\\x74rain.txt"\n'
            "other = custom/run.sh\n")
    names = names_mentioned(text)
    assert {"my 'odd' train.txt", "train.txt", "run.sh"} <= names
    assert names_mentioned('"\\U0011ffff \\ud83d\\ude00.txt"') >= {"\U0001f600.txt"}  # never raises


def test_naming_padding_in_a_config_pushes_out_no_more_than_python_padding(tmp_path: Path) -> None:
    """Named files rank as Python, never before it: an author who names padding in a config gains nothing
    over padding named `.py` (what is pushed out is the same, and the limit finding escalates)."""
    kept = []
    for suffix in (".txt", ".py"):
        unit = _launched_txt(tmp_path / suffix, '"custom/train.txt"')
        names = [f"pad_{i}{suffix}" for i in range(POLICY.limits.max_files + 1)]
        config = unit / "app" / "config" / "config_fed_client.json"
        doc = json.loads(config.read_text())
        doc["pad"] = names if suffix == ".txt" else []
        config.write_text(json.dumps(doc))
        for name in names:
            (unit / "app" / "custom" / name).write_text("x = 1\n" * 200)  # between train.txt's and train.py's size
        content = collect(unit, POLICY.limits)
        assert not content.complete
        kept.append({p for p in content.data if "/pad_" not in p})
    assert kept[0] == kept[1]
    assert "app/custom/train.txt" in kept[0] and "app/custom/train.py" not in kept[0]


# ---- parsers on a limited worker's deep stack -----------------------------------------------------------

def _read_deep_hocon(depth: int) -> list[str]:
    from analyzer.engine import configs

    doc = configs.read_config("app/config/config_fed_client.conf", ("a = " + "[" * depth + "]" * depth).encode())
    return [p.text for p in doc.problems]


def test_hocon_in_a_limited_child_keeps_the_plain_recursion_limit() -> None:
    """pyhocon on the deep stack (isolate.DEEP_RECURSION_LIMIT) parsed nesting NVFlare's own process cannot, and
    8,000 levels cost seconds before the RecursionError; like YAML's, it is read at a plain process's limit."""
    problems = isolate.run_limited(_read_deep_hocon, (200,), isolate.Budget(60, None))
    assert problems and "RecursionError" in problems[0]
    assert _read_deep_hocon(8) == []  # what NVFlare's examples nest reads as before


# ---- the same bytes, the same report: what the program answers never depends on what it met first --------

def _program(sources: dict[str, bytes]):
    from analyzer.engine import analysis

    policy = api.load_policy()
    return analysis.linked_program(sources, api.load_rules(policy), policy)


def test_the_modules_defining_a_class_do_not_depend_on_what_was_resolved_before() -> None:
    """Program.defining answered from the modules names had led into so far: which those were depended on the
    order the analysis took (set orders follow addresses), and NVFlare's examples as one unit, where dozens of
    modules define `Net`, gave 4,912 / 4,888 / 4,883 findings from run to run. Now: every module whose text
    defines the class, by path, and the asking file's findings depend on them (its result-cache entry too)."""
    sources = {"a/net.py": b"class Net:\n    run = eval\n", "b/net.py": b"class  \\\nNet:\n    pass\n",
               "c/use.py": b"x = 1\n", "d/other.py": b"class Network:\n    pass\nNet = 3\n"}
    answers = []
    for first in ([], ["b/net.py"], ["a/net.py", "d/other.py"]):
        program = _program(sources)
        for path in first:
            program.resolver(path)
        answers.append([r.path for r in program.defining("<class>.Net", "c/use.py")])
        assert set(program.depends("c/use.py")) == {"a/net.py", "b/net.py"}
        program.close()
    assert answers == [["a/net.py", "b/net.py"]] * 3
