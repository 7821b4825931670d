"""Changed jobs: which units of a git repository were touched since a ref.

The unit of a changed file is the nearest folder at or above it (up to the
scan root) that holds `meta.json` (or another meta file NVFlare reads,
engine/collect.py META_FILES), an NVFlare job; with none, the file's own
folder, but a file at the repository's top alone (the top, which holds `.git`,
is no job's folder unless it holds a meta file). A unit whose folder is gone was deleted: it is reported, not scanned.

git runs as a subprocess with a fixed argument list (never a shell), the
ref after `--end-of-options`, with external diff drivers, textconv and the
file-system monitor off: nothing a commit carries (.gitattributes included)
chooses a program to run.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable

from ..engine.collect import META_FILES
from ..model import GateError

# git's empty tree: `--changed-since` it treats every file as added (a first push has no "before").
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"


@dataclass(frozen=True)
class Changes:
    """What to scan: the unit folders, the deleted ones, and the repository's top that reports name files from."""

    top: Path | Callable[[], Path]  # the repository's top folder (or how to find it): reports name files relative to it
    units: list[Path]  # folders to scan, as paths under the ROOT the user gave
    deleted: list[str]  # unit folders (relative to `top`) that no longer exist


def _git(cwd: Path, *args: str) -> str:
    import subprocess  # here: a scan of the paths given runs no git, and the CLI imports this module at every start

    try:
        proc = subprocess.run(["git", "-C", str(cwd), "-c", "core.fsmonitor=false", *args], capture_output=True,
                              timeout=120, check=False)
    except FileNotFoundError:
        raise GateError("git: command not found (needed for --changed-since)") from None
    except subprocess.TimeoutExpired:
        raise GateError(f"git {args[0]}: no answer within 120 s in {cwd}") from None
    if proc.returncode:
        why = os.fsdecode(proc.stderr).strip().splitlines()
        raise GateError(f"git {args[0]} in {cwd}: {why[-1] if why else f'exit status {proc.returncode}'}")
    return os.fsdecode(proc.stdout)


def repository_top(folder: Path) -> Path | None:
    """The top folder of the git work tree holding `folder`, or None outside one (or without git)."""
    try:
        return Path(_git(folder, "rev-parse", "--show-toplevel").strip())
    except GateError:
        return None


def top_of_cwd() -> Path:
    """The top folder of the git work tree holding the current folder, else the current folder."""
    return repository_top(Path.cwd()) or Path.cwd()


def _resolve(top: Path, ref: str) -> tuple[str, bool]:
    """(object id, is a commit) for REF: a commit, or a tree such as the empty tree."""
    for kind in ("commit", "tree"):
        try:
            return _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{{kind}}}").strip(), \
                kind == "commit"
        except GateError:
            continue
    raise GateError(f"{ref!r} is not a commit of the repository at {top} "
                    "(in CI, check out the full history, e.g. actions/checkout with fetch-depth: 0)")


def _split(out: str) -> list[str]:
    return [p for p in out.split("\0") if p]


def changed_paths(top: Path, ref: str) -> tuple[set[str], set[str], set[str]]:
    """(present, deleted, job folders at REF), paths relative to `top`.

    For a commit, the changes since the merge base of REF and HEAD (what a
    branch changed, not what its base gained since), up to the working tree,
    plus untracked files: what a push or a pull request would bring."""
    oid, is_commit = _resolve(top, ref)
    base = _git(top, "merge-base", oid, "HEAD").strip() if is_commit else oid
    status = _split(_git(top, "diff", "--name-status", "-z", "--no-renames", "--no-ext-diff", "--no-textconv",
                         base, "--"))
    present, deleted = set(), set()
    for kind, path in zip(status[::2], status[1::2]):
        (deleted if kind == "D" else present).add(path)
    present |= set(_split(_git(top, "ls-files", "-z", "--others", "--exclude-standard")))
    return present, deleted, _jobs_in(top, base)


def _jobs_in(top: Path, tree: str) -> set[str]:
    """The job folders (a meta file in them) of a commit or tree."""
    return {str(PurePosixPath(p).parent) for p in _split(_git(top, "ls-tree", "-r", "-z", "--name-only", tree))
            if PurePosixPath(p).name in META_FILES}


def unit_of(path: PurePosixPath, stop: PurePosixPath, is_job) -> PurePosixPath:
    """The nearest folder from `path`'s folder up to `stop` that is a job, else `path`'s folder."""
    folder = path.parent
    for candidate in (folder, *folder.parents):
        if is_job(candidate):
            return candidate
        if candidate == stop:
            break
    return folder


def _under(path: PurePosixPath, root: PurePosixPath) -> bool:
    return root == PurePosixPath(".") or path == root or root in path.parents


def _units(top: Path, root_rel: PurePosixPath, present: set[str], deleted: set[str],
           old_jobs: set[str]) -> tuple[set[PurePosixPath], set[PurePosixPath]]:
    def job_now(folder: PurePosixPath) -> bool:
        return any((top / folder / name).is_file() for name in META_FILES)

    def unit(p: str, is_job) -> PurePosixPath:
        # A file at the repository's top that is not a job is scanned alone: the top, with `.git` in it,
        # is no job's folder (git's sample hooks are shell scripts, and a top-level README made it a reject).
        found = unit_of(PurePosixPath(p), root_rel, is_job)
        return PurePosixPath(p) if found == PurePosixPath(".") and not is_job(found) else found

    units = {unit(p, job_now) for p in present}
    units |= {unit(p, lambda f: str(f) in old_jobs or job_now(f)) for p in deleted}
    gone = {u for u in units if not (top / u).exists()}
    return units - gone, gone


def since(ref: str, root: Path) -> Changes:
    """The units under ROOT (a folder inside a git work tree) touched since REF."""
    if not root.is_dir():
        raise GateError(f"{root}: no such folder")
    top = repository_top(root)
    if top is None:
        raise GateError(f"{root}: not inside a git repository (--changed-since needs one)")
    root_rel = PurePosixPath(Path(os.path.relpath(root.resolve(), top.resolve())).as_posix())
    present, deleted, old_jobs = changed_paths(top, ref)
    inside = {p for p in present | deleted if _under(PurePosixPath(p), root_rel)}
    scan, gone = _units(top, root_rel, present & inside, deleted & inside, old_jobs)
    return Changes(top, [_below(root, root_rel, u) for u in sorted(scan)], sorted(str(u) for u in gone))


def of_files(files: list[str]) -> Changes:
    """The units of the given files (a pre-commit hook's staged files), under the current repository, and of
    the files that the index deletes from an NVFlare job: pre-commit passes no deleted file, and a job that
    loses a file is another job (a module it imports may now resolve elsewhere)."""
    cwd = Path.cwd()
    found = repository_top(cwd)
    top = found or cwd
    root_rel = PurePosixPath(Path(os.path.relpath(cwd, top.resolve())).as_posix())
    present = set()
    for name in files:
        rel = Path(os.path.relpath(os.path.abspath(name), top.resolve())).as_posix()
        if rel.startswith("../"):
            raise GateError(f"{name}: outside the repository at {top}")
        present.add(rel)
    deleted, old_jobs = _staged_deletions(found) if found else (set(), set())
    scan, gone = _units(top, PurePosixPath("."), present, deleted, old_jobs)
    return Changes(top, [_below(Path("."), root_rel, u) for u in sorted(scan)], sorted(str(u) for u in gone))


def _staged_deletions(top: Path) -> tuple[set[str], set[str]]:
    """(files the index deletes from a job folder of HEAD, those job folders); nothing before the first commit.
    Only jobs': a deletion elsewhere would make its folder a unit that the hook's `files:` filter, which
    applies to the files pre-commit passes, could not leave out."""
    try:
        head = _git(top, "rev-parse", "--verify", "--quiet", "HEAD^{commit}").strip()
    except GateError:
        return set(), set()
    old_jobs = _jobs_in(top, head)
    deleted = _split(_git(top, "diff", "--cached", "--name-only", "-z", "--no-renames", "--diff-filter=D",
                          "--no-ext-diff", "--no-textconv", head, "--"))
    return {p for p in deleted if any(str(f) in old_jobs for f in PurePosixPath(p).parents)}, old_jobs


def _below(root: Path, root_rel: PurePosixPath, unit: PurePosixPath) -> Path:
    """A unit's folder spelled from the ROOT the user gave (so reports show familiar paths)."""
    if root_rel == PurePosixPath("."):
        return root / unit
    return root / os.path.relpath(unit, root_rel)
