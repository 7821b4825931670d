"""MONAI bundle configs: the Python that monai.bundle.ConfigParser runs for them.

A bundle's configs (`<bundle>/configs/*.json|yaml`) are code (monai/bundle/config_parser.py,
config_item.py, reference_resolver.py):
- a string starting with `$` is a Python expression run by `eval` with `monai`, `torch`, `np` and
  `numpy` as globals; `$import x` / `$from x import y` add globals for every expression;
- a mapping with `_target_` is instantiated: a bare name is found among monai's components
  (ComponentLocator; monai_components.py), anything else is located by dotted name (pydoc.locate, so a
  bare builtin such as `eval` too), and called with the mapping's other keys (`_mode_: callable` hands the
  callable to later code; `_mode_: debug` and `_debug_` run pdb);
- `@id::key` (or `@id#key`, `@::key` relative) stands for the item at that id, `%id` copies it, and
  `%file::id` copies it from another file, which the gate cannot tie to a shipped file.

Each file is translated into Python the engine analyses as it analyses job code, one statement on the
line of each component or expression (a reference is a call of the item it names, so that
`"$@net.to(@device)"` reads as the network's own class), and findings point back at the config's lines. What is not translated (a macro
from another file, pdb, an expression that is not Python, a file that cannot be read, a `_target_` named only
at load time, an expression's reference to an item the file does not hold) is a problem the detector escalates.
"""

from __future__ import annotations

import ast
import keyword
import math
import re
from dataclasses import dataclass, field

from .isolate import plain_recursion
from .monai_components import COMPONENTS

EXPR, REF, MACRO, SEP = "$", "@", "%", "::"
TARGET = "_target_"
# Keys ConfigComponent keeps from the call (config_item.py non_arg_keys).
NON_ARGS = frozenset({TARGET, "_disabled_", "_requires_", "_desc_", "_mode_"})
# ConfigParser's default globals for expressions (config_parser.py `_default_globals`).
GLOBALS = "import monai, numpy, torch; import numpy as np"
_REF = re.compile(r"@\w*(?:::\w*)*")  # reference_resolver.py id_matcher
_RELATIVE = re.compile(r"(?:@|%)(?:::)+")  # config_parser.py relative_id_prefix
_DOTTED = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*")
# config_parser.py split_path_id: a macro names a file when it holds a path ending in a config suffix, then `::` or
# its end (`%x.json` copies the whole file); else it names an item of this file (`%net::channels`). MONAI's
# `(.*\.(?:json|yaml|yml))(?=(?:::.*)|$)` finds something exactly when its suffix does, and tries every
# character as a start (a macro of 40,000 dots took a minute, session 48).
_MACRO_FILE = re.compile(r"\.(?:json|yaml|yml)(?=::|$)", re.IGNORECASE)
_NAME_SET = re.compile(r"\{\s*[A-Za-z_]\w*(\.[A-Za-z_]\w*)*\s*\}")
MAX_CODE = 20_000  # characters of one statement (a component's literal arguments, a referenced mapping)
_MERGE = "tag:yaml.org,2002:merge"  # YAML's `<<`
UNKNOWN = "load_time"  # a value the config does not hold (a missing reference, an untranslated item)
MAX_REFERENCE_CHAIN = 100  # expressions referring to expressions, each translated to learn the next


def is_bundle_config(path: str) -> bool:
    return "configs" in path.split("/")[:-1] and path.lower().endswith((".json", ".yaml", ".yml"))


@dataclass
class Node:
    """A value of a bundle config, with its line."""

    value: object  # dict[str, Node], list[Node] or a scalar
    line: int


@dataclass
class Bundle:
    """A MONAI bundle config translated to Python statements."""

    path: str
    statements: dict[int, list[str]] = field(default_factory=dict)  # line -> Python statements
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, what is not translated)
    packages: set[str] = field(default_factory=set)  # top packages of dotted targets, imported on line 1

    def python(self) -> bytes:
        """The statements on their lines, after the parser's default globals on line 1."""
        lines = [""] * max([1, *self.statements])
        for line, code in self.statements.items():
            lines[line - 1] = "; ".join(code)
        imports = [f"import {p}" for p in sorted(self.packages - {"monai", "numpy", "torch"})]
        lines[0] = "; ".join(filter(None, [GLOBALS, *imports, lines[0]]))
        return ("\n".join(lines) + "\n").encode()


def read(path: str, data: bytes) -> Bundle:
    out = Bundle(path)
    text = data.decode("utf-8", "replace")
    if not any(mark in text for mark in (EXPR, REF, MACRO, TARGET)):
        return out
    root, problem = _compose(text, merge=not path.lower().endswith(".json"))
    if problem is not None:
        out.problems.append((1, f"the file ({problem})"))
    if root is not None:
        _Translator(root, out).translate()
    return out


def _compose(text: str, merge: bool) -> tuple[Node | None, str | None]:
    """The config as Nodes with their lines (YAML's composer reads JSON too). With `merge` (a YAML file, which
    MONAI reads with yaml.safe_load), a `<<` merge key is applied as safe_load applies it: `saver: {<<: *base,
    output_dir: /var/tmp/x}` builds base's `_target_` with this output_dir. json.load keeps `"<<"` a key."""
    import yaml

    from .configs import LONG_INTEGER, MAX_YAML_VALUES, _expanded_values, bounded_constructor, bounded_yaml

    text = bounded_yaml(text)[0]  # the config detector escalates what it changed
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
        try:
            with plain_recursion():
                root = loader.get_single_node()
        finally:
            loader.dispose()
        # Past the bound each node is still read once, an alias to one already read being a value known only at
        # load time: a `_target_: os.system` beside 100,000 values or an alias bomb is judged (session 46: the file
        # was only the bound's problem, escalate instead of reject).
        past = root is not None and _expanded_values(root) > MAX_YAML_VALUES
        constructor = bounded_constructor()()
        with plain_recursion():
            tree = _node(yaml, constructor, root, set() if past else None, merge) if root is not None else None
        if past:
            return tree, f"more than {MAX_YAML_VALUES} values"
        return tree, LONG_INTEGER if constructor.long_integers else None
    except (yaml.YAMLError, RecursionError, ValueError) as err:
        return None, f"not readable: {err}".splitlines()[0]


def _node(yaml, constructor, node, seen: set | None = None, merge: bool = False) -> Node:
    """The composed node as Nodes; with `seen`, a node met again (an alias) is the UNKNOWN expression."""
    line = node.start_mark.line + 1
    if seen is not None:
        if id(node) in seen:
            return Node(EXPR + UNKNOWN, line)
        seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        if merge and seen is None:  # bounded: merged pairs are part of the expansion MAX_YAML_VALUES bounds (past
            constructor.flatten_mapping(node)  # it, a merge may grow without end: the file is escalated as past it)
        return Node({_key(constructor, k): _node(yaml, constructor, v, seen, merge) for k, v in node.value}, line)
    if isinstance(node, yaml.SequenceNode):
        return Node([_node(yaml, constructor, v, seen, merge) for v in node.value], line)
    return Node(constructor.construct_object(node), line)


def _key(constructor, node) -> str:
    """A mapping key as text; a merge key left unmerged (JSON's `"<<"`, or YAML past the bound) is the key `<<`, its
    value judged where it stands."""
    return "<<" if node.tag == _MERGE else str(constructor.construct_object(node))


def _relative(id_: str, value: str) -> str:
    """`@::A` at `x::y` is `@x::A`; each further `::` climbs one level (config_parser.py resolve_relative_ids)."""
    here = id_.split(SEP)
    for prefix in sorted(set(_RELATIVE.findall(value)), reverse=True):
        mark, levels = prefix[0], prefix[1:].count(SEP)
        base = "" if levels >= len(here) else SEP.join(here[:-levels]) + SEP
        value = value.replace(prefix, mark + base)
    return value


class _Translator:
    """Each component and expression, wherever it sits, becomes `bundle_<id> = lambda load_time: <code>` on its
    line; a reference is a call of the function of what it names (`bundle_network(load_time)`; a referenced
    mapping, list or reference gets one too), so that lines stay short, each item is judged once, the text
    grows linearly with the config and the engine follows what it returns (`"$@network.parameters()"` is a
    UNet's)."""

    def __init__(self, root: Node, out: Bundle):
        self.root = root
        self.out = out
        self.names: dict[int, str] = {}  # id(node) -> its function's name
        self.taken: set[str] = set()
        self.wanted: list[tuple[Node, str]] = []  # referenced values that are not items, to define
        self.untranslated: dict[int, bool] = {}  # id(item) -> whether it translates to no code (asked once)
        self.asking: list[int] = []  # the items whose translation is being asked, outermost first

    def translate(self) -> None:
        self.walk(self.root, "")
        defined: set[int] = set()
        while self.wanted:
            node, id_ = self.wanted.pop()
            if id(node) not in defined:
                defined.add(id(node))
                self.statement(node, f"{self.name(node, id_)} = lambda {UNKNOWN}: {self.code(node, id_, define=True)}")

    def walk(self, node: Node, id_: str) -> None:
        value = node.value
        if _is_item(value):
            code = self.code(node, id_, define=True)
            if code.startswith(("import ", "from ")):
                self.statement(node, code)
            elif code != UNKNOWN:
                self.statement(node, f"{self.name(node, id_)} = lambda {UNKNOWN}: {code}")
        elif isinstance(value, str) and value.startswith(MACRO):
            self.code(node, id_)  # a macro from another file is a problem; one in this file a reference
        if isinstance(value, (dict, list)):
            for key, child in value.items() if isinstance(value, dict) else enumerate(value):
                self.walk(child, f"{id_}{SEP}{key}" if id_ else str(key))

    def statement(self, node: Node, code: str) -> None:
        if len(code) > MAX_CODE:
            self.problem(node, f"references that expand past {MAX_CODE} characters")
        else:
            self.out.statements.setdefault(node.line, []).append(code)

    def name(self, node: Node, id_: str) -> str:
        if id(node) not in self.names:
            base = "bundle_" + re.sub(r"\W", "_", id_)
            name, n = base, 0
            while name in self.taken:  # `a.b` and `a_b` read alike
                n += 1
                name = f"{base}_{n}"
            self.taken.add(name)
            self.names[id(node)] = name
        return self.names[id(node)]

    def problem(self, node: Node, what: str) -> str:
        if (node.line, what) not in self.out.problems:
            self.out.problems.append((node.line, what))
        return UNKNOWN

    def lookup(self, id_: str) -> Node | None:
        node = self.root
        for part in id_.split(SEP) if id_ else ():
            value = node.value
            if isinstance(value, dict) and part in value:
                node = value[part]
            elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
                node = value[int(part)]
            else:
                return None
        return node

    def code(self, node: Node, id_: str, define: bool = False) -> str:
        """The Python expression the parser's value of `node` comes from: a component or an expression is a
        call of its function, unless `define` asks for its body (an import statement for `$import`)."""
        value = node.value
        if _is_item(value) and not define:
            return f"{self.name(node, id_)}({UNKNOWN})"
        if isinstance(value, dict):
            if TARGET in value:
                return self.component(node, id_)
            return "{" + ", ".join(f"{k!r}: {self.code(v, f'{id_}{SEP}{k}')}" for k, v in value.items()) + "}"
        if isinstance(value, list):
            return "[" + ", ".join(self.code(v, f"{id_}{SEP}{i}") for i, v in enumerate(value)) + "]"
        if isinstance(value, str):
            value = _relative(id_, value.replace("#", SEP)) if value.startswith((EXPR, REF, MACRO)) else value
            if value.startswith(EXPR):
                return self.expression(node, id_, value[1:])
            if value.startswith(MACRO):
                if _MACRO_FILE.search(value[1:]):
                    return self.problem(node, f"{value} (a macro copied from another file)")
                return self.reference(value[1:])
            if _REF.fullmatch(value):
                return self.reference(value[1:])
            return repr(value)
        if isinstance(value, float) and not math.isfinite(value):
            return f"float({str(value)!r})"
        return repr(value)

    def reference(self, ref: str) -> str:
        """A call of the function of the item `ref` names (a plain number or text inlined); unknown when the
        config does not hold it (ConfigParser raises, unless a caller sets it first)."""
        target = self.lookup(ref)
        if target is None:
            return UNKNOWN
        value = target.value
        if not isinstance(value, (dict, list, str)) or (isinstance(value, str) and not value.startswith((EXPR, REF, MACRO))):
            return self.code(target, ref)
        if not _is_item(value):
            self.wanted.append((target, ref))
        elif _is_import(value) or self._untranslated(target, ref):
            return UNKNOWN  # not defined: untranslated, or a module bound by `$import`
        return f"{self.name(target, ref)}({UNKNOWN})"

    def _untranslated(self, target: Node, ref: str) -> bool:
        """Whether the item `ref` names translates to no code, asked once per item: an item referenced by many
        expressions was translated again for each, and `"a": "$@a + 1"` (or `a` -> `b` -> `a`) recursed until the
        detector failed, hiding the file's other items (hardening55). ConfigParser refuses a reference cycle
        (reference_resolver.py: "detected recursive references"), and the gate does not follow a chain of
        expressions past MAX_REFERENCE_CHAIN: either is a problem, the item an unknown value."""
        key = id(target)
        if key not in self.untranslated:
            if key in self.asking or len(self.asking) >= MAX_REFERENCE_CHAIN:
                what = "a reference cycle" if key in self.asking else f"more than {MAX_REFERENCE_CHAIN} chained references"
                self.problem(target, f"@{ref} ({what})")
                return True
            self.asking.append(key)
            try:
                self.untranslated[key] = self.code(target, ref, define=True) == UNKNOWN
            finally:
                self.asking.pop()
        return self.untranslated[key]

    def expression(self, node: Node, id_: str, text: str) -> str:
        if _NAME_SET.fullmatch(text):
            return UNKNOWN  # `${env.fps}`: a hydra interpolation, which eval reads as a set of one attribute: inert
        try:
            tree = ast.parse(text.strip())
        except (SyntaxError, RecursionError):  # too deep: read below, as an expression the gate cannot translate
            tree = None
        if tree is not None and len(tree.body) == 1 and isinstance(tree.body[0], (ast.Import, ast.ImportFrom)):
            return ast.unparse(tree.body[0])
        text = text.lstrip(" \t")  # as eval strips them
        for ref in sorted(set(_REF.findall(text)), key=len, reverse=True):
            if self.lookup(ref[1:]) is None:  # ConfigParser raises, unless another file or the code sets it
                self.problem(node, f"{ref} in ${text[:80]} (a reference the file does not hold)")
            text = text.replace(ref, self.reference(ref[1:]))
        try:
            expression = ast.parse(text, mode="eval")
        except SyntaxError:
            return self.problem(node, f"${text[:80]} (not a Python expression)")
        except RecursionError:  # `$a.a.a...()` of 50,000 parts failed the file's whole translation (session 50)
            return self.problem(node, f"${text[:80]} (nested deeper than Python's parser reads)")
        if len(text.splitlines()) > 1:  # one line, so that the items after it keep their lines
            text = ast.unparse(expression)
        return f"({text})"

    def component(self, node: Node, id_: str) -> str:
        value: dict = node.value  # type: ignore[assignment]
        mode = value.get("_mode_")
        if mode is not None and mode.value not in ("default", "callable"):
            return self.problem(mode, f"_mode_: {mode.value} (runs the component under pdb or as chosen later)")
        if "_debug_" in value:
            return self.problem(value["_debug_"], "_debug_ (runs the component under pdb)")
        callee = self.callee(value[TARGET], f"{id_}{SEP}{TARGET}")
        args = []
        for key, child in value.items():
            if key in NON_ARGS:
                continue
            code = self.code(child, f"{id_}{SEP}{key}")
            args.append(f"{key}={code}" if key.isidentifier() and not keyword.iskeyword(key) else f"**{{{key!r}: {code}}}")
        if mode is not None and mode.value == "callable":  # later code calls it with what it adds
            return f"(lambda *a, **k: {callee}({', '.join([*args, '*a', '**k'])}))"
        return f"{callee}({', '.join(args)})"

    def callee(self, target: Node, id_: str, seen: frozenset[int] = frozenset()) -> str:
        """The callable a `_target_` names. ConfigComponent resolves `_target_`'s references first and
        locates a text by name (config_item.py resolve_module_name), so `"_target_": "@name"` with
        `"name": "os.system"` runs os.system: a reference or macro to a name written elsewhere in the file
        is that name; a name given by an expression or a built item is known only at load time."""
        name = target.value
        if isinstance(name, str) and name.startswith((REF, MACRO)):
            value = _relative(id_, name.replace("#", SEP))
            named = self.lookup(value[1:]) if _REF.fullmatch(REF + value[1:]) else None
            if named is not None and isinstance(named.value, str) and id(named) not in seen:
                return self.callee(named, value[1:], seen | {id(named)})
        if not isinstance(name, str) or name.startswith((EXPR, REF, MACRO)):
            self.problem(target, f"_target_: {str(name)[:80]} (a name or callable known only at load time)")
            return f"({self.code(target, id_)})"
        if not _DOTTED.fullmatch(name):
            return self.problem(target, f"_target_: {name} (not a dotted name)")
        if "." not in name:  # ComponentLocator's monai component, else a builtin by pydoc.locate
            name = COMPONENTS.get(name, name)
        if "." in name:
            self.out.packages.add(name.split(".")[0])
        return name


def _is_item(value: object) -> bool:
    """A config item ConfigParser builds or runs: a component or an expression."""
    return (isinstance(value, dict) and TARGET in value) or (isinstance(value, str) and value.startswith(EXPR))


def _is_import(value: object) -> bool:
    return isinstance(value, str) and value.lstrip(EXPR + " ").startswith(("import ", "from "))
