"""Scan real federated-learning example code as a site would see it.

    .venv/bin/python bench/fl_examples.py ROOT [ROOT ...] [--out DIR] [--names]

Each ROOT is a corpus (NVIDIA FLARE's `examples/`, Flower's `examples/` or
`baselines/`, or a folder of exported NVFlare job folders). The script
finds the units a site would receive, writes each to DIR/<corpus>/<unit>/,
scans it with `analyzer.api.scan` under the built-in policy, and prints per
corpus: units, accepted/escalated/rejected shares, every reject with its
rule ids and quoted findings, the share of distinct APIs used that the
catalogue covers, and the 20 uncatalogued APIs behind most escalations
(counted in units). DIR/<corpus>.json holds the same numbers.

`--names` does not scan: it lists, per unit, the qualified names the
resolver reaches (imports, called and referenced names, members of call
results and of unknown values), to decide what the catalogue needs.

What a unit is (the rule, applied the same way to every corpus):

- A folder holding a `meta.json` or `config/config_fed_client.json` is an
  exported NVFlare job or app: it is one unit, as it is, whole.
- Otherwise a *client script* is a .py file that runs at a site: it imports
  NVFlare's client side (`nvflare.client*`, the Executor, Learner,
  ModelLearner, ClientAlgo or Statistics bases) or Flower's (imports
  `flwr` and names `ClientApp`, `NumPyClient`, `start_client` or
  `start_numpy_client`). Launchers (`job.py`), server code and notebooks
  are not client scripts.
- One unit per folder holding client scripts: those scripts plus every
  module they import, transitively, found the way Python would find it
  with the job's folder on `sys.path` (beside the importing file, then in
  the unit's folder and its ancestors up to the corpus root, nearest
  first, each followed by its `src/` folder, which the examples' READMEs
  put on PYTHONPATH). Each module is placed at its import path, as NVFlare's Job API
  places scripts and their local imports under an app's `custom/`.
"""

from __future__ import annotations

import argparse
import ast
import json
import shutil
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import libcst as cst

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analyzer.parse import parse  # noqa: E402
from analyzer.resolve import Resolver, module_name  # noqa: E402

JOB_MARKERS = ("meta.json", "config/config_fed_client.json")
NVFLARE_CLIENT_MODULES = (
    "nvflare.client",
    "nvflare.apis.executor",
    "nvflare.app_common.abstract.learner_spec",
    "nvflare.app_common.abstract.model_learner",
    "nvflare.app_common.abstract.statistics_spec",
    "nvflare.app_opt.pt.client_api_launcher_executor",
    "nvflare.client.lightning",
)
NVFLARE_CLIENT_NAMES = {"Executor", "Learner", "ModelLearner", "ClientAlgo", "Statistics"}
FLOWER_CLIENT_WORDS = ("ClientApp", "NumPyClient", "start_client", "start_numpy_client")
SKIP_DIRS = {".git", "__pycache__", "node_modules", ".ipynb_checkpoints"}


# ---- finding units --------------------------------------------------------------


def _tree(path: Path) -> ast.Module | None:
    try:
        return ast.parse(path.read_bytes(), filename=str(path))
    except (SyntaxError, ValueError):
        return None


def _imported(tree: ast.Module) -> list[tuple[int, str, list[str]]]:
    """(level, module, names) of every import in a module."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(0, a.name, []) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            out.append((node.level, node.module or "", [a.name for a in node.names]))
    return out


def is_client_script(path: Path, tree: ast.Module) -> bool:
    imports = _imported(tree)
    for level, module, names in imports:
        if level:
            continue
        if module.startswith(NVFLARE_CLIENT_MODULES) or (module == "nvflare" and "client" in names):
            return True
        if module.startswith("nvflare.") and NVFLARE_CLIENT_NAMES & set(names):
            return True
    if any(not level and module.split(".")[0] == "flwr" for level, module, _ in imports):
        text = path.read_text(errors="replace")
        return any(word in text for word in FLOWER_CLIENT_WORDS)
    return False


@dataclass
class Unit:
    key: str  # the unit's folder, relative to the corpus root
    files: dict[str, Path] = field(default_factory=dict)  # placed path -> source file
    whole: Path | None = None  # an exported job or app folder, scanned as it is


def _module_file(base: Path, module: str) -> Path | None:
    """The file Python would load for `module` with `base` on sys.path."""
    if not module:
        return None
    target = base.joinpath(*module.split("."))
    for candidate in (target.with_suffix(".py"), target / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _package_inits(base: Path, module_file: Path) -> list[Path]:
    """The __init__.py of every package between `base` and a module."""
    out, folder = [], module_file.parent
    while folder != base and base in folder.parents:
        init = folder / "__init__.py"
        if init.is_file():
            out.append(init)
        folder = folder.parent
    return out


def _roots(unit_dir: Path, corpus: Path) -> list[Path]:
    """The unit's folder and its ancestors up to the corpus, each followed by
    its `src/` folder (examples put it on PYTHONPATH in their READMEs)."""
    folders = [unit_dir]
    while folders[-1] != corpus and corpus in folders[-1].parents:
        folders.append(folders[-1].parent)
    return [r for f in folders for r in (f, f / "src") if r.is_dir()]


def _resolve_import(importer: Path, importer_base: Path, level: int, module: str, names: list[str],
                    roots: list[Path]) -> list[tuple[Path, Path]]:
    """(base, file) of the job-local modules one import statement loads."""
    if level:
        package = importer.parent
        for _ in range(level - 1):
            package = package.parent
        bases = [package]
        wanted = [module] if module else []
        wanted += [f"{module}.{n}" if module else n for n in names]
        found = []
        for name in wanted:
            f = _module_file(package, name)
            if f is not None:
                found.append((importer_base if importer_base in f.parents else package, f))
        return found
    bases = [importer.parent, *roots]
    for base in bases:
        f = _module_file(base, module)
        if f is None:
            continue
        found = [(base, f)]
        for n in names:  # `from pkg import submodule`
            sub = _module_file(base, f"{module}.{n}")
            if sub is not None:
                found.append((base, sub))
        return found
    return []


def closure(scripts: list[Path], unit_dir: Path, corpus: Path) -> dict[str, Path]:
    """The client scripts and every job-local module they import, by placed path."""
    roots = _roots(unit_dir, corpus)
    placed: dict[str, Path] = {}
    todo = [(unit_dir, s) for s in scripts]
    seen: set[Path] = set()
    while todo:
        base, path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        placed.setdefault(path.relative_to(base).as_posix(), path)
        for init in _package_inits(base, path):
            placed.setdefault(init.relative_to(base).as_posix(), init)
        tree = _tree(path)
        if tree is None:
            continue
        for level, module, names in _imported(tree):
            todo += _resolve_import(path, base, level, module, names, roots)
    return placed


def _walk(root: Path):
    for path in sorted(root.rglob("*")):
        if not SKIP_DIRS.intersection(path.relative_to(root).parts):
            yield path


def find_units(corpus: Path) -> list[Unit]:
    corpus = corpus.resolve()
    jobs = sorted({p.parent if p.name == "meta.json" else p.parent.parent
                   for marker in JOB_MARKERS for p in corpus.rglob(marker)})
    jobs = [j for j in jobs if not any(o in j.parents for o in jobs)]  # an app inside a job is the job's
    units = [Unit(j.relative_to(corpus).as_posix() or ".", whole=j) for j in jobs]
    scripts: dict[Path, list[Path]] = {}
    for path in _walk(corpus):
        if path.suffix != ".py" or any(j in path.parents for j in jobs):
            continue
        tree = _tree(path)
        if tree is not None and is_client_script(path, tree):
            scripts.setdefault(path.parent, []).append(path)
    for folder, found in sorted(scripts.items()):
        units.append(Unit(folder.relative_to(corpus).as_posix() or ".", closure(found, folder, corpus)))
    return units


def materialise(unit: Unit, dest: Path) -> Path:
    """The unit as a folder that a site would receive."""
    if unit.whole is not None:
        return unit.whole
    if dest.exists():
        shutil.rmtree(dest)
    for placed, source in unit.files.items():
        target = dest / placed
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return dest


# ---- what a unit uses (--names) ----------------------------------------------------


class _EveryTail(frozenset):
    """Ask the resolver to keep every dotted chain, not only rule tails."""

    def __contains__(self, item: object) -> bool:
        return True


def _external(value: object, local: set[str]) -> bool:
    return isinstance(value, str) and not value.startswith(("<class>", ".")) and value.split(".")[0] not in local


def module_uses(source: bytes, path: str, local: set[str]) -> set[str]:
    """Qualified names one module reaches, as the catalogue is asked about them."""
    parsed = parse(path, source)
    if parsed.module is None:
        return {"<unparsed>"}
    resolver = Resolver(parsed.module, _EveryTail())
    uses: set[str] = set()
    for use in resolver.imports:
        node = use.node
        if isinstance(node, cst.Import):
            names = [module_name(a.name) for a in node.names]
        else:
            names = [] if node.relative else [module_name(node.module)]
        uses |= {f"import {n}" for n in names if n.split(".")[0] not in local}
    for use in resolver.calls:
        values = resolver.values(use.node.func, use.scope)
        if not values and isinstance(use.node.func, cst.Attribute):
            uses.add("<member>." + use.node.func.attr.value)
        uses |= {v for v in values if _external(v, local)}
    for use in resolver.references:
        uses |= {v for v in resolver.values(use.node, use.scope) if _external(v, local) and not v.endswith("()")}
    return uses


def unit_uses(folder: Path) -> set[str]:
    files = [p for p in folder.rglob("*.py")]
    local = {p.relative_to(folder).parts[0].removesuffix(".py") for p in files}
    out: set[str] = set()
    for p in files:
        out |= module_uses(p.read_bytes(), p.relative_to(folder).as_posix(), local)
    return out


# ---- reporting ---------------------------------------------------------------------


def _names_report(name: str, units: dict[str, Path]) -> dict:
    per_unit = {key: sorted(unit_uses(folder)) for key, folder in units.items()}
    counts = Counter(n for names in per_unit.values() for n in names)
    print(f"\n## {name}: {len(units)} units, {len(counts)} distinct names")
    for api, n in counts.most_common():
        print(f"{n:4d}  {api}")
    return {"corpus": name, "units": len(units), "names": dict(counts.most_common()), "per_unit": per_unit}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("roots", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=Path("/tmp/fl-examples"))
    parser.add_argument("--names", action="store_true", help="list resolved names per unit; do not scan")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for root in args.roots:
        name = f"{root.resolve().parent.name}-{root.resolve().name}"
        units = {u.key: materialise(u, args.out / name / u.key.replace("/", "__")) for u in find_units(root)}
        report = _names_report(name, units) if args.names else None
        (args.out / f"{name}{'-names' if args.names else ''}.json").write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
