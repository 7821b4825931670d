"""NVFlare config readers: config files -> plain data, read without side effects.

NVFlare 2.9 finds an app's config by base name and tries each format's
extensions in turn (nvflare/fuel/utils/config.py `ConfigFormat.config_ext_formats`:
`.json`, `.conf`, `.yml`, `.yaml` and their `.default` variants;
nvflare/fuel/utils/config_factory.py `search_config_format`), and reads them with
- JSON: `json.load` (nvflare/fuel/utils/json_config_loader.py) - on duplicate
  keys the last one wins, while a reviewer (and other parsers) may read the first;
- HOCON: `pyhocon.ConfigFactory.parse_file` (nvflare/fuel_opt/utils/pyhocon_loader.py),
  which follows `include` directives (files, URLs, classpath) while it parses and
  resolves `${VAR}` substitutions from the process environment;
- YAML: `OmegaConf.load` (nvflare/fuel_opt/utils/omegaconf_loader.py), whose
  `to_dict(resolve=True)` runs resolvers such as `${oc.env:VAR}`.

The gate must never do any of that. So: JSON is read with `json.loads` and an
`object_pairs_hook` that records duplicate keys; YAML with a `yaml.SafeLoader`
subclass that records duplicate keys (no tags, no resolvers); HOCON text is
searched for `include` with a regex on the raw text first and, if there is one,
never handed to a parser; otherwise it is parsed by pyhocon (NVFlare's own
parser, so the gate reads what NVFlare reads) with `resolve=False`, so no
substitution touches the environment, and substitutions stay opaque strings.
Without pyhocon installed (`jobgate[nvflare]`), a `.conf` config is reported as
unreadable, never accepted.
"""

from __future__ import annotations

import bisect
import functools
import json
import math
import re
import string
import sys
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterator

from .isolate import plain_recursion
from .json_keys import loads_noting_repeats
from .library_classes import nvflare_component_class

if TYPE_CHECKING:  # pragma: no cover
    import yaml

# Formats by extension, as NVFlare maps them (".default" variants included).
_FORMATS = {".json": "json", ".conf": "hocon", ".yml": "yaml", ".yaml": "yaml"}
_CLIENT_OR_SERVER = re.compile(r"^config_fed_(client|server)\.(json|conf|ya?ml)(\.default)?$")
# pyhocon is a pyparsing grammar, about 15 KB/s on a loaded machine: bound its
# input (NVFlare's own configs are a few KB).
MAX_HOCON_BYTES = 64_000
# Values a YAML document may expand to through anchors and aliases: past it the
# document is a "billion laughs" and is refused, as OmegaConf would never finish it.
MAX_YAML_VALUES = 100_000
# Brackets a YAML text may leave open at once. PyYAML's scanner looks ahead through every open `[` and keeps
# a possible key for each, checked at each token: 100,000 of them (200 KB) took 6-20 s before its composer
# ran out of recursion at about 500 levels. Counted in quotes and comments too: over-counting only refuses.
MAX_YAML_OPEN_BRACKETS = 1000
_YAML_BRACKETS = re.compile(r"[\[\]{}]")
# Parts a YAML 1.1 sexagesimal number (`1:59:59`) may have: PyYAML builds the integer part by part, each step a
# product of the whole number so far, quadratic in its parts (200,000 parts, 1.2 MB: minutes of a worker, session
# 52). A time of day has three. Past it the number is cut (bounded_yaml) and the config is escalated.
MAX_SEXAGESIMAL_PARTS = 20
_LONG_SEXAGESIMAL = re.compile(r"(?<=[0-9_])(?::[0-5]?[0-9]){%d,}" % MAX_SEXAGESIMAL_PARTS)
# Length a config string may reach through NVFlare's `{name}` substitutions.
MAX_EXPANDED = 65_536
# Levels of a config's objects and lists its walks read (components, string values, substitutions); a config nested
# deeper is itself a finding (nested_past): what lies deeper is not judged, so it is never accepted.
MAX_CONFIG_DEPTH = 200

# HOCON include directives: `include "x"`, `include url("x")`, `include required(file("x"))`. pyhocon takes the
# keyword in any case (a caseless pyparsing Keyword: `INCLUDE url("x")`) and wherever a value may stand
# (`a = [include "x"]`, `a = "b"include "x"`), so any `include` that is not the end of a longer name counts
# (red team 38b: `Include url(...)` after the executors fetched new ones when NVFlare loaded the config).
HOCON_INCLUDE = re.compile(
    r"""(?i)(?<![\w$])include\s*(?:required\s*\(\s*)?(?:(url|file|classpath|package)\s*\(\s*)?["']([^"'\n]*)""")
# HOCON substitutions: ${a.b}, ${?ENV}. Possessive: no part gives back what it took, which could only end in
# a space or a name character where `}` must be (`\s*(\?)?\s*([^}\s]+)` tried every split: `${` and 64,000
# newlines, or 8,000 `${`, took seconds to minutes, session 48)
HOCON_SUBST = re.compile(r"\$\{\s*+(?:(\?)\s*+)?([^}\s]++)\s*+\}")
_KEY_END = re.compile(r"[}\s]")


def hocon_substitutions(text: str) -> Iterator[re.Match]:
    """HOCON_SUBST's matches, as finditer gives them, in one pass. finditer tries the pattern at every `${`, and each
    try reads the run of key characters after it to its end: 20,000 `${` in a row took 4 s (session 50). A `${` in
    that run more than three characters before its end reads the same key end and the same tail after it, so it fails
    as the first did; only the last few (where `${`, `?` or the run's end meet) are tried again."""
    pos = 0
    while (start := text.find("${", pos)) >= 0:
        m = HOCON_SUBST.match(text, start)
        if m is not None:
            yield m
            pos = m.end()
            continue
        stop = _KEY_END.search(text, start + 2)
        pos = max(start + 1, (stop.start() if stop else len(text)) - 3)
# OmegaConf resolvers that read the environment or run code.
YAML_RESOLVER = re.compile(r"\$\{\s*(oc\.env|env|oc\.decode|oc\.create|eval|python)\s*:")
# OmegaConf reads an environment variable wherever a config value `${oc.env:NAME}` (or the older `${env:NAME}`) is
# read or resolved (omegaconf/resolvers/oc/__init__.py `env`), whatever the config was built from: a literal in
# the code, a YAML file hydra composes, a Flower app's run config (red team 24). Group 1: the variable's name.
ENV_INTERPOLATION = re.compile(r"\$\{\s*(?:oc\.env|env)\s*:\s*([^,}]*)")
# PyYAML's Python tags: constructing one runs code under an unsafe loader.
YAML_PYTHON_TAG = re.compile(r"!!?python/|tag:yaml\.org,2002:python/")


@dataclass
class Problem:
    """Why a config could not be read as it stands."""

    kind: str  # "parse", "duplicate", "include", "include-remote", "env"
    line: int
    text: str


@dataclass
class ConfigDoc:
    """One parsed config file of a job."""

    path: str
    fmt: str
    data: object = None
    ok: bool = False
    problems: list[Problem] = field(default_factory=list)


def config_format(path: str) -> str | None:
    name = path.rsplit("/", 1)[-1].lower()
    if name.endswith(".default"):
        name = name[: -len(".default")]
    for ext, fmt in _FORMATS.items():
        if name.endswith(ext):
            return fmt
    return None


def is_nvflare_config(path: str) -> bool:
    """A file NVFlare itself reads as a job config: `config_fed_*` anywhere, or
    any config-format file in an app's `config/` folder."""
    parts = path.split("/")
    name = parts[-1].lower()
    if _CLIENT_OR_SERVER.match(name):
        return True
    return len(parts) >= 2 and parts[-2] == "config" and config_format(path) is not None


def app_of(path: str) -> str:
    """The app folder prefix of a config (`app_client/config/x.json` -> `app_client/`)."""
    parts = path.split("/")
    if len(parts) >= 2 and parts[-2] == "config":
        return "/".join(parts[:-2]) + ("/" if len(parts) > 2 else "")
    return "/".join(parts[:-1]) + ("/" if len(parts) > 1 else "")


def _line_finder(text: str) -> Callable[[int], int]:
    """pos -> line number, indexing the text's newlines once (many matches, one pass)."""
    newlines = [m.start() for m in re.finditer("\n", text)]
    return lambda pos: bisect.bisect_left(newlines, pos) + 1


# -- JSON ---------------------------------------------------------------------

def _read_json(text: str, doc: ConfigDoc) -> None:
    dups: list[str] = []
    try:
        doc.data = loads_noting_repeats(text, dups)
    except (ValueError, RecursionError) as err:
        line = getattr(err, "lineno", 0)
        doc.problems.append(Problem("parse", line, f"not valid JSON: {getattr(err, 'msg', err)}"))
        return
    doc.ok = True
    places: dict[str, list[int]] = {}
    if dups:  # one pass over the text, however many duplicates
        for m in _JSON_KEY.finditer(text):
            places.setdefault(m.group(1), []).append(m.start())
    line_of = _line_finder(text) if dups else None
    seen: dict[str, int] = {}
    for key in dups:
        # The line of the key's later occurrence (an approximation for the report).
        found = places.get(json.dumps(key)[1:-1], [])
        n = seen.get(key, 0) + 1
        seen[key] = n
        pos = found[n] if n < len(found) else (found[-1] if found else 0)
        doc.problems.append(Problem("duplicate", line_of(pos), key))


_JSON_KEY = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:')


# -- YAML ---------------------------------------------------------------------

# Bits per decimal digit (log2 10, rounded down: a few integers just within Python's digit limit count as past it).
_DIGIT_BITS = 3.32
LONG_INTEGER = "an integer past Python's limit on integer digits, read as its text"


@functools.cache
def bounded_constructor() -> type:
    """PyYAML's SafeConstructor, but an integer whose decimal text is past Python's digit limit is its text: a
    decimal one raised (the whole file unread), a hex one of 20,000 digits was built, and each reader's str() of it
    raised (the Hydra and NVFlare config detectors failed, a config's `os.system` went unreported). Every reader of a
    job's YAML builds its values with it; `long_integers` holds the lines of those read as text."""
    import yaml

    class BoundedConstructor(yaml.constructor.SafeConstructor):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.long_integers: list[int] = []

        def construct_yaml_int(self, node):
            try:
                value = super().construct_yaml_int(node)
            except ValueError:
                value = None
            limit = sys.get_int_max_str_digits() or sys.int_info.default_max_str_digits
            if value is None or abs(value).bit_length() > _DIGIT_BITS * limit:
                self.long_integers.append(node.start_mark.line + 1)
                return node.value
            return value

    BoundedConstructor.add_constructor("tag:yaml.org,2002:int", BoundedConstructor.construct_yaml_int)
    return BoundedConstructor


@functools.cache
def _dup_loader() -> type:
    """The loader class, made when a job first holds YAML: most hold none, and importing PyYAML is 11 ms
    of every start."""
    import yaml

    class DupLoader(bounded_constructor(), yaml.SafeLoader):
        """SafeLoader that records duplicate mapping keys (PyYAML keeps the last silently)."""

        def __init__(self, stream: str):
            super().__init__(stream)
            self.duplicates: list[tuple[str, int]] = []

        def construct_mapping(self, node, deep=False):  # type: ignore[override]
            seen = set()
            for key_node, _ in node.value:
                try:
                    key = self.construct_object(key_node, deep=True)
                    hash(key)
                except Exception:  # noqa: BLE001 - unhashable keys fail in the base class
                    continue
                if key in seen:
                    self.duplicates.append((str(key), key_node.start_mark.line + 1))
                seen.add(key)
            return super().construct_mapping(node, deep=deep)

    return DupLoader


def _expanded_values(root: yaml.Node) -> int:
    """How many values a YAML node graph expands to, aliases followed (capped
    just past MAX_YAML_VALUES; a recursive alias counts as past it). Walked with
    a list and sizes shared per node, so this costs the graph, not its expansion."""
    import yaml

    over = MAX_YAML_VALUES + 1
    sizes: dict[int, int] = {}
    ancestors: set[int] = set()
    todo: list[tuple[yaml.Node, bool]] = [(root, False)]
    while todo:
        node, children_done = todo.pop()
        children = [c for pair in node.value for c in pair] if isinstance(node, yaml.MappingNode) \
            else list(node.value) if isinstance(node, yaml.SequenceNode) else []
        if children_done:
            ancestors.discard(id(node))
            sizes[id(node)] = min(over, 1 + sum(sizes[id(c)] for c in children))
            continue
        if id(node) in sizes:
            continue
        if id(node) in ancestors:
            return over
        ancestors.add(id(node))
        todo.append((node, True))
        todo.extend((c, False) for c in children if id(c) not in sizes)
    return sizes[id(root)]


def _most_open_brackets(text: str) -> int:
    if text.count("[") + text.count("{") <= MAX_YAML_OPEN_BRACKETS:
        return 0  # the usual case, counted at C speed
    depth = most = 0
    for m in _YAML_BRACKETS.finditer(text):
        depth = depth + 1 if m.group() in "[{" else max(0, depth - 1)
        most = max(most, depth)
    return most


def bounded_yaml(text: str) -> tuple[str, int]:
    """The YAML text with each sexagesimal number of more than MAX_SEXAGESIMAL_PARTS parts cut to its first part
    (`1:59:59:...` read as 1: a number still, not a long text for the detectors to split; lines kept), and the line
    of the first (0: none), for every reader of a job's YAML to parse."""
    first = _LONG_SEXAGESIMAL.search(text)
    if first is None:
        return text, 0
    return _LONG_SEXAGESIMAL.sub("", text), text.count("\n", 0, first.start()) + 1


def _read_yaml(text: str, doc: ConfigDoc) -> None:
    import yaml

    text, long_number = bounded_yaml(text)
    if long_number:  # escalated, and read for what else it holds
        doc.problems.append(Problem("parse", long_number, f"a sexagesimal number of more than {MAX_SEXAGESIMAL_PARTS} "
                                                          "parts, read as its first part"))
    if _most_open_brackets(text) > MAX_YAML_OPEN_BRACKETS:
        doc.problems.append(Problem("parse", 0, f"not valid YAML: more than {MAX_YAML_OPEN_BRACKETS} brackets "
                                                "open at once; not read"))
        return
    try:
        loader = _dup_loader()(text)  # its reader already refuses control characters (NUL, ...)
    except yaml.YAMLError as err:
        doc.problems.append(Problem("parse", 0, f"not valid YAML: {err}".splitlines()[0]))
        return
    try:
        with plain_recursion():
            node = loader.get_single_node()
            if node is not None and _expanded_values(node) > MAX_YAML_VALUES:
                doc.problems.append(Problem("parse", 0, f"anchors and aliases expand to more than {MAX_YAML_VALUES} "
                                                        "values; not read"))
                return
            doc.data = loader.construct_document(node) if node is not None else None
    except (yaml.YAMLError, RecursionError, ValueError) as err:
        mark = getattr(err, "problem_mark", None)
        doc.problems.append(Problem("parse", mark.line + 1 if mark else 0, f"not valid YAML: {err}".splitlines()[0]))
        return
    finally:
        loader.dispose()
    doc.ok = True
    for key, line in loader.duplicates:
        doc.problems.append(Problem("duplicate", line, key))
    for line in loader.long_integers:  # escalated, and read for what else it holds
        doc.problems.append(Problem("parse", line, LONG_INTEGER))
    line_of = _line_finder(text)
    for m in YAML_RESOLVER.finditer(text):
        doc.problems.append(Problem("env", line_of(m.start()), m.group(0) + "...}"))


# -- HOCON --------------------------------------------------------------------

class Substitution(str):
    """An unresolved HOCON `${...}`: kept as its text, never looked up."""


def _hocon_plain(value: object) -> object:
    from pyhocon import ConfigTree
    from pyhocon.config_tree import ConfigValues

    if isinstance(value, ConfigTree):
        return {str(k).strip('"'): _hocon_plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_hocon_plain(v) for v in value]
    if isinstance(value, ConfigValues):
        # A concatenation or substitution: what it becomes depends on resolving.
        tokens = getattr(value, "tokens", [])
        text = "".join(_hocon_token(t) for t in tokens)
        if not any(type(t).__name__ == "ConfigSubstitution" for t in tokens):
            return text
        return Substitution("".join(_hocon_token(t) for t in tokens))
    if type(value).__name__ == "ConfigSubstitution":
        return Substitution(_hocon_token(value))
    return value


def _hocon_token(token: object) -> str:
    if type(token).__name__ == "ConfigSubstitution":
        return "${" + ("?" if getattr(token, "optional", False) else "") + str(getattr(token, "variable", "")) + "}"
    if isinstance(token, str):
        return token
    value = getattr(token, "value", None)  # ConfigQuotedString and friends
    return value if isinstance(value, str) else str(token)


def _read_hocon(text: str, doc: ConfigDoc) -> None:
    includes = list(HOCON_INCLUDE.finditer(text))
    line_of = _line_finder(text)
    if includes:
        for m in includes:
            target = m.group(2)
            remote = (m.group(1) or "").lower() in ("url", "classpath", "package") or "://" in target
            doc.problems.append(Problem("include-remote" if remote else "include", line_of(m.start()), target))
        return  # never parse text with includes: pyhocon would fetch them
    if len(text) > MAX_HOCON_BYTES:
        doc.problems.append(Problem("parse", 0, f"HOCON config over {MAX_HOCON_BYTES} bytes; not parsed"))
        return
    try:
        from pyhocon import ConfigFactory
    except ImportError:
        doc.problems.append(Problem("parse", 0, "HOCON reader (pyhocon) is not installed: install jobgate[nvflare]"))
        return
    try:
        # pyparsing recurses several frames per level: on a limited worker's deep stack 8,000 nested
        # objects (32 KB) took 6 s to end in a RecursionError, where NVFlare's plain process ends at once
        with plain_recursion():
            tree = ConfigFactory.parse_string(text, resolve=False)
            doc.data = _hocon_plain(tree)
    except Exception as err:  # noqa: BLE001 - pyparsing and pyhocon raise many kinds
        doc.problems.append(Problem("parse", getattr(err, "lineno", 0) or 0,
                                    f"not valid HOCON: {type(err).__name__}: {err}".splitlines()[0][:300]))
        return
    doc.ok = True
    for m in hocon_substitutions(text):
        if not _has_path(doc.data, m.group(2)):
            doc.problems.append(Problem("env", line_of(m.start()), m.group(0)))


def _lookup(data: object, subst: str) -> object:
    m = re.fullmatch(r"\$\{\s*([^}?\s]+)\s*\}", subst)
    if m is None:
        return None
    node = data
    for part in m.group(1).split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _has_path(data: object, dotted: str) -> bool:
    node = data
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


# tomllib joins a dotted key or table name part by part, in time quadratic in the parts: one line of 20,000
# `a.a.a...` (40 KB) took 7 s a read, 50,000 near a minute, read by three detectors (hardening55: 220 s and an
# internal error for a 100 KB pyproject.toml). A key or a table name never spans lines, so a line's dots bound
# its parts; no real TOML line holds this many.
MAX_TOML_DOTS = 200


def load_toml(text: str) -> dict:
    """tomllib.loads, refusing first (ValueError) a line of more than MAX_TOML_DOTS dots."""
    import tomllib  # here: most jobs hold no TOML file, and importing it is 2-4 ms of every start

    dots = max((line.count(".") for line in text.splitlines()), default=0)
    if dots > MAX_TOML_DOTS:
        raise ValueError(f"a line of {dots} dots, over the {MAX_TOML_DOTS} the gate reads (tomllib joins a "
                         "dotted key in time quadratic in its parts)")
    return tomllib.loads(text)


def read_toml(text: str) -> dict | None:
    """A TOML document (a Flower app's pyproject.toml, a settings file), or None where Python's reader refuses
    it: not TOML, an integer past Python's digit limit (a ValueError too), nested too deep, a key of too many
    parts. Why it refused is reported once, by build_hooks (its own load_toml call lets those errors out for
    that)."""
    try:
        return load_toml(text)
    except (ValueError, RecursionError):
        return None


def read_config(path: str, data: bytes) -> ConfigDoc:
    fmt = config_format(path) or "json"
    doc = ConfigDoc(path, fmt)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        doc.problems.append(Problem("parse", 0, f"not UTF-8 text: {err}"))
        return doc
    if fmt == "json":
        _read_json(text, doc)
    elif fmt == "yaml":
        _read_yaml(text, doc)
    else:
        _read_hocon(text, doc)
    return doc


# A unit's settings documents, read once per (format, bytes): nvflare-config's rendezvous check and other-files'
# settings locations parse the same files (NVFlare's examples as one unit: 699 reads of 500 distinct documents, the
# repeats 0.65 of their 1.42 s, most of it PyYAML, session 51). Kept for the last unit asked while its Content lives
# (a weak reference, as not_run.never_run's answer: no unit's documents held past its scan); a file over
# MAX_SHARED_DOCUMENT bytes is parsed by each reader, its document not held past it.
MAX_SHARED_DOCUMENT = 256_000
_FORMAT_NAMES = {"json": "settings.json", "yaml": "settings.yaml", "hocon": "settings.conf"}
_unit_documents: list = [None, None]  # [weakref to the Content last asked, {(format, bytes): ConfigDoc}]


def unit_document(content: object, fmt: str, data: bytes) -> ConfigDoc:
    """read_config of `data` in format `fmt` (json, yaml or hocon) for a file of the unit `content`, shared by its
    readers, which only read it (its path is the format's, not the file's)."""
    if len(data) > MAX_SHARED_DOCUMENT:
        return read_config(_FORMAT_NAMES[fmt], data)
    ref, kept = _unit_documents
    if ref is None or ref() is not content:
        kept = {}
        _unit_documents[:] = [weakref.ref(content), kept]
    doc = kept.get((fmt, data))
    if doc is None:
        doc = kept[(fmt, data)] = read_config(_FORMAT_NAMES[fmt], data)
    return doc


# -- Components -----------------------------------------------------------------

def loadable_class_path(value: str) -> bool:
    """NVFlare takes any string with a dot for a class path (class_utils.get_class_path_from_config) and
    imports what is before the last dot with importlib (class_loader.load_class), which finds a file of
    any name on sys.path: `data-staging.Stager`, `0stage.Stager` and `ſtage.Stager` load the job's
    `custom/data-staging.py`, `0stage.py`, `ſtage.py` (red team 21), and ` stage.X` a ` stage.py`. Only a `/`
    keeps the import system from finding a module."""
    return "." in value and "/" not in value


@dataclass
class Component:
    """A component a config names by class path, with its arguments."""

    class_path: str
    key: str  # "path" or "class_path"
    where: str  # a readable location inside the config, e.g. components[0]
    args: object


def built_arguments(args: object) -> object:
    """The keywords NVFlare builds a component with: a `class_attributes` entry of its args replaces them
    (nvflare/fuel/utils/component_builder.py `build_component`)."""
    if isinstance(args, dict) and isinstance(args.get("class_attributes"), dict):
        return args["class_attributes"]
    return args


def components(data: object) -> list[Component]:
    """Every dict NVFlare would build as a component.

    nvflare/fuel/utils/class_utils.py `get_class_path_from_config`: the first of
    `path`, `class_path`, `name` present decides; `name` alone is looked up in
    NVFlare's own class table (ModuleScanner over nvflare packages), so it can
    only name an NVFlare class and is not a class path the job chooses.
    nvflare/fuel/utils/component_builder.py builds nested dicts in `args` too,
    so every dict at any depth counts; `config_type: dict` is ignored on purpose
    (entries of `components` are built anyway, and reading more is fail-closed).
    """
    out: list[Component] = []

    def walk(node: object, where: str, depth: int) -> None:
        if depth > MAX_CONFIG_DEPTH:
            return
        if isinstance(node, dict):
            # "()" is logging.config.dictConfig's factory key (a log config in the app's config folder).
            key = "path" if "path" in node else "class_path" if "class_path" in node else \
                "()" if "()" in node else None
            if key is not None and isinstance(node[key], Substitution):
                # `${a.b}` naming a string elsewhere in the same config reads as that string;
                # anything else is chosen at load time.
                target = _lookup(data, str(node[key]))
                value = target.strip() if isinstance(target, str) and not isinstance(target, Substitution) \
                    else str(node[key])
                out.append(Component(value, key, where, node.get("args")))
            elif key is not None and isinstance(node[key], str):
                # wfconf.py substitutes `{name}` in every string before any component is built, the
                # class path included: a top-level value of the config reads as itself, a name the site
                # fills in stays in braces (a path chosen at load time)
                # as NVFlare reads it, spaces and all: ` staging.X` imports the job's ` staging.py`
                value = _substituted(node[key], data)
                if loadable_class_path(value) or "{" in value and key != "()":
                    out.append(Component(value, key, where, node.get("args")))
            elif key is None and isinstance(node.get("name"), str):
                # a class name alone is looked up in NVFlare's own table: any of its classes, not only
                # the families a policy trusts by path; looked up after the same `{name}` substitution
                # (`"name": "{cls}"` with `"cls": "FlowerExecutor"` builds that class: red team 37c); a HOCON
                # or YAML `${a.b}` the loader fills in first reads as the string it names; one still in
                # braces or `${...}` is a class chosen at load time
                raw = node["name"]
                target = _lookup(data, raw.strip()) if "${" in raw else None
                if isinstance(target, str) and not isinstance(target, Substitution):
                    raw = target
                name = _substituted(raw, data)
                resolved = nvflare_component_class(name.strip())
                if resolved is not None or "{" in name or "${" in raw:
                    chosen = raw if "${" in raw else name
                    out.append(Component(resolved or chosen, "name", where, node.get("args")))
            for k, v in node.items():
                walk(v, f"{where}.{k}" if where else str(k), depth + 1)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{where}[{i}]", depth + 1)

    walk(data, "", 0)
    return out


def _substituted(value: str, data: object) -> str:
    """A component's class path or name after NVFlare's `{name}` substitution (expand_vars); past its bound,
    as written (a path the gate cannot read)."""
    try:
        return expand_vars(value, data)
    except ValueError:
        return value


def string_values(data: object, keys: frozenset[str]) -> list[tuple[str, str, object]]:
    """(where, key, value) for every value under one of `keys`, at any depth."""
    out: list[tuple[str, str, object]] = []

    def walk(node: object, where: str, depth: int) -> None:
        if depth > MAX_CONFIG_DEPTH:
            return
        if isinstance(node, dict):
            for k, v in node.items():
                here = f"{where}.{k}" if where else str(k)
                if isinstance(k, str) and k.lower() in keys and isinstance(v, (str, list)):
                    out.append((here, k, v))
                walk(v, here, depth + 1)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{where}[{i}]", depth + 1)

    walk(data, "", 0)
    return out


_VAR = re.compile(r"\{([A-Za-z_]\w*)\}")


@functools.cache
def _system_variables() -> frozenset[str]:
    from .lists import matcher

    return matcher("launchers", "nvflare-system-variables").names()


def expand_vars(text: str, data: object) -> str:
    """NVFlare's substitution of a config's top-level values into its strings (nvflare/fuel/utils/wfconf.py
    `_EnvUpdater.substitute`: `str.format(**vars)`, round after round), so that `"app_config": "...; curl ..."`
    cannot hide behind `{app_config}`; a value the site fills in (its system variables) stays in braces.
    str.format is all or nothing: a field it cannot fill (a name neither the config nor the site defines, a
    lone brace) leaves the whole string as written, and so does the gate where it cannot tell (an index, an
    attribute, a conversion or a format spec it does not evaluate): red team 37c read `custom/{app_script}`
    as the job's train.py where NVFlare, stopped by `{run_tag}`, ran a file named `{app_script}`."""
    if not isinstance(data, dict) or "{" not in text:
        return text
    for _ in range(3):
        new = _formatted(text, data, MAX_EXPANDED - len(text))
        if new == text:
            break
        text = new
    return text


def _formatted(text: str, data: dict, room: int) -> str:
    """One round of NVFlare's substitution, or `text` itself where str.format would fail or the gate cannot
    tell that it would not. A string that is one `{name}` and blanks is replaced by the value itself, blanks
    dropped (NVFlare's "simple variable ref")."""
    whole = re.split("{|}", text.strip())
    if len(whole) == 3 and not whole[0] and not whole[2] and whole[1] not in _system_variables():
        value = data.get(whole[1])
        return str(value) if isinstance(value, (str, int, float)) and len(str(value)) <= room else text
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError:
        return text
    out = []
    for literal, name, spec, conversion in fields:
        out.append(literal)
        if name is None:
            continue
        if spec or conversion:
            return text
        if name in _system_variables():  # the site's value wins over the config's (json_configer.py)
            out.append("{" + name + "}")
            continue
        value = data.get(name)
        if not isinstance(value, (str, int, float)):
            return text
        out.append(str(value))
        room -= len(out[-1])
        if room < 0:  # fail closed, naming the bound: the command cannot be judged within it
            raise ValueError(f"{{name}} substitutions expand a config value past {MAX_EXPANDED} characters")
    return "".join(out)


# A template invocation (wfconf.py `_EnvUpdater.substitute`): a whole string `{@name:k1=v1:k2=v2}` becomes a copy of
# the config's top-level `@name` object with its strings substituted under those local values, which win over
# the config's own. Bounds: invocations nested deeper, or copies larger, than these are not read.
MAX_TEMPLATE_DEPTH = 8
MAX_TEMPLATE_NODES = 20_000
_TRUE = {"yes", "true", "t", "y", "1"}
_FALSE = {"no", "false", "f", "n", "0"}


def _local_value(text: str) -> object:
    """A local value as nvflare/fuel/utils/argument_utils.py `parse_vars` types it (int, float, bool, str)."""
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    low = text.lower()
    return True if low in _TRUE else False if low in _FALSE else text


def _reference(text: str) -> tuple[str, list[str]] | None:
    """(name, local values) of a string NVFlare reads as one reference, as wfconf.py `substitute` tells one:
    `{@name:k=v...}`, or any whole `{name}` or `{name:k=v...}` (a blank before the name is part of it), or None."""
    exp = text.strip()
    if exp.startswith("{@") and exp.endswith("}"):
        exp = exp[1:-1]
    else:
        parts = re.split("{|}", exp)
        if len(parts) != 3 or parts[0] or parts[2]:
            return None
        exp = parts[1]
    name, *params = exp.split(":")
    return name, params


def with_templates(data: dict) -> tuple[dict, str | None]:
    """The config with every reference to one of its objects or lists replaced by what NVFlare puts there, and
    None; or the config as it is and why it could not be read within the bounds. json_configer.py makes every
    top-level item a variable: a whole `{name}` of an object or list is that value itself (`"args": "{stage_args}"`,
    red team 37c), and `{name:k=v...}` (`{@name:...}`) a copy of an object with its strings substituted under
    those local values, which win over the config's own. The referenced items stay, judged as written."""
    objects = {k: v for k, v in data.items() if isinstance(v, (dict, list))}
    budget = [MAX_TEMPLATE_NODES]

    def copy(node: object, variables: dict, depth: int) -> object:
        budget[0] -= 1
        if budget[0] < 0:
            raise ValueError(f"template invocations make more than {MAX_TEMPLATE_NODES} values")
        if isinstance(node, dict):
            return {k: copy(v, variables, depth) for k, v in node.items()}
        if isinstance(node, list):
            return [copy(v, variables, depth) for v in node]
        if not isinstance(node, str):
            return node
        ref = _reference(node)
        value = objects.get(ref[0]) if ref is not None else None
        if value is None or ref[1] and not isinstance(value, dict):
            # a string (a template call of what is no object, NVFlare refuses: nothing is built)
            return node if variables is data else expand_vars(node, variables)
        if depth >= MAX_TEMPLATE_DEPTH:
            raise ValueError(f"template invocations nested past {MAX_TEMPLATE_DEPTH} levels")
        local = dict(variables)
        for param in ref[1]:
            key, _, text = param.partition("=")
            local[key.strip()] = _local_value(text)
        return copy(value, local, depth + 1)

    try:
        return copy(data, data, 0), None
    except (ValueError, RecursionError) as err:
        return data, str(err)


def expansion_past_bound(data: dict) -> str | None:
    """Where NVFlare's `{name}` substitution would make a string of the config longer than MAX_EXPANDED
    characters, or None. wfconf.py (resolve_var_refs) substitutes the top-level values into every string of
    the config, round after round (up to 20): 448 bytes of nested references made a 10^8-character string in
    the job's process. The lengths are counted, never built; a reference cycle counts as unbounded."""
    lengths: dict[str, float] = {}

    def length(value: object, depth: int) -> float:
        if depth > MAX_CONFIG_DEPTH:
            return math.inf
        if isinstance(value, str):
            return len(_VAR.sub("", value)) + sum(named(n, depth) for n in _VAR.findall(value))
        if isinstance(value, dict):
            return sum(length(v, depth + 1) for v in value.values())
        if isinstance(value, list):
            return sum(length(v, depth + 1) for v in value)
        return len(str(value))

    def named(name: str, depth: int) -> float:
        if name not in data:
            return len(name) + 2  # left as written
        if name not in lengths:
            lengths[name] = math.inf  # met again while counting: a cycle
            lengths[name] = length(data[name], depth + 1)
        return lengths[name]

    def walk(node: object, where: str, depth: int) -> str | None:
        if isinstance(node, str):
            return where if _VAR.search(node) and length(node, 0) > MAX_EXPANDED else None
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for k, v in items:
            here = f"{where}.{k}" if isinstance(node, dict) and where else f"{where}[{k}]" if where or \
                isinstance(node, list) else str(k)
            if depth <= MAX_CONFIG_DEPTH and (found := walk(v, here, depth + 1)) is not None:
                return found
        return None

    return walk(data, "", 0)


def nested_past(data: object) -> str | None:
    """Where a config nests objects and lists deeper than MAX_CONFIG_DEPTH (the first such place, its path cut
    short), or None. Until session 46 such a config read as a `{name}` substitution bomb at that place."""
    todo: list[tuple[object, str, int]] = [(data, "", 0)]
    while todo:
        node, where, depth = todo.pop()
        if depth > MAX_CONFIG_DEPTH:
            return where if len(where) <= 80 else where[:80] + "..."
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        todo += reversed([(v, f"{where}.{k}" if isinstance(node, dict) and where else
                           f"{where}[{k}]" if isinstance(node, list) else str(k), depth + 1) for k, v in items])
    return None


def find_line(data: bytes, needle: str) -> int:
    """The first line of a config file that contains `needle` (0 if none)."""
    if not needle:
        return 0
    pos = data.find(needle.encode("utf-8", "replace"))
    return data.count(b"\n", 0, pos) + 1 if pos >= 0 else 0
