"""Write tests/data/findings_golden.json: every finding jobgate reports on
corpus/ (one unit) and on a fixed subset of this interpreter's standard
library, as (rule, path, line, column, message).

    python tests/data/findings_golden.py

tests/test_findings_golden.py compares the working tree's findings with this
file, so that a speed change cannot change what the gate finds. Regenerate it
only when a change is meant to change findings (a rule, the catalogue, a
detector), and read the diff of the JSON before committing it.
"""

from __future__ import annotations

import hashlib
import json
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
GOLDEN = Path(__file__).with_suffix(".json")
# Packages of the standard library, analysed as one unit each (about 25,000 lines).
STDLIB = ("json", "http", "logging", "concurrent", "email")


def stdlib_folder(name: str) -> Path:
    return Path(sysconfig.get_paths()["stdlib"]) / name


def stdlib_hashes() -> dict[str, str]:
    """sha256 of each .py of the subset: the golden stands for these exact files."""
    return {f"{name}/{p.relative_to(stdlib_folder(name)).as_posix()}": hashlib.sha256(p.read_bytes()).hexdigest()
            for name in STDLIB for p in sorted(stdlib_folder(name).rglob("*.py"))}


def findings(target: Path) -> list[list]:
    sys.path.insert(0, str(ROOT))
    from analyzer import api

    report = api.scan(target, api.load_policy(ROOT / "bench" / "policy.yaml"))
    return sorted([f.rule, f.path, f.line, f.column, f.message] for f in report.findings)


def current() -> dict:
    return {"corpus": findings(ROOT / "corpus"),
            "stdlib": {name: findings(stdlib_folder(name)) for name in STDLIB}}


def _lines(value: object, indent: str = "") -> str:
    """JSON with one finding (or file hash) per line, so that a diff reads finding by finding."""
    if isinstance(value, dict) and value:
        inner = ",\n".join(f"{indent} {json.dumps(k)}: {_lines(v, indent + ' ')}" for k, v in value.items())
        return "{\n" + inner + "\n" + indent + "}"
    if isinstance(value, list) and value and isinstance(value[0], list):
        return "[\n" + ",\n".join(f"{indent} {json.dumps(v)}" for v in value) + "\n" + indent + "]"
    return json.dumps(value)


if __name__ == "__main__":
    GOLDEN.write_text(_lines({"python": sys.version.split()[0], "stdlib_sha256": stdlib_hashes(), **current()}) + "\n")
    print(f"written: {GOLDEN}")
