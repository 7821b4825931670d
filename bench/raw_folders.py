"""Scan example folders as they sit in their repositories: one `jobgate scan FOLDER` each.

    .venv/bin/python bench/raw_folders.py ROOT [ROOT ...] [--out DIR]

bench/fl_examples.py measures what a site receives (client scripts and the
modules they import). Users and outside evaluators also point jobgate at an
example's folder as it is, with its launcher (`job.py`), notebooks, READMEs,
requirements.txt and shell scripts; this script measures that, with the same
report (bench/fl_examples.py `corpus_report`: shares, every reject with its
rules and findings, the uncatalogued APIs behind most escalations) written to
DIR/<corpus>-raw.json.

What a unit is (one rule for every corpus, reproducible from the tree alone):

- Flower (a root named `examples` or `baselines` whose repository is not
  NVFlare's): each folder directly under the root that holds a .py or
  .ipynb file at any depth.
- Otherwise (NVFlare's `examples/`): a folder is *marked* when it directly
  holds a `job.py`, a `*client*.py` or a notebook. A marked folder is an
  *index*, not a unit, when a marked folder below it holds its own README.md
  or a `job.py` (it gathers examples that describe themselves: hello-world,
  tutorials). Every other marked folder that is not inside another unit is
  a unit, scanned whole with everything beneath it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fl_examples import SKIP_DIRS, corpus_report  # noqa: E402

from analyzer.api import load_policy  # noqa: E402

CODE = (".py", ".ipynb")


def _files(folder: Path):
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not SKIP_DIRS.intersection(path.relative_to(folder).parts):
            yield path


def _marked(folder: Path) -> bool:
    return any(p.is_file() and (p.name == "job.py" or p.suffix == ".ipynb"
                                or (p.suffix == ".py" and "client" in p.stem)) for p in folder.iterdir())


def flower_units(root: Path) -> list[Path]:
    return [d for d in sorted(root.iterdir())
            if d.is_dir() and d.name not in SKIP_DIRS and any(p.suffix in CODE for p in _files(d))]


def nvflare_units(root: Path) -> list[Path]:
    marked = sorted({p.parent for p in _files(root) if p.parent != root} | ({root} if _marked(root) else set()))
    marked = [d for d in marked if _marked(d)]

    def index(folder: Path) -> bool:
        return any(folder in d.parents and ((d / "README.md").is_file() or (d / "job.py").is_file())
                   for d in marked)

    units: list[Path] = []
    for d in marked:  # sorted: a folder comes before the folders inside it
        if not index(d) and not any(u in d.parents for u in units):
            units.append(d)
    return units


def find_units(root: Path) -> list[Path]:
    root = root.resolve()
    flower = root.name in ("examples", "baselines") and "flower" in root.parent.name.lower()
    return flower_units(root) if flower else nvflare_units(root)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("roots", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=Path("/tmp/raw-folders"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    policy = load_policy()
    for root in args.roots:
        root = root.resolve()
        name = f"{root.parent.name}-{root.name}"
        units = {u.relative_to(root).as_posix() or ".": u for u in find_units(root)}
        report = corpus_report(name, units, policy, names_only=False, uses=False)
        by_rule = Counter(r for unit in report["rejects"] for r in unit["rejected_by"])
        print("| rule that rejects | rejected units |\n| --- | --- |")
        for rule, n in by_rule.most_common():
            print(f"| `{rule}` | {n} |")
        escalated = [u for u in report["per_unit"].values() if u["decision"] == "escalate"]
        print("| rule found in escalated units (not unvouched) | units |\n| --- | --- |")
        for rule, n in Counter(r for u in escalated for r in u["rules"]).most_common(15):
            print(f"| `{rule}` | {n} |")
        (args.out / f"{name}-raw.json").write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
