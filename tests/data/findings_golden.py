"""Write tests/data/findings_golden.json: every finding jobgate reports on each
labelled sample of corpus/ (each its own unit, as `jobgate eval` and a site
scan it) and on a fixed subset of this interpreter's standard library (one
unit per package), as (rule, path, line, column, message).

    python tests/data/findings_golden.py [--shards N]

tests/test_findings_golden.py compares the working tree's findings with this
file, so that a speed change cannot change what the gate finds. Regenerate it
only when a change is meant to change findings (a rule, the catalogue, a
detector), and read the diff of the JSON before committing it: one line per
finding, under the sample it belongs to, so a new sample adds its own lines
and moves no other sample's.

The units are scanned by N processes of this script (`--shard I/N`, every
N-th unit each), which share nothing: a unit's findings cannot depend on the
units that ran before it in the same process (the flow's memos, the
interned origins), and the golden would catch it if they did.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
GOLDEN = Path(__file__).with_suffix(".json")
CORPUS = ROOT / "corpus"
# Packages of the standard library, analysed as one unit each (about 25,000 lines): large programs of
# many modules, which no corpus sample is.
STDLIB = ("json", "http", "logging", "concurrent", "email")


def stdlib_folder(name: str) -> Path:
    return Path(sysconfig.get_paths()["stdlib"]) / name


def stdlib_hashes() -> dict[str, str]:
    """sha256 of each .py of the subset: the golden stands for these exact files."""
    return {f"{name}/{p.relative_to(stdlib_folder(name)).as_posix()}": hashlib.sha256(p.read_bytes()).hexdigest()
            for name in STDLIB for p in sorted(stdlib_folder(name).rglob("*.py"))}


def units(stdlib: bool = True) -> list[tuple[str, Path, Path]]:
    """(name in the golden, folder or file, policy) of every unit: the stdlib subset (the largest first, so
    that the shards end together), then the corpus's labelled samples (under their own site policy if the
    label names one, as `jobgate eval` judges them)."""
    sys.path.insert(0, str(ROOT))
    from analyzer.commands.evaluate import load_labels

    bench = ROOT / "bench" / "policy.yaml"
    return ([(f"stdlib/{name}", stdlib_folder(name), bench) for name in STDLIB if stdlib]
            + [(f"corpus/{label.path}", CORPUS / label.path, CORPUS / label.policy if label.policy else bench)
               for label in load_labels(CORPUS)])


def _scanned(chosen: list[tuple[str, Path, Path]]) -> dict[str, list[list]]:
    """Each unit's findings, scanned in this process one after another (one limited child, as an eval)."""
    sys.path.insert(0, str(ROOT))
    from analyzer import api

    policies = {p: api.load_policy(p) for p in {p for _, _, p in chosen}}
    with api.shared_worker():
        return {name: sorted([f.rule, f.path, f.line, f.column, f.message]
                             for f in api.scan(path, policies[policy]).findings)
                for name, path, policy in chosen}


def findings(stdlib: bool = True, shards: int | None = None) -> dict[str, list[list]]:
    """Every unit's findings (the stdlib subset's too if `stdlib`), by `shards` processes of this script
    (default: one per core)."""
    shards = shards or os.cpu_count() or 1
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    running = [subprocess.Popen([sys.executable, __file__, "--shard", f"{i}/{shards}", str(stdlib)],
                                stdout=subprocess.PIPE, env=env, cwd=ROOT) for i in range(shards)]
    found: dict[str, list[list]] = {}
    for i, process in enumerate(running):
        out, _ = process.communicate()
        if process.returncode != 0:
            raise RuntimeError(f"shard {i}/{shards} failed with status {process.returncode} (its stderr is above)")
        found.update(json.loads(out))
    return {name: found[name] for name, _, _ in units(stdlib)}  # in the labels' order, whatever shard scanned it


def by_kind(found: dict[str, list[list]]) -> dict:
    """The golden's shape: {"corpus": {sample: findings}, "stdlib": {package: findings}}."""
    return {"corpus": {k.removeprefix("corpus/"): v for k, v in found.items() if k.startswith("corpus/")},
            "stdlib": {k.removeprefix("stdlib/"): v for k, v in found.items() if k.startswith("stdlib/")}}


def _lines(value: object, indent: str = "") -> str:
    """JSON with one finding (or file hash) per line, so that a diff reads finding by finding."""
    if isinstance(value, dict) and value:
        inner = ",\n".join(f"{indent} {json.dumps(k)}: {_lines(v, indent + ' ')}" for k, v in value.items())
        return "{\n" + inner + "\n" + indent + "}"
    if isinstance(value, list) and value and isinstance(value[0], list):
        return "[\n" + ",\n".join(f"{indent} {json.dumps(v)}" for v in value) + "\n" + indent + "]"
    return json.dumps(value)


def _main(argv: list[str]) -> None:
    if argv[:1] == ["--shard"]:
        index, count = map(int, argv[1].split("/"))
        json.dump(_scanned(units(argv[2] == "True")[index::count]), sys.stdout)
        return
    shards = int(argv[1]) if argv[:1] == ["--shards"] else None
    GOLDEN.write_text(_lines({"python": sys.version.split()[0], "stdlib_sha256": stdlib_hashes(),
                              **by_kind(findings(True, shards))}) + "\n")
    print(f"written: {GOLDEN}")


if __name__ == "__main__":
    _main(sys.argv[1:])
