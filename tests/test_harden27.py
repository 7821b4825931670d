"""Session 27's robustness attacks, through the CLI and the API as a job's author would send them: what
the gate cannot read in full is a named finding that never accepts and hides nothing else it read."""

from __future__ import annotations

import json
from pathlib import Path

EXEC = 'import base64\nexec(base64.b64decode("cHJpbnQoMSk="))\n'


def _notebook(*sources: str, outputs: str = "[]") -> str:
    cells = ",".join('{"cell_type": "code", "metadata": {}, "execution_count": null, "outputs": %s, "source": %s}'
                     % (outputs, json.dumps(src)) for src in sources)
    return '{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [%s]}' % cells


def _rules(report: dict) -> set[tuple[str, str]]:
    return {(f["path"], f["rule"]) for f in report["findings"]}


def test_a_notebook_padded_past_max_file_bytes_is_still_read(scan_json, tmp_path: Path) -> None:
    """Before: a notebook over limits.max_file_bytes was only listed, so 3 MB of outputs (which never run)
    turned its exec cell's reject into an escalation; now it is kept like a Python file and read in a
    limited worker."""
    padding = '[{"output_type": "stream", "name": "stdout", "text": "%s"}]' % ("a" * 3_000_000)
    (tmp_path / "train.ipynb").write_text(_notebook("x = 1", EXEC, outputs=padding))
    rc, doc = scan_json("--no-cache", str(tmp_path / "train.ipynb"))
    [report] = doc["reports"]
    [limit] = [f for f in report["findings"] if f["rule"] == "unanalyzable.limit-size"]
    assert "limited worker" in limit["message"]
    assert ("train.ipynb[cell 2]", "obfuscation.decoded-exec") in _rules(report)
    assert rc == 1 and report["decision"] == "reject"


def test_a_pyproject_nested_past_pythons_toml_reader_is_a_limit_not_an_internal_error(scan_json, tmp_path: Path) -> None:
    """Before: tomllib's RecursionError escaped the build-hook reader (`unanalyzable.internal-error`, and the
    detector ran again file by file); now the file is named past limits.max_nesting_depth, and the build hook
    of another pyproject.toml beside it is still found."""
    (tmp_path / "train.py").write_text("x = 1\n")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "pyproject.toml").write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "pyproject.toml").write_text('[tool.setuptools]\ncmdclass = {build_py = "hook.Build"}\n')
    rc, doc = scan_json("--no-cache", str(tmp_path))
    [report] = doc["reports"]
    assert ("a/pyproject.toml", "unanalyzable.limit-nesting-depth") in _rules(report)
    assert ("b/pyproject.toml", "supply-chain.build-hook-config") in _rules(report)
    assert not any(f["rule"] == "unanalyzable.internal-error" for f in report["findings"])
    assert rc != 0 and report["decision"] != "accept"


def test_a_long_integer_literal_hides_nothing_else_in_its_file(scan_json, tmp_path: Path) -> None:
    """CPython refuses a decimal literal past 4,300 digits at its default limit, but a job that calls
    sys.set_int_max_str_digits(0) before importing the file runs it. Before: the file was a parse error and
    nothing else in it was read (escalate); now the literal is an unknown value, the refusal stays beside
    the file's other findings (reject), and no digit is ever converted (a million digits cost minutes)."""
    (tmp_path / "train.py").write_text("import sys\nsys.set_int_max_str_digits(0)\nimport layers\n")
    (tmp_path / "layers.py").write_text("x = [" + "9" * 5000 + ", 1_" + "9" * 300_000 + "]\n" + EXEC)
    rc, doc = scan_json("--no-cache", str(tmp_path))
    [report] = doc["reports"]
    [refused] = [f for f in report["findings"] if f["rule"] == "unanalyzable.parse-error"]
    assert refused["path"] == "layers.py" and "integer digits" in refused["message"]
    assert ("layers.py", "obfuscation.decoded-exec") in _rules(report)
    assert rc == 1 and report["decision"] == "reject"


def test_classes_whose_bases_share_bases_are_walked_once_each(scan_json, tmp_path: Path) -> None:
    """Forty levels of two classes, each subclassing both of the level below (Python builds them at once).
    Before: the resolver's base walk (_class_attr, _inherited) and the flow engine's dataset-class test
    followed every path through the diamonds, 2^40 of them, so the file's analysis ran for hours, in the
    CLI's own process without a limit (at a site: a time limit, its exec unsaid); now each class is walked
    once per lookup, and the exec is rejected in seconds."""
    levels = "class L0a: pass\nclass L0b: pass\n" + "".join(
        f"class L{i}a(L{i - 1}a, L{i - 1}b): pass\nclass L{i}b(L{i - 1}a, L{i - 1}b): pass\n" for i in range(1, 40))
    (tmp_path / "train.py").write_text(EXEC + levels + "y = L39a().missing\n")
    rc, doc = scan_json("--no-cache", str(tmp_path / "train.py"))
    [report] = doc["reports"]
    assert ("train.py", "obfuscation.decoded-exec") in _rules(report)
    assert rc == 1 and report["decision"] == "reject"


def test_implicit_methods_of_a_hierarchy_of_diamonds_are_looked_up_once_per_class(scan_json, tmp_path: Path) -> None:
    """The same diamonds, with implicit methods at the root and an instance called: the flow's protocol lookup
    (flow/protocol.py methods, of_classes) followed every path to the root, 2^40 of them, in the CLI's own
    process (26 levels: still running after 120 s); now each class is walked once per lookup."""
    levels = ("class L0a:\n    def __call__(self, x):\n        return x\n"
              "class L0b:\n    def __iter__(self):\n        return iter([])\n") + "".join(
        f"class L{i}a(L{i - 1}a, L{i - 1}b): pass\nclass L{i}b(L{i - 1}a, L{i - 1}b): pass\n" for i in range(1, 40))
    sent = "import pandas as pd\nimport requests\nrows = pd.read_csv('d.csv')\n" \
           "requests.post('https://example.org/u', data=str(L39a()(rows)))\n"  # a source and a sink: the flow runs
    (tmp_path / "train.py").write_text(EXEC + levels + sent)
    rc, doc = scan_json("--no-cache", str(tmp_path / "train.py"))
    [report] = doc["reports"]
    assert ("train.py", "obfuscation.decoded-exec") in _rules(report)
    assert rc == 1 and report["decision"] == "reject"
