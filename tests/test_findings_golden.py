"""Speed work must not change what the gate finds: the working tree's findings
on each labelled corpus sample (its own unit, as `jobgate eval` scans it) and
on a subset of the standard library are exactly those recorded in
tests/data/findings_golden.json (see tests/data/findings_golden.py)."""

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
SAME_STDLIB = golden.stdlib_hashes() == RECORDED["stdlib_sha256"]


@pytest.fixture(scope="module")
def now() -> dict:
    """Every unit scanned once, by processes of its own (findings_golden.findings)."""
    return golden.by_kind(golden.findings(stdlib=SAME_STDLIB))


def _differences(recorded: dict[str, list[list]], now: dict[str, list[list]]) -> str:
    lines = [f"{name}: in the golden, not a labelled sample now" for name in recorded if name not in now]
    lines += [f"{name}: a labelled sample the golden lacks" for name in now if name not in recorded]
    for name in now:
        if name in recorded and now[name] != recorded[name]:
            lines += [f"{name}:", *(f"  - {f}" for f in recorded[name] if f not in now[name]),
                      *(f"  + {f}" for f in now[name] if f not in recorded[name])]
    return "\n".join([*lines[:60], HOW])


def test_corpus_findings_unchanged(now):
    assert now["corpus"] == RECORDED["corpus"], _differences(RECORDED["corpus"], now["corpus"])


@pytest.mark.skipif(not SAME_STDLIB, reason=f"this interpreter's standard library is not the recorded one "
                                            f"({RECORDED['python']})")
@pytest.mark.parametrize("name", golden.STDLIB)
def test_stdlib_findings_unchanged(name, now):
    assert now["stdlib"][name] == RECORDED["stdlib"][name], \
        _differences({name: RECORDED["stdlib"][name]}, {name: now["stdlib"][name]})
