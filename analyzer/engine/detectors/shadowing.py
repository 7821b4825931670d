"""Modules of a job that take the name of a module someone else imports.

NVFlare puts an app's `custom/` folder on the import path of the job process
(nvflare/utils/job_launcher_utils.py `refresh_custom_dir_import_path`, appended)
and of launched trainers (`add_custom_dir_to_path` sets PYTHONPATH; a trainer
started as `python3 custom/train.py` has `custom/` first on sys.path, before
the standard library and site-packages). A module there named `json`, `os`,
`numpy`, `nvflare` or like the gate's own packages replaces the real one for
every later import, NVFlare's and the gate's included, while the job's visible
code looks clean. So every top-level name under a `custom/` folder (and every
top-level name of a plain folder or single-file unit, whose folder is the
script's folder) is compared with:
- the standard library (`sys.stdlib_module_names`) and `sitecustomize`/`usercustomize`,
- installed top-level modules (`importlib.metadata.packages_distributions()`)
  plus a fixed list of ML frameworks a site is likely to have,
- the gate's own packages (`analyzer`, `jobgate`; the generic `handler`, `rules` only escalate).
A name counts when it is a module (`x.py`, `x.pyc`, `x.so`, ...) or a folder
holding code (a package, or a namespace folder that can extend a namespace
package such as `google`). A `.pth` file whose text imports code is a site hook.

Critical (reject): the gate's names, NVFlare, the site's trusted frameworks,
import-machinery and site hooks, and every standard-library module except a few
no library imports at run time (`test`, `turtle`, ...), which like every other
installed name only escalate.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from typing import Iterator

from ..collect import Content
from ..library_classes import site_dirs
from . import FileContext, Hit, file_detector

GATE_NAMES = frozenset({"analyzer", "jobgate"})
# A job's custom/nvflare_decomposers/ is imported by NVFlare when the job
# process starts, before any component is built (nvflare/private/fed/utils/
# fed_utils.py custom_fobs_initialize): before a BEFORE_BUILD_COMPONENT gate.
EARLY_IMPORT = "nvflare_decomposers"
# The gate's generic package names: an honest job may well have a `handler.py`,
# and the site install is checked for shadowing on its own (handler/integrity.py),
# so these only escalate.
GATE_GENERIC_NAMES = frozenset({"handler", "rules"})
SITE_HOOKS = frozenset({"sitecustomize", "usercustomize", "site", "builtins", "importlib", "sys", "os", "json",
                        "subprocess", "encodings", "zipimport", "_frozen_importlib", "_frozen_importlib_external"})
# Frameworks a site running FL jobs is likely to have even when the gate's own
# environment does not.
FRAMEWORKS = frozenset({
    "nvflare", "torch", "torchvision", "torchaudio", "torchtext", "tensorflow", "keras", "jax", "jaxlib", "flax",
    "sklearn", "scipy", "numpy", "pandas", "xgboost", "lightgbm", "catboost", "monai", "transformers",
    "tokenizers", "huggingface_hub", "safetensors", "accelerate", "peft", "timm", "lightning",
    "pytorch_lightning", "tensorboard", "tensorboardX", "mlflow", "wandb", "PIL", "cv2", "matplotlib", "h5py",
    "pyarrow", "joblib", "tqdm", "yaml", "requests", "urllib3", "certifi", "opacus", "onnx", "onnxruntime",
    "einops", "nibabel", "pydicom", "SimpleITK", "skimage", "numba", "omegaconf", "pyhocon", "grpc", "google",
    "psutil", "packaging", "setuptools", "pkg_resources", "pip", "six", "typing_extensions", "filelock",
    "fsspec", "msgpack", "cryptography", "pydantic", "libcst",
})
# Standard-library modules that libraries do not import at run time: shadowing them only escalates.
QUIET_STDLIB = frozenset({
    "test", "this", "antigravity", "idlelib", "turtle", "turtledemo", "tkinter", "lib2to3", "pydoc_data",
    "ensurepip", "venv", "xxsubtype", "xxlimited", "xxlimited_35", "_xxtestfuzz", "_testcapi", "_testbuffer",
    "_testimportmultiple", "_testinternalcapi", "_testmultiphase", "_testclinic", "msilib", "winsound", "nturl2path",
    "this", "mailcap", "nntplib", "sndhdr", "sunau", "aifc", "chunk", "crypt", "spwd", "nis", "ossaudiodev",
    "cgi", "cgitb", "imghdr", "audioop", "pipes", "uu", "xdrlib", "telnetlib", "smtpd", "asynchat", "asyncore",
    "distutils", "imp", "curses", "dbm", "sqlite3", "wsgiref", "xmlrpc", "mailbox", "tabnanny", "pyclbr",
    "getopt", "optparse", "calendar", "statistics", "fractions", "graphlib", "zoneinfo", "colorsys",
})
# Names too generic to mean a real module: broken wheels install top-level `tests`
# or `docs`, and the stdlib's own regression-test package is never imported.
GENERIC = frozenset({"test", "tests", "testing_utils", "docs", "doc", "examples", "example", "scripts", "src",
                     "benchmarks", "benchmark", "tools", "build", "data", "demo", "demos"})
_MODULE_FILE = re.compile(r"^([A-Za-z_]\w*)(?:\.[\w-]+)*\.(py|pyw|pyc|pyo|so|pyd)$")
_PTH_CODE = re.compile(rb"^\s*import[\s\t]", re.MULTILINE)
_IDENTIFIER = re.compile(r"^[A-Za-z_]\w*$")


@functools.lru_cache(maxsize=1)
def installed_modules() -> frozenset[str]:
    """Top-level modules installed beside the gate, computed once: the names
    importable from its site-packages folders (a listing of each, far cheaper
    at every start than reading every distribution's metadata)."""
    names: set[str] = set()
    for folder in site_dirs():
        try:
            entries = os.listdir(folder)
        except OSError:
            continue
        for entry in entries:
            m = _MODULE_FILE.match(entry)
            if m is not None:
                names.add(m.group(1))
            elif _IDENTIFIER.match(entry) and os.path.isdir(os.path.join(folder, entry)):
                names.add(entry)
    names = {n for n in names if not n.startswith("__")}
    return frozenset((names | FRAMEWORKS | GATE_GENERIC_NAMES) - GENERIC)


@functools.lru_cache(maxsize=1)
def library_modules() -> frozenset[str]:
    """Top-level modules an import may find outside the job: the standard library
    and what is installed (this detector's view of the site)."""
    return frozenset(sys.stdlib_module_names) | installed_modules()


def _critical_names(trusted: tuple[str, ...]) -> frozenset[str]:
    stdlib = set(sys.stdlib_module_names) - QUIET_STDLIB
    frameworks = {p.strip(".").split(".")[0] for p in trusted if p.strip(".")}
    return frozenset(stdlib | frameworks | GATE_NAMES | SITE_HOOKS | {"nvflare", "torch", "numpy"})


def code_roots(content: Content) -> list[str]:
    """Folders whose top-level names are importable: every `.../custom/` (as
    `prefix/custom/`), and the unit's own folder for plain folders and files."""
    roots: set[str] = set()
    for entry in content.files:
        parts = entry.path.split("/")
        for i, seg in enumerate(parts[:-1]):
            if seg == "custom":
                roots.add("/".join(parts[: i + 1]) + "/")
    if content.unit_kind in ("folder", "file"):
        roots.add("")
    return sorted(roots)


def script_folders(content: Content, roots: list[str]) -> list[str]:
    """Folders below the roots that hold Python files: a script run from one
    (`python3 custom/pkg/train.py`) has that folder first on sys.path, so its
    modules take the names they have there (`custom/pkg/torch.py` is `torch`)."""
    folders = {e.path.rsplit("/", 1)[0] + "/" for e in content.files if "/" in e.path and _MODULE_FILE.match(
        e.path.rsplit("/", 1)[1]) and "__pycache__" not in e.path}
    return sorted(f for f in folders if f not in roots and any(f.startswith(r) for r in roots))


def top_names(content: Content, root: str) -> dict[str, tuple[str, bool]]:
    """name -> (a path that makes it importable, is_folder) for one root."""
    out: dict[str, tuple[str, bool]] = {}
    for entry in content.files:
        if not entry.path.startswith(root):
            continue
        rel = entry.path[len(root):]
        parts = rel.split("/")
        if len(parts) == 1:
            m = _MODULE_FILE.match(parts[0])
            if m and m.group(1) != "__init__":
                out.setdefault(m.group(1), (entry.path, False))
        elif re.match(r"^[A-Za-z_]\w*$", parts[0]) and _MODULE_FILE.match(parts[-1]) \
                and parts[0] != "__pycache__":
            out.setdefault(parts[0], (root + parts[0] + "/", True))
    return out


@file_detector("shadowing")
def shadowing(ctx: FileContext) -> Iterator[Hit]:
    content = ctx.content
    critical = _critical_names(ctx.policy.trusted_modules)
    installed = installed_modules()
    stdlib = sys.stdlib_module_names
    roots = code_roots(content)
    for root in roots:
        # Only root-level code is on the path for a plain folder; `custom/` folders count everywhere.
        for name, (path, folder) in sorted(top_names(content, root).items()):
            what = "package" if folder else "module"
            if name == EARLY_IMPORT:
                yield Hit("shadowing.early-import", path, details={"name": name})
            elif name in critical:
                yield Hit("shadowing.critical-module", path, details={"name": name, "what": what})
            elif (name in stdlib or name in installed) and name not in GENERIC:
                yield Hit("shadowing.installed-module", path, details={"name": name, "what": what})
    for folder in script_folders(content, roots):
        # Only where a script is run from there: a reviewer decides (a package's `utils/logging.py` is common).
        for name, (path, is_folder) in sorted(top_names(content, folder).items()):
            if (name in critical or name in stdlib or name in installed) and name not in GENERIC:
                yield Hit("shadowing.installed-module", path, details={"name": name,
                                                                       "what": "package" if is_folder else "module"})
    for entry in content.files:
        if entry.path.lower().endswith(".pth"):
            data = content.data.get(entry.path)
            if data is not None and b"\x00" not in data[:4096] and _PTH_CODE.search(data):
                yield Hit("shadowing.critical-module", entry.path, details={"name": entry.path.rsplit("/", 1)[-1],
                                                                           "what": "site hook (.pth)"})
