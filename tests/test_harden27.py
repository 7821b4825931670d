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
