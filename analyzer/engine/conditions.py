"""Conditions on a call's arguments, for threat rules and catalogue entries.

A threat rule's condition fails closed by counting what cannot be decided
statically as holding (`shell=flag` may be True). A catalogue entry's
condition is `strict`: it vouches only for what the gate can prove
(`weights_only=flag` is not known to be True).
"""

from __future__ import annotations

import ast
import fnmatch
import itertools
import math
import re
import weakref
from typing import TYPE_CHECKING

import libcst as cst

from .fold import Const, spread_args
from .sketch import sketch
from .resolve import OVERFLOW, PASSED, FuncRef, Resolver, Scope
from .resolve import UNKNOWN as UNKNOWN_VALUE
from .rules import Condition

if TYPE_CHECKING:
    from .catalogue import Catalogue


def argument(call: cst.Call, cond: Condition, scope: Scope | None = None) -> tuple[bool, cst.BaseExpression | None]:
    """(present, value) of the argument a condition is about; value None when
    it may be hidden in *args or **kwargs (not in a dict of the function whose keys
    the gate reads: _local_dict)."""
    if cond.receiver:
        return isinstance(call.func, cst.Attribute), getattr(call.func, "value", None)
    if cond.result:
        return True, call
    args = spread_args(call)
    keywords = cond.keywords
    for a in args:
        if a.keyword is not None and a.keyword.value in keywords:
            return True, a.value
    for a in args:
        if keywords and a.star == "**":
            keys = _local_dict(a.value, scope) if scope is not None else None
            if keys is None or not keys.keys().isdisjoint(keywords):
                return True, next((keys[k] for k in keywords if k in keys), None) if keys is not None else None
    if isinstance(cond.arg, int):
        positional = [a for a in args if a.keyword is None]
        for i, a in enumerate(positional):
            if a.star:
                return True, None
            if i == cond.arg:
                return True, a.value
    return False, None


def _local_dict(value: cst.BaseExpression, scope: Scope) -> dict[str, cst.BaseExpression | None] | None:
    """The keys a `**name` spreads, when `name` is a dict of the function the gate reads whole: bound once, to a
    display of constant identifier keys, and otherwise only spread again, updated by keyword (`d.update(k=v)`) or
    stored into by a constant key (`d["k"] = v`), nowhere in the function (nested functions included) read, passed,
    rebound or declared global. A key of the display maps to its value; a key added later may be there or not, with
    a value it may have changed, so it maps to None (hidden, as in **kwargs); any other key is absent. Else None."""
    fn = scope.node
    if not isinstance(value, cst.Name) or not isinstance(fn, cst.FunctionDef) or \
            value.value in scope.globals | scope.nonlocals:
        return None
    finder = _DictUses(value.value)
    fn.params.visit(finder)  # a parameter of that name: a use no pattern allows
    fn.body.visit(finder)
    if len(finder.displays) != 1 or finder.uses != finder.allowed:
        return None
    keys: dict[str, cst.BaseExpression | None] = {}
    for element in finder.displays[0].elements:
        key = element.key.evaluated_value if isinstance(element, cst.DictElement) and \
            isinstance(element.key, cst.SimpleString) else None
        if not isinstance(key, str) or not key.isidentifier() or key in keys:
            return None
        keys[key] = element.value
    return keys | dict.fromkeys(finder.added)


class _DictUses(cst.CSTVisitor):
    """Every read of a name in a function, and those _local_dict allows: its one binding to a dict display,
    `**name`, `name.update(k=v)` and `name["k"] = v` (the keys these add)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.uses: set[int] = set()
        self.allowed: set[int] = set()
        self.displays: list[cst.Dict] = []
        self.added: list[str] = []

    def _is_name(self, node: cst.CSTNode) -> bool:
        return isinstance(node, cst.Name) and node.value == self.name

    def visit_Name(self, node: cst.Name) -> None:
        if node.value == self.name:
            self.uses.add(id(node))

    def visit_Assign(self, node: cst.Assign) -> None:
        if len(node.targets) != 1:
            return
        target = node.targets[0].target
        if self._is_name(target) and isinstance(node.value, cst.Dict):
            self.displays.append(node.value)
            self.allowed.add(id(target))
        elif isinstance(target, cst.Subscript) and self._is_name(target.value) and len(target.slice) == 1:
            index = target.slice[0].slice
            key = index.value if isinstance(index, cst.Index) else None
            if isinstance(key, cst.SimpleString) and isinstance(key.evaluated_value, str):
                self.added.append(key.evaluated_value)
                self.allowed.add(id(target.value))

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.star == "**" and self._is_name(node.value):
            self.allowed.add(id(node.value))

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Attribute) and self._is_name(func.value) and func.attr.value == "update" and \
                all(a.keyword is not None and not a.star for a in node.args):
            self.added += [a.keyword.value for a in node.args]
            self.allowed.add(id(func.value))


UNKNOWN = object()


def constant(resolver: Resolver, value: cst.BaseExpression | None, scope: Scope, sketched: bool = False) -> object:
    """The one constant an argument folds to, else UNKNOWN; `sketched` (a threat pattern reads it), else what
    the parts of a string the fold gives up on read as (sketch.py)."""
    if value is None:
        return UNKNOWN
    if isinstance(value, (cst.List, cst.Tuple)):
        # An argv list reads as its command line; parts the gate cannot fold read as "?".
        parts = [constant(resolver, el.value, scope, sketched) for el in value.elements]
        return " ".join(p if isinstance(p, str) else "?" for p in parts)
    consts = resolver.constants(value, scope)
    if len(consts) == 1 and len(resolver.values(value, scope)) == 1:
        return consts[0]
    text = sketch(resolver, value, scope) if sketched else None
    return UNKNOWN if text is None else text


MAX_COMMAND_LINES = 64  # argv lines a threat pattern reads whole: the product of the list's parts' values
MAX_COMMAND_TEXT = 1 << 16  # characters of the lines an argv list reads as, past MAX_COMMAND_LINES
# resolver -> {(id(value), id(scope)): (value, scope, texts)}: each threat pattern of each rule asks again
_THREAT_TEXTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def threat_texts(resolver: Resolver, value: cst.BaseExpression | None, scope: Scope) -> list[str]:
    """Every text a threat pattern reads an argument as: each string it may fold to, and its sketch. One more
    value must never hide another: `prog = "echo"` in a branch beside `prog = "curl"` turned the network tool's
    reject into an escalation (session 57)."""
    if value is None:
        return []
    memo = _THREAT_TEXTS.setdefault(resolver, {})
    held = memo.get((id(value), id(scope)))
    if held is None:
        held = memo[id(value), id(scope)] = (value, scope, _threat_texts(resolver, value, scope))
    return held[2]


def _threat_texts(resolver: Resolver, value: cst.BaseExpression, scope: Scope) -> list[str]:
    """An argv list reads as each command line its parts' values make; past MAX_COMMAND_LINES, as its line with
    "?" for each part of several values, and that line with each value of such a part in its place; past
    MAX_COMMAND_TEXT, as that line and each value alone (5,000 parts of two values each had read as 10,000 lines
    of 5,000 parts: a 15 KB job took three minutes)."""
    if isinstance(value, (cst.List, cst.Tuple)):
        parts = [threat_texts(resolver, el.value, scope) or ["?"] for el in value.elements]
        if math.prod(map(len, parts)) <= MAX_COMMAND_LINES:
            return [" ".join(line) for line in itertools.product(*parts)]
        plain = [p[0] if len(p) == 1 else "?" for p in parts]
        line = " ".join(plain)
        several = [(i, text) for i, part in enumerate(parts) if len(part) > 1 for text in part]
        if len(line) * len(several) > MAX_COMMAND_TEXT:
            return [line, *(text for _, text in several)]
        return [line, *(" ".join([*plain[:i], text, *plain[i + 1:]]) for i, text in several)]
    texts = [c for c in resolver.constants(value, scope) if isinstance(c, str)]
    whole = constant(resolver, value, scope, sketched=True)
    # a sketch holds each of several readings on a line of its own: a pattern anchored at `^` reads each
    return list(dict.fromkeys([*texts, whole, *whole.splitlines()])) if isinstance(whole, str) else texts


def leads(resolver: Resolver, value: cst.BaseExpression, scope: Scope, where: str, guarded: bool = False,
          native: bool = False) -> bool:
    """Whether a path argument provably leads `where` (see Condition.path): every
    candidate, as the file rules fold it and as the resolver sees it, is known
    and plain (URL parsers strip blanks: ' https://h' is fetched).

    `guarded`: the site's process guard holds the same line at run time (writes
    only inside the job's folder, no code files, no network), so a candidate
    known only then (a parameter, an argument, a computed name) is left to it.
    What the gate does know is still judged: `/mnt/share/<arg>` never vouches.
    `native`: the library writes in native code, which the guard does not see, so
    only a site variable's folder (`${FL_SCRATCH}/x`: the site sets it, not the job)
    is left to run time; an argument or a computed name is not."""
    from .detectors.paths import (UNKNOWN, is_local, is_network, is_outside, is_url, public_cache, site_reserved,
                                  site_root)

    if any(isinstance(c, int) for c in resolver.constants(value, scope)):
        return False  # a file descriptor, no path: `open(2, "w")` writes into the job's log (stderr)
    candidates = _texts(resolver, value, scope)
    if where == "data":  # in memory, or a text naming a file: a value that folds to no text is the former
        candidates = _uri_paths(resolver, value, scope) - {UNKNOWN}
        if not candidates:
            return True
        where = "local"
    if where == "public-cache":  # a place named exactly: nothing of it is left to run time
        return bool(candidates) and all(_plain(p) and public_cache(p) for p in candidates)
    if where == "folder":  # anywhere local but never where the site keeps its own, nor a home or system folder
        # (paths.yaml `outside`: a download written there outlives the job, red team 49c); a part known only at
        # run time is the process guard's (it refuses a folder outside the job's run folder), never the gate's alone
        return all(not (is_network(p) or is_url(p) or is_outside(p)) and not _reserved_on_the_way(_in_run_folder(p))
                   and (guarded or not (UNKNOWN in p or "<arg>" in p)) for p in candidates)
    if where == "own-files":  # a folder the library fills with files it names: judged as one file inside it
        if any(_reserved_on_the_way(_in_run_folder(p)) for p in candidates):
            return False
        candidates = {_own_file(p) for p in candidates}
        where = "job"
    if where == "lock-file":  # whatever its folder, the name says the file is a lock and nothing else
        return bool(candidates) and all(_plain(p) and p.endswith(".lock") and not (is_network(p) or is_url(p))
                                        and not site_reserved(p) for p in candidates)
    if guarded:
        # Known only at run time (an argument, or an environment variable of the site: the job may set
        # only the settings stdlib.yaml lists): the guard's. A known tail still says what the file is
        # (`?/x.py`, `${SCRATCH}/log.txt`).
        later = {p for p in candidates if p.startswith("${" if native else (UNKNOWN, "<arg>", "${"))}
        if any(site_reserved(p) for p in later):
            return False
        candidates -= later
        if not candidates:
            return True
    # A part known only at run time (`?`, a launcher argument `<arg>`) is the guard's wherever it sits, but
    # never for a native writer, which the guard does not see: `outputs/<arg>/m.json` may be
    # `outputs/../../mnt/share/m.json`.
    if not candidates or any(((UNKNOWN in p or "<arg>" in p) and (native or not guarded)) or not _plain(p)
                             for p in candidates):
        return False
    if where == "local":
        return not any(is_network(p) or is_url(p) for p in candidates)
    if guarded and not native:
        candidates = {_in_run_folder(p) for p in candidates}
    return all(is_local(p) and not site_reserved(p) and not site_root(p) for p in candidates)


def _reserved_on_the_way(folder: str) -> bool:
    """Whether the folder, or one a makedirs of it creates on the way, is a name the site reserves: a folder named
    `restart.fl` in the workspace restarts the client (nvflare/private/fed/app/client/worker_process.py tests it
    with os.path.exists), `shutdown.fl/tb` creates it as well."""
    from .detectors.paths import site_reserved

    parts = folder.split("/")
    return any(site_reserved("/".join(parts[:i]) if i <= _HEAD else "/" + "/".join(parts[i - 2:i]))
               for i in range(1, len(parts) + 1))


# rules/lists/paths.yaml's site-reserved names are anchored at a path's start (its first components: `./startup`,
# `/tmp/nvflare/poc`) or at its end (its last component after a `/`: `log.txt`, `x.py`, `..`), so a folder's
# prefixes past the first _HEAD are asked as their last two components after a `/`, which no start-anchored name
# matches: each whole prefix of a 40 KB path of 20,000 parts, searched in turn, took 90 s of CPU (session 50).
_HEAD = 4


def _own_file(folder: str) -> str:
    """A file a library names itself inside `folder` (TensorBoard's `events.out.tfevents.*`): the working folder
    itself (`./`) holds it as any relative file, which `path: job` judges; a folder the site reserves, a climb, a
    share or a URL still refuse it."""
    return "own-file" if folder in ("", ".", "./") else folder.rstrip("/") + "/own-file"


# A job's code runs from <run folder>/app_<site>/custom/ (nvflare/apis/workspace.py get_app_custom_dir), so
# its own folder climbed at most twice (`os.path.join(os.path.dirname(__file__), "..", "..")`, kaplan-meier-he)
# is still inside the run folder, where the process guard lets a job write and stops it past.
_RUN_FOLDER_CLIMBS = 2


def _in_run_folder(p: str) -> str:
    """`<job>/../../x.json` as the path inside the job's run folder it names (`x.json`), judged then as any
    relative path; a climb past the run folder, a part known only at run time (which may climb itself), or
    any other path is left as it is (and `..` refuses it). `<job>` is also NVFlare's run folder
    (paths.py `_WORKSPACE_JOB`): climbed from there, only the process guard (hence `guarded`) stops it."""
    from .detectors.paths import UNKNOWN

    if not p.startswith("<job>/") or UNKNOWN in p or "<" in p.removeprefix("<job>/"):
        return p
    parts: list[str] = []
    climbs = 0
    for part in p.removeprefix("<job>/").split("/"):
        if part == "..":
            if parts:
                parts.pop()
            else:
                climbs += 1
        elif part not in ("", "."):
            parts.append(part)
    if climbs == 0 or climbs > _RUN_FOLDER_CLIMBS or not parts:
        return p
    return "/".join(parts)


def _texts(resolver: Resolver, value: cst.BaseExpression, scope: Scope) -> frozenset:
    """Every text a path argument may hold, as the file rules fold it and as the resolver sees it."""
    from .detectors.paths import PathFolder

    return PathFolder.of(resolver).fold(value, scope) | {
        c for c in resolver.constants(value, scope) if isinstance(c, str)}


def _uri_paths(resolver: Resolver, value: cst.BaseExpression, scope: Scope) -> frozenset:
    """What a text a URI reader is given (xgboost.DMatrix) may be, up to the query the code spells as literal text
    (`path + "?format=csv"`, `f"{path}?format=csv"`, `"a.csv?format=csv"`): the query holds the reader's settings,
    not the file's name, and its `?` is not the folder's unknown part. Any other text is folded whole."""
    from .detectors.paths import PathFolder, _concat

    folder = PathFolder.of(resolver)
    if isinstance(value, cst.BinaryOperation) and isinstance(value.operator, cst.Add) and isinstance(
            value.right, cst.SimpleString) and str(value.right.evaluated_value).startswith("?"):
        return folder.fold(value.left, scope)
    if isinstance(value, cst.SimpleString):
        return frozenset({str(value.evaluated_value).split("?", 1)[0]})
    if isinstance(value, cst.FormattedString):
        parts = []
        for part in value.parts:
            if isinstance(part, cst.FormattedStringText):
                parts.append(frozenset({part.value.split("?", 1)[0]}))
                if "?" in part.value:
                    break
            else:
                parts.append(folder.fold(part.expression, scope))
        return _concat(parts)
    return folder.fold(value, scope) | {c for c in resolver.constants(value, scope) if isinstance(c, str)}


def holds(resolver: Resolver, call: cst.Call, scope: Scope, cond: Condition, strict: bool = False,
          guarded: bool = False, deferred: bool = False, native: bool = False,
          catalogue: "Catalogue | None" = None) -> bool:
    """`guarded` (catalogue entries, under a policy with the process guard): a path
    known only at run time is left to the guard (see `leads`). `deferred` (an entry
    marked `guarded`): so is a value hidden in *args or **kwargs (settings read from
    the job's configuration), except for an argument the entry says must be absent
    (`trust_remote_code`); what the call spells out is still judged. `native` (an
    entry whose library writes in native code): a path is never hidden or left to
    the guard, except under a site variable (see `leads`). `catalogue`: the writers a `logging-file`
    literal must find no overwrite among (without it, that literal never holds)."""
    present, value = argument(call, cond, scope)
    if cond.optional and not present:
        return True
    hidden = present and value is None
    if cond.resolves is not None:
        return present and not hidden and _resolves(resolver, value, scope, cond.resolves)
    if cond.literal is not None:
        if cond.literal in ("reductions", "reductions-or-data"):
            return reductions(resolver, call, value if present else None, scope, cond.literal == "reductions-or-data")
        if cond.literal == "logging-file":
            return present and not hidden and catalogue is not None and logging_file(resolver, value, scope, catalogue)
        return present and not hidden and LITERALS[cond.literal](resolver, value, scope)
    if hidden and deferred and cond.present is None and (cond.path is None or not native):
        return True
    if cond.not_regex is not None:
        return not present or not hidden and not any(re.search(cond.not_regex, t) for t in _texts(resolver, value, scope))
    if cond.path is not None:
        if hidden:
            return guarded and strict and not native
        return present and leads(resolver, value, scope, cond.path, guarded and strict, native)
    if cond.present is not None:
        return present == cond.present and not (strict and hidden)
    if cond.regex is not None and not strict:  # a threat pattern: any text the argument may hold
        return present and any(re.search(cond.regex, text) for text in threat_texts(resolver, value, scope))
    const = constant(resolver, value, scope) if present else UNKNOWN
    known = const is not UNKNOWN
    if cond.dynamic is not None:
        # A function of the job (a def, a lambda) is no text either: `timeit.timeit(lambda: step())` is not a
        # code string built at run time, `timeit.timeit(sys.argv[1])` is (session 54)
        return present and (not known) == cond.dynamic and not (cond.dynamic and _functions(resolver, value, scope))
    if "is_" in cond.model_fields_set:
        return present and (const == cond.is_ if known else not strict)
    if "is_not" in cond.model_fields_set:
        if not present:
            return True
        if not known:
            return not strict
        # a flag is read by its truth (shutil's `if not follow_symlinks`, np.load's `if not allow_pickle`): None
        # and "" are False to it, 2 and "yes" True, whatever `!=` says (session 48)
        if isinstance(cond.is_not, bool):
            truth = _truth(const)
            return truth is not None and truth != cond.is_not
        return const != cond.is_not
    # a catalogue's pattern: the one string the gate could fold, plain
    return present and isinstance(const, str) and _plain(const) and re.search(cond.regex, const) is not None


def _functions(resolver: Resolver, value: cst.BaseExpression | None, scope: Scope) -> bool:
    """Whether every value the argument may hold is a function the job defines (a def or a lambda)."""
    values = resolver.values(value, scope) if value is not None else frozenset()
    return bool(values) and all(isinstance(v, FuncRef) for v in values)


def _truth(const: object) -> bool | None:
    """The truth a library's `if value:` reads in a constant the gate folded; None when it cannot tell."""
    try:
        return bool(const)
    except Exception:  # noqa: BLE001 - a folded value whose truth raises is no flag either way
        return None


def _plain(text: str) -> bool:
    """No surrounding blanks, no control characters: what libraries strip or skip
    (`urlsplit(" https://h")` is a URL) cannot slip past a pattern that vouches."""
    return text == text.strip() and text.isprintable()


def _resolves(resolver: Resolver, value: cst.BaseExpression, scope: Scope, pattern: str) -> bool:
    """Every value the resolver gives the argument is a name the pattern matches (nothing unknown)."""
    values = resolver.values(value, scope)
    return bool(values) and all(isinstance(v, str) and fnmatch.fnmatchcase(v, pattern) for v in values)


# What pandas' expression evaluator (DataFrame.eval/query) may be given to compute with columns only:
# names (columns; `@local` is not Python syntax and fails to parse), constants, arithmetic, comparisons
# and boolean logic. No attribute, call, subscript, lambda or comprehension: those reach objects.
_EXPRESSION_NODES = (ast.Module, ast.Expr, ast.Assign, ast.Name, ast.Load, ast.Store, ast.Constant, ast.BinOp,
                     ast.UnaryOp, ast.BoolOp, ast.Compare, ast.operator, ast.unaryop, ast.boolop, ast.cmpop)


def pandas_expression(text: str) -> bool:
    """An expression, or `column = expression`, that pandas evaluates from the frame's columns alone."""
    try:
        tree = ast.parse(text.strip(), mode="exec")
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False
    if len(tree.body) != 1:
        return False
    statement = tree.body[0]
    if isinstance(statement, ast.Assign) and not (len(statement.targets) == 1
                                                  and isinstance(statement.targets[0], ast.Name)):
        return False
    if not isinstance(statement, (ast.Expr, ast.Assign)):
        return False
    return all(isinstance(n, _EXPRESSION_NODES) and not (isinstance(n, ast.Name) and n.id.startswith("_"))
               for n in ast.walk(tree))


def _pandas_literal(resolver: Resolver, value: cst.BaseExpression, scope: Scope) -> bool:
    text = constant(resolver, value, scope)
    return isinstance(text, str) and _plain(text) and pandas_expression(text)


def _logging_literal(resolver: Resolver, value: cst.BaseExpression, scope: Scope) -> bool:
    from .detectors.logging_config import inert_dict_config

    config = literal_dict(resolver, value, scope)
    return config is not None and inert_dict_config(config)


_LOGGING_FILE = re.compile(r"[\w.-]+(/[\w.-]+)*", re.ASCII)


def logging_file(resolver: Resolver, value: cst.BaseExpression, scope: Scope, catalogue: "Catalogue") -> bool:
    """A logging file the job ships beside this module (`os.path.join(os.path.dirname(__file__),
    "logging.ini")`), which the logging-config detector judges as fileConfig reads it (every
    .ini/.conf/.cfg file of the job: a part that runs code or sends records off the site is a
    threat of its own), and which no write in the job can create or replace before fileConfig
    reads it (overwrites.py). A path relative to the working folder is the site workspace's."""
    from .detectors.logging_config import LOGGING_FILE_SUFFIXES
    from .detectors.paths import PathFolder
    from .overwrites import may_overwrite

    paths = PathFolder.of(resolver).fold(value, scope)
    if len(paths) != 1:
        return False
    path = next(iter(paths))
    rel = path.removeprefix("<job>/")
    if rel == path or not _LOGGING_FILE.fullmatch(rel) or ".." in rel.split("/") \
            or not rel.lower().endswith(LOGGING_FILE_SUFFIXES):
        return False
    return not may_overwrite(resolver, catalogue, rel)


def literal_dict(resolver: Resolver, value: cst.BaseExpression, scope: Scope) -> dict | None:
    """The dict an argument is, when it is a dict literal written in the call, or a name bound
    only to one dict literal and read nowhere else in the job (so nothing can change it before
    the call: `CFG["handlers"]["h"] = ...`, an alias, another module's `from m import CFG`)."""
    literal = value
    if isinstance(value, cst.Name):
        bound = list(resolver.bindings(value.value, scope))
        if len(bound) != 1 or not isinstance(bound[0], tuple) or not isinstance(bound[0][0], cst.Dict):
            return None
        literal = bound[0][0]
        uses = sum(1 for n in _names(resolver.module) if n.value == value.value)
        program = resolver.program
        if uses != 2 or (program is not None and program.mentioning(value.value, resolver.path)):
            return None  # the binding and this argument: any other read may change it
    if not isinstance(literal, cst.Dict):
        return None
    try:
        parsed = ast.literal_eval(resolver.module.code_for_node(literal))
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
    return parsed if isinstance(parsed, dict) else None


def _names(module: cst.Module) -> list[cst.Name]:
    found: list[cst.Name] = []

    class Names(cst.CSTVisitor):
        def visit_Name(self, node: cst.Name) -> None:
            found.append(node)

    module.visit(Names())
    return found


def _tag_dict_literal(resolver: Resolver, value: cst.BaseExpression, scope: Scope) -> bool:
    """A dict display written in the call whose every key is a constant string with no path separator: a
    TensorBoard writer's add_scalars opens one event file per key in the folder `<log_dir>/<main_tag>_<key>`
    (torch/utils/tensorboard/writer.py add_scalars: only main_tag's `/` is replaced), so a key `/../../x`
    climbs out of the log folder to any place; NVFlare's tracking writers send the keys to the server, whose
    TBAnalyticsReceiver hands them to an add_scalars that joins them alike
    (nvflare/app_opt/tracking/tb/tb_receiver.py, tb_event_writer.py TensorBoardEventWriter.add_scalars)."""
    if not isinstance(value, cst.Dict):
        return False
    for element in value.elements:
        if not isinstance(element, cst.DictElement):
            return False  # `**more`: keys the gate does not read
        key = constant(resolver, element.key, scope)
        if not isinstance(key, str) or not _plain(key) or "/" in key or "\\" in key:
            return False
    return True


def _text_properties_literal(resolver: Resolver, value: cst.BaseExpression, scope: Scope) -> bool:
    """A dict display written in the call of matplotlib text properties (a fontdict) whose every key is a
    constant string other than `usetex`: with usetex, matplotlib renders the text by running latex and dvipng
    (matplotlib/texmanager.py), programs the gate does not list."""
    if not isinstance(value, cst.Dict):
        return False
    keys = [constant(resolver, e.key, scope) if isinstance(e, cst.DictElement) else UNKNOWN for e in value.elements]
    return all(isinstance(k, str) and k != "usetex" for k in keys)  # `**more`: keys the gate does not read


def reductions(resolver: Resolver, call: cst.Call, func: cst.BaseExpression | None, scope: Scope,
               data_holds: bool) -> bool:
    """pandas' agg, aggregate, transform and apply call the frame's method that a string names, with the call's
    other arguments (pandas/core/apply.py `apply_str`, `_apply_str`: `getattr(obj, func)(*args, **kwargs)`), so
    `df.agg("to_csv", path_or_buf="/mnt/share/x.csv")` writes the frame anywhere. Every string the function
    argument may be, also inside a list, tuple or dict display (or a named aggregation's `(column, func)` when
    it is absent), must be a reduction of rules/lists/calls.yaml `frame-reductions`; a lambda, or a name the
    resolver follows (np.mean, the job's function), is a call of what it is, judged as a use of its own.
    `data_holds`: a value the gate cannot fold holds (the data of sklearn's transform(X), a model's variables
    for flax's apply, which share the member names) on a receiver the gate types as no pandas object; not on a
    frame's method (a string from the server's meta handed to `df[cols].transform`, red team 38a). On a receiver
    it cannot type, which may be a frame, only when the value is the call's one argument (`scaler.transform(X)`,
    `net.apply(init)`): with more, the string names the method they go to (`def cohort(frame, op, expr): return
    frame.apply(op, args=(expr,))` runs `frame.query(expr)`, whose `@inspect.os.system(...)` runs a shell)."""
    if data_holds and isinstance(call.func, cst.Attribute):
        typed = _receiver_types(resolver, call.func.value, scope)
        args = spread_args(call)
        data_holds = not any(n.startswith("pandas.") for n in typed) if typed else \
            len(args) == 1 and not args[0].star
    if func is None:
        if any(a.star for a in spread_args(call)):
            return False
        named = [a.value for a in spread_args(call) if a.keyword is not None]
        return all(isinstance(v, cst.Tuple) and len(v.elements) == 2
                   and _reduction(resolver, v.elements[1].value, scope, False) for v in named)
    return _reduction(resolver, func, scope, data_holds)


def _returned_value(value) -> bool:
    return isinstance(value, str) and "()" in value and not value.startswith("functools.partial")


def _receiver_types(resolver: Resolver, receiver: cst.BaseExpression, scope: Scope) -> frozenset[str]:
    """The names of the first part of the receiver's chain the resolver types (`df`, of `df.groupby("k")["x"]`);
    none when it types no part, or only an instance of the job's class under it (`self`, of `self.frame`: what
    the job stores on its own objects may be anything)."""
    node = receiver
    while True:
        names = resolver.names(node, scope)
        if names:
            own = node is not receiver and all(n.startswith("<class>.") for n in names)
            return frozenset() if own else names
        if isinstance(node, (cst.Subscript, cst.Attribute)):
            node = node.value
        elif isinstance(node, cst.Call):
            node = node.func
        else:
            return frozenset()


def _reduction(resolver: Resolver, value: cst.BaseExpression, scope: Scope, data_holds: bool) -> bool:
    from .lists import matcher

    if isinstance(value, cst.Lambda):
        return True
    if isinstance(value, (cst.List, cst.Tuple, cst.Set)):
        return all(isinstance(e, cst.Element) and _reduction(resolver, e.value, scope, data_holds)
                   for e in value.elements)
    if isinstance(value, cst.Dict):  # (flax's apply({"params": params}, x): the variables, data)
        return all(isinstance(e, cst.DictElement) and _reduction(resolver, e.value, scope, data_holds)
                   for e in value.elements)
    values = resolver.values(value, scope)
    # what a call returned or an object holds (`model.meta.get("agg")`, `cfg.agg`) is a value the gate cannot fold,
    # no function it follows; a partial is the function it wraps
    if not values or any(v is UNKNOWN_VALUE or v is PASSED or v == OVERFLOW or _returned_value(v) for v in values):
        return data_holds
    known = matcher("calls", "frame-reductions")
    return all(not (isinstance(v, Const) and isinstance(v.value, str)) or v.value in known for v in values)


LITERALS = {"pandas-expression": _pandas_literal, "logging-dict": _logging_literal, "tag-dict": _tag_dict_literal,
            "text-properties": _text_properties_literal}
