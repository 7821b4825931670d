"""Paths: where job code reads, writes, copies and unpickles.

Rules about files need to know *which* path a call touches. `PathFolder`
evaluates a path expression to the set of strings it may be, following the
resolver's bindings (assignment chains, parameters' defaults, `self.x`,
functions' returns) and folding what path code is made of:
`os.path.join`, `pathlib.Path(a) / b`, f-strings, `+`, `expanduser`,
`Path.home()`, `os.environ.get("X", default)`, `tempfile.mkdtemp()`.
Parts it cannot fold read as `?`; symbolic roots are kept:

- `~` the home directory (`Path.home()`, `expanduser`, `$HOME`);
- `${NAME}` an environment variable (its default, if any, is another candidate);
- `<tmp>` a temporary directory (`tempfile.*`, `$TMPDIR`);
- `<data>` an unknown value whose name says it is the data root (`data_dir`).

Four detectors use it:
- `file-exfiltration`: copies, archives, symlinks and writes whose source is
  the site's data or whose destination is a network mount, share or a place
  outside the job (home, /root, /dev/shm, system folders);
- `credential-files`: files holding credentials (ssh keys, cloud and registry
  logins, /etc/shadow, the NVFlare startup kit's private key), read through
  any path-taking call or named by a string in the code;
- `environ-dump`: the whole process environment copied, iterated or handed on
  (one variable read by name is normal and stays clean);
- `unsafe-deserialization`: pickle-family loads, `torch.load` without
  `weights_only=True`, `np.load(allow_pickle=True)`, unsafe YAML loaders,
  `jsonpickle`: critical when the bytes come from the network, the FL message
  or an unknown place; reviewer-worthy when they come from a known local path
  (a `torch.load` of a local path that says nothing about `weights_only` is a
  rule of its own, medium: torch >= 2.6 defaults to weights only).

No detector walks the tree except `credential-files`, and only when a cheap
regex over the source finds a credential-like name.
"""

from __future__ import annotations

import functools

import re
from typing import Iterable, Iterator

import libcst as cst

from ..resolve import Const, FuncRef, Resolver, Scope, Iterated, children, dotted
from . import Hit, PythonContext, python_detector

MAX_PATHS = 16
MAX_DEPTH = 14
UNKNOWN = "?"

# ---- folding ------------------------------------------------------------------

_JOIN = frozenset({"os.path.join", "posixpath.join", "ntpath.join", "pathlib.Path", "pathlib.PurePath",
                   "pathlib.PosixPath", "pathlib.PurePosixPath", "pathlib.WindowsPath", "pathlib.PureWindowsPath",
                   "os.path.join()", "pathlib.Path.joinpath"})
_SAME = frozenset({"os.path.expanduser", "os.path.expandvars", "os.path.abspath", "os.path.realpath",
                   "os.path.normpath", "os.fspath", "builtins.str", "os.path.normcase", "os.fsdecode",
                   "os.fsencode", "builtins.bytes"})
_PATH_SAME_METHODS = frozenset({"expanduser", "resolve", "absolute", "as_posix", "__str__", "__fspath__"})
_ENV_GET = frozenset({"os.environ.get", "os.getenv", "os.environ.setdefault", "os.environ.pop", "os.getenvb",
                      "os.environb.get"})
_TMP = frozenset({"tempfile.mkdtemp", "tempfile.gettempdir", "tempfile.TemporaryDirectory",
                  "tempfile.NamedTemporaryFile", "tempfile.TemporaryFile", "tempfile.SpooledTemporaryFile",
                  "tempfile.gettempdirb", "tempfile.mktemp", "tempfile.TemporaryDirectory().name",
                  "tempfile.NamedTemporaryFile().name", "tempfile.tempdir"})
_HOME = frozenset({"pathlib.Path.home", "pathlib.PosixPath.home", "os.path.expanduser"})
_CWD = frozenset({"os.getcwd", "pathlib.Path.cwd", "os.curdir"})
_GLOBS = frozenset({"glob.glob", "glob.iglob"})
_ENVIRON = frozenset({"os.environ", "os.environb", "posix.environ", "nt.environ"})
_DATA_NAME = re.compile(r"(?i)(^|[._])(data_?(root|dir|path|folder|home|base)|dataset_?(root|dir|path|folder)?|"
                        r"raw_?data|site_?data|patient_?data)$")
_DATA_ENV = re.compile(r"(?i)DATA|DATASET")


def _join(parts: list[frozenset]) -> frozenset:
    out = {""}
    for options in parts:
        nxt = set()
        for base in out:
            for p in options:
                if base == "" or p.startswith(("/", "~", "${", "<tmp>", "<data>", "\\\\")) or "://" in p:
                    nxt.add(p)
                elif base.endswith("/"):
                    nxt.add(base + p)
                else:
                    nxt.add(base + "/" + p)
                if len(nxt) >= MAX_PATHS:
                    break
        out = nxt
    return frozenset(out)


def _concat(parts: list[frozenset]) -> frozenset:
    out = {""}
    for options in parts:
        out = {a + b for a in out for b in options}
        if len(out) > MAX_PATHS:
            out = set(list(out)[:MAX_PATHS])
    return frozenset(out)


def _dirname(paths: frozenset) -> frozenset:
    return frozenset(p.rsplit("/", 1)[0] if "/" in p.rstrip("/") else UNKNOWN for p in paths)


def _arg(call: cst.Call, index: int | None, keyword: str | None = None) -> cst.BaseExpression | None:
    if keyword is not None:
        for a in call.args:
            if a.keyword is not None and a.keyword.value == keyword:
                return a.value
    if index is None:
        return None
    positional = [a for a in call.args if a.keyword is None]
    if index < len(positional) and not any(a.star for a in positional[: index + 1]):
        return positional[index].value
    return None


def _positional(call: cst.Call) -> list[cst.BaseExpression]:
    out = []
    for a in call.args:
        if a.keyword is not None or a.star:
            break
        out.append(a.value)
    return out


class PathFolder:
    """Folds path expressions of one module (memoised; one per resolver)."""

    def __init__(self, resolver: Resolver):
        self.r = resolver
        self._memo: dict[tuple[int, int], frozenset] = {}
        self._active: set[tuple[int, int]] = set()
        self._names: dict[int, frozenset] = {}

    @classmethod
    def of(cls, resolver: Resolver) -> "PathFolder":
        folder = getattr(resolver, "_jobgate_paths", None)
        if folder is None:
            folder = cls(resolver)
            resolver._jobgate_paths = folder  # type: ignore[attr-defined]
        return folder

    # -- bindings, read without evaluating
    def raw(self, name: str, scope: Scope) -> set | None:
        s = self.r.root if name in scope.globals else scope
        while s is not None:
            if name in s.bindings and not (s.is_class and s is not scope):
                return s.bindings[name]
            s = s.parent
        return None

    def bound(self, node: cst.BaseExpression, scope: Scope) -> list[tuple[object, Scope]]:
        """The expressions a Name or `self.x` may hold: (node, scope) pairs."""
        items: Iterable = ()
        if isinstance(node, cst.Name):
            items = self.raw(node.value, scope) or ()
        elif isinstance(node, cst.Attribute):
            key = dotted(node)
            if key is not None:
                head, _, rest = key.partition(".")
                items = set(self.r.attr_bindings.get("self." + rest if head in ("self", "cls") else key, ()))
                if head in ("self", "cls") and "." not in rest:
                    # A class attribute (`dest = "/mnt/x"` in the class body) read as self.dest in a method.
                    s = scope
                    while s is not None and not s.is_class:
                        s = s.parent
                    if s is not None:
                        items |= set(s.bindings.get(rest, ()))
        return [i for i in items if isinstance(i, tuple)]

    def call_names(self, call: cst.Call, scope: Scope) -> set[str]:
        return self.r.names(call.func, scope)

    # -- folding
    def fold(self, node: object, scope: Scope, depth: int = 0) -> frozenset:
        if node is None:
            return frozenset({UNKNOWN})
        key = (id(node), id(scope))
        memo = self._memo.get(key)
        if memo is not None:
            return memo
        if key in self._active or depth > MAX_DEPTH:
            return frozenset({UNKNOWN})
        self._active.add(key)
        try:
            result = self._fold(node, scope, depth + 1)
        finally:
            self._active.discard(key)
        if not result:
            result = frozenset({UNKNOWN})
        if len(result) > MAX_PATHS:
            result = frozenset(sorted(result)[:MAX_PATHS])
        self._memo[key] = result
        return result

    def _consts(self, node: cst.BaseExpression, scope: Scope) -> frozenset:
        out = set()
        for c in self.r.constants(node, scope):
            if isinstance(c, bytes):
                c = c.decode("utf-8", "replace")
            if isinstance(c, (str, int)) and not isinstance(c, bool):
                out.add(str(c))
        return frozenset(out)

    def _unknown(self, node: object) -> frozenset:
        name = dotted(node) if isinstance(node, cst.CSTNode) else None
        if name is not None and _DATA_NAME.search(name):
            return frozenset({"<data>"})
        return frozenset({UNKNOWN})

    def _fold(self, node: object, scope: Scope, depth: int) -> frozenset:
        if isinstance(node, Iterated):
            return self.elements(node.iter, scope, depth)
        if isinstance(node, (cst.SimpleString, cst.ConcatenatedString, cst.Integer)):
            return self._consts(node, scope)
        if isinstance(node, cst.FormattedString):
            parts = []
            for part in node.parts:
                if isinstance(part, cst.FormattedStringText):
                    parts.append(frozenset({part.value}))
                else:
                    parts.append(self.fold(part.expression, scope, depth))
            return _concat(parts)
        if isinstance(node, cst.Name):
            if node.value in ("True", "False", "None"):
                return frozenset({UNKNOWN})
            items = self.bound(node, scope)
            if not items:
                return self._unknown(node)
            return self._union(items, depth)
        if isinstance(node, cst.Attribute):
            return self._attribute(node, scope, depth)
        if isinstance(node, cst.Call):
            return self._call(node, scope, depth)
        if isinstance(node, cst.Subscript):
            return self._subscript(node, scope, depth)
        if isinstance(node, cst.BinaryOperation):
            if isinstance(node.operator, cst.Divide):
                return _join([self.fold(node.left, scope, depth), self.fold(node.right, scope, depth)])
            if isinstance(node.operator, cst.Add):
                if self._is_sequence(node.left, scope) or self._is_sequence(node.right, scope):
                    return self.elements(node.left, scope, depth) | self.elements(node.right, scope, depth)
                return _concat([self.fold(node.left, scope, depth), self.fold(node.right, scope, depth)])
            consts = self._consts(node, scope)
            return consts or frozenset({UNKNOWN})
        if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
            out: set = set()
            for el in node.elements:
                out |= self.fold(el.value, scope, depth)
            return frozenset(out)
        if isinstance(node, cst.IfExp):
            return self.fold(node.body, scope, depth) | self.fold(node.orelse, scope, depth)
        if isinstance(node, cst.BooleanOperation):
            return self.fold(node.left, scope, depth) | self.fold(node.right, scope, depth)
        if isinstance(node, (cst.Await, cst.NamedExpr)):
            return self.fold(node.value, scope, depth)
        return frozenset({UNKNOWN})

    def _is_sequence(self, node: cst.BaseExpression, scope: Scope) -> bool:
        """`[a, b] + glob.glob(c)`: a list, not a string being built."""
        if isinstance(node, (cst.List, cst.Tuple, cst.ListComp)):
            return True
        if isinstance(node, cst.Call):
            return bool(self.call_names(node, scope) & (_GLOBS | {"os.listdir", "builtins.list", "builtins.sorted"}))
        if isinstance(node, cst.Name):
            return any(isinstance(v, (cst.List, cst.Tuple, cst.ListComp)) for v, _ in self.bound(node, scope)
                       if isinstance(v, cst.CSTNode))
        return False

    def _union(self, items: Iterable[tuple[object, Scope]], depth: int) -> frozenset:
        out: set = set()
        for value, sc in items:
            out |= self.fold(value, sc, depth)
            if len(out) >= MAX_PATHS:
                break
        return frozenset(out)

    def elements(self, node: cst.BaseExpression, scope: Scope, depth: int = 0) -> frozenset:
        """What iterating `node` yields, as paths: a list's items, a glob's pattern."""
        if isinstance(node, cst.Call):
            names = self.call_names(node, scope)
            if names & _GLOBS:
                return self.fold(_arg(node, 0, "pathname"), scope, depth)
            if isinstance(node.func, cst.Attribute) and node.func.attr.value in ("glob", "rglob", "iterdir"):
                return _join([self.fold(node.func.value, scope, depth), frozenset({"*"})])
            if names & {"builtins.sorted", "builtins.list", "builtins.reversed", "builtins.set", "builtins.tuple"}:
                inner = _arg(node, 0)
                return self.elements(inner, scope, depth) if inner is not None else frozenset({UNKNOWN})
            return frozenset({UNKNOWN})
        return self.fold(node, scope, depth)

    def _attribute(self, node: cst.Attribute, scope: Scope, depth: int) -> frozenset:
        names = self.r.names(node, scope)
        if names & _TMP:
            return frozenset({"<tmp>"})
        if names & {"os.curdir"}:
            return frozenset({"."})
        attr = node.attr.value
        if attr in ("name",) and self.r.names(node.value, scope) & {"tempfile.TemporaryDirectory()",
                                                                     "tempfile.NamedTemporaryFile()"}:
            return frozenset({"<tmp>"})
        if attr == "parent":
            return _dirname(self.fold(node.value, scope, depth))
        items = self.bound(node, scope)
        if items:
            return self._union(items, depth)
        consts = self._consts(node, scope)
        return consts or self._unknown(node)

    def _env(self, call: cst.Call, scope: Scope, depth: int) -> frozenset:
        key = _arg(call, 0, "key")
        default = _arg(call, 1, "default")
        out: set = set()
        for k in (self._consts(key, scope) if key is not None else ()):
            out.add(_env_marker(k))
        if not out:
            out.add("${?}")
        if default is not None:
            out |= self.fold(default, scope, depth)
        return frozenset(out)

    def _call(self, call: cst.Call, scope: Scope, depth: int) -> frozenset:
        names = self.call_names(call, scope)
        func = call.func
        method = func.attr.value if isinstance(func, cst.Attribute) else None
        if names & _ENV_GET:
            return self._env(call, scope, depth)
        if names & _TMP:
            return frozenset({"<tmp>"})
        if names & _CWD:
            return frozenset({"."})
        if names & {"pathlib.Path.home", "pathlib.PosixPath.home"}:
            return frozenset({"~"})
        if names & _JOIN:
            parts = [self.fold(a, scope, depth) for a in _positional(call)]
            if any(a.star for a in call.args):
                parts.append(frozenset({UNKNOWN}))
            return _join(parts) if parts else frozenset({"."})
        if names & _SAME:
            inner = _arg(call, 0)
            return self.fold(inner, scope, depth) if inner is not None else frozenset({UNKNOWN})
        if names & {"os.path.dirname"}:
            return _dirname(self.fold(_arg(call, 0), scope, depth))
        if names & _GLOBS:
            return self.fold(_arg(call, 0, "pathname"), scope, depth)
        funcs = [v for v in self.r.values(func, scope) if isinstance(v, FuncRef)]
        if funcs:
            out: set = set()
            for f in funcs:
                out |= self._union(self.r.returns.get(id(f.node), ()), depth)
            if out:
                return frozenset(out)
        if method is not None:
            if method in ("joinpath", "__truediv__"):
                return _join([self.fold(func.value, scope, depth)] + [self.fold(a, scope, depth) for a in _positional(call)])
            if method in _PATH_SAME_METHODS and not call.args:
                return self.fold(func.value, scope, depth)
            if method in ("with_name", "with_suffix", "with_stem"):
                return _join([_dirname(self.fold(func.value, scope, depth)), frozenset({UNKNOWN})])
        consts = self._consts(call, scope)
        return consts or frozenset({UNKNOWN})

    def _subscript(self, node: cst.Subscript, scope: Scope, depth: int) -> frozenset:
        base = self.r.names(node.value, scope)
        if base & _ENVIRON and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
            keys = self._consts(node.slice[0].slice.value, scope)
            return frozenset(_env_marker(k) for k in keys) or frozenset({"${?}"})
        consts = self._consts(node, scope)
        return consts or self._unknown(node)


def _env_marker(name: str) -> str:
    if name in ("HOME", "USERPROFILE"):
        return "~"
    if name in ("TMPDIR", "TEMP", "TMP"):
        return "<tmp>"
    return "${" + name + "}"


# ---- what a path is -------------------------------------------------------------

_NETWORK = re.compile(r"^((/mnt|/media|/net|/Volumes|/nfs|/afs|/cifs|/smb|/run/media|/var/www|/srv/www|/srv/http|"
                      r"/srv/ftp|/var/ftp)(/|$)|//[^/]|\\\\|(smb|nfs|cifs|afp|webdav|davs?|ftp|sftp|scp)://)",
                      re.IGNORECASE)
_OUTSIDE = re.compile(r"^(~|/home|/root|/dev/shm|/var/tmp|/etc|/usr|/opt|/var|/srv|/boot|/lib|/lib64|/bin|/sbin|"
                      r"/proc|/sys|/run)(/|$)")
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_DATA_CONST = re.compile(r"^/(data|datasets?|srv/data|mnt/data)(/|$)")


def is_network(p: str) -> bool:
    return _NETWORK.search(p) is not None


def is_outside(p: str) -> bool:
    return _OUTSIDE.search(p) is not None


def is_tmp(p: str) -> bool:
    return p.startswith(("<tmp>", "/tmp/")) or p == "/tmp"


def is_local(p: str) -> bool:
    """In the job's workspace (a relative path) or scratch (/tmp, tempfile)."""
    if is_tmp(p):
        return True
    return not p.startswith(("/", "~", UNKNOWN, "${", "<data>", "\\")) and not _URL.search(p)


def is_env(p: str) -> bool:
    return p.startswith("${")


def data_root_of(p: str) -> str | None:
    """The data root a path is in ("${DATA_ROOT}", "/data"), or None."""
    if p.startswith("<data>"):
        return "<data>"
    if p.startswith("${"):
        name = p[2: p.find("}")] if "}" in p else ""
        return "${" + name + "}" if _DATA_ENV.search(name) else None
    m = _DATA_CONST.search(p)
    return p[: m.end()].rstrip("/") if m else None


def is_data_root(p: str) -> bool:
    """The data root itself (or everything in it), not one file inside."""
    root = data_root_of(p)
    if root is None:
        return False
    rest = p[len(root):].strip("/")
    return rest in ("", "*", "**", "**/*", ".", "?")


# ---- file-exfiltration -------------------------------------------------------------

# name -> ((src index, src keyword), (dst index, dst keyword), whole-tree)
_COPIES: dict[str, tuple] = {
    "shutil.copy": ((0, "src"), (1, "dst"), False),
    "shutil.copy2": ((0, "src"), (1, "dst"), False),
    "shutil.copyfile": ((0, "src"), (1, "dst"), False),
    "shutil.copytree": ((0, "src"), (1, "dst"), True),
    "shutil.move": ((0, "src"), (1, "dst"), False),
    "os.rename": ((0, "src"), (1, "dst"), False),
    "os.renames": ((0, "old"), (1, "new"), False),
    "os.replace": ((0, "src"), (1, "dst"), False),
    "os.link": ((0, "src"), (1, "dst"), False),
    "os.symlink": ((0, "src"), (1, "dst"), False),
    "distutils.dir_util.copy_tree": ((0, "src"), (1, "dst"), True),
    "distutils.file_util.copy_file": ((0, "src"), (1, "dst"), False),
    "setuptools.distutils.dir_util.copy_tree": ((0, "src"), (1, "dst"), True),
}
_SYMLINKS = frozenset({"os.symlink", "os.link"})
# Path(src).<method>(dst)
_PATH_COPY_METHODS = frozenset({"rename", "replace", "copy", "copy_into", "move", "move_into"})
_PATH_LINK_METHODS = frozenset({"symlink_to", "hardlink_to", "link_to"})  # Path(link).symlink_to(target)
_PATH_WRITE_METHODS = frozenset({"write_text", "write_bytes", "touch"})
# name -> (dst index, dst keyword, mode index, mode keyword)
_WRITERS: dict[str, tuple] = {
    "builtins.open": (0, "file", 1, "mode"),
    "io.open": (0, "file", 1, "mode"),
    "codecs.open": (0, "filename", 1, "mode"),
    "os.open": (0, "path", None, None),
    "gzip.open": (0, "filename", 1, "mode"),
    "bz2.open": (0, "filename", 1, "mode"),
    "lzma.open": (0, "filename", 1, "mode"),
    "tarfile.open": (0, "name", 1, "mode"),
    "tarfile.TarFile": (0, "name", 1, "mode"),
    "zipfile.ZipFile": (0, "file", 1, "mode"),
    "h5py.File": (0, "name", 1, "mode"),
    "torch.save": (1, "f", None, None),
    "numpy.save": (0, "file", None, None),
    "numpy.savez": (0, "file", None, None),
    "numpy.savez_compressed": (0, "file", None, None),
    "numpy.savetxt": (0, "fname", None, None),
    "joblib.dump": (1, "filename", None, None),
    "pickle.dump": (1, "file", None, None),
    "json.dump": (1, "fp", None, None),
    "yaml.dump": (1, "stream", None, None),
    "yaml.safe_dump": (1, "stream", None, None),
    "logging.FileHandler": (0, "filename", 1, "mode"),
    "logging.handlers.RotatingFileHandler": (0, "filename", 1, "mode"),
    "logging.handlers.TimedRotatingFileHandler": (0, "filename", None, None),
    "logging.handlers.WatchedFileHandler": (0, "filename", 1, "mode"),
    "logging.basicConfig": (None, "filename", None, "filemode"),
    "sqlite3.connect": (0, "database", None, None),
    "shutil.make_archive": (0, "base_name", None, None),
    "torch.utils.tensorboard.SummaryWriter": (0, "log_dir", None, None),
    "tensorboardX.SummaryWriter": (0, "logdir", None, None),
    "matplotlib.pyplot.savefig": (0, "fname", None, None),
    "urllib.request.urlretrieve": (1, "filename", None, None),
}
# x.<method>(dst, ...) on objects the gate cannot name (DataFrames, models, images).
_WRITE_METHODS = frozenset({"to_csv", "to_parquet", "to_pickle", "to_json", "to_excel", "to_feather", "to_hdf",
                            "to_netcdf", "to_sql", "tofile", "savefig", "save_pretrained", "save_model", "save",
                            "write_csv", "write_parquet", "extractall", "extract"})
_DEFAULT_MODE_READ = {"builtins.open", "io.open", "codecs.open", "gzip.open", "bz2.open", "lzma.open",
                      "tarfile.open", "tarfile.TarFile", "zipfile.ZipFile", "h5py.File"}
# archive members added: tar.add(path) / zip.write(path)
_ARCHIVE_ADD = frozenset({"tarfile.open().add", "tarfile.TarFile().add", "tarfile.open().addfile",
                          "zipfile.ZipFile().write", "tarfile.TarFile.open().add"})


def _mode_writes(folder: PathFolder, call: cst.Call, scope: Scope, index, keyword, name: str) -> bool:
    if index is None and keyword is None:
        return True
    mode = _arg(call, index, keyword)
    if mode is None:
        if any(a.star for a in call.args):
            return True
        return name not in _DEFAULT_MODE_READ
    consts = [c for c in folder.r.constants(mode, scope) if isinstance(c, str)]
    if not consts:
        return True  # a mode the gate cannot read may write
    return any(ch in c for c in consts for ch in "wax+")


def _first(paths: Iterable[str], test) -> str | None:
    for p in sorted(paths):
        if test(p):
            return p
    return None


class _Exfil:
    def __init__(self, ctx: PythonContext):
        self.ctx = ctx
        self.r = ctx.resolver
        self.f = PathFolder.of(ctx.resolver)

    def dest_hits(self, call: cst.Call, dst: frozenset, what: str) -> Iterator[Hit]:
        p = _first(dst, is_network)
        if p is not None:
            yield Hit("file-exfiltration.write-network", self.ctx.path, node=call, details={"name": what, "path": p})
            return
        p = _first(dst, is_outside)
        if p is not None:
            yield Hit("file-exfiltration.write-outside", self.ctx.path, node=call, details={"name": what, "path": p})
            return
        p = _first(dst, is_env)
        # A site-chosen folder with a local default (`os.environ.get("OUT", "/tmp/x")`) is scratch.
        if p is not None and data_root_of(p) is None and not any(is_local(d) for d in dst):
            yield Hit("file-exfiltration.env-path-write", self.ctx.path, node=call, details={"name": what, "path": p})

    def copy_hits(self, call: cst.Call, src: frozenset, dst: frozenset, what: str, whole_tree: bool) -> Iterator[Hit]:
        data = _first(src, lambda p: data_root_of(p) is not None)
        if data is None:
            yield from self.dest_hits(call, dst, what)
            return
        details = {"name": what, "path": data}
        if any(is_network(d) or is_outside(d) for d in dst):
            details["dest"] = _first(dst, lambda d: is_network(d) or is_outside(d))
            yield Hit("file-exfiltration.copy-data-out", self.ctx.path, node=call, details=details)
        elif whole_tree or is_data_root(data):
            yield Hit("file-exfiltration.archive-data", self.ctx.path, node=call, details=details)
        elif not all(is_local(d) for d in dst):
            yield Hit("file-exfiltration.copy-data-unknown", self.ctx.path, node=call, details=details)

    def run(self) -> Iterator[Hit]:
        f = self.f
        for use in self.r.calls:
            call, scope = use.node, use.scope
            names = f.call_names(call, scope)
            method = call.func.attr.value if isinstance(call.func, cst.Attribute) else None
            copy = next((n for n in sorted(names) if n in _COPIES), None)
            if copy is not None:
                (si, sk), (di, dk), tree = _COPIES[copy]
                src, dst = _arg(call, si, sk), _arg(call, di, dk)
                if src is None or dst is None:
                    continue
                yield from self.copy_hits(call, f.fold(src, scope), f.fold(dst, scope), copy, tree)
                if copy in _SYMLINKS:
                    yield Hit("file-exfiltration.symlink", self.ctx.path, node=call, details={"name": copy})
                continue
            if "shutil.make_archive" in names:
                src = frozenset()
                for index, kw in ((2, "root_dir"), (3, "base_dir")):
                    a = _arg(call, index, kw)
                    if a is not None:
                        src |= f.fold(a, scope)
                if not src:
                    src = frozenset({"."})
                dst = f.fold(_arg(call, 0, "base_name"), scope)
                yield from self.copy_hits(call, src, dst, "shutil.make_archive", True)
                continue
            if names & _ARCHIVE_ADD:
                src = f.fold(_arg(call, 0, "name" if "tarfile" in next(iter(names & _ARCHIVE_ADD)) else "filename"), scope)
                data = _first(src, lambda p: data_root_of(p) is not None)
                if data is not None and is_data_root(data):
                    yield Hit("file-exfiltration.archive-data", self.ctx.path, node=call,
                              details={"name": sorted(names & _ARCHIVE_ADD)[0], "path": data})
                continue
            writer = next((n for n in sorted(names) if n in _WRITERS), None)
            if writer is not None:
                di, dk, mi, mk = _WRITERS[writer]
                dst_node = _arg(call, di, dk)
                if dst_node is None or not _mode_writes(f, call, scope, mi, mk, writer):
                    continue
                yield from self.dest_hits(call, f.fold(dst_node, scope), writer)
                continue
            if method is None:
                continue
            if method in _PATH_COPY_METHODS and len(call.args) == 1:
                src = f.fold(call.func.value, scope)
                if all(s == UNKNOWN for s in src) and method == "replace":
                    continue  # str.replace and friends
                yield from self.copy_hits(call, src, f.fold(call.args[0].value, scope), "Path." + method, False)
            elif method in _PATH_LINK_METHODS and call.args:
                link = f.fold(call.func.value, scope)
                yield from self.copy_hits(call, f.fold(call.args[0].value, scope), link, "Path." + method, False)
                yield Hit("file-exfiltration.symlink", self.ctx.path, node=call, details={"name": "Path." + method})
            elif method in _PATH_WRITE_METHODS:
                yield from self.dest_hits(call, f.fold(call.func.value, scope), "Path." + method)
            elif method == "open" and not names & {"builtins.open"}:
                if _mode_writes(f, call, scope, 0, "mode", "builtins.open"):
                    yield from self.dest_hits(call, f.fold(call.func.value, scope), "Path.open")
            elif method in _WRITE_METHODS:
                dst_node = _arg(call, 0, "path") or _arg(call, None, "path_or_buf") or _arg(call, None, "fname")
                if dst_node is None:
                    continue
                dst = f.fold(dst_node, scope)
                # Only clear destinations: an unknown object's method may not write at all.
                if any(is_network(d) or is_outside(d) for d in dst):
                    yield from self.dest_hits(call, dst, "." + method)


@python_detector("file-exfiltration")
def file_exfiltration(ctx: PythonContext) -> Iterator[Hit]:
    yield from _Exfil(ctx).run()


# ---- credential-harvest: files ---------------------------------------------------------

# A string names a credential store: checked on every folded path and on string literals.
_SECRET = re.compile(
    r"(^|[/\\~])\.ssh([/\\]|$)|(^|[/\\])id_(rsa|dsa|ecdsa|ed25519)(\.pub)?$|(^|[/\\~])\.aws([/\\]|$)|"
    r"(^|[/\\~])[._]netrc$|\.docker[/\\]config\.json|(^|[/\\~])\.kube([/\\]|$)|\.git-credentials|"
    r"(^|[/\\~])\.pgpass$|(^|[/\\~])\.my\.cnf$|^/etc/(passwd|shadow|gshadow|master\.passwd|sudoers)$|"
    r"/var/run/secrets|/run/secrets|serviceaccount/token|application_default_credentials\.json|"
    r"\.config[/\\]gcloud|(^|[/\\~])\.azure([/\\]|$)|(^|[/\\~])\.gnupg([/\\]|$)|\.password-store|"
    r"(^|[/\\~])\.pypirc$|(^|[/\\~])\.boto$|(^|[/\\~])\.(bash|zsh|python|psql|mysql)_history$|"
    r"(^|[/\\~])\.vault-token$|(^|[/\\~])\.npmrc$|\.local[/\\]share[/\\]keyrings|Library[/\\]Keychains|"
    r"\.mozilla[/\\]firefox|google-chrome|chromium|(^|[/\\])(Login Data|Cookies|key[34]\.db|logins\.json|cookies\.sqlite)$|"
    r"(^|[/\\])startup[/\\].*\.key$|(^|[/\\])rootCA\.key$|\*\.(pem|key|p12|pfx)$|"
    r"(^|[/\\])[\w.-]+\.(key|p12|pfx|jks|keystore|ppk)$|"
    # a public key (`public_key.pem`, `server_pubkey.pem`) verifies signatures: not a secret
    r"(^|[/\\])(?![\w.-]*pub)[\w.-]*(key|priv|secret|id_)[\w.-]*\.pem$",
    re.IGNORECASE)
# Source pre-check (a superset): only files that name something like that get their strings read.
_SECRET_SOURCE = re.compile(
    r"\.ssh|id_(rsa|dsa|ecdsa|ed25519)|\.aws|netrc|\.docker|\.kube|git-credentials|pgpass|\.my\.cnf|"
    r"/etc/(passwd|shadow|gshadow|master|sudoers)|secrets|serviceaccount|application_default|gcloud|\.azure|"
    r"gnupg|password-store|pypirc|\.boto|_history|vault-token|npmrc|keyrings|Keychains|mozilla|chrome|chromium|"
    r"Login Data|Cookies|key[34]\.db|logins\.json|cookies\.sqlite|\.(pem|key|p12|pfx|jks|keystore|ppk)\b",
    re.IGNORECASE)

# Calls that take a path to read, list, copy or test: (index, keyword).
_PATH_ARGS: dict[str, tuple] = {
    **{n: (0, "file") for n in ("builtins.open", "io.open", "codecs.open", "os.open", "gzip.open")},
    "configparser.ConfigParser().read": (0, "filenames"),
    "configparser.RawConfigParser().read": (0, "filenames"),
    "netrc.netrc": (0, "file"),
    "glob.glob": (0, "pathname"), "glob.iglob": (0, "pathname"),
    "os.listdir": (0, "path"), "os.scandir": (0, "path"), "os.walk": (0, "top"),
    "os.path.exists": (0, "path"), "os.path.isfile": (0, "path"), "os.path.isdir": (0, "path"),
    "os.path.getsize": (0, "filename"), "os.stat": (0, "path"), "os.access": (0, "path"),
    "shutil.copy": (0, "src"), "shutil.copy2": (0, "src"), "shutil.copyfile": (0, "src"),
    "shutil.copytree": (0, "src"), "shutil.move": (0, "src"), "os.symlink": (0, "src"), "os.link": (0, "src"),
    "shutil.make_archive": (2, "root_dir"),
    "numpy.loadtxt": (0, "fname"), "numpy.genfromtxt": (0, "fname"), "numpy.fromfile": (0, "file"),
    "pandas.read_csv": (0, "filepath_or_buffer"), "pandas.read_table": (0, "filepath_or_buffer"),
    "pandas.read_json": (0, "path_or_buf"),
    "linecache.getlines": (0, "filename"), "linecache.getline": (0, "filename"),
    "fileinput.input": (0, "files"),
    "paramiko.RSAKey.from_private_key_file": (0, "filename"),
    "cryptography.hazmat.primitives.serialization.load_pem_private_key": (0, "data"),
    "tarfile.open().add": (0, "name"), "zipfile.ZipFile().write": (0, "filename"),
    "pathlib.Path": (0, None), "pathlib.PosixPath": (0, None),
}
_PATH_READ_METHODS = frozenset({"read_text", "read_bytes", "open", "exists", "is_file", "is_dir", "iterdir",
                                "glob", "rglob", "stat"})


@python_detector("credential-files")
def credential_files(ctx: PythonContext) -> Iterator[Hit]:
    r = ctx.resolver
    f = PathFolder.of(r)
    seen: set[int] = set()
    for use in r.calls:
        call, scope = use.node, use.scope
        names = f.call_names(call, scope)
        target = None
        for n in names:
            spec = _PATH_ARGS.get(n)
            if spec is not None:
                target = _arg(call, spec[0], spec[1])
                break
        if target is None and isinstance(call.func, cst.Attribute) and call.func.attr.value in _PATH_READ_METHODS \
                and not names & {"builtins.open"}:
            target = call.func.value
        if target is None:
            continue
        hit = _first(f.elements(target, scope) | f.fold(target, scope), lambda p: _SECRET.search(p) is not None)
        if hit is not None:
            seen.add(id(call))
            yield Hit("credential-harvest.secret-file", ctx.path, node=call,
                      details={"name": sorted(names)[0] if names else call.func.attr.value, "path": hit})
    if not _names_secret(ctx.source):
        return
    for node in _strings(ctx.module):
        if isinstance(node, cst.FormattedString):
            value = "".join(p.value if isinstance(p, cst.FormattedStringText) else "?" for p in node.parts)
        else:
            try:
                value = node.evaluated_value
            except Exception:  # noqa: BLE001 - a literal that does not evaluate names nothing
                continue
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        if not isinstance(value, str) or len(value) > 400:
            continue
        m = _secret_in_text(value)
        if m is not None:
            yield Hit("credential-harvest.secret-path", ctx.path, node=node, details={"name": m})


_QUOTED = re.compile("(" + "|".join([
    "'''[\\s\\S]*?'''",
    '"""[\\s\\S]*?"""',
    r"'[^'\n\\]*(?:\\.[^'\n\\]*)*'",
    r'"[^"\n\\]*(?:\\.[^"\n\\]*)*"',
]) + ")")


# Lower-case words one of which any credential name contains (plain `in` tests: much faster than a regex).
_SECRET_WORDS = (".ssh", "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", ".aws", "netrc", ".docker", ".kube",
                 "git-credentials", "pgpass", ".my.cnf", "/etc/", "secrets", "serviceaccount", "application_default",
                 "gcloud", ".azure", "gnupg", "password-store", "pypirc", ".boto", "_history", "vault-token", "npmrc",
                 "keyrings", "keychains", "mozilla", "chrome", "chromium", "login data", "cookies", "key3.db",
                 "key4.db", "logins.json", ".pem", ".key", ".p12", ".pfx", ".jks", ".keystore", ".ppk")


def _names_secret(source: str) -> bool:
    """Cheap pre-check on the source text: some quoted text names a credential store."""
    low = source.lower()
    if not any(w in low for w in _SECRET_WORDS):
        return False
    for m in _QUOTED.finditer(source):
        text = m.group(1)
        low = text.lower()
        if any(w in low for w in _SECRET_WORDS) and _secret_in_text(text.strip("'\"")) is not None:
            return True
    return False


def _secret_in_text(value: str) -> str | None:
    """A credential path named by a string: the whole string, or one word of a command line."""
    for word in [value, *re.split(r"[\s;|&<>'\"=,()]+", value)] if len(value) < 400 else [value]:
        if word and _SECRET.search(word):
            return word
    return None


def _strings(module: cst.Module) -> Iterator[cst.BaseString]:
    """String literals outside docstrings and bare string statements (prose, not code)."""
    stack: list[cst.CSTNode] = [module]
    while stack:
        node = stack.pop()
        if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
            yield node
            continue
        if isinstance(node, cst.FormattedString):
            yield from _fstring_texts(node)
            continue
        if isinstance(node, cst.Expr) and isinstance(node.value, (cst.SimpleString, cst.ConcatenatedString)):
            continue  # a docstring or a bare string statement
        stack.extend(children(node))


def _fstring_texts(node: cst.FormattedString) -> Iterator[cst.BaseString]:
    text = "".join(p.value for p in node.parts if isinstance(p, cst.FormattedStringText))
    if _SECRET_SOURCE.search(text):
        yield node  # the f-string itself is the place
    for part in node.parts:
        if isinstance(part, cst.FormattedStringExpression):
            stack = [part.expression]
            while stack:
                inner = stack.pop()
                if isinstance(inner, (cst.SimpleString, cst.ConcatenatedString)):
                    yield inner
                else:
                    stack.extend(children(inner))


# ---- credential-harvest: the environment ----------------------------------------------

_ENV_WHOLE = frozenset({"os.environ", "os.environb", "posix.environ", "nt.environ", "os.environ.__dict__",
                        "os.environ._data", "os.environ.copy()", "builtins.vars().environ"})
# Methods that hand out every variable. `os.environ.copy()` itself is not one: a copy bound to a name is
# tracked like os.environ (`env = os.environ.copy(); env["X"] = "1"; subprocess.run(..., env=env)` is
# clean, `json.dumps(env)` is not).
_ENV_DUMP_CALL = re.compile(r"^(os\.environb?|posix\.environ|nt\.environ)(\.copy\(\)|\._data|\.__dict__)?\."
                            r"(items|keys|values|__iter__|__repr__|__str__|__reduce__|__reduce_ex__|__getstate__|"
                            r"__copy__|__deepcopy__|__dict__|__format__)$")
_ENV_INNARDS = frozenset({"os.environ.__dict__", "os.environ._data", "os.environb._data"})
# Calls that take the environment as an argument without copying it out.
_ENV_HARMLESS = frozenset({"builtins.len", "builtins.isinstance", "builtins.id", "builtins.type", "builtins.bool",
                           "unittest.mock.patch.dict", "mock.patch.dict", "os.environ.get", "os.getenv",
                           "os.environ.update", "os.environ.setdefault", "os.environ.pop"})
_ENV_HARMLESS_KEYWORDS = frozenset({"env", "environ"})  # subprocess/Popen(env=os.environ): no copy leaves the job


class _Environ:
    def __init__(self, ctx: PythonContext):
        self.ctx = ctx
        self.r = ctx.resolver
        self.f = PathFolder.of(ctx.resolver)

    def whole(self, node: object, scope: Scope, depth: int = 0) -> bool:
        """Whether the value of `node` contains the whole environment."""
        if depth > 4 or node is None:
            return False
        if isinstance(node, (cst.Name, cst.Attribute, cst.Call, cst.Subscript)):
            return bool(self.r.names(node, scope) & _ENV_WHOLE)
        if isinstance(node, cst.Dict):
            for el in node.elements:
                if isinstance(el, cst.StarredDictElement):
                    if self.whole(el.value, scope, depth + 1):
                        return True
                elif self.whole(el.value, scope, depth + 1):
                    return True
            return False
        if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
            return any(self.whole(el.value, scope, depth + 1) for el in node.elements)
        if isinstance(node, cst.FormattedString):
            return any(self.whole(p.expression, scope, depth + 1) for p in node.parts
                       if isinstance(p, cst.FormattedStringExpression))
        if isinstance(node, cst.BinaryOperation):
            return self.whole(node.left, scope, depth + 1) or self.whole(node.right, scope, depth + 1)
        if isinstance(node, (cst.StarredElement, cst.Await)):
            return self.whole(node.value, scope, depth + 1)
        return False

    def _container(self, node: object) -> bool:
        return isinstance(node, (cst.Dict, cst.List, cst.Tuple, cst.Set, cst.FormattedString, cst.BinaryOperation))

    def run(self) -> Iterator[Hit]:
        r = self.r
        for use in r.calls:
            call, scope = use.node, use.scope
            names = self.f.call_names(call, scope)
            dump = {n for n in names if _ENV_DUMP_CALL.match(n)}
            if dump:
                yield Hit("credential-harvest.environ-dump", self.ctx.path, node=call, details={"name": sorted(dump)[0] + "()"})
                continue
            if names & _ENV_HARMLESS or not call.args:
                continue
            for a in call.args:
                if a.keyword is not None and a.keyword.value in _ENV_HARMLESS_KEYWORDS:
                    continue
                if self.whole(a.value, scope):
                    fn = sorted(names)[0] if names else (dotted(call.func) or "a call")
                    yield Hit("credential-harvest.environ-dump", self.ctx.path, node=call,
                              details={"name": f"{fn}(<the whole environment>)"})
                    break
        for use in r.stores:
            # meta["env"] = os.environ / self.cfg = {**os.environ}
            if use.value is None:
                continue
            if isinstance(use.node, cst.Subscript) or self._container(use.value):
                if self.whole(use.value, use.scope):
                    yield Hit("credential-harvest.environ-dump", self.ctx.path, node=use.node,
                              details={"name": "the whole environment stored in a structure"})
        for scope in self._scopes():
            for items in scope.bindings.values():
                for item in items:
                    if not isinstance(item, tuple):
                        continue
                    value, sc = item
                    if isinstance(value, Iterated):
                        if self.whole(value.iter, sc):
                            yield Hit("credential-harvest.environ-dump", self.ctx.path, node=value.iter,
                                      details={"name": "iterates over every environment variable"})
                    elif isinstance(value, (cst.Attribute, cst.Call)) and self.r.names(value, sc) & _ENV_INNARDS:
                        yield Hit("credential-harvest.environ-dump", self.ctx.path, node=value,
                                  details={"name": sorted(self.r.names(value, sc) & _ENV_INNARDS)[0]})
                    elif self._container(value) and self.whole(value, sc):
                        yield Hit("credential-harvest.environ-dump", self.ctx.path, node=value,
                                  details={"name": "copies the whole environment"})
        for items in r.returns.values():
            for value, sc in items:
                if self._container(value) and self.whole(value, sc):
                    yield Hit("credential-harvest.environ-dump", self.ctx.path, node=value,
                              details={"name": "returns the whole environment"})

    def _scopes(self) -> Iterator[Scope]:
        yield self.r.root
        yield from self.r.scope_of.values()


def _names_environ(r: Resolver, use) -> bool:
    names = r.names(use.node.func, use.scope)
    if "builtins.getattr" in names:
        names = names | r.names(use.node, use.scope)
    return any(n.startswith(("os.environ", "posix.environ", "nt.environ")) for n in names)


@python_detector("environ-dump")
def environ_dump(ctx: PythonContext) -> Iterator[Hit]:
    r = ctx.resolver
    # Cheap pre-check: the word in the source, or a call the resolver tied to os.environ (getattr(os, "envi" + "ron")).
    if "environ" not in ctx.source and not any(_names_environ(r, u) for u in r.calls):
        return
    yield from _Environ(ctx).run()


# ---- deserialization --------------------------------------------------------------------

# name -> (data index, data keyword): loads of pickles and other object graphs.
_PICKLE_LOADS: dict[str, tuple] = {}
for _m in ("pickle", "cPickle", "_pickle", "dill", "cloudpickle", "pickle5"):
    _PICKLE_LOADS.update({f"{_m}.load": (0, "file"), f"{_m}.loads": (0, "data"), f"{_m}.Unpickler": (0, "file")})
_PICKLE_LOADS.update({
    "joblib.load": (0, "filename"),
    "sklearn.externals.joblib.load": (0, "filename"),
    "marshal.load": (0, "file"), "marshal.loads": (0, "bytes"),
    "shelve.open": (0, "filename"), "shelve.DbfilenameShelf": (0, "filename"),
    "pandas.read_pickle": (0, "filepath_or_buffer"),
    "pandas.io.pickle.read_pickle": (0, "filepath_or_buffer"),
    "jsonpickle.decode": (0, "string"), "jsonpickle.loads": (0, "string"),
    "jsonpickle.unpickler.decode": (0, "string"),
    "numpy.load": (0, "file"),  # with allow_pickle
    "numpy.lib.format.read_array": (0, "fp"),
    "torch.load": (0, "f"), "torch.serialization.load": (0, "f"),
    "yaml.load": (0, "stream"), "yaml.load_all": (0, "stream"),
    "yaml.unsafe_load": (0, "stream"), "yaml.unsafe_load_all": (0, "stream"),
    "yaml.full_load": (0, "stream"), "yaml.full_load_all": (0, "stream"),
    "yaml.Loader": (0, "stream"), "yaml.UnsafeLoader": (0, "stream"), "yaml.FullLoader": (0, "stream"),
})
# Loaders whose argument is usually a path on the site's disk.
_PATH_LOADERS = frozenset({"torch.load", "torch.serialization.load", "joblib.load", "sklearn.externals.joblib.load",
                           "pandas.read_pickle", "pandas.io.pickle.read_pickle", "numpy.load", "shelve.open",
                           "shelve.DbfilenameShelf"})
# Arguments that are the serialized bytes or text themselves (not a path): a constant there is a payload
# shipped inside the job, hidden from review.
_PAYLOAD_ARGS = frozenset({"data", "bytes", "string", "stream"})
_SAFE_YAML = frozenset({"yaml.SafeLoader", "yaml.CSafeLoader", "yaml.BaseLoader", "yaml.CBaseLoader",
                        "yaml.loader.SafeLoader", "yaml.loader.BaseLoader", "yaml.cyaml.CSafeLoader"})
_REMOTE = ("requests.", "urllib.", "urllib2.", "urllib3.", "http.", "httpx.", "aiohttp.", "socket.", "ftplib.",
           "paramiko.", "boto3.", "botocore.", "smtplib.", "imaplib.", "poplib.", "websocket", "grpc.",
           "nvflare.", "zmq.", "redis.", "pycurl.", "huggingface_hub.", "fsspec.", "s3fs.", "gcsfs.", "xmlrpc.",
           "telnetlib.", "asyncio.open_connection", "google.cloud.", "azure.", "sys.stdin", "builtins.input")
_WRAPPERS = frozenset({"io.BytesIO", "io.StringIO", "builtins.bytes", "builtins.bytearray", "builtins.memoryview",
                       "base64.b64decode", "base64.urlsafe_b64decode", "base64.b85decode", "zlib.decompress",
                       "gzip.decompress", "bz2.decompress", "lzma.decompress", "codecs.decode",
                       "binascii.unhexlify", "builtins.bytes.fromhex", "io.BufferedReader"})
_OPENERS = frozenset({"builtins.open", "io.open", "gzip.open", "bz2.open", "lzma.open", "codecs.open",
                      "gzip.GzipFile", "fsspec.open"})


class _Origin:
    """Where bytes come from: 'remote', 'unknown' or a path ('local')."""

    def __init__(self, ctx: PythonContext):
        self.r = ctx.resolver
        self.f = PathFolder.of(ctx.resolver)

    def of(self, node: object, scope: Scope, depth: int = 0, payload: bool = False) -> tuple[str, str]:
        if node is None or depth > 8:
            return "unknown", "?"
        if isinstance(node, Iterated):
            return self.of(node.iter, scope, depth + 1)
        if payload and isinstance(node, cst.BaseExpression) and not isinstance(node, (cst.Name, cst.Attribute)):
            if self.r.constants(node, scope) and all(isinstance(v, Const) for v in self.r.values(node, scope)):
                return "embedded", "a constant in the job's code"
        if payload and isinstance(node, cst.Call) and self.f.call_names(node, scope) & _WRAPPERS:
            return self.of(_arg(node, 0), scope, depth + 1, payload=True)
        if isinstance(node, (cst.Name, cst.Attribute, cst.Call, cst.Subscript)):
            names = self.r.names(node, scope)
            remote = next((n for n in sorted(names) if n.startswith(_REMOTE)), None)
            if remote is not None:
                return "remote", remote
        if isinstance(node, cst.Call):
            names = self.f.call_names(node, scope)
            if names & _OPENERS or (isinstance(node.func, cst.Attribute) and node.func.attr.value == "open"
                                    and not names):
                target = _arg(node, 0, "file") if names & _OPENERS else node.func.value
                return self._path(self.f.fold(target, scope) if target is not None else frozenset({"?"}))
            if names & _WRAPPERS:
                return self.of(_arg(node, 0), scope, depth + 1)
            if isinstance(node.func, cst.Attribute) and node.func.attr.value in ("read", "read_bytes", "read_text",
                                                                                   "getvalue", "decode", "encode"):
                return self.of(node.func.value, scope, depth + 1)
        if isinstance(node, cst.Subscript):
            return self.of(node.value, scope, depth + 1)
        if isinstance(node, (cst.Name, cst.Attribute)):
            items = self.f.bound(node, scope)
            if items:
                worst: tuple[str, str] | None = None
                for value, sc in items[:MAX_PATHS]:
                    o = self.of(value, sc, depth + 1, payload)
                    if worst is None or _RANK[o[0]] > _RANK[worst[0]]:
                        worst = o
                return worst or ("unknown", "?")
        if isinstance(node, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString, cst.BinaryOperation,
                             cst.Call, cst.Name, cst.Attribute)):
            return self._path(self.f.fold(node, scope))
        return "unknown", "?"

    @staticmethod
    def _path(paths: frozenset) -> tuple[str, str]:
        if any(_URL.search(p) and not p.startswith("file://") for p in paths):
            return "remote", _first(paths, lambda p: _URL.search(p) is not None) or "?"
        unknown = _first(paths, lambda p: p.startswith(UNKNOWN) or p == "${?}")
        if unknown is not None:
            return "unknown", unknown
        return "local", sorted(paths)[0] if paths else "?"


_RANK = {"local": 0, "unknown": 1, "embedded": 2, "remote": 3}


def _torch_weights_only(folder: PathFolder, call: cst.Call, scope: Scope) -> bool:
    arg = _arg(call, None, "weights_only")
    if arg is None:
        return False
    return folder.r.constants(arg, scope) == [True] and len(folder.r.values(arg, scope)) == 1


def _torch_default(call: cst.Call) -> bool:
    """`torch.load(p)` / `torch.load(p, map_location=...)`: weights_only neither given nor hidden in **kwargs
    or a positional pickle_module (which implies weights_only=False)."""
    if any(a.star for a in call.args) or len([a for a in call.args if a.keyword is None]) > 2:
        return False
    return not any(a.keyword is not None and a.keyword.value in ("weights_only", "pickle_module") for a in call.args)


def _numpy_pickles(folder: PathFolder, call: cst.Call, scope: Scope) -> bool:
    arg = _arg(call, 2, "allow_pickle")
    if arg is None:
        return any(a.star == "**" for a in call.args)
    values = folder.r.values(arg, scope)
    return not (values and all(isinstance(v, Const) and not v.value for v in values))


def _yaml_unsafe(folder: PathFolder, call: cst.Call, scope: Scope, name: str) -> bool:
    if name in ("yaml.unsafe_load", "yaml.unsafe_load_all", "yaml.full_load", "yaml.full_load_all",
                "yaml.Loader", "yaml.UnsafeLoader", "yaml.FullLoader"):
        return True
    loader = _arg(call, 1, "Loader")
    if loader is None:
        return True  # PyYAML < 6 defaults to the full loader
    names = folder.r.names(loader, scope)
    return not names or not names <= _SAFE_YAML


@python_detector("unsafe-deserialization")
def unsafe_deserialization(ctx: PythonContext) -> Iterator[Hit]:
    r = ctx.resolver
    folder = PathFolder.of(r)
    origin = _Origin(ctx)
    for use in r.calls:
        call, scope = use.node, use.scope
        names = folder.call_names(call, scope)
        name = next((n for n in sorted(names) if n in _PICKLE_LOADS), None)
        if name is None:
            continue
        if name in ("torch.load", "torch.serialization.load") and _torch_weights_only(folder, call, scope):
            continue
        if name in ("numpy.load", "numpy.lib.format.read_array") and not _numpy_pickles(folder, call, scope):
            continue
        if name.startswith("yaml.") and not _yaml_unsafe(folder, call, scope, name):
            continue
        index, keyword = _PICKLE_LOADS[name]
        source = _arg(call, index, keyword)
        kind, where = origin.of(source, scope, payload=keyword in _PAYLOAD_ARGS) if source is not None \
            else ("unknown", "?")
        if kind == "unknown" and name in _PATH_LOADERS and not (
                isinstance(source, cst.Call) and folder.call_names(source, scope) & (_WRAPPERS | _OPENERS)):
            # A file path handed in as a parameter (`def load(path): torch.load(path)`) is everyday
            # code: the file is on the site's disk, and a person checks where it comes from. Bytes or
            # a file object of unknown origin stay critical.
            kind = "local"
        details = {"name": name, "source": where}
        if kind == "local" and name in ("torch.load", "torch.serialization.load") and _torch_default(call) \
                and not _old_torch_here():
            # No weights_only at all: torch >= 2.6 loads weights only by default, older torch unpickles.
            yield Hit("deserialization.torch-load-default", ctx.path, node=call, details=details)
        elif kind == "local":
            yield Hit("deserialization.local-pickle", ctx.path, node=call, details=details)
        else:
            yield Hit("deserialization.untrusted-pickle", ctx.path, node=call,
                      details={**details, "source": f"{kind}: {where}"})


@functools.lru_cache(maxsize=1)
def _old_torch_here() -> bool:
    """Whether the torch installed beside the gate (at a site: the one jobs run
    with) is older than 2.6, where torch.load unpickles by default. Without
    torch here a job cannot load anything with it, so the default stands."""
    try:
        from importlib.metadata import PackageNotFoundError, version

        major, minor = (int(p) for p in re.findall(r"\d+", version("torch"))[:2])
    except (PackageNotFoundError, ValueError):
        return False
    return (major, minor) < (2, 6)
