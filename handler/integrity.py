"""Load jobgate's engine and prove it is the installed one, not a job's look-alike.

Where job code is importable (measured on nvflare 2.9.0, see docs/site-admin.md):
- The client parent process (CP), where the app validator runs, never puts a
  job's folder on its own sys.path: it only hands it to the child's PYTHONPATH.
- A job process (CJ), where the JobGate component runs, is started with
  PYTHONPATH = the parent's sys.path + <run_dir>/app_<site>/custom
  (app_common/job_launcher/process_launcher.py -> utils/job_launcher_utils.py:
  add_custom_dir_to_path), so the job's custom
  folder is importable from the first instruction on, but *after* every
  installed location. A job that ships `analyzer/` or `handler/` therefore only
  wins where jobgate is not installed in the job's environment (a different
  launcher image, a broken install): we refuse to run from anywhere but the
  installation that holds this very module.
"""

from __future__ import annotations

import importlib
import sys
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

_PACKAGES = ("analyzer", "handler")


class IntegrityError(Exception):
    """jobgate's own code is not where it was installed: refuse to judge anything."""


def install_root() -> Path:
    """The folder that holds the `handler` package this code was loaded from."""
    return Path(__file__).resolve().parent.parent


def _module_file(mod: ModuleType) -> Path | None:
    f = getattr(mod, "__file__", None)
    return Path(f).resolve() if f else None


def check_modules(root: Path, job_dirs: tuple[Path, ...] = ()) -> None:
    """Every loaded module of jobgate's packages lies under `root`, and `root`
    is not inside a job's folder."""
    for d in job_dirs:
        d = d.resolve()
        if root == d or d in root.parents:
            raise IntegrityError(f"jobgate is loaded from inside a job's folder ({root})")
    for name, mod in list(sys.modules.items()):
        if name.split(".", 1)[0] not in _PACKAGES or mod is None:
            continue
        f = _module_file(mod)
        if f is None:  # a namespace package: a job's folder without __init__.py
            raise IntegrityError(f"module {name} has no file: not jobgate's installed package")
        if root not in f.parents:
            raise IntegrityError(f"module {name} is loaded from {f}, outside jobgate's installation {root}")


def load_engine(names: tuple[str, ...], job_dirs: tuple[Path, ...] = ()) -> list[ModuleType]:
    """Import the modules `analyzer.<name>` (`api`, `engine.isolate`, `trust.review`...)
    and check where they came from."""
    mods = [importlib.import_module(f"analyzer.{n}") for n in names]
    check_modules(install_root(), job_dirs)
    return mods


def job_modules(folder: Path) -> list[str]:
    """Modules already imported from a job's folder: job code that ran before the gate
    (a custom/sitecustomize.py runs at interpreter start-up; NVFlare imports
    custom/nvflare_decomposers/*.py before it builds any component)."""
    folder = folder.resolve()
    found = []
    for name, mod in list(sys.modules.items()):
        f = _module_file(mod) if mod is not None else None
        if f is not None and folder in f.parents:
            found.append(name)
    return sorted(found)


@contextmanager
def without_job_paths(run_dir: Path):
    """Take a job's folders off sys.path while the gate runs in its process.

    An import the engine (or a library it uses) tries and would normally miss
    -- an optional dependency, a lazily imported engine -- would otherwise be
    found in the job's custom/ folder and run the job's code inside the gate."""
    run_dir = run_dir.resolve()

    def is_job_path(entry: str) -> bool:
        try:
            p = Path(entry or ".").resolve()
        except (OSError, RuntimeError):
            return False
        return p == run_dir or run_dir in p.parents

    saved = list(sys.path)
    sys.path[:] = [e for e in saved if not is_job_path(e)]
    importlib.invalidate_caches()
    try:
        yield
    finally:
        kept = [e for e in sys.path if e not in saved]  # anything the gate added itself
        sys.path[:] = saved + kept
