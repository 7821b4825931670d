"""Logging configurations shipped with the job, as logging.config reads them.

`logging.config.fileConfig(path)` *evaluates* each handler's `args` and
`kwargs` with eval() (CPython Lib/logging/config.py, `_install_handlers`), and
`dictConfig` builds any callable named under a `"()"` key and resolves
`ext://module.attr`. So such a file is code: a handler section whose arguments
are not plain literals runs them, and network handlers (Socket, Datagram,
HTTP, SMTP, remote SysLog) ship every log record off the site.

Judged: `.ini/.conf/.cfg` files with `[handler_*]` sections (fileConfig), and
JSON/YAML files with a `handlers` mapping beside `version` (dictConfig), and the dict
literals the job's Python code hands to dictConfig (`'()': 'os.system'` runs a command).
"""

from __future__ import annotations

import ast
import json
import re
import string
from typing import TYPE_CHECKING, Iterator

import libcst as cst

from . import FileContext, Hit, PythonContext, file_detector, python_detector
from ..lists import matcher
from ..configs import bounded_yaml
from ..isolate import plain_recursion
from .telemetry import host_is_local

if TYPE_CHECKING:  # imported where an INI file is read: most jobs have none
    import configparser

_NETWORK_HANDLERS = frozenset({"SocketHandler", "DatagramHandler", "HTTPHandler", "SMTPHandler", "SysLogHandler",
                               "QueueHandler", "QueueListener"})
_PLAIN_HANDLERS = frozenset({"StreamHandler", "FileHandler", "NullHandler", "RotatingFileHandler",
                             "TimedRotatingFileHandler", "WatchedFileHandler", "MemoryHandler", "BufferingHandler"})
_SAFE_EXT = frozenset({"ext://sys.stdout", "ext://sys.stderr"})
_FACTORY_ARGUMENTS = matcher("launchers", "logging-factory-arguments")


def _class_name(value: str) -> str:
    v = value.strip()
    for prefix in ("logging.handlers.", "handlers.", "logging."):
        if v.startswith(prefix):
            return v[len(prefix):]
    return v


def _trusted(name: object, trusted: tuple[str, ...]) -> bool:
    """A class path under the site's trusted modules (NVFlare's own formatters and filters)."""
    return isinstance(name, str) and any((name + ".").startswith(p if p.endswith(".") else p + ".") for p in trusted)


def _judge_handler(cls: str, args: tuple | dict | None, trusted: tuple[str, ...]) -> tuple[str, str] | None:
    """(rule, what) for one handler class and its literal arguments, or None when it stays local."""
    name = _class_name(cls)
    if name in _PLAIN_HANDLERS or _trusted(cls.strip(), trusted):
        return None
    if name in _NETWORK_HANDLERS:
        host = None
        if isinstance(args, tuple) and args:
            host = args[0]
        elif isinstance(args, dict):
            host = args.get("host", args.get("address", args.get("mailhost")))
        if name == "SysLogHandler" and (host is None or isinstance(host, str) and host.startswith("/")):
            return None
        if isinstance(host, (tuple, list)) and host:
            host = host[0]
        if isinstance(host, str) and host_is_local(host):
            return None
        return "config-attack.logging-config-network", f"{name} to {host!r}"
    return "config-attack.logging-config-code", f"handler class {cls.strip()} (imported and built by logging)"


# Names fileConfig's eval() may read without running anything: the standard streams.
_STREAMS = frozenset({"sys.stdout", "sys.stderr"})


_LITERAL_NODES = (ast.Expression, ast.Constant, ast.Tuple, ast.List, ast.Dict, ast.Set, ast.UnaryOp, ast.USub,
                  ast.UAdd, ast.Load)


def _plain_arguments(text: str) -> object:
    """A handler's `args`/`kwargs` as fileConfig would evaluate them, when they are literals and the
    standard streams (`(sys.stdout,)`, read as None); ValueError for anything that would run code."""

    class Streams(ast.NodeTransformer):
        def visit_Attribute(self, node: ast.Attribute) -> ast.AST:
            return ast.Constant(None) if ast.unparse(node) in _STREAMS else node

    tree = Streams().visit(ast.parse(text, mode="eval"))
    odd = next((n for n in ast.walk(tree) if not isinstance(n, _LITERAL_NODES)), None)
    if odd is not None:
        raise ValueError(f"{type(odd).__name__} in handler arguments")
    return ast.literal_eval(tree)


# Files fileConfig may be vouched to read (conditions.py `logging-file`): each is judged here, whatever its kind.
LOGGING_FILE_SUFFIXES = (".ini", ".conf", ".cfg")
_FILE_HANDLERS = frozenset({"FileHandler", "RotatingFileHandler", "TimedRotatingFileHandler", "WatchedFileHandler"})


def _views(text: str) -> tuple[list[configparser.RawConfigParser], configparser.Error | None]:
    """The file as fileConfig(path) reads it (ConfigParser: strict, `%(name)s` interpolated from its
    [DEFAULT] section into class, args and kwargs), and as a RawConfigParser handed to fileConfig
    reads it (no interpolation, later duplicates win), with the error of the last one that does not
    parse. A view that does not parse is left out: fileConfig of it raises before it evaluates anything."""
    import configparser

    # A file opened in text mode ends lines at \r too; read_string would not.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    views, error = [], None
    for parser in (configparser.ConfigParser(interpolation=_bounded_interpolation()),
                   configparser.RawConfigParser(strict=False, interpolation=None)):
        try:
            parser.read_string(text)
            views.append(parser)
        except configparser.Error as err:
            error = err
    return views, error


# What one value's `%(name)s` interpolation may build (characters, and one for each piece): fileConfig's own
# ConfigParser follows references ten deep, each value naming the next a dozen times (session 49: an 870-byte
# logging.conf held the unit's analysis past its 360 s), and so would the site's process when the job runs. Past
# it the value is one that does not resolve (_Uninterpolated): a file that runs code, never a plain handler.
MAX_INTERPOLATED = 100_000


def _bounded_interpolation() -> configparser.Interpolation:
    """ConfigParser's own interpolation (BasicInterpolation), stopped past MAX_INTERPOLATED of one value."""
    import configparser

    class Pieces(list):
        left = MAX_INTERPOLATED

        def append(self, piece: str) -> None:
            self.left -= len(piece) + 1
            if self.left < 0:
                raise configparser.InterpolationError("", "", f"interpolates past {MAX_INTERPOLATED} characters")
            super().append(piece)

    class Bounded(configparser.BasicInterpolation):
        def before_get(self, parser, section, option, value, defaults):  # BasicInterpolation's, into Pieces
            pieces = Pieces()
            self._interpolate_some(parser, option, pieces, value, section, defaults, 1)
            return "".join(pieces)

    return Bounded()


class _Uninterpolated(Exception):
    """A `%(name)s` that does not resolve: fileConfig raises there."""


def _value(parser: configparser.RawConfigParser, section: str, key: str) -> str | None:
    import configparser

    try:
        return parser.get(section, key, fallback=None)
    except configparser.Error as err:
        raise _Uninterpolated(str(err)) from None


def _ini(path: str, text: str, trusted: tuple[str, ...]) -> Iterator[Hit]:
    views, error = _views(text)
    if not views and _INI_HINT.search(text):
        yield Hit("unanalyzable.logging-file", path, details={"name": f"{error}"[:200]})
    seen: set[tuple[str, str]] = set()
    for parser in views:
        for rule, section, what in _judged(parser, trusted):
            if (rule, section) not in seen:
                seen.add((rule, section))
                yield Hit(rule, path, _line(text, f"[{section}]"), details={"name": f"[{section}] {what}"})


def _judged(parser: configparser.RawConfigParser, trusted: tuple[str, ...]) -> Iterator[tuple[str, str, str]]:
    """(rule, section, what) for each part of one view of a logging file that fileConfig would run
    as code, that sends records off the site, or that writes where the gate cannot vouch for."""
    for section in parser.sections():
        if section.startswith("formatter_"):
            try:
                cls = _value(parser, section, "class")
            except _Uninterpolated as err:
                yield "config-attack.logging-config-code", section, f"class: {err}"[:120]
                continue
            if cls and cls.strip() != "logging.Formatter" and not _trusted(cls.strip(), trusted):
                yield "config-attack.logging-config-code", section, \
                    f"formatter class {cls.strip()[:80]} (imported and called by fileConfig)"
            field = _reaching_field(parser.get(section, "format", raw=True, fallback=None),
                                    parser.get(section, "style", raw=True, fallback="%"))
            if field is not None:
                yield "config-attack.logging-config-code", section, \
                    f"format field {{{field[:60]}}} reads attributes of the logged values"
        if not section.startswith("handler_"):
            continue
        literal: dict = {}
        code = False
        for key in ("args", "kwargs"):
            try:
                raw = _value(parser, section, key)
                if raw is not None:
                    literal[key] = _plain_arguments(raw.strip())
            except _Uninterpolated as err:
                code = True
                yield "config-attack.logging-config-code", section, f"{key}: {err}"[:120]
            except (ValueError, SyntaxError, MemoryError, RecursionError):
                code = True
                yield "config-attack.logging-config-code", section, f"{key} = {raw.strip()[:80]} (evaluated by fileConfig)"
        try:
            cls = _value(parser, section, "class") or "StreamHandler"
        except _Uninterpolated as err:
            yield "config-attack.logging-config-code", section, f"class: {err}"[:120]
            continue
        args = literal.get("args") if literal.get("args") is not None else literal.get("kwargs")
        verdict = _judge_handler(cls, args, trusted)
        if verdict is not None:
            yield verdict[0], section, verdict[1]
        elif _class_name(cls) in _FILE_HANDLERS and not code:
            yield from _file_handler(section, literal)


def _reaching_field(fmt: str | None, style: str) -> str | None:
    """A '{'-style format field that goes past a record's attribute (`{args[0].__class__...}`: a
    logged object's class, its functions' globals, os.environ), which str.format follows."""
    if not fmt or style.strip() != "{":
        return None
    try:
        fields = [f for _, f, spec, _ in string.Formatter().parse(fmt) for f in (f, spec) if f]
    except ValueError:
        return fmt
    return next((f for f in fields if "." in f or "[" in f or "{" in f), None)


def _file_handler(section: str, literal: dict) -> Iterator[tuple[str, str, str]]:
    """A file handler's file: a job path (as the catalogue's `path: job` judges a write), and not a
    logging file, whose records fileConfig would later read as configuration."""
    from .paths import is_local, is_network, site_reserved

    args, kwargs = literal.get("args"), literal.get("kwargs")
    name = args[0] if isinstance(args, tuple) and args else kwargs.get("filename") if isinstance(kwargs, dict) else None
    if not isinstance(name, str) or not name:
        yield "unanalyzable.logging-file", section, "a file handler with no literal file name"
    elif name.lower().endswith(LOGGING_FILE_SUFFIXES):
        yield "config-attack.logging-config-code", section, \
            f"writes its records into {name!r}, a logging configuration fileConfig evaluates"
    elif is_network(name):
        yield "config-attack.logging-config-network", section, f"file handler writes to {name!r}"
    elif not (name == name.strip() and name.isprintable() and is_local(name) and not site_reserved(name)):
        yield "unanalyzable.logging-file", section, f"a file handler writes {name!r}, not a job path"


def _dict(path: str, text: str, doc: dict, trusted: tuple[str, ...]) -> Iterator[Hit]:
    # Factories and ext:// names anywhere (filters and formatters are built without a handler), then handlers.
    for key, spec, holder in _walk(doc):
        if key == "()" and not _trusted(spec, trusted) and not _vouched_factory(holder):
            yield Hit("config-attack.logging-config-code", path, _line(text, '"()"') or _line(text, "()"),
                      details={"name": f"factory {spec!r} (called by dictConfig)"})
        elif isinstance(spec, str) and spec.startswith("ext://") and spec not in _SAFE_EXT:
            yield Hit("config-attack.logging-config-code", path, _line(text, spec),
                      details={"name": f"{spec} (imported by dictConfig)"})
    formatters = doc.get("formatters")
    for name, spec in formatters.items() if isinstance(formatters, dict) else ():
        if not isinstance(spec, dict) or "()" in spec:
            continue  # a factory: judged above
        cls, fmt, style = spec.get("class"), spec.get("format"), spec.get("style", "%")
        if cls is not None and cls != "logging.Formatter" and not _trusted(cls, trusted):
            yield Hit("config-attack.logging-config-code", path, _line(text, str(cls)),
                      details={"name": f"formatter {name}: class {str(cls)[:80]} (imported and called by dictConfig)"})
        field = _reaching_field(fmt, style) if isinstance(fmt, str) and isinstance(style, str) else None
        if field is not None:
            yield Hit("config-attack.logging-config-code", path, _line(text, fmt),
                      details={"name": f"formatter {name}: format field {{{field[:60]}}} reads attributes of the "
                                       "logged values"})
    handlers = doc.get("handlers")
    for name, spec in handlers.items() if isinstance(handlers, dict) else ():
        if isinstance(spec, dict) and isinstance(spec.get("class"), str):
            verdict = _judge_handler(spec["class"], spec, trusted)
            if verdict is not None:
                yield Hit(verdict[0], path, _line(text, spec["class"]), details={"name": f"handler {name}: {verdict[1]}"})


def _walk(node: object, depth: int = 0) -> Iterator[tuple[object, object, object]]:
    """(key, value, the mapping or list holding them) through the document."""
    if depth > 20:
        return
    if isinstance(node, dict):
        for k, v in node.items():
            yield k, v, node
            yield from _walk(v, depth + 1)
    elif isinstance(node, list):
        for v in node:
            yield None, v, node
            yield from _walk(v, depth + 1)


# A string dictConfig converts (`ext://`, `cfg://`: BaseConfigurator.CONVERT_PATTERN), and an ANSI colour
# ColorFormatter may write (ANSIColor.colorize: a name, or SGR digits put in the escape sequence as they are).
_CONVERTED = re.compile(r"[a-z]+://")
_COLOUR = re.compile(r"[A-Za-z_]+|[0-9;]+")


def _vouched_factory(section: object) -> bool:
    """A `"()"` factory of NVFlare's own formatters and filters built with plain arguments of its signature
    (rules/lists/launchers.yaml `logging-factory-arguments`)."""
    if not isinstance(section, dict) or not isinstance(section.get("()"), str):
        return False
    factory = section["()"]

    def plain(value: object, colour: bool = False) -> bool:
        if isinstance(value, str):
            return not _CONVERTED.match(value) and (not colour or _COLOUR.fullmatch(value) is not None)
        if isinstance(value, list):
            return all(isinstance(v, str) and plain(v) for v in value)
        if isinstance(value, dict):
            return all(isinstance(k, str) and plain(k) and isinstance(v, str) and plain(v, True)
                       for k, v in value.items())
        return isinstance(value, bool)

    style = section.get("style", "%")
    return (all(key == "()" or isinstance(key, str) and _FACTORY_ARGUMENTS.match(f"{factory}.{key}") and plain(value)
                for key, value in section.items())
            and style in ("%", "{", "$") and _reaching_field(section.get("fmt"), style) is None)


def _line(text: str, needle: str) -> int:
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else 0


# What a dictConfig the gate vouches for may hold (catalogue condition `literal: logging-dict`): a
# closed set of the standard library's classes and their plain keyword arguments, nothing that
# dictConfig imports or calls by name (`()` factories, other `class`es, `ext://` other than the
# standard streams), and `%`-style formats ('{' formats read attributes of the record's values).
_VOUCHED_HANDLERS = {
    "logging.StreamHandler": {"stream"},
    "logging.NullHandler": set(),
    "logging.FileHandler": {"filename", "mode", "encoding", "delay", "errors"},
    "logging.handlers.RotatingFileHandler": {"filename", "mode", "maxBytes", "backupCount", "encoding", "delay",
                                             "errors"},
    "logging.handlers.TimedRotatingFileHandler": {"filename", "when", "interval", "backupCount", "encoding", "delay",
                                                  "utc", "errors"},
    "logging.handlers.WatchedFileHandler": {"filename", "mode", "encoding", "delay", "errors"},
}
_HANDLER_KEYS = {"class", "level", "formatter", "filters"}
_SECTION_KEYS = {
    "formatters": {"format", "datefmt", "style", "validate"},
    "filters": {"name"},
    "loggers": {"level", "handlers", "propagate", "filters"},
}
_TOP_KEYS = {"version", "formatters", "filters", "handlers", "loggers", "root", "incremental",
             "disable_existing_loggers"}


def inert_dict_config(config: dict) -> bool:
    """Whether dictConfig(config) builds only standard handlers, formatters and filters, writing to
    the standard streams or job paths (as the catalogue's `path: job` judges a literal)."""
    from .paths import is_local, site_reserved

    if set(config) - _TOP_KEYS or config.get("version") != 1:
        return False
    sections = {k: config.get(k, {}) for k in ("formatters", "filters", "handlers", "loggers")}
    if not all(isinstance(v, dict) and all(isinstance(spec, dict) for spec in v.values()) for v in sections.values()):
        return False
    root = config.get("root", {})
    if not isinstance(root, dict) or set(root) - _SECTION_KEYS["loggers"]:
        return False
    for name, keys in _SECTION_KEYS.items():
        if any(set(spec) - keys for spec in sections[name].values()):
            return False
    if any(spec.get("style", "%") != "%" for spec in sections["formatters"].values()):
        return False
    for spec in sections["handlers"].values():
        allowed = _VOUCHED_HANDLERS.get(spec.get("class"))
        if allowed is None or set(spec) - _HANDLER_KEYS - allowed:
            return False
        if "stream" in spec and spec["stream"] not in _SAFE_EXT:
            return False
        filename = spec.get("filename")
        if "filename" in allowed and not (isinstance(filename, str) and filename == filename.strip()
                                          and filename.isprintable() and is_local(filename)
                                          and not site_reserved(filename)
                                          and not filename.lower().endswith(LOGGING_FILE_SUFFIXES)):
            return False
    return True


# fileConfig builds the formatters first (a formatter's class is called), then the handlers.
_INI_HINT = re.compile(r"^\s*\[(handler|formatter)_", re.MULTILINE)


@file_detector("logging-config")
def logging_config(ctx: FileContext) -> Iterator[Hit]:
    for entry in ctx.content.files:
        low = entry.path.lower()
        named = low.endswith(LOGGING_FILE_SUFFIXES)
        if entry.kind not in ("config", "other") and not named:
            continue
        data = ctx.content.data.get(entry.path)
        if data is None or not (named or b"handler" in data or b"formatter" in data):
            continue
        text = data.decode("utf-8", "replace")
        if named or _INI_HINT.search(text):
            yield from _ini(entry.path, text, ctx.policy.trusted_modules)
        elif low.endswith((".json", ".yaml", ".yml")) and "version" in text:
            import yaml  # here: most jobs hold no such file, and importing it is 11 ms of every start

            try:
                with plain_recursion():
                    # a long sexagesimal number read as text (the config detector escalates it)
                    doc = json.loads(text) if low.endswith(".json") else yaml.safe_load(bounded_yaml(text)[0])
            except (ValueError, yaml.YAMLError, RecursionError):
                continue  # the config detector reports files that do not parse
            if isinstance(doc, dict) and "version" in doc:
                yield from _dict(entry.path, text, doc, ctx.policy.trusted_modules)


# What dictConfig builds from the job's Python code: the same reading as a shipped file's (`_dict`),
# each finding under the Python rule of its kind.
_CALLED_RULES = {"config-attack.logging-config-code": "config-attack.logging-dict-code",
                 "config-attack.logging-config-network": "config-attack.logging-dict-network"}
_DICT_CONFIGS = frozenset({"logging.config.dictConfig", "logging.config.DictConfigurator",
                           "logging.config.dictConfigClass"})


def _dict_literals(ctx: PythonContext, value: cst.BaseExpression, scope) -> Iterator[dict]:
    """The dict literals an argument may be: written in the call, or any dict literal its name is bound to
    (a threat read: unlike the catalogue's `logging-dict`, which vouches only for a name bound once)."""
    for node in ctx.resolver.dict_displays(value, scope):
        try:
            parsed = ast.literal_eval(ctx.module.code_for_node(node))
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            continue  # not all literal: dictConfig of it stays an unvouched use
        if isinstance(parsed, dict):
            yield parsed


@python_detector("logging-dict-call")
def logging_dict_call(ctx: PythonContext) -> Iterator[Hit]:
    r = ctx.resolver  # no search of the source's text first: `getattr(m, "dictC\x6fnfig")` spells no "config"
    for use in r.calls:
        if not use.node.args or not r.names(use.node.func, use.scope) & _DICT_CONFIGS:
            continue
        for config in _dict_literals(ctx, use.node.args[0].value, use.scope):
            for hit in _dict(ctx.path, "", config, ctx.policy.trusted_modules):
                yield Hit(_CALLED_RULES[hit.rule], ctx.path, node=use.node, details=hit.details)
