"""What an installed library's class binds: read from its source, never imported.

A store on `self` (`self.fire_fed_event = lambda *a: None`, in a subclass or in a method that
may never run) shadows the attribute a library base binds only on the instances that ran it:
the job's config may build the base itself, on which `self.fire_fed_event(...)` is NVFlare's
FLComponent method sending to the server. So where the installed class, its bases included,
provably binds the attribute (class body, or `self.x = ...` in a method), `Base().x` stays a
candidate beside the stores (resolve.py `_inherited`). Anything the source does not settle (a
class built in native code, a base the reader cannot follow, `__getattr__`, `__slots__`, a
metaclass, a class decorator, `setattr(self, name, ...)`, `self.__dict__`) is unknown, and
leaves the resolver as it was. The source read is the one installed beside the gate: at a
site, the environment NVFlare runs the job with (handler/).
"""

from __future__ import annotations

import ast
import functools
import hashlib
import json
import os
import site
import sys
import sysconfig
from typing import Callable

from . import compiled
from .cache import ResultCache, key_of

# Bases that bind nothing a job's class could read besides dunders.
_EMPTY_BASES = frozenset({"object", "builtins.object", "abc.ABC", "typing.Generic"})
# Bindings that make a class answer for names its source does not list.
_OPEN_NAMES = frozenset({"__getattr__", "__getattribute__", "__slots__", "__dict__"})
MAX_DEPTH = 12  # bases followed at most (a longer chain is unknown)
MAX_ANSWERS = 2000  # answers kept between starts (_Answers), whatever names the jobs' configs hold


def has(qualified: str, attr: str) -> bool:
    """Whether the installed class `qualified` (`pkg.mod.Class`), its bases included,
    provably binds `attr` on itself or its instances."""
    members = class_members(qualified)
    return members is not None and attr in members


def lacks(qualified: str, attr: str) -> bool:
    """Whether the installed class `qualified`, its bases included, provably never binds `attr`:
    `Base().attr` is then only what the job's own classes or stores put there. A dunder never: the type
    machinery gives every class and instance some (`__dict__`, `__class__`) that no source lists."""
    if attr.startswith("__") and attr.endswith("__"):
        return False
    members = class_members(qualified)
    return members is not None and attr not in members


def _located(qualified: str, depth: int) -> tuple[ast.Module, str, str, list[ast.ClassDef]] | None:
    """The installed module's tree, the module's and the class's names, and the class statements of that name at
    its top level; None when the module's source is out of reach."""
    module, _, name = qualified.rpartition(".")
    tree = _module_tree(module) if module and depth <= MAX_DEPTH else None
    if tree is None:
        return None
    return tree, module, name, [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name]


@functools.lru_cache(maxsize=512)
def class_members(qualified: str, depth: int = 0) -> frozenset[str] | None:
    """Every name the class and its bases bind, or None when the source does not settle it."""
    if qualified in _EMPTY_BASES:
        return frozenset()
    located = _located(qualified, depth)
    if located is None:
        return None
    tree, module, name, found = located
    if len(found) != 1 or name in _rebound(module):
        return _imported(tree, module, name, depth)
    node = found[0]
    if node.decorator_list or node.keywords:
        return None
    names = _own_names(node)
    if names is None or names & _OPEN_NAMES:
        return None
    for base in node.bases:
        origin = _origin(tree, module, base)
        inherited = class_members(origin, depth + 1) if origin else None
        if inherited is None:
            return None
        names |= inherited
    return frozenset(names)


@functools.lru_cache(maxsize=512)
def parameter_type(qualified: str, method: str, index: int, depth: int = 0) -> str | None:
    """The class the installed class's `method` (its own or its nearest base's) annotates its positional
    parameter `index` (0: self) with, qualified, or None when the source does not settle it. A subclass
    overriding the method is called as the base is, whatever it names or annotates its own parameters (NVFlare's
    client_runner: `executor.execute(task.name, task.data, fl_ctx, abort_signal)`)."""
    located = _located(qualified, depth)
    if located is None:
        return None
    tree, module, name, found = located
    if len(found) != 1 or name in _rebound(module):
        origins = {_from(module, n, a.name) for n in tree.body if isinstance(n, ast.ImportFrom)
                   for a in n.names if (a.asname or a.name) == name}
        return parameter_type(origins.pop(), method, index, depth + 1) if len(origins) == 1 and not found else None
    own = [n for n in found[0].body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == method]
    if own:
        positional = [*own[-1].args.posonlyargs, *own[-1].args.args]
        annotation = positional[index].annotation if index < len(positional) else None
        return _origin(tree, module, annotation) if annotation is not None else None
    for base in found[0].bases:
        origin = _origin(tree, module, base)
        inherited = parameter_type(origin, method, index, depth + 1) if origin else None
        if inherited is not None:
            return inherited
    return None


@functools.lru_cache(maxsize=256)
def star_names(module: str) -> frozenset[str] | None:
    """The names `from module import *` binds, read from the installed source: its `__all__` when one literal
    assignment is all that touches it, else its public top-level names; None when the source does not settle it
    (no source, a computed or extended `__all__`, a star import of its own)."""
    tree = _module_tree(module)
    if tree is None:
        return None
    listed = [n for n in tree.body if isinstance(n, ast.Assign) and [getattr(t, "id", None) for t in n.targets] == ["__all__"]]
    uses = sum(isinstance(n, ast.Name) and n.id == "__all__" for n in ast.walk(tree))
    if listed:
        if len(listed) != 1 or uses != 1:
            return None
        try:
            names = ast.literal_eval(listed[0].value)
        except ValueError:
            return None
        return frozenset(names) if all(isinstance(n, str) for n in names) else None
    if uses or any(isinstance(n, ast.ImportFrom) and any(a.name == "*" for a in n.names) for n in ast.walk(tree)):
        return None
    top = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
    return frozenset(n for n in top | _rebound(module) if not n.startswith("_"))


def _own_names(node: ast.ClassDef) -> set[str] | None:
    names: set[str] = set()
    for stmt in node.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(stmt.name)
        elif isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            names |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
        elif not isinstance(stmt, (ast.Expr, ast.Pass)):
            return None  # conditional or looped bindings in the class body
    for sub in ast.walk(node):
        if isinstance(sub, ast.Attribute) and isinstance(sub.ctx, (ast.Store, ast.Del)):
            names.add(sub.attr)  # `self.x = ...` (any receiver: over-approximate)
        elif isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and sub.func.id == "setattr":
            key = sub.args[1] if len(sub.args) > 1 else None
            if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                return None
            names.add(key.value)
        elif isinstance(sub, ast.Attribute) and sub.attr == "__dict__":
            return None
    return names


@functools.lru_cache(maxsize=256)
def _rebound(module: str) -> frozenset[str]:
    """The names the module binds other than by a class statement (one walk per module, not one per class
    asked about): a class whose name is among them may be something else at run time."""
    names: set[str] = set()
    for n in ast.walk(_module_tree(module)):
        if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del)):
            names.add(n.id)
        elif isinstance(n, (ast.Import, ast.ImportFrom)):
            names.update(a.asname or a.name for a in n.names)
    return frozenset(names)


def _imported(tree: ast.Module, module: str, name: str, depth: int) -> frozenset[str] | None:
    """A class the module only imports (`from .spec import Learner`): read at home."""
    origins = {_from(module, n, a.name) for n in tree.body if isinstance(n, ast.ImportFrom)
               for a in n.names if (a.asname or a.name) == name}
    if len(origins) != 1 or any(isinstance(n, ast.ClassDef) and n.name == name for n in ast.walk(tree)):
        return None
    return class_members(origins.pop(), depth + 1)


def _origin(tree: ast.Module, module: str, base: ast.expr) -> str | None:
    """The qualified name a base expression names in its module."""
    if isinstance(base, ast.Name):
        if base.id == "object":
            return "object"
        for n in tree.body:
            if isinstance(n, ast.ImportFrom):
                for a in n.names:
                    if (a.asname or a.name) == base.id:
                        return _from(module, n, a.name)
            elif isinstance(n, ast.ClassDef) and n.name == base.id:
                return f"{module}.{base.id}"
        return None
    if isinstance(base, ast.Attribute) and isinstance(base.value, ast.Name):
        for n in tree.body:
            if isinstance(n, ast.Import):
                for a in n.names:
                    if (a.asname or a.name) == base.value.id:
                        return f"{a.name}.{base.attr}"
    return None


def _from(module: str, node: ast.ImportFrom, name: str) -> str:
    if not node.level:
        return f"{node.module}.{name}"
    parts = module.split(".")
    # `.` is the module's package; in a package's __init__.py, the package itself.
    up = node.level if _is_module_file(module) else node.level - 1
    return ".".join([*parts[: len(parts) - up], *([node.module] if node.module else []), name])


@functools.lru_cache(maxsize=256)
def _source(module: str) -> str | None:
    """The path of `module`'s source (`.py`, or a package's `__init__.py`) in the site's
    library folders or the standard library: never the working folder, which may be the job's."""
    parts = module.split(".")
    for entry in _library_dirs():
        base = os.path.join(entry, *parts)
        for path in (base + ".py", os.path.join(base, "__init__.py")):
            if os.path.isfile(path):
                return path
    return None


def site_dirs() -> set[str]:
    """The folders installed libraries live in (site-packages, the user's too)."""
    paths = sysconfig.get_paths()
    dirs = {paths["purelib"], paths["platlib"], *site.getsitepackages()}
    if site.ENABLE_USER_SITE:
        dirs.add(site.getusersitepackages())
    return dirs


@functools.lru_cache(maxsize=1)
def _library_dirs() -> tuple[str, ...]:
    """The standard library, then the site folders in the order imports search them."""
    sites = site_dirs()
    ordered = [p for p in sys.path if p in sites]
    return (sysconfig.get_paths()["stdlib"], *dict.fromkeys(ordered), *sorted(sites - set(ordered)))


def _is_module_file(module: str) -> bool:
    path = _source(module)
    return path is not None and not path.endswith("__init__.py")


def _module_tree(module: str) -> ast.Module | None:
    return _read_module(module)[0]


@functools.lru_cache(maxsize=256)
def _read_module(module: str) -> tuple[ast.Module | None, str | None, str | None]:
    """(the tree of `module`'s source, its path, the sha256 of the bytes parsed); a reader of an answer
    that depends on the module notes the module, its path and digest (`_Answers`)."""
    path = _source(module)
    if path is None:
        return None, None, None
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return None, path, None
    digest = hashlib.sha256(data).hexdigest()
    try:
        return ast.parse(data, filename=path), path, digest
    except (SyntaxError, ValueError):
        return None, path, digest


@functools.lru_cache(maxsize=1)
def _nvflare_class_table() -> dict[str, list[str]]:
    for entry in _library_dirs():
        path = os.path.join(entry, "nvflare", "fuel", "utils", "component_classes.json")
        try:
            with open(path, encoding="utf-8") as fh:
                table = json.load(fh)
        except (OSError, ValueError):
            continue
        return table if isinstance(table, dict) else {}
    return {}


def nvflare_component_class(name: str) -> str | None:
    """The class path NVFlare builds for a component given by `name` alone: its ModuleScanner looks the
    name up in the static table shipped with NVFlare (nvflare/fuel/utils/class_utils.py `get_module_name`,
    nvflare/fuel/utils/components_utils.py `create_classes_table_static`), and refuses a name missing from
    it or held by several modules. None when NVFlare builds nothing for it (or is not installed here)."""
    modules = _nvflare_class_table().get(name)
    if not isinstance(modules, list) or len(modules) != 1 or not isinstance(modules[0], str):
        return None
    return f"{modules[0]}.{name}"


def home_class(qualified: str) -> str:
    """The path of the class `qualified` names in the module that defines it. NVFlare builds whatever the
    module binds under that name (nvflare/fuel/utils/class_loader.py `load_class`: import_module, getattr), so
    a module that only imports a class (`nvflare.app_opt.tf.file_model_locator.TFModelPersistor`, a package's
    `__init__`) builds the class of its home module. As given when the source does not say."""
    return _HOMES.answer(qualified, lambda read: _home_class(qualified, read))


def _home_class(qualified: str, read: dict[str, tuple]) -> str:
    for _ in range(MAX_DEPTH):
        module, _, name = qualified.rpartition(".")
        tree = _noted(module, read) if module else None
        if tree is None:
            return qualified
        origin = qualified  # the last binding of the name wins, as when the module runs
        for n in tree.body:
            if isinstance(n, ast.ClassDef) and n.name == name:
                origin = qualified
            elif isinstance(n, ast.ImportFrom):
                origin = next((_from(module, n, a.name) for a in n.names if (a.asname or a.name) == name), origin)
        if origin == qualified:
            return qualified
        qualified = origin
    return qualified


def defines_class(qualified: str) -> bool | None:
    """Whether `qualified` (`pkg.module.Name`) is a class its installed module defines at its top level, or
    imports from a module that does (a package's `__init__` re-exporting it). False for a function, a
    constant, a private name or anything else the source binds; None when the source is not here."""
    return _DEFINES.answer(qualified, lambda read: _defines_class(qualified, 0, read))


def _defines_class(qualified: str, depth: int, read: dict[str, tuple]) -> bool | None:
    module, _, name = qualified.rpartition(".")
    tree = _noted(module, read) if module else None
    if tree is None:
        return None
    if name.startswith("_") or depth > MAX_DEPTH:
        return False
    for n in tree.body:
        if isinstance(n, ast.ClassDef) and n.name == name:
            return True
        if isinstance(n, ast.ImportFrom):
            for a in n.names:
                if (a.asname or a.name) == name:
                    return _defines_class(_from(module, n, a.name), depth + 1, read) is True
    return False


def _noted(module: str, read: dict[str, tuple]) -> ast.Module | None:
    """The module's tree, its path and digest noted in `read` (what the answer being made depends on)."""
    tree, path, digest = _read_module(module)
    read[module] = (path, digest)
    return tree


class _Answers:
    """Answers about installed classes kept between starts: parsing a library module is most of what an
    answer costs (NVFlare's modules, for each component class a job's config names, at every start). An
    answer is stored with the path and digest of every module it read, in the cache folder's `config/`
    area (an authenticated entry, analyzer/cache.py) of the last policy loaded with one
    (compiled.keep_data_in), and stands only while each module still resolves to that path and those
    bytes (checked once per process); anything else is answered afresh and stored again."""

    def __init__(self, question: str, answer_types: tuple[type, ...]):
        self.question = question
        self.answer_types = answer_types  # what an answer of this question may be: anything else is damaged
        self._stored: dict | None = None
        self._checked: dict[str, object] = {}

    def _store(self) -> "ResultCache | None":
        folder = compiled.data_folder()
        return ResultCache(folder, compiled.AREA) if folder is not None else None

    def _key(self) -> str:
        return key_of("library-classes", self.question, sys.version)

    def _entries(self) -> dict:
        if self._stored is None:
            store = self._store()
            body = store.read(self._key()) if store is not None else None
            try:
                loaded = json.loads(body) if body is not None else {}
            except ValueError:
                loaded = {}
            self._stored = loaded if isinstance(loaded, dict) else {}
        return self._stored

    def answer(self, qualified: str, make: Callable[[dict[str, tuple]], object]) -> object:
        if qualified in self._checked:
            return self._checked[qualified]
        entry = self._entries().get(qualified)
        if _still_read(entry, self.answer_types):
            found = entry[0]
        else:
            read: dict[str, tuple] = {}
            found = make(read)
            if len(self._entries()) >= MAX_ANSWERS:  # a job's config names what it likes: start over
                self._stored = {}
            self._entries()[qualified] = [found, [[m, p, d] for m, (p, d) in read.items()]]
            store = self._store()
            if store is not None:
                store.write(self._key(), json.dumps(self._entries(), separators=(",", ":")).encode())
        self._checked[qualified] = found
        return found


def _still_read(entry: object, answer_types: tuple[type, ...]) -> bool:
    """Whether a stored answer is one of `answer_types` and its modules still resolve to the paths and bytes it
    was made from."""
    if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[1], list)):
        return False
    try:
        return isinstance(entry[0], answer_types) and all(
            _fingerprint(module) == (path, digest) for module, path, digest in entry[1])
    except (TypeError, ValueError):
        return False


@functools.lru_cache(maxsize=256)
def _fingerprint(module: str) -> tuple[str | None, str | None]:
    """(path, sha256) of `module`'s source as `_read_module` would find it, without parsing it."""
    path = _source(module)
    if path is None:
        return None, None
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return path, None
    return path, hashlib.sha256(data).hexdigest()


_DEFINES = _Answers("defines-class", (bool, type(None)))
_HOMES = _Answers("home-class", (str,))
