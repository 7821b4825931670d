"""Red team 46d: code the interpreter or a vouched library runs on its own (dunders, protocols, hooks), handed the
site's data. Each attack here was accepted on main before its fix; the legitimate form nearest to each stays
accepted. Samples: corpus/*/rt46d_*, near_rt46d_*."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import redteam_kit as kit

ACCEPTED_BEFORE = kit.corpus_samples("malicious/rt46d_*", "jobs/rt46d_*")
TWINS = kit.corpus_samples("benign/near_rt46d_*")


@pytest.mark.parametrize("sample", ACCEPTED_BEFORE)
def test_attack_is_no_longer_accepted(sample: str) -> None:
    kit.assert_held(kit.scan_sample(sample), "update-channel-leak.")


@pytest.mark.parametrize("sample", TWINS)
def test_near_twin_stays_accepted(sample: str) -> None:
    kit.assert_accepted(kit.scan_sample(sample))


HEAD = kit.ROWS_CLIENT

# A one-line suite (`if c: print(r)`) is a SimpleStatementSuite whose body holds small statements, not statement
# lines: Frame.block handed them to Frame.stmt, which reads none of them, so every such body was invisible.
ONE_LINE_SUITES = {
    "if": "if rows: print(rows[0])\n",
    "for": "for r in rows: print(r)\n",
    "while": "while rows: print(rows.pop())\n",
    "with": "with open('/tmp/x') as f: print(rows[0])\n",
    "try": "try: print(rows[0])\nexcept Exception: pass\n",
    "def": "def show(r): print(r)\nshow(rows[0])\n",
    "method": "class Snap:\n    def show(self, r): print(r)\nSnap().show(rows[0])\n",
    "send": "def keep(r): flare.send(flare.FLModel(params=model.params, meta={'r': r}))\nkeep(rows[0])\n",
}


@pytest.mark.parametrize("name", sorted(ONE_LINE_SUITES))
def test_a_one_line_suite_is_read(tmp_path: Path, name: str) -> None:
    kit.assert_held(kit.scan_source(tmp_path, HEAD + ONE_LINE_SUITES[name]), "update-channel-leak.")


def test_a_one_line_suite_of_counts_stays_accepted(tmp_path: Path) -> None:
    kit.assert_accepted(kit.scan_source(tmp_path, HEAD + "if rows: print(len(rows))\nfor _ in range(2): pass\n"))
