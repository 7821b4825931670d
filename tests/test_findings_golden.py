"""Speed work must not change what the gate finds: the working tree's findings
on corpus/ and on a subset of the standard library are exactly those recorded
in tests/data/findings_golden.json (see tests/data/findings_golden.py)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
_spec = importlib.util.spec_from_file_location("findings_golden", DATA / "findings_golden.py")
golden = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(golden)

RECORDED = json.loads(golden.GOLDEN.read_text())
HOW = "if a rule, the catalogue or a detector changed on purpose, run tests/data/findings_golden.py and read the diff"


def _differences(recorded: list[list], now: list[list]) -> str:
    gone = [f for f in recorded if f not in now]
    new = [f for f in now if f not in recorded]
    return "\n".join([*(f"- {f}" for f in gone[:20]), *(f"+ {f}" for f in new[:20]), HOW])


def test_corpus_findings_unchanged():
    now = golden.findings(golden.ROOT / "corpus")
    assert now == RECORDED["corpus"], _differences(RECORDED["corpus"], now)


@pytest.mark.skipif(golden.stdlib_hashes() != RECORDED["stdlib_sha256"],
                    reason=f"this interpreter's standard library is not the recorded one ({RECORDED['python']})")
@pytest.mark.parametrize("name", golden.STDLIB)
def test_stdlib_findings_unchanged(name):
    now = golden.findings(golden.stdlib_folder(name))
    assert now == RECORDED["stdlib"][name], _differences(RECORDED["stdlib"][name], now)
