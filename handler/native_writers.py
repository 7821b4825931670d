"""Writers that open their files in native code, made visible to the process guard.

`torch.save` hands a str path to C++ (torch/serialization.py: `_open_zipfile_writer_file`
builds `torch._C.PyTorchFileWriter(name)`), safetensors writes from Rust, TensorBoard's
writer goes through TensorFlow's file system when TensorFlow is installed, and imageio writes
video through pyav's libav: none of them
raises the `open` audit event the guard judges writes by. This module wraps each such
function, as its module is first imported, so that it raises `jobgate.native_write` with its
destination before the native code runs; the guard's hook judges that event as it judges
`open` for writing (handler/guard.py). The static gate leaves a destination known only at
run time to the guard only for writers listed here; other native writers are `native_io`
in the catalogue and must be proven (docs/catalogue.md).

Standard library only: a trainer process installs it at interpreter start-up, before
the job imports torch. The originals stay reachable only through interpreter internals
(`__closure__`), which the static gate reports.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import sys

EVENT = "jobgate.native_write"
SPAWN_EVENT = "jobgate.spawn"
# multiprocessing starts its spawn and forkserver children and its resource tracker with
# _posixsubprocess.fork_exec (multiprocessing/util.py: spawnv_passfds, called from popen_spawn_posix,
# forkserver and resource_tracker), which raises no audit event: torch's
# DataLoader(multiprocessing_context="spawn") runs the job's dataset in such a child. The wrapper
# raises SPAWN_EVENT (path, argv, env) first, which the guard judges as os.posix_spawn's.
STARTERS = {"multiprocessing.util": "spawnv_passfds"}

# module -> {function or Class.method: (position, keyword) of the destination}
WRITERS: dict[str, dict[str, tuple[int, str]]] = {
    "torch.serialization": {"save": (1, "f")},
    "safetensors.torch": {"save_file": (1, "filename"), "save_model": (1, "filename")},
    "safetensors.numpy": {"save_file": (1, "filename")},
    # The event-file writer SummaryWriter builds, with the folder it settled on; `self` is position 0.
    "torch.utils.tensorboard.writer": {"FileWriter.__init__": (1, "log_dir")},
    # imageio encodes video through pyav (libav opens the file in C) or an ffmpeg process; imageio's
    # mimsave/imsave (and the top-level names) are these functions (imageio/v2.py).
    "imageio.v2": {"imwrite": (0, "uri"), "mimwrite": (0, "uri"), "volwrite": (0, "uri"), "mvolwrite": (0, "uri")},
}


def _destination(args: tuple, kwargs: dict, where: tuple[int, str]) -> tuple[tuple, dict, str | None]:
    """(args, kwargs, path) with the destination read once and handed on as that plain str: a
    PathLike's `__fspath__` (or a str subclass's methods) may answer the guard one path and the
    native writer, which reads it again, another (`outputs/w.safetensors`, then a `.pth` in
    site-packages). None when it is a file object, which writes in Python."""
    position, keyword = where
    if keyword in kwargs:
        value = kwargs[keyword]
    elif len(args) > position:
        value = args[position]
    else:
        return args, kwargs, None
    if not isinstance(value, (str, bytes, os.PathLike)):
        return args, kwargs, None
    raw = os.fspath(value)
    encoding, errors = sys.getfilesystemencoding(), sys.getfilesystemencodeerrors()
    # the base classes' own methods, never a subclass's: a plain str of the very characters
    path = bytes.decode(raw, encoding, errors) if isinstance(raw, bytes) else \
        bytes.decode(str.encode(raw, encoding, errors), encoding, errors)
    if keyword in kwargs:
        kwargs = {**kwargs, keyword: path}
    else:
        args = (*args[:position], path, *args[position + 1:])
    return args, kwargs, path


def _wrap(original, where: tuple[int, str]):
    def native_writer(*args, **kwargs):
        args, kwargs, dest = _destination(args, kwargs, where)
        if dest is not None:
            sys.audit(EVENT, dest)
        return original(*args, **kwargs)

    # Not functools.wraps: it would hand the original out as __wrapped__.
    for attr in ("__name__", "__qualname__", "__doc__", "__module__"):
        setattr(native_writer, attr, getattr(original, attr, None))
    return native_writer


def _announce_spawn(original):
    def announced_spawnv_passfds(path, args, passfds):
        args = list(args)
        sys.audit(SPAWN_EVENT, path, args, None)
        return original(path, args, passfds)

    return announced_spawnv_passfds


def _patch(module) -> None:
    starter = STARTERS.get(module.__name__)
    original = getattr(module, starter, None) if starter else None
    if original is not None and original.__name__ == starter:
        _replace(original, _announce_spawn(original), module, starter)
    for dotted, where in WRITERS.get(module.__name__, {}).items():
        owner_name, _, attr = dotted.rpartition(".")
        owner = getattr(module, owner_name) if owner_name else module
        original = getattr(owner, attr, None)
        if original is None or original.__name__ == "native_writer":
            continue
        _replace(original, _wrap(original, where), owner, attr)


def _replace(original, wrapper, owner, attr: str) -> None:
    setattr(owner, attr, wrapper)
    # Names bound before the patch (`from torch.serialization import save` in a module
    # imported already) point at the wrapper too.
    for other in list(sys.modules.values()):
        names = getattr(other, "__dict__", None)
        if not isinstance(names, dict):
            continue
        for name, value in list(names.items()):
            if value is original:
                setattr(other, name, wrapper)


class _Loader(importlib.abc.Loader):
    def __init__(self, loader):
        self.loader = loader

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        self.loader.exec_module(module)
        _patch(module)

    def __getattr__(self, name):  # get_source, get_resource_reader, is_package: the real loader's
        return getattr(self.loader, name)


class _Finder(importlib.abc.MetaPathFinder):
    """Finds the listed modules through the other finders and patches them once executed."""

    def find_spec(self, fullname, path, target=None):
        if fullname not in WRITERS and fullname not in STARTERS:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _Loader(spec.loader)
                return spec
        return None


def install() -> None:
    """Patch the listed modules already imported, and the others as they are imported."""
    if not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder())
    for name in (*WRITERS, *STARTERS):
        module = sys.modules.get(name)
        if module is not None:
            _patch(module)
