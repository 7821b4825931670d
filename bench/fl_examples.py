"""Scan real federated-learning example code as a site would see it.

    .venv/bin/python bench/fl_examples.py ROOT [ROOT ...] [--out DIR] [--names]

Each ROOT is a corpus (NVIDIA FLARE's `examples/`, Flower's `examples/` or
`baselines/`, or a folder of exported NVFlare job folders). The script
finds the units a site would receive, writes each to DIR/<corpus>/<unit>/,
scans it with `analyzer.api.scan` under the built-in policy, and prints per
corpus: units, accepted/escalated/rejected shares, every reject with its
rule ids and quoted findings, the share of the distinct uses in the corpus
that the catalogue covers, and the 20 uncatalogued APIs behind most
escalations (counted in escalated units). DIR/<corpus>.json holds the same
numbers and every unit's decision and unvouched uses.

A unit's *uses* are what the vouch detector reaches (imports, calls,
members of call results and of unknown values, references), listed by
scanning it once more with an empty catalogue. `--names` prints only those,
per corpus, without judging: the list to write catalogue entries from.

What a unit is (the rule, applied the same way to every corpus):

- A folder holding a `meta.json` or `config/config_fed_client.json` is an
  exported NVFlare job or app: it is one unit, as it is, whole, when it
  holds more than a meta.json (one that holds nothing else is counted aside).
- Otherwise a *client script* is a .py file that runs at a site: it imports
  NVFlare's client side (`nvflare.client*`, the Executor, Learner,
  ModelLearner, ClientAlgo or Statistics bases) or Flower's (imports
  `flwr` and its code, not a comment or string, names `ClientApp`,
  `NumPyClient`, `start_client` or `start_numpy_client`). Launchers
  (files that import NVFlare's recipes or Job API: `job.py`), server code
  and notebooks are not client scripts; a launcher still comes with a
  unit when a client script imports it.
- One unit per folder holding client scripts: those scripts plus every
  module they import, transitively, found the way Python would find it
  with the job's folder on `sys.path` (beside the importing file, then in
  the unit's folder and its ancestors up to the corpus root, nearest
  first, each followed by its `src/` folder, which the examples' READMEs
  put on PYTHONPATH, and by its app folders' `custom/`: a job template's
  model module may sit in another app's, and the Job API's export copies
  it into the app every site gets). Each module is placed at its import path, as
  NVFlare's Job API places scripts and their local imports under an app's
  `custom/`.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import shutil
import sys
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analyzer.api import load_policy, load_rules, scan  # noqa: E402
from analyzer.engine.catalogue import Catalogue  # noqa: E402
from analyzer.engine.detectors import vouch  # noqa: E402
from analyzer.model import Finding, Report  # noqa: E402
from analyzer.policy import Policy  # noqa: E402

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
LAUNCHER_MODULES = ("nvflare.recipe", "nvflare.job_config", "nvflare.private.fed.app.simulator")
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


def is_client_script(tree: ast.Module) -> bool:
    imports = _imported(tree)
    if any(not level and (module.startswith(LAUNCHER_MODULES) or ".recipes." in f".{module}.")
           for level, module, _ in imports):
        return False  # builds and submits jobs: runs on the data scientist's machine
    for level, module, names in imports:
        if level:
            continue
        if module.startswith(NVFLARE_CLIENT_MODULES) or (module == "nvflare" and "client" in names):
            return True
        if module.startswith("nvflare.") and NVFLARE_CLIENT_NAMES & set(names):
            return True
    if any(not level and module.split(".")[0] == "flwr" for level, module, _ in imports):
        return any(_identifier(node) in FLOWER_CLIENT_WORDS for node in ast.walk(tree))
    return False


def _identifier(node: ast.AST) -> str | None:
    """The name a Name or Attribute node spells (not strings or comments)."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.alias):
        return node.name
    return None


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
    its `src/` folder (examples put it on PYTHONPATH in their READMEs) and
    its app folders' `custom/` (a job template's other app: the Job API
    copies a component's module, the model's, into the app's custom folder,
    nvflare/job_config/fed_job_config.py `_get_class_path`)."""
    folders = [unit_dir]
    while folders[-1] != corpus and corpus in folders[-1].parents:
        folders.append(folders[-1].parent)
    return [r for f in folders for r in (f, f / "src", *sorted(f.glob("app*/custom"))) if r.is_dir()]


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
    # A job folder that is a meta.json alone (federated-policies' jobs, for trying
    # authorization rules) holds no client code: counted, not a unit.
    coded = [j for j in jobs if any(p.is_file() and p.name != "meta.json" for p in j.rglob("*"))]
    if len(coded) < len(jobs):
        print(f"{corpus.name}: {len(jobs) - len(coded)} job folders holding only meta.json, not units: "
              + ", ".join(j.relative_to(corpus).as_posix() for j in jobs if j not in coded), file=sys.stderr)
    units = [Unit(j.relative_to(corpus).as_posix() or ".", whole=j) for j in coded]
    scripts: dict[Path, list[Path]] = {}
    for path in _walk(corpus):
        if path.suffix != ".py" or any(j in path.parents for j in jobs):
            continue
        tree = _tree(path)
        if tree is not None and is_client_script(tree):
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


# ---- what a unit uses, and what the catalogue leaves out ----------------------------

_SHOWN = {"unvouched.import": "import {}", "unvouched.member": "?.{}()", "unvouched.unbound-name": "unbound {}",
          "unvouched.unresolved": "unresolved {}"}


def message_templates(policy: Policy) -> dict[str, re.Pattern]:
    """rule id -> a regex that captures `{name}` in its message."""
    out = {}
    for rule in load_rules(policy).rules.values():
        if rule.category == "unvouched" and "{name}" in rule.message:
            head, _, tail = rule.message.partition("{name}")
            out[rule.id] = re.compile(re.escape(head) + "(.*?)" + re.escape(tail), re.S)
    return out


def unvouched_api(finding: Finding, templates: dict[str, re.Pattern]) -> str:
    """The API an unvouched finding names, read back through its rule's message template."""
    pattern = templates.get(finding.rule)
    match = pattern.fullmatch(finding.message) if pattern is not None else None
    name = match.group(1) if match else finding.message
    return _SHOWN.get(finding.rule, "{}").format(name)


@contextmanager
def empty_catalogue() -> Iterator[None]:
    """The vouch detector with nothing catalogued: every use it reaches is
    reported, which lists what a unit uses exactly as the gate sees it."""
    real = vouch.load_catalogue
    vouch.load_catalogue = lambda policy: Catalogue(files=[], digest="", examples={})
    try:
        yield
    finally:
        vouch.load_catalogue = real


def unvouched(report: Report, templates: dict[str, re.Pattern]) -> set[str]:
    return {unvouched_api(f, templates) for f in report.findings if f.category == "unvouched"}


# ---- reporting ---------------------------------------------------------------------


@dataclass
class Measured:
    decision: str
    uses: set[str]  # every use the gate reaches (scanned with an empty catalogue)
    unvouched: set[str]  # the uses the catalogue leaves out
    threats: list[Finding]  # findings that are not unvouched capabilities
    reasons: list[str]


def rejecting(findings: list[Finding], policy: Policy) -> list[str]:
    """The rules that can make a unit reject (analyzer/engine/decide.py): threats, and findings of an
    always-rejected category that decide alone."""
    return sorted({f.rule for f in findings if f.kind == "threat" or (
        f.category in policy.always_reject and f.severity != "info" and f.confidence == "high"
        and not f.never_accept)})


def measure(folder: Path, policy: Policy, templates: dict[str, re.Pattern], uses: bool = True) -> Measured:
    """`uses=False` skips the second scan: the unit's uses are then only those the catalogue leaves out."""
    report = scan(folder, policy)
    if uses:
        with empty_catalogue():
            uses = unvouched(scan(folder, policy), templates)
    else:
        uses = unvouched(report, templates)
    return Measured(report.decision.value, uses, unvouched(report, templates),
                    [f for f in report.findings if f.category != "unvouched"], report.reasons)


def corpus_report(name: str, units: dict[str, Path], policy: Policy, names_only: bool, uses: bool = True) -> dict:
    templates = message_templates(policy)
    measured = {key: measure(folder, policy, templates, uses) for key, folder in units.items()}
    uses = Counter(n for m in measured.values() for n in m.uses)
    if names_only:
        print(f"\n## {name}: {len(units)} units, {len(uses)} distinct uses (units using each)")
        for api, n in uses.most_common():
            print(f"{n:4d}  {api}")
        return {"corpus": name, "units": len(units), "uses": dict(uses.most_common()),
                "per_unit": {k: sorted(m.uses) for k, m in measured.items()}}
    decisions = Counter(m.decision for m in measured.values())
    total = len(units) or 1
    shares = {d: round(100 * decisions[d] / total, 1) for d in ("accept", "escalate", "reject")}
    uncovered = {n for m in measured.values() for n in m.unvouched}
    coverage = round(100 * (1 - len(uncovered & set(uses)) / (len(uses) or 1)), 1)
    causes = Counter(n for m in measured.values() if m.decision == "escalate" for n in m.unvouched)
    rejects = {k: m for k, m in measured.items() if m.decision == "reject"}
    print(f"\n## {name}: {len(units)} units; accept {shares['accept']}%, escalate {shares['escalate']}%, "
          f"reject {shares['reject']}%; catalogue covers {coverage}% of {len(uses)} distinct uses")
    for key, m in rejects.items():
        print(f"REJECT {key}: {'; '.join(m.reasons)}\n    rejected by: {', '.join(rejecting(m.threats, policy))}")
        for f in m.threats:
            print(f"    {f.rule} {f.path}:{f.line}: {f.message}  | {f.snippet}")
    print("| uncatalogued API | escalated units using it |\n| --- | --- |")
    for api, n in causes.most_common(20):
        print(f"| `{api}` | {n} |")
    return {
        "corpus": name, "units": len(units), "decisions": dict(decisions), "shares": shares,
        "distinct_uses": len(uses), "uncovered_uses": len(uncovered & set(uses)), "coverage": coverage,
        "uses": sorted(uses), "uncovered": sorted(uncovered & set(uses)),
        "top_unvouched": causes.most_common(20),
        "rejects": [{"unit": k, "reasons": m.reasons, "rejected_by": rejecting(m.threats, policy), "findings": [
            {"rule": f.rule, "path": f.path, "line": f.line, "message": f.message, "snippet": f.snippet}
            for f in m.threats]} for k, m in rejects.items()],
        "per_unit": {k: {"decision": m.decision, "unvouched": sorted(m.unvouched),
                         "rules": sorted({f.rule for f in m.threats})} for k, m in measured.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("roots", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=Path("/tmp/fl-examples"))
    parser.add_argument("--names", action="store_true", help="list every use per unit; do not judge")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    policy = load_policy()
    used: set[str] = set()
    uncovered: set[str] = set()
    for root in args.roots:
        name = f"{root.resolve().parent.name}-{root.resolve().name}"
        units = {u.key: materialise(u, args.out / name / u.key.replace("/", "__")) for u in find_units(root)}
        report = corpus_report(name, units, policy, args.names)
        (args.out / f"{name}{'-names' if args.names else ''}.json").write_text(json.dumps(report, indent=1))
        used |= set(report["uses"])
        uncovered |= set(report.get("uncovered", ()))
    if not args.names and len(args.roots) > 1:
        print(f"\n## all corpora: the catalogue covers {100 * (1 - len(uncovered) / (len(used) or 1)):.1f}% "
              f"of {len(used)} distinct uses")


if __name__ == "__main__":
    main()
