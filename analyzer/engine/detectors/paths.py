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
- `<tmp>` a fresh temporary file or folder (`tempfile.mkdtemp()`); the temporary folder itself
  (`tempfile.gettempdir()`, `$TMPDIR`) is `/tmp`, which every job of the machine shares;
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

import ast
import functools
import posixpath

import re
import string
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Iterable, Iterator

import libcst as cst

from ..configs import MAX_SHARED_DOCUMENT, MAX_YAML_OPEN_BRACKETS, _most_open_brackets, bounded_yaml
from ..flow.names import environ_mapping
from ..isolate import plain_recursion
from ..fold import Evaluation, spread_args
from ..resolve import Const, FuncRef, Instance, Resolver, Scope, Iterated, Kinds, children, doubt, doubt_first, dotted
from ..lists import matcher, table
from ..regexes import glob
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
# The methods that make an object's text, what str(), os.fspath(), open() and an f-string read of a job's object
_PATH_TEXT = ("__fspath__", "__str__", "__repr__", "__format__")
_PATHLIB = frozenset(n for n in _JOIN if n.startswith("pathlib.") and n.count(".") == 1)
_CLASS_BOOKKEEPING = frozenset({"__doc__", "__module__", "__qualname__", "__slots__", "__annotations__"})
_PATH_SAME_METHODS = frozenset({"expanduser", "resolve", "absolute", "as_posix", "__str__", "__fspath__"})
_SCANDIRS = frozenset({"os.scandir", "posix.scandir"})
# Calls that hand on the entries of the iterable at this position: `sorted(os.scandir(p), key=...)`
_ENTRY_KEEPERS = {"builtins.sorted": 0, "builtins.list": 0, "builtins.tuple": 0, "builtins.reversed": 0,
                  "builtins.iter": 0, "builtins.filter": 1}
# str methods the fold applies to each path it holds, with constant arguments (_per_text)
_TEXT_EDITS = frozenset({"removesuffix", "removeprefix", "strip", "lstrip", "rstrip", "replace", "lower", "upper",
                         "casefold", "title", "capitalize", "swapcase", "expandtabs", "zfill", "ljust", "rjust",
                         "center"})
# and those that split a path, whose item the job takes (`p.rsplit(".", 1)[0]`, `os.path.splitext(p)[0]`)
_TEXT_SPLITS = frozenset({"split", "rsplit", "partition", "rpartition"})
_PATH_SPLITS = {"os.path.splitext": "splitext", "posixpath.splitext": "splitext", "os.path.split": "split",
                "posixpath.split": "split"}
MAX_TEXT = 4096  # a longer edited path is not kept (`zfill(10**9)`)
_ENV_GET = frozenset({"os.environ.get", "os.getenv", "os.environ.setdefault", "os.environ.pop", "os.getenvb",
                      "os.environb.get"})
_TMP = frozenset({"tempfile.mkdtemp", "tempfile.gettempdir", "tempfile.TemporaryDirectory",
                  "tempfile.NamedTemporaryFile", "tempfile.TemporaryFile", "tempfile.SpooledTemporaryFile",
                  "tempfile.gettempdirb", "tempfile.mktemp", "tempfile.TemporaryDirectory().name",
                  "tempfile.NamedTemporaryFile().name", "tempfile.tempdir"})
# The machine's temporary folder itself, where every job and user of the site writes and reads (a fixed name
# there is no private scratch, as a fresh mkdtemp() is: red team 58c): the shared /tmp by another spelling.
_SYSTEM_TMP = frozenset({"tempfile.gettempdir", "tempfile.gettempdirb", "tempfile.tempdir"})
# Where tempfile's makers take (suffix, prefix, dir) by position (Lib/tempfile.py): the name made is
# os.path.join(dir, prefix + random + suffix), so a prefix or suffix with a separator moves it as dir does
# (`mkdtemp(prefix="../../mnt/share/x")`, `prefix="/mnt/share/x"`; red team 24).
_TMP_PARTS = {"tempfile.mkdtemp": 0, "tempfile.mktemp": 0, "tempfile.TemporaryDirectory": 0,
              "tempfile.NamedTemporaryFile": 4, "tempfile.TemporaryFile": 4, "tempfile.SpooledTemporaryFile": 5}
# The makers whose file or folder no one removes unless the caller does: it stays in /tmp for the next job of the
# site's user, who runs every job (mkdtemp's mode 0700 keeps out other users only).
_LEFT_BEHIND = frozenset({"tempfile.mktemp", "tempfile.mkdtemp"})
_HOME = frozenset({"pathlib.Path.home", "pathlib.PosixPath.home", "os.path.expanduser"})
_CWD = frozenset({"os.getcwd", "pathlib.Path.cwd", "os.curdir"})
_GLOBS = frozenset({"glob.glob", "glob.iglob"})
_TREE_WALKS = frozenset({"os.walk", "os.fwalk"})  # each item: (folder, subfolders, files[, dir_fd])
_IN_PLACE = matcher("paths", "in-place-changes")
_DATA_NAME = matcher("paths", "data-names")
_DATA_ENV = matcher("paths", "data-env")
# Where installed packages live: a file planted there runs when something imports it.
_SITE_PACKAGES = frozenset({"site.getsitepackages", "site.getusersitepackages", "site.USER_SITE", "site.USER_BASE",
                            "sysconfig.get_paths", "sysconfig.get_path", "distutils.sysconfig.get_python_lib",
                            "sys.prefix", "sys.exec_prefix", "sys.base_prefix", "site.PREFIXES"})
# str.format fields, for templates whose values the gate cannot fold (printf-style ones: _unknown_values).
_FIELD = re.compile(r"\{[^{}]*\}")
# What follows `%` or `%(key)` in a printf-style placeholder (CPython's PyUnicode_Format: flags, width, precision,
# a length modifier it ignores, the conversion). Flags and width possessive: `[-#0 +]*\d*` split a run of zeros
# every way (`'%' + '0' * 16000`: 3 s, session 48); only their longest reach can be followed by the rest.
_CONVERSION = re.compile(r"[-#0 +]*+(?:\*|\d*+)(?:\.(?:\*|\d*+))?[hlL]?([diouxXeEfFgGcrsa%])")
_PARENS = re.compile(r"[()]")


def _unknown_values(template: str) -> str:
    """The template with each placeholder `%` or str.format fills marked UNKNOWN, in one pass: a mapping key
    ends at its matching parenthesis, as CPython reads it (`%((a))s`), and at a key that never ends Python
    raises (the rest is left as written). A pattern that looked for the closing parenthesis from every `%(`
    took quadratic time (`'%(' * 32000`: 2.2 s, session 49)."""
    out, i = [], 0
    while (start := template.find("%", i)) >= 0 and (end := _key_end(template, start + 1)) is not None:
        spec = _CONVERSION.match(template, end)
        out.append(template[i:start])
        if spec is None:  # Python raises: the text as written
            out.append(template[start:end])
        else:
            out.append("%" if spec.group(1) == "%" and end == start + 1 else UNKNOWN)
            end = spec.end()
        i = end
    return _FIELD.sub(UNKNOWN, "".join(out) + template[i:])


@dataclass(frozen=True)
class _Field:
    """A placeholder of a template: the argument it takes, by position (int) or key (str); None when the gate
    cannot say which (`{0.attr}`, `{a[k]}`, a `*` width)."""

    key: int | str | None


def _printf_pieces(template: str) -> list | None:
    """A printf-style template as its literal texts and its placeholders (_Field), in order; None where a `*`
    width or precision takes an argument of its own."""
    pieces: list = []
    i, n = 0, 0
    while (start := template.find("%", i)) >= 0 and (end := _key_end(template, start + 1)) is not None:
        spec = _CONVERSION.match(template, end)
        pieces.append(template[i:start])
        if spec is None:  # Python raises: the text as written
            pieces.append(template[start:end])
        elif spec.group(1) == "%" and end == start + 1:
            pieces.append("%")
            end = spec.end()
        elif "*" in spec.group(0):
            return None
        else:
            pieces.append(_Field(template[start + 2:end - 1]) if end > start + 1 else _Field(n))
            n += end == start + 1
            end = spec.end()
        i = end
    return pieces + [template[i:]]


def _format_pieces(template: str) -> list | None:
    """A str.format template as its literal texts and its fields (_Field), in order; None when Python would
    not parse it."""
    pieces: list = []
    n = 0
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        return None
    for literal, name, _, _ in parsed:
        pieces.append(literal)
        if name is None:
            continue
        if name == "":
            pieces.append(_Field(n))
            n += 1
        elif name.isdigit():
            pieces.append(_Field(int(name)))
        else:
            pieces.append(_Field(name if name.isidentifier() else None))
    return pieces


def _per_text(texts: frozenset, edit, counted_from_start: bool = False, prefix: bool = False) -> frozenset:
    """What a text operation gives for each path the fold holds (`edit(text)`, nothing where Python would raise;
    red team 54b: `expanduser("~/.bashrc.x").removesuffix(".x")`, `[:-2]`, `os.path.splitext(p)[0]` were a
    destination read as unknown). A marker (`~`, `<job>`) stands for a text of another length, so a position
    `counted_from_start` may fall elsewhere at run time: then also the path's folder with an unknown name for a
    `prefix` of it, unknown for another part."""
    out: set = set()
    for text in texts:
        try:
            edited = edit(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            edited = None
        if UNKNOWN in text:
            # the edit of a part the gate does not know may give anything there: the path as it was, and the edit
            # only where the unknown part is still in it (`"?".split("?")[0]` is no empty path, whose entries
            # joined to "/" read as every file of the root: the lead, at the merge)
            out |= {text} | ({edited} if isinstance(edited, str) and UNKNOWN in edited else set())
            continue
        if isinstance(edited, str) and len(edited) <= MAX_TEXT:
            out.add(edited)
        if counted_from_start:
            out |= _join([_dirname(frozenset({text})), frozenset({UNKNOWN})]) if prefix and "/" in text else {UNKNOWN}
    return _capped(out) if out else frozenset({UNKNOWN})


# Parsers of a settings text: what the object they hand back holds is the strings of the text.
_TEXT_PARSERS = frozenset({"json.loads", "yaml.safe_load", "yaml.load", "tomllib.loads", "toml.loads"})


def _leaves(text: str, key: object = None) -> set[str]:
    """The strings of a JSON or YAML text (JSON is YAML): those under `key` when the text is a mapping that has it,
    else every value's; the text itself when it does not parse. JSON is read whole (json's parser is linear: a
    URL after 300 KB of padding is still read); other YAML within the bounds a job's YAML config is read within
    (its size, brackets open at once, long sexagesimal numbers: configs.py). Aliases are not expanded."""
    import json

    import yaml

    try:
        with plain_recursion():
            data = json.loads(text)
    except (ValueError, RecursionError):
        text = bounded_yaml(text)[0]
        if len(text) > MAX_SHARED_DOCUMENT or _most_open_brackets(text) > MAX_YAML_OPEN_BRACKETS:
            return {text}
        try:
            with plain_recursion():
                data = yaml.safe_load(text)
        except (yaml.YAMLError, ValueError, RecursionError):
            return {text}
    todo = [data[key] if isinstance(data, dict) and key is not None and key in data else data]
    out: set[str] = set()
    seen: set[int] = set()  # YAML aliases share one object: each container walked once (no billion laughs)
    while todo and len(out) < 64 and len(seen) < 4096:
        item = todo.pop()
        if isinstance(item, str):
            out.add(item)
        elif isinstance(item, (dict, list, tuple)) and id(item) not in seen:
            seen.add(id(item))
            todo.extend(item.values() if isinstance(item, dict) else item)
    return out


def _key_end(template: str, at: int) -> int | None:
    """Where a printf-style mapping key that may start `at` ends (`at` itself when none starts there), None when
    its parentheses never close."""
    if not template.startswith("(", at):
        return at
    depth = 0
    for paren in _PARENS.finditer(template, at):
        depth += 1 if paren.group() == "(" else -1
        if not depth:
            return paren.end()
    return None


_PARSE_CALL = re.compile(r"\.parse_(?:known_|intermixed_)?args$")


def _dest(flags: list[str]) -> str:
    """The name argparse stores an option under: its first long flag's, else its first flag's."""
    flag = next((f for f in flags if f.startswith("--")), flags[0])
    return flag.lstrip("-").replace("-", "_")


def _option_word(text: str, dests: dict[str, set[str]]) -> tuple[str, str | None] | None:
    """The option a word of an argument list names, and the value given in the same word (`--out=/x`, `-o/x`
    when the parser declares `-o`), or None for a word that names no option."""
    if not text.startswith("-") or len(text) < 2:
        return None
    if "=" in text:
        word, _, given = text.partition("=")
        return word, given
    if text[1] != "-" and len(text) > 2 and text[:2] in dests:
        return text[:2], text[2:]
    return text, None


def _option_names(word: str, dests: dict[str, set[str]]) -> set[str]:
    """The names an option word of a command line sets: its flag's, or, a prefix of long flags (argparse's
    abbreviations), every one it may abbreviate; a word the parser does not declare, its own spelling."""
    if word in dests:
        return dests[word]
    if word.startswith("--"):
        names = {n for flag, ns in dests.items() if flag.startswith(word) for n in ns}
        if names:
            return names
    return {word.lstrip("-").replace("-", "_")}


@dataclass
class OptionReads:
    """What the Python analysed in this thread while `recording_option_reads` read of a parsed command line:
    the options its folding looked up (`out` of `args.out` after `parse_args()`) and the option words the
    module declares (`add_argument`), with the names they set. These lookups are the only use of the values a
    `parse_args([...])` appended to the module passes (PathFolder._given): a config's replay of a command line
    that gives none of them a value finds what the module's own analysis found (detectors/configs.py).
    `analysed`: an analysis ran here; one in a limited child reports nothing back."""
    options: set[str] = field(default_factory=set)
    dests: dict[str, set[str]] = field(default_factory=dict)
    analysed: bool = False

    def read(self, option: str, dests: dict[str, set[str]]) -> None:
        """The option `option` looked up, in a module whose parser's option words set these names."""
        self.options.add(option)
        for flag, names in dests.items():
            self.dests.setdefault(flag, set()).update(names)

    def given_by(self, argv: list[str]) -> bool:
        """Whether parsing `argv` gives one of the options read a value (read as PathFolder._given reads it)."""
        named = (_option_word(text, self.dests) for text in argv)
        return any(_option_names(n[0], self.dests) & self.options for n in named if n is not None)


# Per thread: an analysis another thread runs at the same time (a host that scans jobs in threads) is not
# the recorded one, and one handed to another thread is not recorded at all (unknown, so replayed).
_recording = threading.local()


def _recordings() -> list[OptionReads]:
    if not hasattr(_recording, "reads"):
        _recording.reads = []
    return _recording.reads


@contextmanager
def recording_option_reads() -> Iterator[OptionReads]:
    reads = OptionReads()
    _recordings().append(reads)
    try:
        yield reads
    finally:
        _recordings().remove(reads)


class UnitOptionReads:
    """What each module's folder read of a parsed command line during the unit's own analysis
    (engine/analysis.py python_files), whichever module's analysis asked the fold (a caller's argument is
    folded by the caller's folder: PathFolder.calls_of). A config's replay of a module appends a
    `parse_args([...])` to that module alone, and its values reach only that module's folder (`arguments`,
    PathFolder._given), so the options this folder looks up are what decides whether a command line changes
    anything. The unit's analysis runs every detector a replay's narrowed one runs (and more), over the same
    modules linked, so it asks the module's folder those folds, and the replay's analysis of the plain bytes,
    run only to learn them, is not needed (detectors/configs.py `_replayed`)."""

    def __init__(self) -> None:
        self.sources: dict[str, bytes] | None = None  # the unit's Python files, linked in its program
        self.reads: dict[str, OptionReads] = {}
        self.analysed: dict[str, bytes] = {}  # path -> the bytes its own analysis ran to its end in this thread

    def clear(self) -> None:
        self.sources = None
        self.reads.clear()
        self.analysed.clear()

    def of(self, path: str, data: bytes, sources: dict[str, bytes]) -> OptionReads | None:
        """What the module's folder read, if these bytes' own analysis ran here to its end, linked to these
        modules (else unknown: another unit's, or analysed apart)."""
        if self.analysed.get(path) != data or self.sources != sources:
            return None
        return self.reads.get(path) or OptionReads(analysed=True)


def unit_option_reads() -> UnitOptionReads:
    """This thread's record of the last unit it analysed (a host that scans jobs in threads: each its own)."""
    if not hasattr(_recording, "unit_reads"):
        _recording.unit_reads = UnitOptionReads()
    return _recording.unit_reads


@contextmanager
def recording_unit_option_reads(sources: dict[str, bytes]) -> Iterator[None]:
    """Records in this thread's `unit_option_reads`, per module, what its folder reads of a parsed command
    line while the unit's program over `sources` is analysed."""
    unit = unit_option_reads()
    unit.clear()
    unit.sources = sources
    _recording.unit = unit
    try:
        yield
    finally:
        _recording.unit = None


def analysed_here(path: str, data: bytes) -> None:
    """An analysis of these bytes ran in this thread to its end (engine/analysis.py `_analyse_python`): what it
    read is recorded."""
    for reads in _recordings():
        reads.analysed = True
    unit = getattr(_recording, "unit", None)
    if unit is not None:
        unit.analysed[path] = data


# `args.out_dir` after `args = parser.parse_args()`: the option's name.
_PARSED_OPTION = re.compile(r"\.parse_(?:known_|intermixed_)?args\(\)\.(\w+)$")
# NVFlare's Workspace (nvflare/apis/workspace.py): folders of this job's run, and folders of the site
# itself (its startup kit with the private key, its local/ configs, the workspace root) that outlive it.
_WORKSPACE_JOB = frozenset({"get_run_dir", "get_app_dir", "get_app_config_dir", "get_app_custom_dir",
                            "get_result_root", "get_log_root", "get_audit_root"})
_WORKSPACE_SITE = {"get_root_dir": "", "get_site_config_dir": "local", "get_startup_kit_dir": "startup",
                   "get_site_custom_dir": "local/custom", "get_client_custom_dir": "local/custom",
                   "get_file_path_in_root": "", "get_file_path_in_site_config": "local",
                   "get_file_path_in_startup": "startup", "get_resources_file_path": "local/resources.json",
                   "get_job_resources_file_path": "local/job_resources.json",
                   "get_log_config_file_path": "local/log_config.json",
                   "get_site_privacy_file_path": "local/privacy.json",
                   "get_authorization_file_path": "local/authorization.json",
                   "get_client_startup_file_path": "startup/fed_client.json"}
# Roots a joined part replaces the base with (absolute paths and the folder markers).
_ROOTS = ("/", "~", "${", "<tmp>", "<data>", "<job>", "<site-packages>", "<arg>", "<site>", "\\\\")


def _join(parts: list[frozenset]) -> frozenset:
    out = {""}
    for options in parts:
        nxt = set()
        for base in out:
            for p in options:
                if base == "" or p.startswith(_ROOTS) or "://" in p:
                    nxt.add(p)
                elif base.endswith("/"):
                    nxt.add(base + p)
                else:
                    nxt.add(base + "/" + p)
        out = _capped({_above_scratch(p) for p in nxt})
    return frozenset(out)


def _above_scratch(p: str) -> str:
    """`<tmp>/../x` is `/tmp/x`: a fresh tempfile's folder is in the machine's shared temporary folder, and
    what is above it is that folder (red team 58c: `os.path.join(tempfile.mkdtemp(), "..", "rows.csv")`)."""
    return "/tmp" + p[len("<tmp>/.."):] if p == "<tmp>/.." or p.startswith("<tmp>/../") else p


def _concat(parts: list[frozenset]) -> frozenset:
    out = {""}
    for options in parts:
        out = _capped({a + b for a in out for b in options})
    return frozenset(out)


def _capped(paths: set | frozenset) -> frozenset:
    """At most MAX_PATHS candidates: past the budget, the ones left out are unknown (`?`), never
    dropped, so that a destination hidden behind sixteen harmless ones is not judged harmless; those a
    rule may find a threat in are kept first (`/root/.bashrc` behind a hundred `./a0001`: reject, not escalate)."""
    if len(paths) <= MAX_PATHS:
        return frozenset(paths)
    return frozenset(doubt_first(paths)[:MAX_PATHS - 1]) | {UNKNOWN}


def _dirname(paths: frozenset) -> frozenset:
    return frozenset(p.rsplit("/", 1)[0] if "/" in p.rstrip("/") else "/tmp" if p == "<tmp>" else UNKNOWN
                     for p in paths)  # a fresh tempfile's folder is the machine's temporary folder (_above_scratch)


def _arg(call: cst.Call, index: int | None, keyword: str | None = None) -> cst.BaseExpression | None:
    args = spread_args(call)
    if keyword is not None:
        for a in args:
            if a.keyword is not None and a.keyword.value == keyword:
                return a.value
    if index is None:
        return None
    positional = [a for a in args if a.keyword is None]
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


def _declared(r: Resolver, use) -> tuple[list[str], set[str]] | None:
    """The option words and the names an `add_argument` call declares, None for any other call."""
    call = use.node
    if not any(n.endswith(".add_argument") for n in r.names(call.func, use.scope)):
        return None
    dest = _arg(call, None, "dest")
    flags = [c for a in _positional(call) for c in r.constants(a, use.scope) if isinstance(c, str)]
    names = {c for c in r.constants(dest, use.scope) if isinstance(c, str)} if dest is not None \
        else {_dest(flags)} if flags else set()
    return flags, names


class PathFolder:
    """Folds path expressions of one module (memoised; one per resolver)."""

    def __init__(self, resolver: Resolver, closed: bool = False):
        self.r = resolver
        # closed: a parameter is what the job's own calls pass it, where they pass it anything (a
        # callee's destination judged by its callers); otherwise also unknown, for callers unseen. It is the
        # reading of the flow's file sinks, which also take a tempfile no one removes for a file of the shared /tmp
        # (_kept); the other readers take it for the job's scratch (a catalogue's job path: CatBoost's save_model
        # into a NamedTemporaryFile(delete=False), Flower's quickstart-catboost).
        self.closed = closed
        # (id(node), id(scope)) -> (node, its paths): the node kept alive keeps its id its own (resolve.values)
        self._memo: dict[tuple[int, int], tuple[cst.CSTNode, frozenset]] = {}
        self._active: set[tuple[int, int]] = set()
        self._arguments: dict[str, list[tuple[cst.BaseExpression, Scope]]] | None = None
        self._dests: dict[str, set[str]] = {}  # option word (`-r`, `--results-dir`) -> the names it sets
        self._defined: frozenset[str] | None = None
        self._callers: dict[tuple[str, str], list[tuple[cst.Call, Scope, int]]] | None = None
        self._values: frozenset[tuple[str, str]] | None = None
        self._checks: dict[int, dict[str, tuple[int, str]]] = {}  # replacing checks by function
        self._changes: list[tuple[cst.BaseExpression, Scope, cst.BaseExpression | None]] | None = None
        # (id of the scope binding it, name) -> the os.walk calls whose loops' first target it is
        self._walks: dict[tuple[int, str], list[tuple[cst.Call, Scope]]] | None = None
        self._evaluate = Evaluation.of(resolver)

    @classmethod
    def of(cls, resolver: Resolver, closed: bool = False) -> "PathFolder":
        key = (cls, closed)
        folder = resolver.derived.get(key)
        if folder is None:
            folder = resolver.derived[key] = cls(resolver, closed)
        return folder

    # -- bindings, read without evaluating

    def bound(self, node: cst.BaseExpression, scope: Scope) -> list[tuple[object, Scope]]:
        """The expressions a Name or `self.x` may hold: (node, scope) pairs."""
        items: Iterable = ()
        if isinstance(node, cst.Name):
            items = self.r.bindings(node.value, scope)
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

    def passed(self, name: str, scope: Scope, depth: int) -> frozenset:
        """What the job's own calls pass for parameter `name` of the function whose
        body `scope` is (`keep(x, "/mnt/share/x")` for `def keep(obj, dest)`,
        `Sink("/mnt/x")` for `__init__(self, root)`), in this module and in the
        others that name it; callers the gate does not see stay unknown."""
        out: set[str] = set()
        for folder, value, where in self.arguments_passed(name, scope):
            out |= folder.fold(value, where, depth)
        return frozenset(out)

    def arguments_passed(self, name: str,
                         scope: Scope) -> list[tuple["PathFolder", cst.BaseExpression | None, Scope]]:
        """(the caller's folder, argument, its scope) for parameter `name`: see `passed`. For a `*args` or
        `**kwargs` parameter, what each call gathers into it, as the tuple or dict display it amounts to
        (red team 54b: `def save(obj, **kw): torch.save(obj, kw["dest"])` read the destination as unknown)."""
        fn = scope.node
        if not isinstance(fn, (cst.FunctionDef, cst.Lambda)):
            return []
        positional = [p.name.value for p in (*fn.params.posonly_params, *fn.params.params)]
        keyword_only = {p.name.value for p in fn.params.kwonly_params}
        star = fn.params.star_arg.name.value if isinstance(fn.params.star_arg, cst.Param) else None
        star_star = fn.params.star_kwarg.name.value if fn.params.star_kwarg is not None else None
        if name not in positional and name not in keyword_only and name not in (star, star_star):
            return []
        found = []
        for folder, call, where, skipped in self.calls_of(scope):
            args, hidden = folder._spelled_args(call, where)
            if hidden:
                # *args, **kwargs the gate cannot spell out: a caller passing what it cannot see (None folds
                # to unknown), so one caller's literal does not close the parameter; what the call does spell
                # out is still passed (red team 55b: `save(sd, dest="/mnt/x", **opts)` read dest as unknown)
                found.append((folder, None, where))
            plain = [a for a in args if a.keyword is None]
            named = {a.keyword.value: a for a in args if a.keyword is not None}
            if name == star:
                extra = plain[len(positional) - skipped:]
                found.append((folder, cst.Tuple([cst.Element(a.value) for a in extra]), where))
                continue
            if name == star_star:
                extra = [a for k, a in named.items() if k not in positional and k not in keyword_only]
                found.append((folder, cst.Dict([cst.DictElement(cst.SimpleString(repr(a.keyword.value)), a.value)
                                                 for a in extra]), where))
                continue
            i = positional.index(name) - skipped if name in positional else -1
            # a method's first parameter is the object it is called on (`RunDir("/etc").ckpt()`)
            # (not `__init__`'s: the call that runs it builds the object)
            receiver = call.func.value if i == -1 and skipped and isinstance(call.func, cst.Attribute) and \
                positional[:1] == [name] and isinstance(fn, cst.FunctionDef) and fn.name.value != "__init__" \
                else None
            value = named[name].value if name in named else plain[i].value if 0 <= i < len(plain) else receiver
            if value is not None:
                found.append((folder, value, where))
        return found

    def _spelled_args(self, call: cst.Call, scope: Scope) -> tuple[list[cst.Arg], bool]:
        """The call's arguments with each `*seq` and `**mapping` spread as Python passes them, where the
        sequence or mapping is a display the call writes, or one a name of this module is bound to once and never
        changed (`save(*t)` after `t = (sd, "/mnt/share/x")`, `save(**kw)` after `kw = dict(dest=...)`: red team
        54b), and whether a starred value stays hidden: then the arguments by position past a hidden `*seq` are
        left out (their positions are not known), those by keyword kept. Only the name's own binding is read (not
        what callers pass for a parameter, which would follow calls from here)."""
        out: list[cst.Arg] = []
        hidden = cut = False
        for a in spread_args(call):
            spelled = [a] if not a.star else self._spread(a, scope)
            if spelled is None:
                hidden, cut = True, cut or a.star == "*"
                continue
            out += [s for s in spelled if not (cut and s.keyword is None)]
        return out, hidden

    def _spread(self, a: cst.Arg, scope: Scope) -> list[cst.Arg] | None:
        """The arguments a `*name` or `**name` passes (see _spelled_args), or None when hidden. A mapping may also
        be built by a call the star spells (`**dict(dest=d)`), or by dict.fromkeys of a list display and a value,
        or dict(zip(...)) of two (red team 55b; 54b's open items)."""
        value, where = a.value, scope
        if isinstance(value, cst.Name):
            if self._changed_by_name(value.value):
                return None
            bound = [(v, w) for v, w in self.bound(value, scope) if isinstance(v, cst.CSTNode)]
            if len(bound) != 1:
                return None
            value, where = bound[0]
        if a.star == "**" and isinstance(value, cst.Call):
            pairs = self._built_pairs(value, where)
            if pairs is not None:
                return pairs
        if a.star == "*" and isinstance(value, (cst.List, cst.Tuple)) and \
                all(isinstance(e, cst.Element) for e in value.elements):
            return [cst.Arg(e.value) for e in value.elements]
        if a.star == "**" and isinstance(value, cst.Dict):
            keys = [self.r.constants(e.key, where) if isinstance(e, cst.DictElement) else [] for e in value.elements]
            if not all(len(k) == 1 and isinstance(k[0], str) and k[0].isidentifier() for k in keys):
                return None
            return [cst.Arg(e.value, keyword=cst.Name(k[0])) for k, e in zip(keys, value.elements)]
        if a.star == "**" and isinstance(value, cst.Call) and self.call_names(value, where) & {"builtins.dict"} \
                and all(k.keyword is not None for k in value.args):
            return [cst.Arg(k.value, keyword=k.keyword) for k in value.args]
        return None

    def _built_pairs(self, call: cst.Call, scope: Scope) -> list[cst.Arg] | None:
        """The keyword arguments a mapping built by `dict.fromkeys([k, ...], v)` or `dict(zip([k, ...], [v, ...]))`
        passes when spread (each key a constant identifier), or None."""
        names = self.call_names(call, scope)
        args = [a for a in call.args if not a.star and a.keyword is None]
        if "builtins.dict.fromkeys" in names and len(args) == 2 and len(call.args) == 2:
            keys, values = args[0].value, None
        elif "builtins.dict" in names and len(args) == 1 and len(call.args) == 1 and isinstance(args[0].value, cst.Call) \
                and "builtins.zip" in self.call_names(args[0].value, scope) and len(args[0].value.args) == 2 \
                and not any(z.star or z.keyword for z in args[0].value.args):
            keys, values = (z.value for z in args[0].value.args)
            if not isinstance(values, (cst.List, cst.Tuple)) or \
                    not all(isinstance(e, cst.Element) for e in values.elements):
                return None
        else:
            return None
        if not isinstance(keys, (cst.List, cst.Tuple)) or not all(isinstance(e, cst.Element) for e in keys.elements):
            return None
        words = [self.r.constants(e.value, scope) for e in keys.elements]
        if not all(len(w) == 1 and isinstance(w[0], str) and w[0].isidentifier() for w in words):
            return None
        given = [e.value for e in values.elements] if values is not None else [args[1].value] * len(words)
        return [cst.Arg(v, keyword=cst.Name(w[0])) for w, v in zip(words, given)]

    def _changed_by_name(self, name: str) -> bool:
        """Whether this module stores an item into, or changes in place, anything it spells `name`."""
        return any(isinstance(u.node, cst.Subscript) and isinstance(u.node.value, cst.Name) and
                   u.node.value.value == name for u in self.r.stores) or \
            any(isinstance(u.node.func, cst.Attribute) and u.node.func.attr.value in _IN_PLACE and
                isinstance(u.node.func.value, cst.Name) and u.node.func.value.value == name for u in self.r.calls)

    def calls_of(self, scope: Scope) -> list[tuple["PathFolder", cst.Call, Scope, int]]:
        """(the caller's folder, call, its scope, leading parameters it does not pass) for each call the job
        makes to the function or lambda whose body `scope` is, in this module and the others that name it."""
        fn = scope.node
        home = _where_defined(scope)
        folders = [self]
        if isinstance(fn, cst.FunctionDef):
            # `from utils import keep`, `Sink(...)` in another module (a lambda has no name to import); a function
            # defined in another one is reached through what encloses it (`make_saver()(sd, dest)` of a
            # `def make_saver(): def inner(obj, dest)` in another module: red team 54b), so the modules that
            # name any of them
            named = scope.parent.node.name.value if scope.parent is not None and scope.parent.is_class else fn.name.value
            folders = self.naming(named)
            outer = scope.parent
            while outer is not None and isinstance(outer.node, (cst.FunctionDef, cst.ClassDef)):
                folders += [f for f in self.naming(outer.node.name.value) if f not in folders]
                outer = outer.parent
        return [(folder, call, where, skipped) for folder in folders
                for call, where, skipped in folder.callers().get(home, ())]

    def escapes(self, scope: Scope) -> bool:
        """Whether the function whose body `scope` is is also handed on as a value (`map(keep, ...)`,
        `partial(keep, ...)`, `{"save": keep}`), here or in a module that names it: calls the gate
        does not see pass its parameters then. A lambda always is a value."""
        fn = scope.node
        if not isinstance(fn, cst.FunctionDef):
            return True
        home = _where_defined(scope)
        return any(home in folder.handed_on() for folder in self.naming(fn.name.value))

    def naming(self, word: str) -> list["PathFolder"]:
        """This module's folder and those of the job's other modules whose text names `word`."""
        others = self.r.program.mentioning(word, self.r.path) if self.r.program is not None else []
        return [self, *(PathFolder.of(other) for other in others)]

    def hands_on(self, body: Scope) -> bool:
        """Whether this module reads the function or lambda whose body `body` is as a value."""
        return _where_defined(body) in self.handed_on()

    def handed_on(self) -> frozenset[tuple[str, str]]:
        """The job's functions this module reads as values rather than calls (see `escapes`)."""
        if self._values is None:
            self._values = frozenset(_where_defined(v.scope) for use in self.r.loads
                                     for v in self.r.values(use.node, use.scope) if isinstance(v, FuncRef))
        return self._values

    def callers(self) -> dict[tuple[str, str], list[tuple[cst.Call, Scope, int]]]:
        """(module path, qualified name) of a function of the job -> (call, its scope,
        leading parameters the call does not pass: `self`) for every call of this
        module to it (by name: another module's own analysis parses it anew)."""
        if self._callers is None:
            self._callers = {}
            for use in self.r.calls:
                for v in self.r.values(use.node.func, use.scope):
                    if isinstance(v, FuncRef):
                        method = isinstance(use.node.func, cst.Attribute) and _is_method(v)
                        calls = self._callers.setdefault(_where_defined(v.scope), [])
                        calls.append((use.node, use.scope, int(method)))
                        if not isinstance(use.node.func, cst.Attribute) and _is_method(v):
                            # a method called by a name may be bound (`put = Store().put; put(sd, dest)`: red
                            # team 54b, the destination went unread) or not: both ways
                            calls.append((use.node, use.scope, 1))
                    elif isinstance(v, str) and v.startswith("<class>.") and "()" not in v:
                        for body in self._class_bodies(v):
                            for init in body.bindings.get("__init__", ()):
                                if isinstance(init, FuncRef) and isinstance(init.node, cst.FunctionDef):
                                    self._callers.setdefault(_where_defined(init.scope), []).append(
                                        (use.node, use.scope, 1))
            self._implicit_callers()
        return self._callers

    def _class_bodies(self, qname: str) -> list[Scope]:
        """The body scopes of the job's class `qname` ("<class>.A"), in this module or the one defining it."""
        homes = [self.r] if qname in self.r.class_scopes else \
            self.r.program.defining(qname, self.r.path) if self.r.program is not None else []
        return [b for home in homes for b in home.class_scopes.get(qname, ())]

    def _implicit_callers(self) -> None:
        """Calls Python makes where the source spells none, as calls of the job's functions they run (red team
        55b: what they pass went unread, `Cache["/data"]` reached a removal as a parameter no call passes):
        `C[k]` runs C.__class_getitem__(k), `C()[k]` C.__getitem__(k); a function registered on a functools
        singledispatch function (`@f.register`, `@f.register(T)`) runs on f's calls."""
        for use in self.r.subscripts:
            node = use.node
            if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
                continue
            call = None
            for v in self.r.values(node.value, use.scope):
                if not (isinstance(v, str) and v.startswith("<class>.")) or v.count("()") > 1:
                    continue
                method = "__getitem__" if v.endswith("()") else "__class_getitem__"
                for body in self._class_bodies(v.removesuffix("()")):
                    for m in body.bindings.get(method, ()):
                        if isinstance(m, FuncRef) and isinstance(m.node, cst.FunctionDef):
                            # the call Python makes, kept with the folder (its id stays its own)
                            call = call or cst.Call(node.value, [cst.Arg(node.slice[0].slice.value)])
                            self._callers.setdefault(_where_defined(m.scope), []).append((call, use.scope, 1))
        for body in list(self.r.scope_of.values()):
            fn = body.node
            for d in fn.decorators if isinstance(fn, cst.FunctionDef) and body.parent is not None else ():
                dec = d.decorator.func if isinstance(d.decorator, cst.Call) else d.decorator
                if not (isinstance(dec, cst.Attribute) and dec.attr.value == "register"):
                    continue
                for v in self.r.values(dec.value, body.parent):
                    if isinstance(v, FuncRef):
                        self._callers.setdefault(_where_defined(body), []).extend(
                            self._callers.get(_where_defined(v.scope), ()))

    def call_names(self, call: cst.Call, scope: Scope) -> set[str]:
        return self.r.names(call.func, scope)

    def arguments(self) -> dict[str, list[tuple[cst.BaseExpression, Scope]]]:
        """Command-line options the module declares (`add_argument`): dest -> the values it may get:
        its `default=` or a `set_defaults(out=...)` value, and what a literal `parse_args(["--out", "/x"])` passes.

        The command line of a job's script comes from the job's config (launcher and script args),
        which the config detector checks and replays through this module (appending the
        `parse_args([...])` the config amounts to); what the code reads when the config passes
        nothing is the default. In a module that declares no option, the option words other job modules
        declare count (a parser built in `options.py`, its namespace read here): a word of the command line
        sets the names they give it."""
        if self._arguments is None:
            self._arguments = {}
            dests = self._dests
            parses = []
            for use in self.r.calls:
                if any(_PARSE_CALL.search(n) for n in self.call_names(use.node, use.scope)):
                    parses.append((use.node, use.scope))
                    continue
                if any(n.endswith(".set_defaults") for n in self.call_names(use.node, use.scope)):
                    # `parser.set_defaults(out=...)`: the value of `args.out` when the command line gives none
                    for a in use.node.args:
                        if a.keyword is not None:
                            self._arguments.setdefault(a.keyword.value, []).append((a.value, use.scope))
                    continue
                declared = _declared(self.r, use)
                if declared is None:
                    continue
                flags, names = declared
                for flag in flags:
                    dests.setdefault(flag, set()).update(names)
                default = _arg(use.node, None, "default")
                for name in names:
                    self._arguments.setdefault(name, [])
                    if default is not None:
                        self._arguments[name].append((default, use.scope))
            for other in self.r.program.mentioning("add_argument", self.r.path) if self.r.program and not dests else ():
                for flags, names in filter(None, (_declared(other, use) for use in other.calls)):
                    for flag in flags:
                        dests.setdefault(flag, set()).update(names)
            for call, scope in parses:
                self._given(call, scope, dests)
        return self._arguments

    # -- folding
    def fold(self, node: object, scope: Scope, depth: int = 0) -> frozenset:
        if node is None:
            return frozenset({UNKNOWN})
        key = (id(node), id(scope))
        memo = self._memo.get(key)
        if memo is not None:
            return memo[1]
        if key in self._active or depth > MAX_DEPTH:
            return frozenset({UNKNOWN})
        self._active.add(key)
        try:
            result = self._fold(node, scope, depth + 1)
        finally:
            self._active.discard(key)
        result = _capped(result) if result else frozenset({UNKNOWN})
        if UNKNOWN in result and isinstance(node, cst.BaseExpression):
            # what Python computes from the job's literals, beside unknown (pieces put in another order:
            # `"#%tc#ld.so.pr%load".translate(T)`, `"".join(D[k] for k in sorted(D))`): a candidate more, never fewer
            computed = self._evaluate(node, scope)
            if isinstance(computed, str) and computed:
                result |= {computed}
        self._memo[key] = (node, result)
        return result

    def _consts(self, node: cst.BaseExpression, scope: Scope) -> frozenset:
        out = set()
        for c in self.r.constants(node, scope):
            if isinstance(c, bytes):
                c = c.decode("utf-8", "replace")
            if isinstance(c, (str, int)) and not isinstance(c, bool):
                out.add(str(c))
        return frozenset(out)

    def _parameter(self, node: cst.Name, scope: Scope, depth: int) -> frozenset:
        """What a name with no binding of its own may hold: what the job's calls pass for it
        (only that when the folder is closed and every caller is seen), else also unknown."""
        passed = self.passed(node.value, scope, depth)
        if self.closed and passed and not self.escapes(scope):
            return passed
        return self._unknown(node) | passed

    def _walked_root(self, name: str, scope: Scope, depth: int) -> frozenset:
        """The folder `root` holds in `for root, dirs, files in os.walk(top)`: `top` or a folder under it (the
        resolver binds a tuple target of a loop to nothing), so `os.remove(os.path.join(root, f))` in a walk of
        the site's data is a removal there, not only one at a path known only at run time. Beside what a name bound
        to nothing is anyway: another loop of the scope may bind the same name to anything."""
        if self._walks is None:
            self._walks = {}
            walks = [use for use in self.r.calls if self.call_names(use.node, use.scope) & _TREE_WALKS]
            # `for r, d, f in sorted(os.walk(top))`: the walk a list-making call hands on whole
            loops = {id(_unwrapped(n.iter)): n for n in _loops(self.r.module)} if walks else {}
            for use in walks:
                loop = loops.get(id(use.node))
                if loop is None or not isinstance(loop.target, cst.Tuple) or not loop.target.elements:
                    continue
                root = loop.target.elements[0].value
                if isinstance(root, cst.Name):
                    self._walks.setdefault((id(use.scope), root.value), []).append((use.node, use.scope))
        bound = self.r.binding_scope(name, scope)
        found: frozenset = frozenset()
        for call, where in self._walks.get((id(bound), name), ()) if bound is not None else ():
            top = _arg(call, 0, "top")
            folder = self.fold(top, where, depth + 1) if top is not None else frozenset({UNKNOWN})
            found |= folder | _join([folder, frozenset({"*"})])
        return found

    def _unknown(self, node: object) -> frozenset:
        name = dotted(node) if isinstance(node, cst.CSTNode) else None
        if name is not None and _DATA_NAME.match(name):
            return frozenset({"<data>"})
        return frozenset({UNKNOWN})

    def _built_with(self, obj: cst.BaseExpression, scope: Scope, key: object, depth: int) -> frozenset:
        """What `obj.key` or `obj[key]` may be when obj is a name bound to a library call's result, as far as the
        call shows it: `SimpleNamespace(src=...)`, `EasyDict({"src": ...})`, `dict(src=...)`, `DictConfig({...})`
        hand back an object whose attributes or items are the values they are built with (red team 53b: a URL
        read through them reached a reader, unseen). The keyword or dict item named `key` (every one when the key
        is not known), of a call in this module or in the job's module the name is imported from; nothing for a
        job's own function or class, which the fold follows itself."""
        out: set = set()
        bound = self.bound(obj, scope) if isinstance(obj, cst.Name) else []
        if isinstance(obj, cst.Name) and not bound and self.r.program is not None and depth < MAX_DEPTH:
            # `from settings import CFG`: the object the job's other module built
            for name in sorted(b for b in self.r.bindings(obj.value, scope) if isinstance(b, str)):
                for other, attr in self.r.program.own_attribute(name, self.r.path) or ():
                    if other is not self.r:
                        out |= PathFolder.of(other)._built_with(cst.Name(attr), other.root, key, depth + 1)
        for value, where in bound:
            if not isinstance(value, cst.Call) or any(
                    isinstance(v, FuncRef) or (isinstance(v, str) and v.startswith("<class>."))
                    for v in self.r.values(value.func, where)):
                continue
            if self.call_names(value, where) & _TEXT_PARSERS:  # `json.loads('{"src": "s3://..."}')`
                text = _arg(value, 0)
                out |= {leaf for t in (self._consts(text, where) if text is not None else ()) for leaf in _leaves(t, key)}
                continue
            for a in value.args:
                if a.keyword is not None and key in (None, a.keyword.value):
                    out |= self.fold(a.value, where, depth)
                elif a.keyword is None and isinstance(a.value, cst.Dict):
                    out |= self._items_of(a.value, where, [key] if key is not None else [], depth)
        return frozenset(out)

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
            if items and all(isinstance(item, Instance) for item, _ in items):
                # an annotated parameter (`dest: str`): the annotation says what type, not which value;
                # the value is what the callers pass, as for a parameter without one
                items = []
            if not items:
                # The module's own file: inside the job's app folder.
                if node.value == "__file__":
                    return frozenset({"<job>/" + UNKNOWN})
                # A constant of another module of the job (`from conf import OUT`), as the program links it.
                consts = self._consts(node, scope)
                if consts:
                    return consts
                return self._walked_root(node.value, scope, depth) | self._parameter(node, scope, depth)
            items = _past_replacing_checks(node, scope, items, self._checks)
            if _is_parameter(node.value, scope):
                # A parameter rebound in its body (`rc = rc.expanduser()`) still holds what callers pass
                # before the rebinding, and the rebinding is made from it.
                return self._union(items, depth) | self._parameter(node, scope, depth)
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
            if not consts and isinstance(node.operator, cst.Modulo):
                # 'https://x/p?v=%s' % v: the template with what each placeholder takes, unknown where the fold
                # cannot say (red team 54b: `'%s/.%src' % (home, 'bash')` had read as `?/.?rc`)
                return self._filled(self.fold(node.left, scope, depth), _printf_pieces,
                                    self._percent_value(node.right, scope, depth))
            return consts or frozenset({UNKNOWN})
        if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
            out: set = set()
            for el in node.elements:
                out |= self.fold(el.value, scope, depth)
            return frozenset(out)
        if isinstance(node, cst.Dict):
            # a dict of paths (datasets' data_files={"train": ..., "test": "https://..."}): every value, and what
            # a `**other` may hold (red team 36a: a URL in one had been left to run time as unknown)
            return frozenset().union(*(self.fold(el.value, scope, depth) if isinstance(el, cst.DictElement)
                                       else {UNKNOWN} for el in node.elements))
        if isinstance(node, cst.IfExp):
            return self.fold(node.body, scope, depth) | self.fold(node.orelse, scope, depth)
        if isinstance(node, cst.BooleanOperation):
            return self.fold(node.left, scope, depth) | self.fold(node.right, scope, depth)
        if isinstance(node, cst.Await):
            return self.fold(node.expression, scope, depth)
        if isinstance(node, cst.NamedExpr):
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
        for value, sc in items:  # every binding (each fold at most MAX_PATHS): _capped chooses what stays
            out |= self.fold(value, sc, depth)
        return _capped(out)

    def elements(self, node: cst.BaseExpression, scope: Scope, depth: int = 0) -> frozenset:
        """What iterating `node` yields, as paths: a list's items, a glob's pattern, a dict's keys (also those
        stored after the display is built), through names and what the job's functions return."""
        if depth > MAX_DEPTH:
            return frozenset({UNKNOWN})
        if isinstance(node, cst.Dict):
            keys = [self.fold(el.key, scope, depth) if isinstance(el, cst.DictElement)
                    else self.elements(el.value, scope, depth + 1) for el in node.elements]
            return frozenset().union(*keys, self._changed([(self, node, scope)], depth, keys=True))
        if isinstance(node, (cst.ListComp, cst.SetComp, cst.GeneratorExp)):
            # `[os.path.join(r, f) for r, _, fs in os.walk(top) for f in fs]`: each element is the element
            # expression, whose names the resolver binds in this scope (a walk's root: _walked_root)
            return self.fold(node.elt, scope, depth + 1)
        if isinstance(node, cst.DictComp):
            return self.fold(node.key, scope, depth + 1)
        if isinstance(node, cst.Name) and _is_parameter(node.value, scope):
            # what the fold says, and what iterating each argument the job's calls pass yields (a dict's keys)
            return self.fold(node, scope, depth).union(*(
                folder.elements(value, where, depth + 1) for folder, value, where in
                self.arguments_passed(node.value, scope) if isinstance(value, cst.CSTNode)))
        if isinstance(node, cst.Name):
            items = self.bound(node, scope)
            if items and all(isinstance(value, cst.CSTNode) for value, _ in items):
                return frozenset().union(*(self.elements(value, where, depth + 1) for value, where in items))
        if isinstance(node, cst.Call):
            returns = [item for v in self.r.values(node.func, scope) if isinstance(v, FuncRef)
                       for item in self.r.returns.get(id(v.node), ())]
            if returns and all(isinstance(value, cst.CSTNode) for value, _ in returns):
                return frozenset().union(*(self.elements(value, where, depth + 1) for value, where in returns))
            names = self.call_names(node, scope)
            if names & _GLOBS:
                return self.fold(_arg(node, 0, "pathname"), scope, depth)
            if isinstance(node.func, cst.Attribute) and node.func.attr.value in ("glob", "rglob", "iterdir"):
                return _join([self.fold(node.func.value, scope, depth), *_globbed(self.fold(
                    _arg(node, 0, "pattern"), scope, depth) if node.func.attr.value != "iterdir" else None,
                    node.func.attr.value == "rglob")])
            if "os.listdir" in names:
                # each entry's name, any name there is: joined to the folder listed, every file of it, as a
                # glob's `*` (session 53: a write over each entry of a home folder's listing read as `~/?`)
                return frozenset({"*"})
            if names & _SCANDIRS:
                # each entry (an os.DirEntry) as its `.path`, every file of the folder listed ("." when none is
                # given): red team 54b, a write over each entry's path of a home folder's listing read as `?`
                folder = _arg(node, 0, "path")
                return _join([self.fold(folder, scope, depth) if folder is not None else frozenset({"."}),
                              frozenset({"*"})])
            if names & {"builtins.sorted", "builtins.list", "builtins.reversed", "builtins.set", "builtins.tuple"}:
                inner = _arg(node, 0)
                return self.elements(inner, scope, depth) if inner is not None else frozenset({UNKNOWN})
            return frozenset({UNKNOWN})
        return self.fold(node, scope, depth)

    def _attribute(self, node: cst.Attribute, scope: Scope, depth: int) -> frozenset:
        names = self.r.names(node, scope)
        if node.attr.value == "name" and names & {"tempfile.TemporaryDirectory().name", "tempfile.NamedTemporaryFile().name"}:
            return self.fold(node.value, scope, depth)  # the call decides: private scratch, or its dir=
        if names & _TMP:
            return frozenset({"/tmp" if names & _SYSTEM_TMP else "<tmp>"})
        if names & _SITE_PACKAGES:
            return frozenset({"<site-packages>"})
        option = next((m.group(1) for m in map(_PARSED_OPTION.search, sorted(names)) if m), None)
        if option is not None:
            arguments = self.arguments()
            for reads in _recordings():
                reads.read(option, self._dests)
            unit = getattr(_recording, "unit", None)
            if unit is not None:
                unit.reads.setdefault(self.r.path, OptionReads(analysed=True)).read(option, self._dests)
            return self._union(arguments.get(option, ()), depth) | {"<arg>"}
        if names & {"os.curdir"}:
            return frozenset({"."})
        if names & {"os.pardir"}:
            return frozenset({".."})
        attr = node.attr.value
        if attr == "parent":
            return _dirname(self.fold(node.value, scope, depth))
        entries = self._scandir_entries(node.value, scope, depth) if attr in ("path", "name") else None
        if entries is not None:
            # an entry of os.scandir(p): `.path` is p/<name> (every file of p), `.name` any name there
            return entries if attr == "path" else frozenset({"*"})
        properties = [v for v in self.r.values(node, scope) if isinstance(v, FuncRef) and _is_property(v)]
        if properties:
            # `Store().dest` of a job class's @property: what the property returns (red team 54b: read as unknown)
            return frozenset().union(*(self._returned(v, depth) or {UNKNOWN} for v in properties))
        items = self.bound(node, scope)
        if items:
            return self._union(items, depth)
        consts = self._consts(node, scope)
        return consts or self._unknown(node) | self._built_with(node.value, scope, attr, depth)

    def _returned(self, ref: FuncRef, depth: int) -> frozenset:
        """What a function of the job returns, folded in the module that defines it (red team 54b: a subclass
        in another module overriding the method a base class's write calls, `self.where()`, was read in this
        module's returns, which hold nothing of it)."""
        owner = ref.scope.owner or self.r
        return PathFolder.of(owner)._union(owner.returns.get(id(ref.node), ()), depth)

    def _scandir_entries(self, node: cst.BaseExpression, scope: Scope, depth: int) -> frozenset | None:
        """The paths of the os.scandir entries `node` may be (p/* for os.scandir(p)), or None when it is no such
        entry: a loop's name over a listing (directly or through a name bound to it, as `with os.scandir(p) as
        it`), an item of one (`entries[i]`), `next(it)`, or a name bound to either. A listing is os.scandir's
        iterator or what keeps its entries: sorted (with a key too), list, tuple, reversed, iter, filter (red team
        55b: `for e in sorted(os.scandir(p), key=...)` and `list(os.scandir(p))[i]` were read as unknown)."""
        if depth > MAX_DEPTH:
            return None
        if isinstance(node, cst.Name):
            return self._some(node, scope, depth, [
                self._scandir_listing(v.iter, where, depth + 1) if isinstance(v, Iterated)
                else self._scandir_entries(v, where, depth + 1) if isinstance(v, cst.CSTNode) else None
                for v, where in self.bound(node, scope)])
        if isinstance(node, cst.Subscript):
            return self._scandir_listing(node.value, scope, depth + 1)
        if isinstance(node, cst.Call) and "builtins.next" in self.call_names(node, scope) and node.args:
            return self._scandir_listing(node.args[0].value, scope, depth + 1)
        return None

    def _some(self, name: cst.Name, scope: Scope, depth: int, found: list[frozenset | None]) -> frozenset | None:
        """A name some of whose bindings are scandir entries or listings (`found`: their paths, None for another
        binding): those paths and what the name folds to anyway; None when no binding is one."""
        hits = [f for f in found if f is not None]
        if not hits:
            return None
        return frozenset().union(*hits) | (self.fold(name, scope, depth) if len(hits) < len(found) else frozenset())

    def _scandir_listing(self, node: cst.BaseExpression, scope: Scope, depth: int) -> frozenset | None:
        """The paths of the entries iterating `node` yields when it is an os.scandir listing (_scandir_entries),
        else None."""
        if depth > MAX_DEPTH:
            return None
        if isinstance(node, cst.Name):
            return self._some(node, scope, depth, [
                self._scandir_listing(v, where, depth + 1) if isinstance(v, cst.CSTNode) else None
                for v, where in self.bound(node, scope)])
        if not isinstance(node, cst.Call):
            return None
        names = self.call_names(node, scope)
        if names & _SCANDIRS:
            folder = _arg(node, 0, "path")
            return _join([self.fold(folder, scope, depth) if folder is not None else frozenset({"."}),
                          frozenset({"*"})])
        keeper = next((_ENTRY_KEEPERS[n] for n in sorted(names) if n in _ENTRY_KEEPERS), None)
        inner = _arg(node, keeper) if keeper is not None else None
        return self._scandir_listing(inner, scope, depth + 1) if inner is not None else None

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

    def _scratch(self, call: cst.Call, names: set, scope: Scope, depth: int) -> frozenset:
        """A tempfile maker's file or folder: private scratch (`<tmp>`), unless dir= moves it (`/scratch/shared`:
        the file lands in that folder) or its prefix or suffix is not a plain name (a separator, a part known
        only at run time), which os.path.join puts after dir as it is. Hidden in *args or **kwargs, any of them."""
        first = next((_TMP_PARTS[n] for n in sorted(names) if n in _TMP_PARTS), None)
        if first is None:
            return frozenset({"/tmp" if names & _SYSTEM_TMP else "<tmp>"})
        suffix, prefix, where = (_arg(call, first + i, k) for i, k in enumerate(("suffix", "prefix", "dir")))
        if any(a.star for a in spread_args(call)):
            where = where or cst.Name("_")  # a name the module never binds: unknown
        parts = [self.fold(p, scope, depth) if p is not None else frozenset({""}) for p in (prefix, suffix)]
        plain = all(UNKNOWN not in p and "/" not in p and "\\" not in p for part in parts for p in part)
        # by default in the machine's temporary folder, where a prefix that climbs (`../mnt/share/x`) lands above it
        folder = self.fold(where, scope, depth) if where is not None else frozenset({"/tmp"})
        if plain and folder <= {"/tmp"}:
            # a fresh name in the temporary folder, by default or named (gettempdir()); a file no one deletes
            # (delete=False, mktemp's bare name) stays there after the job, for the next job of the site's user
            return frozenset({"/tmp/?" if self.closed and self._kept(call, names, first, scope) else "<tmp>"})
        name = _concat([parts[0], frozenset({UNKNOWN}), parts[1]]) if not plain else frozenset({UNKNOWN})
        return _join([folder, name])

    def _kept(self, call: cst.Call, names: set, first: int, scope: Scope) -> bool:
        """Whether a tempfile maker's file outlives the job: mktemp only names one, mkdtemp leaves removing its
        folder to the caller, and a NamedTemporaryFile or a TemporaryDirectory is removed when closed
        unless `delete` is provably true (Lib/tempfile.py; red teams 59c, 60b)."""
        if names & _LEFT_BEHIND:
            return True
        if "tempfile.NamedTemporaryFile" in names:
            # (mode, buffering, encoding, newline, suffix, prefix, dir, delete)
            delete = _arg(call, first + 3, "delete")
        elif "tempfile.TemporaryDirectory" in names:
            delete = _arg(call, None, "delete")  # keyword only (Python 3.12)
        else:
            return False
        return delete is not None and self.r.constants(delete, scope) != [True]

    def _call(self, call: cst.Call, scope: Scope, depth: int) -> frozenset:
        names = self.call_names(call, scope)
        func = call.func
        method = func.attr.value if isinstance(func, cst.Attribute) else None
        if names & _ENV_GET:
            return self._env(call, scope, depth)
        if names & _TMP:
            return self._scratch(call, names, scope, depth)
        if names & _SITE_PACKAGES:
            return frozenset({"<site-packages>"})
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
            folded = self.fold(inner, scope, depth) if inner is not None else frozenset({UNKNOWN})
            # `expandvars("$TMPDIR/x.csv")` is the temporary folder, as os.environ["TMPDIR"] is, and `$HOME` the home
            # folder (red team 59c); another variable stays as spelled, a relative path as on main
            return frozenset(_ENV_VAR.sub(_expanded, p) for p in folded) if "os.path.expandvars" in names else folded
        if names & {"os.path.dirname"}:
            return _dirname(self.fold(_arg(call, 0), scope, depth))
        if "builtins.next" in names and call.args:
            # `next(it, default)`: an element of `it` (each file of a scandir or glob listing), or the default
            default = _arg(call, 1)
            return self.elements(call.args[0].value, scope, depth) | (
                self.fold(default, scope, depth) if default is not None else frozenset())
        if names & _GLOBS:
            return self.fold(_arg(call, 0, "pathname"), scope, depth)
        if method == "get" and call.args and not call.args[0].keyword:
            # `cfg.get("out", default)` of a dict literal: as cfg["out"], or the default
            item = cst.Subscript(value=func.value, slice=[cst.SubscriptElement(cst.Index(call.args[0].value))])
            got = self._items(item, scope, depth)
            default = _arg(call, 1)
            fallback = self.fold(default, scope, depth) if default is not None else frozenset()
            if got:
                return got | fallback
            keys = self.r.constants(call.args[0].value, scope)
            built = self._built_with(func.value, scope, keys[0] if len(keys) == 1 else None, depth)
            if fallback or built:  # a mapping the gate cannot read: what it holds (run time, what built it), the default
                return fallback | built | {UNKNOWN}
        if names & {"builtins.getattr"} and _arg(call, 2, "default") is not None:
            # `getattr(args, "src", default)`: the attribute (run time), or the default when it has none
            return frozenset({UNKNOWN}) | self._consts(call, scope) | self.fold(_arg(call, 2, "default"), scope, depth)
        funcs = [v for v in self.r.values(func, scope) if isinstance(v, FuncRef)]
        if funcs:
            out: set = set()
            for f in funcs:
                out |= self._returned(f, depth)
            if out:
                return frozenset(out)
        if method is not None and (method in _WORKSPACE_JOB or method in _WORKSPACE_SITE) \
                and self._workspace(func.value, scope) and not self._defines(method):
            if method in _WORKSPACE_JOB:
                return frozenset({"<job>"})
            parts = [frozenset({"<site>/" + _WORKSPACE_SITE[method]})]
            if method.startswith("get_file_path_in"):
                parts.append(self.fold(_arg(call, 0, "file_basename"), scope, depth))
            return _join(parts)
        if method is not None:
            if method in ("joinpath", "__truediv__"):
                return _join([self.fold(func.value, scope, depth)] + [self.fold(a, scope, depth) for a in _positional(call)])
            if method in _PATH_SAME_METHODS and not call.args:
                return self.fold(func.value, scope, depth)
            if method in ("with_name", "with_suffix", "with_stem"):
                return _join([_dirname(self.fold(func.value, scope, depth)), frozenset({UNKNOWN})])
        classes = {n for n in names if n.startswith("<class>.") and "()" not in n}
        if classes:
            return self._job_object(call, classes, scope, depth) | \
                (frozenset({UNKNOWN}) if names - classes else frozenset())
        consts = self._consts(call, scope)
        if consts:
            return consts
        if method in ("format", "format_map"):
            return self._filled(self.fold(func.value, scope, depth), _format_pieces,
                                self._format_value(call, method, scope, depth))
        if method == "join" and len(call.args) == 1 and not call.args[0].keyword and not call.args[0].star:
            return self._joined(func.value, call.args[0].value, scope, depth)
        if method in _TEXT_EDITS:
            args = self._constant_args(call, scope)
            if args is not None:
                return _per_text(self.fold(func.value, scope, depth), lambda t: getattr(t, method)(*args))
        return frozenset({UNKNOWN})

    def _constant_args(self, call: cst.Call, scope: Scope) -> list | None:
        """A call's arguments when each is given by position and folds to one constant, else None."""
        values = []
        for a in call.args:
            consts = self.r.constants(a.value, scope) if a.keyword is None and not a.star else []
            if len(consts) != 1:
                return None
            values.append(consts[0])
        return values

    def _filled(self, templates: frozenset, pieces_of, value, limit: int = MAX_PATHS) -> frozenset:
        """Each template with each placeholder replaced by what `value(key)` says its argument holds (unknown when
        the template cannot be read); a literal text keeps a placeholder of the other style marked unknown."""
        out: set = set()
        for template in templates:
            pieces = pieces_of(template)
            if pieces is None:
                out.add(_unknown_values(template))
                continue
            out |= _concat([value(p.key) if isinstance(p, _Field) and p.key is not None else
                            frozenset({UNKNOWN}) if isinstance(p, _Field) else frozenset({_unknown_values(p)})
                            for p in pieces])
            if len(out) > limit:
                break
        return _capped(out)

    def _percent_value(self, right: cst.BaseExpression, scope: Scope, depth: int):
        """What `template % right` puts at a placeholder: a tuple display's item by position, a dict display's by
        key; one value at every position when it is not a display (a tuple a name holds: any of its items)."""
        def value(key: int | str) -> frozenset:
            if isinstance(key, str):
                return self._items_of(right, scope, [key], depth) or frozenset({UNKNOWN})
            if isinstance(right, cst.Tuple):
                if any(isinstance(el, cst.StarredElement) for el in right.elements) or key >= len(right.elements):
                    return frozenset({UNKNOWN})
                return self.fold(right.elements[key].value, scope, depth)
            return self.fold(right, scope, depth)
        return value

    def _format_value(self, call: cst.Call, method: str, scope: Scope, depth: int):
        """What `template.format(...)` or `.format_map(m)` puts at a field: the argument by position or keyword,
        the mapping's item by key; unknown for what a `*args` or `**kwargs` may hold."""
        positional = [a.value for a in call.args if a.keyword is None and not a.star]
        keywords = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
        spread = any(a.star for a in call.args)

        def value(key: int | str) -> frozenset:
            if method == "format_map":
                if not isinstance(key, str) or not call.args:
                    return frozenset({UNKNOWN})
                return self._items_of(call.args[0].value, scope, [key], depth) or frozenset({UNKNOWN})
            given = positional[key] if isinstance(key, int) and key < len(positional) else keywords.get(key)
            if given is None:
                return frozenset({UNKNOWN})
            return self.fold(given, scope, depth) | (frozenset({UNKNOWN}) if spread else frozenset())
        return value

    def _joined(self, sep: cst.BaseExpression, seq: cst.BaseExpression, scope: Scope, depth: int) -> frozenset:
        """`sep.join([a, b])`: each list or tuple display the sequence may be, its items folded with sep between
        (red team 54b: `"/".join([home, ".bashrc"])` read as unknown); unknown beside it where sep or the sequence
        is not known. A comprehension is its iterable when it hands each item on as it is (`"".join(p for p in
        parts)`), else one element beside any other count of them (`"&".join(f"{k}={v}" for k, v in row.items())`:
        red team 57a, a URL built so)."""
        if isinstance(seq, (cst.GeneratorExp, cst.ListComp)) and seq.for_in.inner_for_in is None:
            comp = seq.for_in
            if not comp.ifs and isinstance(seq.elt, cst.Name) and isinstance(comp.target, cst.Name) and \
                    seq.elt.value == comp.target.value:
                return self._joined(sep, comp.iter, scope, depth + 1)
            return _capped(self.elements(seq, scope, depth + 1) | {UNKNOWN})
        seps = list(self._consts(sep, scope))
        out: set = set()
        literals = [(f, lit, w) for f, lit, w in self._literals(seq, scope, depth)
                    if isinstance(lit, (cst.List, cst.Tuple))]
        for folder, literal, where in literals:
            if any(isinstance(el, cst.StarredElement) for el in literal.elements):
                out.add(UNKNOWN)
                continue
            items = [folder.fold(el.value, where, depth) for el in literal.elements]
            for s in seps:
                parts: list = []
                for i, item in enumerate(items):
                    parts += [frozenset({s}), item] if i else [item]
                out |= _concat(parts) if parts else {""}
        if not seps or not literals:
            out.add(UNKNOWN)
        return _capped(out)

    def _job_object(self, call: cst.Call, classes: set[str], scope: Scope, depth: int) -> frozenset:
        """An instance of the job's class, as the path it stands for (red team 49b a57, b02-b06): what a text
        method the class or its bases define returns (`__fspath__` for open() and os.fspath(), `__str__` and
        `__repr__` for str(), `__format__` for an f-string: all of them, whichever the consumer asks), and for a
        subclass of a pathlib class whose methods are pathlib's, the pathlib class's path (`Out("/etc/x") / "y"`).
        Unknown beside it where the class or a base of the job binds another underscore name (`__new__`,
        `_from_parts`, `__truediv__`, `_flavour`: they may change the path) or is not in this module."""
        out: set = set()
        for cls in classes:
            for method in _PATH_TEXT:
                for value in self.r._class_attr(cls + "()", method):
                    if isinstance(value, FuncRef):
                        out |= self._union(self.r.returns.get(id(value.node), ()), depth) or {UNKNOWN}
                    elif isinstance(value, str) and value.split("()")[0] in _PATHLIB:
                        out |= _join([self.fold(a, scope, depth) for a in _positional(call)] or [frozenset({"."})])
                        if any(a.star or a.keyword for a in call.args):
                            out.add(UNKNOWN)
                    else:
                        out.add(UNKNOWN)
            if self._reshaped(cls, 0):
                out.add(UNKNOWN)
        return frozenset(out) or frozenset({UNKNOWN})

    def _reshaped(self, cls: str, depth: int) -> bool:
        """Whether the job's class `cls` or a job class among its bases binds an underscore name other than the
        text methods (see `_job_object`), or is defined where this module cannot see its body."""
        bodies = self.r.class_scopes.get(cls)
        if not bodies or depth > MAX_DEPTH:
            return True
        for body in bodies:
            if any(n.startswith("_") and n not in _PATH_TEXT and n not in _CLASS_BOOKKEEPING for n in body.bindings):
                return True
        return any(self._reshaped(b, depth + 1) for base, where in self.r.class_bases.get(cls, ())
                   for b in self.r.values(base, where) if isinstance(b, str) and b.startswith("<class>."))

    def _given(self, call: cst.Call, scope: Scope, dests: dict[str, set[str]]) -> None:
        """Options of a literal argument list: `--out /x`, `--out=/x`, `-o/x`, `--ou /x` (argparse takes a
        prefix of a long option), each to the names the parser's options set (`dests`)."""
        argv = _arg(call, 0, "args")
        if not isinstance(argv, (cst.List, cst.Tuple)):
            return
        words = [(el.value, self.r.constants(el.value, scope)) for el in argv.elements]
        for (_, option), (node, value) in zip(words, words[1:] + [(None, [])]):
            named = _option_word(option[0] if len(option) == 1 and isinstance(option[0], str) else "", dests)
            if named is None:
                continue
            word, given = named
            if given is not None:
                value_node: cst.BaseExpression | None = cst.SimpleString(repr(given))
            else:
                ok = node is not None and len(value) == 1 and isinstance(value[0], str) and not value[0].startswith("-")
                value_node = node if ok else None
            if value_node is not None:
                for name in _option_names(word, dests):
                    self._arguments.setdefault(name, []).append((value_node, scope))

    def _workspace(self, node: cst.BaseExpression, scope: Scope, depth: int = 0) -> bool:
        """Whether an expression is NVFlare's Workspace: `...get_workspace()`, or a name bound to one."""
        if depth > 4:
            return False
        if any(n.startswith("nvflare.") for n in self.r.names(node, scope)):
            return True
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) \
                and node.func.attr.value == "get_workspace" and not self._defines("get_workspace"):
            return True
        return any(isinstance(v, cst.BaseExpression) and self._workspace(v, sc, depth + 1)
                   for v, sc in self.bound(node, scope))

    def _defines(self, name: str) -> bool:
        """Whether the module defines a function or method of that name (then the name proves nothing)."""
        if self._defined is None:
            scopes = (self.r.root, *self.r.scope_of.values(), *(s for ss in self.r.class_scopes.values() for s in ss))
            self._defined = frozenset(ref.node.name.value for s in scopes for values in s.bindings.values()
                                      for ref in values
                                      if isinstance(ref, FuncRef) and isinstance(ref.node, cst.FunctionDef))
        return name in self._defined

    def _subscript(self, node: cst.Subscript, scope: Scope, depth: int) -> frozenset:
        base = self.r.names(node.value, scope)
        if environ_mapping(base) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
            keys = self._consts(node.slice[0].slice.value, scope)
            return frozenset(_env_marker(k) for k in keys) or frozenset({"${?}"})
        if {n[:-2] for n in self.r.names(node.value, scope) if n.endswith("()")} & _SITE_PACKAGES:
            return frozenset({"<site-packages>"})
        if self.r.names(node.value, scope) & {"sys.argv"}:
            return frozenset({"<arg>"})  # the command line the job's config gives the script
        consts = self._consts(node, scope)
        if consts:
            return consts
        edited = self._text_item(node, scope, depth)
        if edited is not None:
            return edited
        key = node.slice[0].slice.value if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index) else None
        keys = self.r.constants(key, scope) if key is not None else []
        return self._items(node, scope, depth) or \
            self._unknown(node) | self._built_with(node.value, scope, keys[0] if len(keys) == 1 else None, depth)

    def _text_item(self, node: cst.Subscript, scope: Scope, depth: int) -> frozenset | None:
        """A slice of a path with constant bounds (`p[:-2]`), or an item of a path split by a str method or
        os.path.splitext/split with constant arguments (`p.rsplit(".", 1)[0]`), for each path the fold holds;
        None for another subscript."""
        if len(node.slice) != 1:
            return None
        sl = node.slice[0].slice
        if isinstance(sl, cst.Slice):
            bounds = [self.r.constants(b, scope) if b is not None else [None] for b in (sl.lower, sl.upper, sl.step)]
            if any(len(b) != 1 or not isinstance(b[0], (int, type(None))) or isinstance(b[0], bool) for b in bounds):
                return None
            cut = slice(*(b[0] for b in bounds))
            from_start = any(isinstance(b[0], int) and b[0] >= 0 for b in bounds[:2])
            return _per_text(self.fold(node.value, scope, depth), lambda t: t[cut], from_start,
                             prefix=not cut.start and (cut.step or 1) > 0)
        call = node.value
        index = self.r.constants(sl.value, scope) if isinstance(sl, cst.Index) else []
        if not isinstance(call, cst.Call) or len(index) != 1 or not isinstance(index[0], int):
            return None
        k = index[0]
        names = self.call_names(call, scope)
        splitter = next((_PATH_SPLITS[n] for n in sorted(names) if n in _PATH_SPLITS), None)
        if splitter is not None and len(call.args) == 1 and not call.args[0].keyword and not call.args[0].star:
            return _per_text(self.fold(call.args[0].value, scope, depth), lambda t: getattr(posixpath, splitter)(t)[k])
        if isinstance(call.func, cst.Attribute) and call.func.attr.value in _TEXT_SPLITS:
            args = self._constant_args(call, scope)
            if args is not None:
                method = call.func.attr.value
                return _per_text(self.fold(call.func.value, scope, depth), lambda t: getattr(t, method)(*args)[k])
        return None

    def _items(self, node: cst.Subscript, scope: Scope, depth: int) -> frozenset:
        """`CFG["out"]` of a dict (or list) literal the name holds, through names,
        parameter defaults and what callers pass: the item the key names, or every
        item when the key is unknown."""
        if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
            return frozenset()
        return self._items_of(node.value, scope, self.r.constants(node.slice[0].slice.value, scope), depth)

    def _items_of(self, container: cst.BaseExpression, scope: Scope, keys: list, depth: int) -> frozenset:
        out: set = set()
        literals = self._literals(container, scope, depth)
        for folder, literal, where in literals:
            # A `**other` or `*other` in the display may hold the key too (a later one overrides an
            # earlier item), and after a `*other` no index says which item it is.
            spread = any(isinstance(el, (cst.StarredDictElement, cst.StarredElement)) for el in literal.elements)
            for i, el in enumerate(literal.elements):
                if isinstance(el, (cst.StarredDictElement, cst.StarredElement)):
                    inner = keys if isinstance(el, cst.StarredDictElement) else []
                    out |= folder._items_of(el.value, where, inner, depth + 1) or {UNKNOWN}
                    continue
                key_consts = folder.r.constants(el.key, where) if isinstance(el, cst.DictElement) else [i]
                if not keys or (spread and not isinstance(el, cst.DictElement)) or any(k in keys for k in key_consts):
                    out |= folder.fold(el.value, where, depth)
        if literals:
            out |= self._changed(literals, depth)
        return frozenset(out)

    def _changed(self, literals: list, depth: int, keys: bool = False) -> set:
        """What this module puts into one of these displays after it is built (`c[k] = v`,
        `c.update(...)`: rules/lists/paths.yaml in-place-changes): the value stored (with `keys`, the key it
        is stored under), else an unknown part. `c |= d` rebinds c to `c | d` (resolve.py `_aug_assign`),
        whose displays `_literals` follows."""
        if self._changes is None:
            self._changes = [(u.node.value, u.scope, u.value, u.node.slice[0].slice.value if len(u.node.slice) == 1
                              and isinstance(u.node.slice[0].slice, cst.Index) else None)
                             for u in self.r.stores if isinstance(u.node, cst.Subscript)]
            self._changes += [(u.node.func.value, u.scope, None, None) for u in self.r.calls
                              if isinstance(u.node.func, cst.Attribute) and u.node.func.attr.value in _IN_PLACE]
        ids = {id(literal) for _, literal, _ in literals}
        out: set = set()
        for container, where, value, key in self._changes:
            if any(id(literal) in ids for _, literal, _ in self._literals(container, where, depth + 1)):
                stored = key if keys else value
                out |= self.fold(stored, where, depth) if stored is not None else {UNKNOWN}
        return out

    def _literals(self, node: cst.BaseExpression, scope: Scope,
                  depth: int) -> list[tuple["PathFolder", object, Scope]]:
        """The dict, list and tuple literals an expression may be (names and
        parameters followed), each with the folder of the module it is written in."""
        if isinstance(node, (cst.Dict, cst.List, cst.Tuple)):
            return [(self, node, scope)]
        if depth > MAX_DEPTH:
            return []
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, (cst.BitOr, cst.Add)):
            # `a | b` of dicts (b's items override a's), `a + b` of lists: the items of both
            return self._literals(node.left, scope, depth + 1) + self._literals(node.right, scope, depth + 1)
        if not isinstance(node, (cst.Name, cst.Attribute)):
            return []
        bound = [(self, value, where) for value, where in self.bound(node, scope) if isinstance(value, cst.CSTNode)]
        if not bound and isinstance(node, cst.Name):
            bound = self.arguments_passed(node.value, scope)
        return [found for folder, value, where in bound for found in folder._literals(value, where, depth + 1)]


_ENV_VAR = re.compile(r"\$(\w+)|\$\{(\w+)\}")  # what os.path.expandvars replaces (Lib/posixpath.py)


def _expanded(m: re.Match) -> str:
    marker = _env_marker(m[1] or m[2])
    return m[0] if marker.startswith("${") else marker


def _env_marker(name: str) -> str:
    if name in ("HOME", "USERPROFILE"):
        return "~"
    if name in ("TMPDIR", "TEMP", "TMP"):
        return "/tmp"  # the machine's temporary folder, shared (_SYSTEM_TMP)
    return "${" + name + "}"


# ---- what a path is -------------------------------------------------------------

_MOUNTS = matcher("paths", "network-mounts")
_SHARES = matcher("paths", "network-shares")
_OUTSIDE = matcher("paths", "outside")
_LOCAL_SCHEMES = matcher("paths", "local-url-schemes")
_DATA_CONST = matcher("paths", "data-roots")
# `scheme://`, also inside an fsspec chain (`simplecache::s3://bucket/key`).
_URL = re.compile(r"(^|::)[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_ENV_MARKS = re.compile(r"\$\{(\w+)\}")  # a site variable in a folded text (_env_marker)


def is_url(p: str) -> bool:
    return _URL.search(p) is not None


def is_remote_url(p: str) -> bool:
    """A URL that leaves this machine: every scheme but file:// and fsspec's memory://."""
    return is_url(p) and not (p[: _URL.search(p).start()] == "" and _LOCAL_SCHEMES.match(p))


def file_url_path(p: str) -> str | None:
    """The path a `file://` URL names (`file:///mnt/nfs/x` is `/mnt/nfs/x`; `file://server/share/x`, another
    machine's file, is `//server/share/x`, a share), or None for anything else."""
    if not p[:7].lower() == "file://":
        return None
    rest = p[7:]
    host, slash, path = rest.partition("/")
    return "/" + path if host.lower() in ("", "localhost") else "//" + host + slash + path


def is_network(p: str) -> bool:
    """A network mount, an HPC file system, a share, or a remote URL (s3://, gs://, abfs://, hdfs://, smb://...);
    a `file://` URL is the path it names (a file store on a network mount is shared with other machines)."""
    local = file_url_path(p)
    if local is not None:
        return is_network(local) or local.startswith("//")
    return _MOUNTS.match(p) is not None or _SHARES.match(p) is not None or is_remote_url(p)


def is_outside(p: str) -> bool:
    return _OUTSIDE.match(p) is not None or p.startswith(("<site-packages>", "<site>"))


def is_tmp(p: str) -> bool:
    return p.startswith(("<tmp>", "/tmp/")) or p == "/tmp"


def is_local(p: str) -> bool:
    """In the job's workspace (a relative path, the job's own folder) or scratch (/tmp, tempfile)."""
    if is_tmp(p):
        return True
    return not p.startswith(("/", "~", UNKNOWN, "${", "<data>", "<site-packages>", "<arg>", "<site>", "\\")) \
        and not is_url(p)


def credential_path(p: str) -> str | None:
    """The credential-file entry a path matches (rules/lists/credentials.yaml), or None."""
    return _SECRET.match(p)


_SITE_RESERVED = matcher("paths", "site-reserved")
_SITE_ROOTS = matcher("paths", "site-roots")
_PUBLIC_CACHES = matcher("paths", "public-dataset-caches")


def public_cache(p: str) -> bool:
    """A library's cache of a public dataset it downloads (rules/lists/paths.yaml `public-dataset-caches`)."""
    return _PUBLIC_CACHES.match(p) is not None


def site_reserved(p: str) -> bool:
    """A relative path the site's workspace reserves (its set-up, state, another job, code it imports)."""
    return _SITE_RESERVED.match(p) is not None


def site_root(p: str) -> bool:
    """The site's workspace, or the temporary folder, itself (rules/lists/paths.yaml `site-roots`)."""
    return _SITE_ROOTS.match(p) is not None


def persistence_path(p: str) -> str | None:
    """The persistence entry a path matches (rules/lists/paths.yaml `persistence`), or None."""
    return _PERSISTENCE.match(p)


def is_env(p: str) -> bool:
    return p.startswith("${")


def data_root_of(p: str) -> str | None:
    """The data root a path is in ("${DATA_ROOT}", "/data"), or None."""
    if p.startswith("<data>"):
        return "<data>"
    if p.startswith("${"):
        name = p[2: p.find("}")] if "}" in p else ""
        return "${" + name + "}" if _DATA_ENV.match(name) else None
    root = _DATA_CONST.match(p)
    return root.rstrip("/") if root else None


def is_data_root(p: str) -> bool:
    """The data root itself (or everything in it), not one file inside."""
    root = data_root_of(p)
    if root is None:
        return False
    rest = p[len(root):].strip("/")
    return rest in ("", "*", "**", "**/*", ".", "?")


# ---- file-exfiltration -------------------------------------------------------------

# name -> ((src index, src keyword), (dst index, dst keyword), whole-tree): rules/lists/calls.yaml `copies`
_COPIES: dict[str, tuple] = {e.name: (e.src, e.path, e.tree) for e in table("calls", "copies").entries}
_SYMLINKS = frozenset({"os.symlink", "os.link"})
# name -> (path index, path keyword): rules/lists/calls.yaml `removers`; Path(p).unlink() / .rmdir() beside them
_REMOVERS: dict[str, tuple] = {e.name: e.path for e in table("calls", "removers").entries}
_PATH_REMOVE_METHODS = frozenset({"unlink", "rmdir"})
_WIPED_TREES = matcher("paths", "wiped-trees")
# Path(src).<method>(dst)
_PATH_COPY_METHODS = frozenset({"rename", "replace", "copy", "copy_into", "move", "move_into"})
_PATH_LINK_METHODS = frozenset({"symlink_to", "hardlink_to", "link_to"})  # Path(link).symlink_to(target)
_PATH_WRITE_METHODS = frozenset({"write_text", "write_bytes", "touch"})
# name -> (dst index, dst keyword, mode index, mode keyword): rules/lists/calls.yaml `writers`
_WRITERS: dict[str, tuple] = {e.name: (*e.path, *(e.mode or (None, None))) for e in table("calls", "writers").entries}
# x.<method>(dst, ...) on objects the gate cannot name (DataFrames, models, images).
_WRITE_METHODS = frozenset({"to_csv", "to_parquet", "to_pickle", "to_json", "to_excel", "to_feather", "to_hdf",
                            "to_netcdf", "to_sql", "tofile", "savefig", "save_pretrained", "save_model", "save",
                            "write_csv", "write_parquet", "write_json", "write_ndjson", "write_ipc", "write_delta",
                            "to_zarr", "to_orc", "to_stata", "save_to_disk", "extractall", "extract"})
_DEFAULT_MODE_READ = frozenset(e.name for e in table("calls", "writers").entries if e.reads_by_default)
# archive members added: tar.add(path) / zip.write(path); the flow reads them as copies into the archive's file
ARCHIVE_ADD = frozenset({"tarfile.open().add", "tarfile.TarFile().add", "tarfile.open().addfile",
                         "zipfile.ZipFile().write", "tarfile.TarFile.open().add"})


_FILE_MAKERS = matcher("sources", "file-makers").names()
_FIXED_FORMATS = matcher("sources", "fixed-format-writers").names()


def file_write(r: Resolver) -> str | None:
    """The name of the module's first call that writes a file as file-exfiltration reads writes (a writer of
    rules/lists/calls.yaml `writers` in a mode that writes, a Path write or an `open` to write, a write method),
    or makes one whose bytes the job picks (rules/lists/sources.yaml `file-makers`); None when it makes none.
    A writer of `fixed-format-writers` counts only when handed a `pickle_module` (by keyword, or any argument past
    the first two positionally: torch.save's third), or arguments it cannot see."""
    f = PathFolder.of(r)
    for use in r.calls:
        call, scope = use.node, use.scope
        names = f.call_names(call, scope)
        writer = next((n for n in sorted(names) if n in _WRITERS), None)
        method = call.func.attr.value if isinstance(call.func, cst.Attribute) else None
        if names and names <= _FIXED_FORMATS and sum(a.keyword is None for a in call.args) <= 2 and not any(
                a.star or a.keyword is not None and a.keyword.value == "pickle_module" for a in call.args):
            continue  # torch.save(obj, f, pickle_module) writes what that module's dump writes (red team 45)
        if writer is not None:
            index, keyword = _WRITERS[writer][:2]
            if index is None and _arg(call, index, keyword) is None and not any(a.star for a in call.args):
                continue  # a file named by keyword only, not named: `logging.basicConfig(stream=sys.stdout)`
            if _mode_writes(f, call, scope, *_WRITERS[writer][2:], writer):
                return writer
        elif method in _PATH_WRITE_METHODS or method in _WRITE_METHODS or names & _FILE_MAKERS or \
                method == "open" and (not names or any(n.startswith("pathlib.") for n in names)) and \
                _mode_writes(f, call, scope, 0, "mode", "builtins.open"):  # Path(p).open("wb"), an unknown's
            return sorted(names)[0] if names else f".{method}()"
    return None


# Writers whose mode says text or binary.
_TEXT_WRITERS = frozenset({"builtins.open", "io.open", "codecs.open"})


def _mode_binary(folder: PathFolder, call: cst.Call, scope: Scope, index, keyword) -> bool:
    mode = _arg(call, index, keyword)
    consts = [c for c in folder.r.constants(mode, scope) if isinstance(c, str)] if mode is not None else []
    return bool(consts) and all("b" in c for c in consts)


def _in_job(p: str) -> bool:
    """Provably inside the job's workspace: a relative path, the job's own folder, tempfile scratch."""
    return is_local(p) and not p.startswith(UNKNOWN)


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


def _unwrapped(node: cst.BaseExpression) -> cst.BaseExpression:
    """The iterable inside `sorted(x)`, `list(x)`, `reversed(x)`, `tuple(x)` (any name so spelled: a shadowing one
    only adds the walk's folder to what the loop's name may be)."""
    while isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and len(node.args) == 1 and \
            node.func.value in ("sorted", "list", "reversed", "tuple") and not node.args[0].star:
        node = node.args[0].value
    return node


def _loops(module: cst.Module) -> list[cst.For | cst.CompFor]:
    """The module's `for` statements and the `for` clauses of its comprehensions and generator expressions
    (`[os.remove(os.path.join(r, f)) for r, _, fs in os.walk(top) for f in fs]` binds `r` as a loop does, in the
    scope the resolver binds a comprehension's names in), nested ones included."""
    found, todo = [], [module]
    while todo:
        node = todo.pop()
        if isinstance(node, (cst.For, cst.CompFor)):
            found.append(node)
        todo.extend(children(node))
    return found


def _globbed(pattern: frozenset | None, recursive: bool) -> list[frozenset]:
    """The parts a Path.glob/rglob (`recursive`) of `pattern` joins to its path: the pattern as it folds, under
    `**` for rglob; any name (`*`) for iterdir, or a pattern with a part the fold does not know."""
    if pattern is None or any(_UNKNOWN_PART.search(p) for p in pattern):
        return [frozenset({"*"})]
    return [frozenset({"**"}), pattern] if recursive else [pattern]


def _first(paths: Iterable[str], test) -> str | None:
    for p in sorted(paths):
        if test(p):
            return p
    return None


_CHDIR = frozenset({"os.chdir", "os.fchdir", "posix.chdir", "contextlib.chdir"})
# Calls that bring code in from a file or a module name: after one of them, a `.py` the job wrote runs.
_LOADS_CODE = matcher("sources", "code-loaders")
_PERSISTENCE = matcher("paths", "persistence")
_PYTHON_SOURCE = matcher("paths", "python-source")


class _Exfil:
    def __init__(self, ctx: PythonContext):
        self.ctx = ctx
        self.r = ctx.resolver
        self.f = PathFolder.of(ctx.resolver)
        # Where the module moves the process's working directory: relative paths then land there.
        self.cwd: frozenset = frozenset()
        self.loads_code = False
        for use in self.r.calls:
            names = self.f.call_names(use.node, use.scope)
            if names & _CHDIR:
                self.cwd |= {p for p in self.f.fold(_arg(use.node, 0, "path"), use.scope) if not _in_job(p)}
            elif any(_LOADS_CODE.match(n) for n in names):
                self.loads_code = True

    def where(self, dst: frozenset) -> frozenset:
        """Destinations as the process sees them after the module's chdir calls."""
        if not self.cwd:
            return dst
        out = set(dst)
        for d in dst:
            if _in_job(d) and not d.startswith(("<", "/")):
                out |= _join([self.cwd, frozenset({d})])
        return frozenset(out)

    def dest_hits(self, call: cst.Call, dst: frozenset, what: str) -> Iterator[Hit]:
        dst = self.where(dst)
        # each file of a walk or glob (`*`) of a whole home or system tree written over: a wiper's other way
        p = _first(dst, lambda d: "*" in d and _WIPED_TREES.match(d) is not None and not public_cache(d))
        if p is not None:
            yield Hit("file-exfiltration.wipe", self.ctx.path, node=call, details={"name": what, "path": p})
        p = _first(dst, lambda d: _PERSISTENCE.match(d) is not None)
        if p is not None:
            yield Hit("persistence.startup-file", self.ctx.path, node=call, details={"name": what, "path": p})
        p = _first(dst, lambda d: _PYTHON_SOURCE.match(d) is not None)
        if p is not None:
            rule = "dynamic-code.write-then-import" if self.loads_code else "dynamic-code.write-python"
            yield Hit(rule, self.ctx.path, node=call, details={"name": what, "path": p})
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

    def wipe_hits(self, call: cst.Call, target: frozenset, what: str) -> Iterator[Hit]:
        """A removal in the site's data (a root the site names, not a name the job chose: `data_dir` folds to
        `<data>`), or of a whole home or system tree or every entry of one (paths.yaml `wiped-trees`): a job has
        no reason to delete either, a wiper does both (session 53: they had escalated as unvouched uses)."""
        p = _first(target, lambda t: data_root_of(t) not in (None, "<data>")
                   or _WIPED_TREES.match(t) is not None and not public_cache(t))
        if p is not None:
            yield Hit("file-exfiltration.wipe", self.ctx.path, node=call, details={"name": what, "path": p})

    def pth_hits(self, call: cst.Call, dst: frozenset, what: str) -> Iterator[Hit]:
        """A `.pth` written as text: weights are binary, a text .pth is a start-up hook wherever it lands
        (a later copy, `site.addsitedir`, a PYTHONPATH entry put it in front of the interpreter)."""
        p = _first(self.where(dst), lambda d: d.lower().endswith(".pth") and _PERSISTENCE.match(d) is None)
        if p is not None:
            yield Hit("persistence.startup-file", self.ctx.path, node=call, details={"name": what + " (text)", "path": p})

    def copy_hits(self, call: cst.Call, src: frozenset, dst: frozenset, what: str, whole_tree: bool) -> Iterator[Hit]:
        dst = self.where(dst)
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
            if names & _CHDIR:
                target = self.cwd & f.fold(_arg(call, 0, "path"), scope)
                if target:
                    yield Hit("file-exfiltration.chdir-outside", self.ctx.path, node=call,
                              details={"name": sorted(names & _CHDIR)[0], "path": sorted(target)[0]})
                continue
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
            remover = next((n for n in sorted(names) if n in _REMOVERS), None)
            if remover is not None:
                target = _arg(call, *_REMOVERS[remover])
                if target is not None:
                    yield from self.wipe_hits(call, f.fold(target, scope), remover)
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
            if names & ARCHIVE_ADD:
                member = "name" if "tarfile" in next(iter(names & ARCHIVE_ADD)) else "filename"
                src = f.fold(_arg(call, 0, member), scope)
                data = _first(src, lambda p: data_root_of(p) is not None)
                if data is not None and is_data_root(data):
                    yield Hit("file-exfiltration.archive-data", self.ctx.path, node=call,
                              details={"name": sorted(names & ARCHIVE_ADD)[0], "path": data})
                continue
            writer = next((n for n in sorted(names) if n in _WRITERS), None)
            if writer is not None:
                di, dk, mi, mk = _WRITERS[writer]
                dst_node = _arg(call, di, dk)
                if dst_node is None or not _mode_writes(f, call, scope, mi, mk, writer):
                    continue
                dst = f.fold(dst_node, scope)
                yield from self.dest_hits(call, dst, writer)
                if writer in _TEXT_WRITERS and not _mode_binary(f, call, scope, mi, mk):
                    yield from self.pth_hits(call, dst, writer)
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
            elif method in _PATH_REMOVE_METHODS and all(a.keyword is not None for a in call.args):
                yield from self.wipe_hits(call, f.fold(call.func.value, scope), "Path." + method)
            elif method in _PATH_WRITE_METHODS:
                dst = f.fold(call.func.value, scope)
                yield from self.dest_hits(call, dst, "Path." + method)
                if method == "write_text":
                    yield from self.pth_hits(call, dst, "Path." + method)
            elif method == "open" and not names & {"builtins.open"}:
                if _mode_writes(f, call, scope, 0, "mode", "builtins.open"):
                    yield from self.dest_hits(call, f.fold(call.func.value, scope), "Path.open")
            elif method in _WRITE_METHODS:
                dst_node = _arg(call, 0, "path") or _arg(call, None, "path_or_buf") or _arg(call, None, "fname")
                if dst_node is None:
                    continue
                dst = self.where(f.fold(dst_node, scope))
                # Only clear destinations: an unknown object's method may not write at all.
                if any(is_network(d) or is_outside(d) for d in dst):
                    yield from self.dest_hits(call, dst, "." + method)


@python_detector("file-exfiltration")
def file_exfiltration(ctx: PythonContext) -> Iterator[Hit]:
    yield from _Exfil(ctx).run()


# ---- credential-harvest: files ---------------------------------------------------------

_SECRET = matcher("credentials", "credential-files")
_SECRET_WORDS = matcher("credentials", "credential-words")  # a superset pre-check: one of these is in every name

# Calls that take a path to read, list, copy or test: (index, keyword). rules/lists/calls.yaml `path-readers`
_PATH_ARGS: dict[str, tuple] = {e.name: e.path for e in table("calls", "path-readers").entries}
_PATH_READ_METHODS = frozenset({"read_text", "read_bytes", "open", "exists", "is_file", "is_dir", "iterdir",
                                "glob", "rglob", "stat"})


def path_reads(ctx: PythonContext) -> Iterator[tuple[cst.Call, str, frozenset, cst.BaseExpression, Scope]]:
    """Each call that reads, lists, copies or tests a path (rules/lists/calls.yaml `path-readers`, a Path's
    read methods), with the call's name, the paths its argument may be, that argument and the call's scope."""
    r = ctx.resolver
    f = PathFolder.of(r)
    for use in r.calls:
        call, scope = use.node, use.scope
        names = f.call_names(call, scope)
        target = None
        for n in names:
            spec = _PATH_ARGS.get(n)
            if spec is not None:
                target = _arg(call, spec[0], spec[1])
                break
        listed: frozenset = frozenset()
        if target is None and isinstance(call.func, cst.Attribute) and call.func.attr.value in _PATH_READ_METHODS \
                and not names & {"builtins.open"}:
            target = call.func.value
            if call.func.attr.value in ("glob", "rglob"):  # Path.glob(pattern) lists what the pattern names
                listed = f.elements(call, scope)
        if target is None:
            continue
        name = sorted(names)[0] if names else call.func.attr.value
        yield call, name, f.elements(target, scope) | f.fold(target, scope) | listed, target, scope


# The modes of an open() that only creates or empties a file ("w", "wb", "x"): what was in it is never read.
_CREATE_MODE = re.compile(r"[wx][bt]?|[bt][wx]")


def _creates_own_file(ctx: PythonContext, call: cst.Call, name: str, target: cst.BaseExpression,
                      scope: Scope) -> bool:
    """An open() that creates (or empties) a file of the job's own scratch: every path it may be is relative or
    under /tmp (is_local), none the site's (site_reserved, site_root) nor a persistence path, and its mode is a
    constant that reads nothing (_CREATE_MODE). Flower's supernode-authentication generate_creds.py writes the
    keys it generates, `open(CERT_DIR / "ca.key", "wb")`: a credential made, not one of the site's read. An
    overwrite of the site's keys (`~/.ssh/id_rsa`, `startup/client.key`) stays a finding."""
    if name not in ("builtins.open", "io.open") and not (isinstance(call.func, cst.Attribute)
                                                         and call.func.attr.value == "open"):
        return False
    mode = _arg(call, 1, "mode") if name in ("builtins.open", "io.open") else _arg(call, 0, "mode")
    modes = ctx.resolver.values(mode, scope) if mode is not None else frozenset()
    paths = PathFolder.of(ctx.resolver).fold(target, scope)
    return bool(paths) and bool(modes) and all(isinstance(m, Const) and isinstance(m.value, str)
                                               and _CREATE_MODE.fullmatch(m.value) for m in modes) \
        and all(is_local(p) and UNKNOWN not in p and not (site_reserved(p) or site_root(p) or persistence_path(p))
                for p in paths)


@python_detector("credential-files")
def credential_files(ctx: PythonContext) -> Iterator[Hit]:
    created: set[cst.CSTNode] = set()  # the strings of what such an open() creates: not a secret named to read
    for call, name, paths, target, scope in path_reads(ctx):
        if _creates_own_file(ctx, call, name, target, scope):
            created.update(_strings(target))
            continue
        hit = _first(paths, _names_secret_file)
        if hit is not None:
            yield Hit("credential-harvest.secret-file", ctx.path, node=call, details={"name": name, "path": hit})
    if not _names_secret(ctx.source):
        return
    for node, value in literal_texts(ctx.module, 400):
        m = _secret_in_text(value) if node not in created else None
        if m is not None:
            yield Hit("credential-harvest.secret-path", ctx.path, node=node, details={"name": m})


def _names_secret_file(path: str) -> bool:
    """A path that names a credential file, or a glob pattern that may match one (red team 46c:
    `glob.glob(os.path.expanduser("~/.s?h/id_[r]sa"))`, `Path.home().glob(".s*/id_*")`): the pattern is tried,
    as fnmatch does (a `*` crosses folders: more than glob matches, never less), on the credential list's own
    examples, with a home folder written `/root`, `/home/NAME` or `~NAME` read as `~`. Only a pattern from the root,
    the home folder or climbing out of the working folder (`../../.s*/id_*`, under any folder): the working folder
    is the site workspace's."""
    if _SECRET.match(path) is not None:
        return True
    if not _GLOB_MAGIC.search(path) or not path.startswith(("/", "~", "../")) or _UNKNOWN_PART.search(path):
        return False  # no pattern; one under the working folder; a part the fold does not know (UNKNOWN)
    pattern = _CLIMB.sub("*/", _HOME_FOLDER.sub("~", path))
    return any(fnmatchcase(example, pattern) for example in _SECRET_EXAMPLES)


_GLOB_MAGIC = re.compile(r"[*?[]")
_UNKNOWN_PART = re.compile(r"(^|/)" + re.escape(UNKNOWN) + r"(/|$)")
_HOME_FOLDER = re.compile(r"^(/root|/home/[^/]+|~[^/]+)(?=/|$)")
_CLIMB = re.compile(r"^(\.\./)+")  # out of the working folder: as far as any folder
_SECRET_EXAMPLES = tuple(_HOME_FOLDER.sub("~", x) for e in _SECRET.spec.entries for x in e.examples)


def literal_texts(module: cst.Module, longest: int) -> Iterator[tuple[cst.CSTNode, str]]:
    """Each string literal's text (an f-string's with `?` for its fields), up to `longest` characters, in source
    order."""
    for node in _strings(module):
        value = _literal_value(node)
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        if isinstance(value, str) and len(value) <= longest:
            yield node, value


def _literal_value(node: cst.BaseString) -> str | bytes | None:
    """The value a literal evaluates to, as Python reads it: an f-string's text with its `{{` and escapes read and
    `?` for each field, also inside a concatenation (`f'$' '{oc.env:KEY}'`, whose whole libcst does not evaluate);
    None when it does not evaluate."""
    if isinstance(node, cst.ConcatenatedString):
        left, right = _literal_value(node.left), _literal_value(node.right)
        return left + right if type(left) is type(right) and left is not None else None
    if isinstance(node, cst.FormattedString):
        return "".join(_fstring_text(node, p.value) if isinstance(p, cst.FormattedStringText) else "?"
                       for p in node.parts)
    try:
        return node.evaluated_value
    except Exception:  # noqa: BLE001 - a literal that does not evaluate names nothing
        return None


def _fstring_text(node: cst.FormattedString, text: str) -> str:
    """A text part of an f-string as Python reads it: `{{` is `{`, then its escapes; `?` when it does not read."""
    prefix = node.start.rstrip("'\"")
    quote = node.start[len(prefix):]
    try:
        value = ast.literal_eval(prefix.replace("f", "").replace("F", "") + quote
                                 + text.replace("{{", "{").replace("}}", "}") + quote)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return "?"
    return value if isinstance(value, str) else "?"


_QUOTED = re.compile("(" + "|".join([
    "'''[\\s\\S]*?'''",
    '"""[\\s\\S]*?"""',
    r"'[^'\n\\]*(?:\\.[^'\n\\]*)*'",
    r'"[^"\n\\]*(?:\\.[^"\n\\]*)*"',
]) + ")")


def _names_secret(source: str) -> bool:
    """Cheap pre-check on the source text: some quoted text names a credential store."""
    if _SECRET_WORDS.match(source) is None:
        return False
    for m in _QUOTED.finditer(source):
        text = m.group(1)
        if _SECRET_WORDS.match(text) is not None and _secret_in_text(text.strip("'\"")) is not None:
            return True
    return False


def _secret_in_text(value: str) -> str | None:
    """A credential path named by a string: the whole string, or one word of a command line."""
    for word in [value, *re.split(r"[\s;|&<>'\"=,()]+", value)] if len(value) < 400 else [value]:
        if word and _SECRET.match(word):
            return word
    return None


_STRING = Kinds(cst.SimpleString, cst.ConcatenatedString)
_FORMATTED = Kinds(cst.FormattedString)
_EXPR = Kinds(cst.Expr)


def _strings(module: cst.Module) -> Iterator[cst.BaseString]:
    """String literals outside docstrings and bare string statements (prose, not code), in source order."""
    stack: list[cst.CSTNode] = [module]
    while stack:
        node = stack.pop()
        if _STRING[node.__class__]:
            yield node
            continue
        if _FORMATTED[node.__class__]:
            yield from _fstring_texts(node)
            continue
        if _EXPR[node.__class__] and _STRING[node.value.__class__]:
            continue  # a docstring or a bare string statement
        stack.extend(reversed(children(node)))


def _fstring_texts(node: cst.FormattedString) -> Iterator[cst.BaseString]:
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

# beside the mappings themselves (flow/names.py environ_mapping)
_ENV_WHOLE = frozenset({"os.environ.__dict__", "os.environ._data", "os.environ.copy()", "builtins.vars().environ"})
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
            names = self.r.names(node, scope)
            return environ_mapping(names) or bool(names & _ENV_WHOLE)
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
        if isinstance(node, cst.StarredElement):
            return self.whole(node.value, scope, depth + 1)
        if isinstance(node, cst.Await):
            return self.whole(node.expression, scope, depth + 1)
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

# name -> (data index, data keyword): loads of pickles and other object graphs (rules/lists/calls.yaml
# `pickle-loaders`), and those whose argument is usually a path on the site's disk.
_PICKLE_LOADS: dict[str, tuple] = {e.name: e.path for e in table("calls", "pickle-loaders").entries}
_PATH_LOADERS = frozenset(e.name for e in table("calls", "pickle-loaders").entries if e.path_loader)
# Arguments that are the serialized bytes or text themselves (not a path): a constant there is a payload
# shipped inside the job, hidden from review.
_PAYLOAD_ARGS = frozenset({"data", "bytes", "string", "stream"})
_SAFE_YAML = frozenset({"yaml.SafeLoader", "yaml.CSafeLoader", "yaml.BaseLoader", "yaml.CBaseLoader",
                        "yaml.loader.SafeLoader", "yaml.loader.BaseLoader", "yaml.cyaml.CSafeLoader"})
_REMOTE = matcher("sources", "remote-sources")  # bytes from outside the job (rules/lists/sources.yaml)
_WRAPPERS = frozenset({"io.BytesIO", "io.StringIO", "builtins.bytes", "builtins.bytearray", "builtins.memoryview",
                       "base64.b64decode", "base64.urlsafe_b64decode", "base64.b85decode", "zlib.decompress",
                       "gzip.decompress", "bz2.decompress", "lzma.decompress", "codecs.decode",
                       "binascii.unhexlify", "builtins.bytes.fromhex", "io.BufferedReader"})
# Wrappers that decode: a constant through one of them is bytes a reader of the job's code does not see ('encoded').
_DECODERS = _WRAPPERS - {"io.BytesIO", "io.StringIO", "builtins.bytes", "builtins.bytearray", "builtins.memoryview",
                         "io.BufferedReader"}
_OPENERS = frozenset({"builtins.open", "io.open", "gzip.open", "bz2.open", "lzma.open", "codecs.open",
                      "gzip.GzipFile", "fsspec.open"})
# What opens the file a file object or a descriptor writes to (its path is the first argument).
_FILE_OPENERS = _OPENERS | {"os.open", "io.FileIO"}
_STREAMS = ("sys.stdout", "sys.stderr", "sys.__stdout__", "sys.__stderr__")
# What points a standard stream at a file: (index, keyword) of the file handed over.
_REDIRECTS = {"contextlib.redirect_stdout": (0, "new_target"), "contextlib.redirect_stderr": (0, "new_target"),
              "os.dup2": (0, "fd")}
# Calls that hand bytes to an open file or a descriptor: name -> ((index, keyword) of the bytes, of the file).
# print's bytes are all its positional arguments, and with no `file=` it writes to sys.stdout.
_BYTE_WRITERS = {"shutil.copyfileobj": ((0, "fsrc"), (1, "fdst")), "os.write": ((1, "data"), (0, "fd")),
                 "os.pwrite": ((1, "data"), (0, "fd")), "os.writev": ((1, "buffers"), (0, "fd")),
                 "builtins.print": ((0, None), (None, "file"))}
_BYTES_METHODS = ("write", "writelines", "write_bytes", "write_text")  # a file's or a Path's, given the bytes first
_PARTIALS = frozenset({"functools.partial"})
_METHOD_CALLERS = frozenset({"operator.methodcaller"})  # methodcaller(name, *args)(obj) is obj.name(*args)  # binds a function's first arguments, called later with the rest


def _elements(node: cst.BaseExpression) -> list[cst.BaseExpression]:
    """The items of a list or tuple display (os.writev's buffers, writelines' lines), else the node itself."""
    if isinstance(node, (cst.List, cst.Tuple)) and node.elements:
        return [e.value for e in node.elements]
    return [node]


class _Origin:
    """Where bytes come from: 'remote', 'encoded' (a constant of the code, decoded), 'embedded' (a constant),
    'unknown' or a path ('local')."""

    def __init__(self, resolver: Resolver, alone: bool = False):
        """`alone`: a file written by the job's other modules is not looked for (while their own writes are read)."""
        self.r = resolver
        self.f = PathFolder.of(resolver)
        self.alone = alone
        self._others: list[tuple[frozenset, str, str]] | None = None

    def of(self, node: object, scope: Scope, depth: int = 0, payload: bool = False) -> tuple[str, str]:
        if node is None or depth > 8:
            return "unknown", "?"
        if isinstance(node, Iterated):
            return self.of(node.iter, scope, depth + 1)
        if payload and isinstance(node, cst.Call) and self.f.call_names(node, scope) & _WRAPPERS:
            return self._unwrapped(node, scope, depth)
        if payload and isinstance(node, cst.BaseExpression) and not isinstance(node, (cst.Name, cst.Attribute)):
            if self.r.constants(node, scope) and all(isinstance(v, Const) for v in self.r.values(node, scope)):
                # a constant the resolver decoded itself (`b64decode(K).decode()`) is not what the code spells
                return ("encoded" if self._decodes(node, scope) else "embedded"), "a constant in the job's code"
        if isinstance(node, (cst.Name, cst.Attribute, cst.Call, cst.Subscript)):
            names = self.r.names(node, scope)
            remote = next((n for n in sorted(names) if _REMOTE.match(n)), None)
            if remote is not None:
                return "remote", remote
        if isinstance(node, cst.Call):
            names = self.f.call_names(node, scope)
            if names & _OPENERS or (isinstance(node.func, cst.Attribute) and node.func.attr.value == "open"
                                    and (not names or any(n.startswith("pathlib.") for n in names))):
                target = _arg(node, 0, "file") if names & _OPENERS else node.func.value
                paths = self.f.fold(target, scope) if target is not None else frozenset({UNKNOWN})
                kind, where = self._path_or_read_back(paths)
                # a file opened by a path known only at run time is a file on the site's disk, as a path loader's
                # parameter is (`joblib.load(path)`): a capability a person confirms, not bytes from elsewhere,
                # unless the module itself wrote bytes from elsewhere to a file that may be this one (read_back)
                return ("local" if kind == "unknown" else kind), where
            if names & _WRAPPERS:  # what a wrapper (BytesIO, b64decode) is given is the bytes, not a path
                return self._unwrapped(node, scope, depth)
            if isinstance(node.func, cst.Attribute) and node.func.attr.value in ("read", "read_bytes", "read_text",
                                                                                   "getvalue", "decode", "encode"):
                return self.of(node.func.value, scope, depth + 1)
        if isinstance(node, cst.Subscript):
            return self.of(node.value, scope, depth + 1)
        if isinstance(node, (cst.Name, cst.Attribute)):
            items = self.f.bound(node, scope)
            if items:
                # past the budget, what the name may also hold is unknown, never left out; the most doubtful
                # bindings are read (a URL behind a hundred local files: the URL's pickle is read)
                worst: tuple[str, str] | None = None
                if len(items) > MAX_PATHS:
                    worst, items = ("unknown", "?"), sorted(items, key=lambda item: doubt(item[0]))[:MAX_PATHS]
                for value, sc in items:
                    o = self.of(value, sc, depth + 1, payload)
                    if worst is None or _RANK[o[0]] > _RANK[worst[0]]:
                        worst = o
                return worst or ("unknown", "?")
        if isinstance(node, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString, cst.BinaryOperation,
                             cst.Call, cst.Name, cst.Attribute)):
            return self._path_or_read_back(self.f.fold(node, scope))
        return "unknown", "?"

    def _decodes(self, node: cst.CSTNode, scope: Scope) -> bool:
        """Whether an expression calls a decoder anywhere inside it (a walk with a stack: no nesting depth hurts)."""
        todo = [node]
        while todo:
            node = todo.pop()
            if isinstance(node, cst.Call) and self.f.call_names(node, scope) & _DECODERS:
                return True
            todo += children(node)
        return False

    def _unwrapped(self, call: cst.Call, scope: Scope, depth: int) -> tuple[str, str]:
        kind, where = self.of(_arg(call, 0), scope, depth + 1, payload=True)
        if kind == "embedded" and self.f.call_names(call, scope) & _DECODERS:
            return "encoded", where
        return kind, where

    def _path_or_read_back(self, paths: frozenset) -> tuple[str, str]:
        back = self.read_back(paths)
        kind, where = self._path(paths)
        if back is not None and _RANK[back[0]] > _RANK[kind]:
            return back[0], f"{back[1]}, written to a file and read back"
        return kind, where

    def read_back(self, paths: frozenset) -> tuple[str, str] | None:
        """The kind of bytes from elsewhere (embedded in the code, fetched) that the module writes to a file which
        may be the one at `paths` (the same path, or either known only at run time): a payload written out and
        loaded back is the payload (`open(p, "wb").write(b64decode(K))` then `pickle.load(open(p, "rb"))`), also
        when another module of the job writes it (one that spells a write or a download)."""
        # a readable literal (no payload a reader of the code cannot see) is the file read only by the same path:
        # a log line written to a file must not make every load of a path known at run time untrusted
        found = [(kind, where) for written, kind, where in [*self.drops(), *self._others_drops()]
                 if paths & written or (kind != "embedded" and any(map(_run_time, paths | written)))]
        return max(found, key=lambda o: _RANK[o[0]], default=None)  # the worst: an encoded one over a plain literal

    def _others_drops(self) -> list[tuple[frozenset, str, str]]:
        """The drops of the job's other modules that spell a write or a download, gathered once per _Origin."""
        program = None if self.alone else self.r.program
        if program is None:
            return []
        if self._others is None:
            others = {id(r): r for word in ("write", "retrieve", "download")
                      for r in program.mentioning(word, self.r.path)}
            self._others = [d for r in others.values() for d in _Origin(r, True).drops()]
        return self._others

    def drops(self) -> list[tuple[frozenset, str, str]]:
        """(paths written, kind, what) of each write of the module whose bytes are a payload or fetched: a file
        object's write/writelines, a Path's write_bytes/write_text, a download into a file. Kept with the module's
        resolution, for every module that asks."""
        key = (_Origin, "drops")
        if key not in self.r.derived:
            self.r.derived[key] = []  # what a write's own bytes are is read meanwhile: no write is read back into it
            alone = self if self.alone else _Origin(self.r, True)  # the same answer whichever module asks first
            drops = [alone._drop(use.node, use.scope) for use in self.r.calls]
            self.r.derived[key] = [d for d in drops if d is not None]
        return self.r.derived[key]

    def _drop(self, call: cst.Call, scope: Scope) -> tuple[frozenset, str, str] | None:
        names = self.f.call_names(call, scope)
        writer = next((n for n in sorted(names) if n in _WRITERS), None)
        if writer is not None and any(_DOWNLOADS.match(n) for n in names):
            dst = _arg(call, *_WRITERS[writer][:2])
            return (self.f.fold(dst, scope) if dst is not None else frozenset({UNKNOWN})), "remote", writer
        method, handed = None, self._handed(call, scope)
        if handed is None:
            method, handed = self._method_write(call, scope) or (None, None)
        if handed is None or not handed[0]:
            return None
        data, (dst, dst_scope) = handed
        kind, where = max((self.of(d, sc, payload=True) for d, sc in data), key=lambda o: _RANK[o[0]])
        if kind not in ("embedded", "encoded", "remote"):
            return None
        if method in ("write_bytes", "write_text"):
            return self.f.fold(dst, dst_scope), kind, where
        written = self._written(dst, dst_scope) if dst is not None else self._streams()
        return (written, kind, where) if written else None

    def _partials(self, call: cst.Call, scope: Scope) -> list[tuple[cst.Call, Scope]]:
        """The `functools.partial(f, ...)` calls the callee may be (`put = partial(os.write, fd); put(data)`)."""
        return self._built(call, scope, _PARTIALS)

    def _built(self, call: cst.Call, scope: Scope, makers: frozenset) -> list[tuple[cst.Call, Scope]]:
        """The calls of `makers` (functools.partial, operator.methodcaller) whose result the callee may be, called
        at once or through a name, each with a positional first argument."""
        if not {f"{m}()" for m in makers} & self.f.call_names(call, scope):
            return []
        made = [(call.func, scope)] if isinstance(call.func, cst.Call) else \
            self.f.bound(call.func, scope) if isinstance(call.func, (cst.Name, cst.Attribute)) else []
        return [(built, where) for built, where in made
                if isinstance(built, cst.Call) and built.args and built.args[0].keyword is None
                and self.f.call_names(built, where) & makers]

    def _handed(self, call: cst.Call, scope: Scope) -> tuple[list, tuple] | None:
        """The bytes ([(expr, scope)]) and the file ((expr or None for sys.stdout, scope)) of a byte writer's call,
        made directly or through what functools.partial bound."""
        handed = next((n for n in sorted(self.f.call_names(call, scope)) if n in _BYTE_WRITERS), None)
        if handed is not None:
            return self._writer_args(handed, call, scope, None, scope)
        for built, where in self._partials(call, scope):
            handed = next((n for n in sorted(self.r.names(built.args[0].value, where)) if n in _BYTE_WRITERS), None)
            if handed is not None:
                return self._writer_args(handed, call, scope, built, where)
        return None

    def _method_write(self, call: cst.Call, scope: Scope) -> tuple[str, tuple[list, tuple]] | None:
        """(method, (bytes, (file, its scope))) of a file's write method called with the bytes first: `f.write(b)`,
        also through a name bound to the method (`w = f.write`), `getattr(f, "write")`, a partial of either,
        `operator.methodcaller("write", b)(f)` or `map(f.write, [b])`."""
        target = self._method(call.func, scope)
        data = [(a.value, scope) for a in call.args if a.keyword is None or a.keyword.value == "data"]
        for built, where in [] if target is not None else self._partials(call, scope):
            target = self._method(built.args[0].value, where)
            if target is not None:
                data = [(a.value, where) for a in built.args[1:] if a.keyword is None] + data
                break
        for built, where in [] if target is not None or not data else self._built(call, scope, _METHOD_CALLERS):
            method = next((c for c in self.r.constants(built.args[0].value, where) if c in _BYTES_METHODS), None)
            if method is not None:  # methodcaller("write", b)(f)
                target, data = (method, data[0]), [(a.value, where) for a in built.args[1:] if a.keyword is None]
                break
        if target is None and "builtins.map" in self.f.call_names(call, scope) and len(data) == 2:
            target, data = self._method(data[0][0], data[0][1]), data[1:]  # map(f.write, [b])
        if target is None or not data:
            return None
        method, receiver = target
        return method, ([(e, data[0][1]) for e in _elements(data[0][0])], receiver)

    def _method(self, func: cst.BaseExpression, scope: Scope, depth: int = 0) -> tuple[str, tuple] | None:
        """(method, (receiver, its scope)) where `func` is a file's write method: `f.write`, `getattr(f, "write")`,
        or a name bound to one of those."""
        if isinstance(func, cst.Attribute) and func.attr.value in _BYTES_METHODS:
            return func.attr.value, (func.value, scope)
        if isinstance(func, cst.Call) and "builtins.getattr" in self.f.call_names(func, scope) and \
                (obj := _arg(func, 0)) is not None and (name := _arg(func, 1)) is not None:
            method = next((c for c in self.r.constants(name, scope) if c in _BYTES_METHODS), None)
            return (method, (obj, scope)) if method is not None else None
        if isinstance(func, cst.Name) and depth == 0:
            return next((m for value, sc in self.f.bound(func, scope)
                         if (m := self._method(value, sc, depth + 1)) is not None), None)
        return None

    @staticmethod
    def _writer_args(handed: str, call: cst.Call, scope: Scope, partial: cst.Call | None, where: Scope):
        """A byte writer's bytes and file, each from the call or from what a partial bound before it."""
        bound = cst.Call(func=partial.func, args=partial.args[1:]) if partial is not None else None
        shift = len(_positional(bound)) if bound is not None else 0

        def arg(index: int | None, keyword: str | None) -> tuple[cst.BaseExpression | None, Scope]:
            if bound is not None:
                found = _arg(bound, index if index is not None and index < shift else None, keyword)
                if found is not None and _arg(call, None, keyword) is None:
                    return found, where
            return _arg(call, None if index is None else index - shift, keyword), scope

        (data_at, dst_at) = _BYTE_WRITERS[handed]
        if handed == "builtins.print":  # every positional argument is printed
            data = [(a.value, sc) for c, sc in ((bound, where), (call, scope)) if c is not None
                    for a in spread_args(c) if a.keyword is None]
        else:
            d, sc = arg(*data_at)
            data = [(e, sc) for e in _elements(d)] if d is not None else []
        dst, dst_scope = arg(*dst_at)
        if dst is None and handed != "builtins.print":
            return None
        return data, (dst, dst_scope)

    def _streams(self) -> frozenset:
        """The files the module points sys.stdout or sys.stderr at (`sys.stdout = open(p, "w")`,
        `redirect_stdout(f)`, `os.dup2(fd, 1)`): what a print with no file writes may be one of them."""
        key = (_Origin, "streams")
        if key not in self.r.derived:
            self.r.derived[key] = frozenset()  # no stream is read back into its own binding meanwhile
            paths = set(self._files([item for target, items in self.r.attr_bindings.items()
                                     if not target.startswith(("self.", "cls."))
                                     and target.rpartition(".")[2] in ("stdout", "stderr", "__stdout__", "__stderr__")
                                     for item in items if isinstance(item, tuple)]))
            for use in self.r.calls:
                redirect = next((n for n in sorted(self.f.call_names(use.node, use.scope)) if n in _REDIRECTS), None)
                handed = _arg(use.node, *_REDIRECTS[redirect]) if redirect is not None else None
                if handed is not None:
                    paths |= self._written(handed, use.scope)
            self.r.derived[key] = frozenset(paths)
        return self.r.derived[key]

    def _written(self, dst: cst.BaseExpression, scope: Scope, depth: int = 0) -> frozenset:
        """The paths a file object or a descriptor may write to: its opener's path, unknown where it may hold
        another (`os.fdopen(fd)` is the file of `fd`)."""
        return self._files(self.f.bound(dst, scope) or [(dst, scope)], depth)

    def _files(self, items: list[tuple[object, Scope]], depth: int = 0) -> frozenset:
        """The paths of the files or descriptors (expression, scope) may be."""
        paths: set[str] = set()
        for value, sc in items:
            if any(n.startswith(_STREAMS) for n in self.r.names(value, sc)):
                paths |= self._streams()  # sys.stdout, sys.stderr.buffer: a file only where the module points it at one
                continue
            names = self.f.call_names(value, sc) if isinstance(value, cst.Call) else set()
            opener = next((n for n in sorted(names) if n in _FILE_OPENERS), None)
            target = _arg(value, *_WRITERS.get(opener, (0, "file"))[:2]) if opener is not None else None
            if target is not None:
                paths |= self.f.fold(target, sc)
            elif "os.fdopen" in names and depth < 2 and (fd := _arg(value, 0, "fd")) is not None:
                paths |= self._written(fd, sc, depth + 1)
            else:
                paths.add(UNKNOWN)
        return frozenset(paths)

    @staticmethod
    def _path(paths: frozenset) -> tuple[str, str]:
        remote = _first(paths, is_remote_url)
        if remote is not None:
            return "remote", remote
        unknown = _first(paths, _run_time)
        if unknown is not None:
            return "unknown", unknown
        return "local", sorted(paths)[0] if paths else "?"


_RANK = {"local": 0, "unknown": 1, "embedded": 2, "encoded": 3, "remote": 4}


def _run_time(path: str) -> bool:
    """A folded path known only at run time: one that starts unknown, or an environment variable the code does not
    name."""
    return path.startswith(UNKNOWN) or path == "${?}"


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
    origin = _Origin(ctx.resolver)
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


# ---- data readers given a URL ------------------------------------------------------------

# Readers that fetch a URL as readily as they open a path: name -> (index, keyword) of the path argument
# (rules/lists/calls.yaml `url-readers`).
_URL_READERS: dict[str, tuple] = {e.name: e.path for e in table("calls", "url-readers").entries}
# Entries with a `*` (`transformers.*.from_pretrained`): every class of a library that loads by the same method.
_URL_READER_GLOBS = [(n, glob(n)) for n in sorted(_URL_READERS) if "*" in n]  # (entry, its match)


def _url_reader_entry(names: set[str]) -> tuple[str, tuple] | None:
    """The first of a call's names the url-readers table lists, exactly or by a `*` entry, with its path argument."""
    for name in sorted(names):
        key = name if name in _URL_READERS else next((g for g, matches in _URL_READER_GLOBS if matches(name)), None)
        if key is not None:
            return name, _URL_READERS[key]
    return None


def _url_data(url: str) -> bool:
    """Whether an unknown value sits in the URL's host or query (a path part may just pick a file), or a
    credential the site keeps in its environment sits in the query (`?k=${AWS_SECRET_ACCESS_KEY}`, session 49b:
    a site variable had read as a known part; the names are rules/flow/secrets.yaml's secret_env_names)."""
    from ..flow.names import _SECRET_ENV

    rest = url[_URL.search(url).end():]
    query = rest.split("#")[0].partition("?")[2]
    return rest.startswith(UNKNOWN) or any(map(_query_value, rest.split("#"))) or \
        any(_SECRET_ENV(name) for name in _ENV_MARKS.findall(query))


def fetched_url(r: Resolver, call: cst.Call, names: set[str], scope: Scope) -> tuple[str, cst.BaseExpression] | None:
    """(reader, path argument) of a url-readers call whose path argument may fold to a remote URL: the flow reads
    it as a request (flow/calls.py Calls.fetched_url)."""
    found = _url_reader_entry(names)
    path = _arg(call, *found[1]) if found is not None else None
    if path is None or not any(map(is_remote_url, PathFolder.of(r).fold(path, scope))):
        return None
    return found[0], path


# `?name=`, `&name=` or `;name=` (a path parameter) then a value folded to UNKNOWN
_UNKNOWN_QUERY = re.compile(r"[?&;][A-Za-z_][\w.-]*=\?")


def _query_value(part: str) -> bool:
    """`name=?` or `?name=` in a URL's query (the part up to a `#`): a value the gate could not fold travels in it.
    What `\\?[^#]*(=\\?|\\?=)|[?&][^=&#]*=[^&#]*\\?` finds, without trying every `?` as a start (a URL of
    40,000 `?` took a minute, session 48): the first `?` of the part, or the first `?` of its text before an
    `&` and each `&`, start all the matches the later ones would."""
    q = part.find("?")
    if q < 0 and "&" not in part:
        return False
    if q >= 0 and ("=?" in part[q + 1:] or "?=" in part[q + 1:]):
        return True
    first, *fields = part.split("&")
    fields = ([first[first.index("?") + 1:]] if "?" in first else []) + fields
    return any("?" in field[field.find("=") + 1:] for field in fields if "=" in field)


@python_detector("url-reader")
def url_reader(ctx: PythonContext) -> Iterator[Hit]:
    r = ctx.resolver
    folder = PathFolder.of(r)
    for use in r.calls:
        call, scope = use.node, use.scope
        names = folder.call_names(call, scope)
        found = _url_reader_entry(names)
        if found is None:
            continue
        name, (index, keyword) = found
        if name in _WRITERS and _mode_writes(folder, call, scope, *_WRITERS[name][2:], name):
            continue  # fsspec.open(url, "w"): a write, judged by file-exfiltration
        source = _arg(call, index, keyword)
        if source is None and name == "datasets.load_dataset":
            source = _arg(call, 0, "path")
        if source is None:
            continue
        values = folder.elements(source, scope) | folder.fold(source, scope)
        urls = [p for p in values if is_remote_url(p)]
        # a base the gate cannot read (a setting, the command line, a file the job does not carry) with a query
        # field whose value is computed: `cfg["ref"] + "?d=" + rows` is a URL whatever the base; no local path has
        # a query string
        queried = sorted(p for p in values if p.startswith((UNKNOWN, "<arg>")) and _UNKNOWN_QUERY.search(p))
        if not urls and not queried:
            continue
        carrying = _first(urls, _url_data) or next(iter(queried), None)
        rule = "network.url-reader-data" if carrying is not None else "network.url-reader"
        yield Hit(rule, ctx.path, node=call, details={"name": name, "url": carrying or sorted(urls)[0]})


# ---- files made executable -------------------------------------------------------------------

_CHMOD = {"os.chmod": (1, "mode"), "os.lchmod": (1, "mode"), "os.fchmod": (1, "mode"), "posix.chmod": (1, "mode")}
_EXEC_BITS = frozenset({"stat.S_IEXEC", "stat.S_IXUSR", "stat.S_IXGRP", "stat.S_IXOTH", "stat.S_IRWXU",
                        "stat.S_IRWXG", "stat.S_IRWXO"})
# Calls that bring bytes in from the network: a file made executable after one of them is a dropper.
_DOWNLOADS = matcher("sources", "downloads")


def _exec_mode(folder: PathFolder, mode: cst.BaseExpression, scope: Scope) -> bool:
    """Whether a chmod mode sets an execute bit: 0o755, stat.S_IEXEC, `st.st_mode | 0o111`, or unknown."""
    ints = [c for c in folder.r.constants(mode, scope) if isinstance(c, int) and not isinstance(c, bool)]
    if ints:
        return any(c & 0o111 for c in ints)
    stack = [mode]
    while stack:
        node = stack.pop()
        if folder.r.names(node, scope) & _EXEC_BITS:
            return True
        if isinstance(node, cst.BinaryOperation):
            stack += [node.left, node.right]
        elif isinstance(node, cst.Integer):
            try:
                if int(node.value, 0) & 0o111:
                    return True
            except ValueError:
                pass
    return False


@python_detector("make-executable")
def make_executable(ctx: PythonContext) -> Iterator[Hit]:
    r = ctx.resolver  # no search of the source's text first: `getattr(os, "ch" + "mod")` spells no "chmod"
    folder = PathFolder.of(r)
    downloads = any(_DOWNLOADS.match(n) for use in r.calls for n in folder.call_names(use.node, use.scope))
    origin = _Origin(ctx.resolver)
    for use in r.calls:
        call, scope = use.node, use.scope
        names = folder.call_names(call, scope)
        name = next((n for n in sorted(names) if n in _CHMOD), None)
        if name is not None:
            target, mode = _arg(call, 0, "path"), _arg(call, *_CHMOD[name])
        elif isinstance(call.func, cst.Attribute) and call.func.attr.value == "chmod" and len(call.args) == 1:
            name, target, mode = "Path.chmod", call.func.value, _arg(call, 0, "mode")
        else:
            continue
        if mode is None or not _exec_mode(folder, mode, scope):
            continue
        paths = folder.fold(target, scope) if target is not None else frozenset({UNKNOWN})
        details = {"name": name, "path": sorted(paths)[0]}
        written = None if downloads else origin.read_back(paths)
        if downloads:
            yield Hit("remote-code.download-exec", ctx.path, node=call, details=details)
        elif written is not None and written[0] != "embedded":  # a plain literal is text a reviewer reads
            yield Hit("remote-code.embedded-exec", ctx.path, node=call, details={**details, "source": written[1]})
        else:
            yield Hit("subprocess.make-executable", ctx.path, node=call, details=details)


# Launchers and where their program is: (index, keyword). An argv display's first element is the program; a
# command string's first word is.
_LAUNCHERS = {"subprocess.*": (0, "args"), "os.system": (0, "command"), "os.popen": (0, "cmd"),
              "os.startfile": (0, "filepath"), "os.exec*": (0, "path"), "os.posix_spawn*": (0, "path"),
              "os.spawn*": (1, "file"), "asyncio.create_subprocess_*": (0, "program"),
              "asyncio.subprocess.create_subprocess_*": (0, "program"), "pty.spawn": (0, "argv")}
_LAUNCHER_GLOBS = [(p, glob(p)) for p in _LAUNCHERS]  # (entry, its match)


def _programs(folder: PathFolder, arg: cst.BaseExpression, scope: Scope) -> list[tuple[object, Scope]]:
    """The expressions a launcher's program argument may be: an argv display's first element (also through a
    name bound to one), else the argument itself (a command string, whose first word is the program)."""
    out: list[tuple[object, Scope]] = []
    for value, sc in folder.bound(arg, scope) or [(arg, scope)]:
        if isinstance(value, (cst.List, cst.Tuple)):
            first = value.elements[0] if value.elements else None
            value = None if first is None or isinstance(first, cst.StarredElement) else first.value
        out.append((value, sc))
    return out


def _fetched(folder: PathFolder, programs: list[tuple[object, Scope]]) -> str | None:
    """A call bringing bytes in whose own result is the program: the path a download wrote (`f = wget.download(url)`,
    hf_hub_download), or the command itself (`cmd = sock.recv(1024).decode()`, a reverse shell's)."""
    return next((n for value, sc in programs if isinstance(value, cst.Call)
                 for n in sorted(folder.call_names(value, sc)) if _DOWNLOADS.match(n)), None)


@python_detector("dropped-program")
def dropped_program(ctx: PythonContext) -> Iterator[Hit]:
    """A program run whose file the module may have written from bytes it decoded out of its own literals or
    fetched (`open(p, "wb").write(b64decode(K))` then `subprocess.call(p)`, `os.startfile(p)`): the dropper
    whose payload needs no execute bit (a Windows .exe) or gets it by other means. A program named by a plain
    word (`tar`, `nvidia-smi`) is the site's, never the written file."""
    r = ctx.resolver
    folder = PathFolder.of(r)
    origin = _Origin(r)
    for use in r.calls:
        call, scope = use.node, use.scope
        names = folder.call_names(call, scope)
        found = next(((n, p) for n in sorted(names) for p, matches in _LAUNCHER_GLOBS if matches(n)), None)
        arg = _arg(call, *_LAUNCHERS[found[1]]) if found is not None else None
        if arg is None:
            continue
        programs = _programs(folder, arg, scope)
        words = {(p.split() or [UNKNOWN])[0].strip("'\"") for value, sc in programs for p in folder.fold(value, sc)}
        paths = frozenset(p for p in words if "/" in p or "\\" in p or p.startswith((UNKNOWN, "<", "${")))
        fetched = _fetched(folder, programs)
        written = ("remote", fetched) if fetched is not None else origin.read_back(paths) if paths else None
        if written is not None and written[0] in ("encoded", "remote"):
            yield Hit("remote-code.dropped-program", ctx.path, node=call,
                      details={"name": found[0], "path": sorted(paths or words)[0], "source": written[1]})


# ---- logging configured from a file ---------------------------------------------------------

_LOG_FILE_CONFIG = frozenset({"logging.config.fileConfig"})


@python_detector("logging-file-config")
def logging_file_config(ctx: PythonContext) -> Iterator[Hit]:
    """fileConfig of a file the gate cannot tie to the job: the job's own files (a relative path, one
    next to the module) are judged by the logging-config detector; any other file runs unread code."""
    r = ctx.resolver  # no search of the source's text first: `getattr(config, "file" + "Config")` spells no word
    folder = PathFolder.of(r)
    for use in r.calls:
        if not folder.call_names(use.node, use.scope) & _LOG_FILE_CONFIG:
            continue
        paths = folder.fold(_arg(use.node, 0, "fname"), use.scope)
        outside = _first(paths, lambda p: not (_in_job(p) and not is_tmp(p)))
        if outside is not None:
            yield Hit("dynamic-code.logging-file-config", ctx.path, node=use.node,
                      details={"name": f"logging.config.fileConfig({outside})"})


def _where_defined(body: Scope) -> tuple[str, str]:
    """A function's (module path, qualified name), from its body's scope."""
    names, s = [], body
    while s is not None and not isinstance(s.node, cst.Module):
        # a lambda has no name: it is called in its own module, by this very tree
        names.append(s.node.name.value if hasattr(s.node, "name") else f"<lambda {id(s.node)}>")
        s = s.parent
    owner = s.owner if s is not None else None
    return (owner.path if owner is not None else ""), ".".join(reversed(names))


def _replaced_literal(stmt: cst.BaseStatement, name: str) -> str | None:
    """The str literal `if name == "lit": name = other` replaces (also `"lit" == name`): an `if` with no
    `else` whose body is that one assignment; None for anything else."""
    if not isinstance(stmt, cst.If) or stmt.orelse is not None or not isinstance(stmt.body, cst.IndentedBlock):
        return None
    test = stmt.test
    if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1 or \
            not isinstance(test.comparisons[0].operator, cst.Equal):
        return None
    sides = (test.left, test.comparisons[0].comparator)
    literal = next((v for v in sides if isinstance(v, cst.SimpleString)), None)
    if literal is None or not any(isinstance(v, cst.Name) and v.value == name for v in sides) or \
            not isinstance(literal.evaluated_value, str):
        return None
    body = stmt.body.body
    if len(body) != 1 or not isinstance(body[0], cst.SimpleStatementLine) or len(body[0].body) != 1:
        return None
    assign = body[0].body[0]
    if not isinstance(assign, cst.Assign) or len(assign.targets) != 1 or \
            not (isinstance(assign.targets[0].target, cst.Name) and assign.targets[0].target.value == name):
        return None
    return literal.evaluated_value


def _holds(node: cst.CSTNode, target: cst.CSTNode) -> bool:
    return node is target or any(_holds(child, target) for child in children(node))


def _replacing_checks(fn: cst.FunctionDef) -> dict[str, tuple[int, str]]:
    """name -> (index, literal) of the first statement of the function's own body that is a check replacing the
    literal (`_replaced_literal`)."""
    found: dict[str, tuple[int, str]] = {}
    for i, stmt in enumerate(fn.body.body if isinstance(fn.body, cst.IndentedBlock) else ()):
        if isinstance(stmt, cst.If) and isinstance(stmt.test, cst.Comparison):
            for side in (stmt.test.left, stmt.test.comparisons[0].comparator):
                if isinstance(side, cst.Name) and side.value not in found and \
                        (literal := _replaced_literal(stmt, side.value)) is not None:
                    found[side.value] = (i, literal)
    return found


def _past_replacing_checks(node: cst.Name, scope: Scope, items: list, checks: dict) -> list:
    """niid_bench's `if save_dir == "": save_dir = "client_cvs"`: a read of the name in a later statement of
    the function's own body never holds the str literal the check replaces when that literal was bound before
    it, as the parameter's default or by a plain assignment of the body (`d = ""`). Every other binding stays
    (a later `d = ""`, the check's own body, what callers pass: they may hold it again, and a bytes value is
    never equal to a str). A check under another test, with an `else`, or in a nested block is not matched.
    `checks` memoises `_replacing_checks` by function."""
    fn = scope.node
    if not isinstance(fn, cst.FunctionDef):
        return items
    found = checks.get(id(fn))
    if found is None:
        found = checks[id(fn)] = _replacing_checks(fn)
    if node.value not in found:
        return items
    index, literal = found[node.value]
    statements = fn.body.body
    if not any(_holds(later, node) for later in statements[index + 1:]):
        return items
    params = fn.params
    before = {id(p.default) for p in (*params.posonly_params, *params.params, *params.kwonly_params)
              if p.name.value == node.value and p.default is not None}
    for stmt in statements[:index]:  # `d = ""` before the check
        if isinstance(stmt, cst.SimpleStatementLine):
            before |= {id(s.value) for s in stmt.body if isinstance(s, cst.Assign) and len(s.targets) == 1 and
                       isinstance(s.targets[0].target, cst.Name) and s.targets[0].target.value == node.value}
    return [(v, s) for v, s in items if not (id(v) in before and isinstance(v, cst.SimpleString) and
                                             v.evaluated_value == literal)]


def _is_parameter(name: str, scope: Scope) -> bool:
    """Whether `name` is a parameter of the function or lambda whose body `scope` is."""
    fn = scope.node
    if not isinstance(fn, (cst.FunctionDef, cst.Lambda)):
        return False
    ps = fn.params
    return any(p.name.value == name for p in (*ps.posonly_params, *ps.params, *ps.kwonly_params))


def _is_property(ref: FuncRef) -> bool:
    """A method read as an attribute whose value is what it returns (`@property`, `@functools.cached_property`)."""
    return _is_method(ref) and any((dotted(d.decorator) or "").rpartition(".")[2] in ("property", "cached_property")
                                   for d in getattr(ref.node, "decorators", ()))


def _is_method(ref: FuncRef) -> bool:
    """A function defined in a class body (called on an instance, `self` is not passed)."""
    parent = ref.scope.parent
    return parent is not None and parent.is_class and not any(
        dotted(d.decorator) == "staticmethod" for d in getattr(ref.node, "decorators", ()))
