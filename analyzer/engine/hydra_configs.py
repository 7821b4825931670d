"""Hydra configs: what a job's YAML makes `hydra.utils.instantiate` build and `@hydra.main` do.

`instantiate(cfg.x)` imports and calls whatever `_target_` the config node names, with the node's other
keys as keyword arguments, and (`_recursive_` defaults to True) every nested node with a `_target_`
first (hydra/_internal/instantiate/_instantiate2.py). Which node reaches a call depends on the
defaults list, config groups and overrides, so the gate reads EVERY YAML file the job ships and
judges every `_target_` in it, wherever it sits: an override can only choose among shipped files.

Read here, per YAML file (nothing is imported or resolved by name):
- each `_target_` with its line, its literal keyword arguments (`_args_` positional), and the values
  left to load time (`${...}` interpolations), for detectors/hydra.py to judge as Python calls;
- `hydra:` settings (run dirs, logging, callbacks, launcher, search path, environment), judged
  against a short list of inert ones;
- defaults-list entries: a config group option the job does not ship comes from outside it.
And `key=value` overrides in the job's own launch text.
"""

from __future__ import annotations

import fnmatch
import keyword
import math
import re
from dataclasses import dataclass, field
from typing import Iterator

from .isolate import plain_recursion

TARGET = "_target_"
# Keys instantiate reads itself (hydra/_internal/instantiate/_instantiate2.py `_Keys`): never arguments.
_RESERVED = frozenset({TARGET, "_args_", "_recursive_", "_convert_", "_partial_"})
_DOTTED = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*")
# `${a.b._target_}`: another node's target, which is itself judged where it is written.
_TARGET_REFERENCE = re.compile(r"\$\{[\w.]+\._target_\}")
# Hydra settings that only name the run's folders, the job's name, verbosity and log levels.
INERT_SETTINGS = ("run.dir", "sweep.dir", "sweep.subdir", "output_subdir", "job.chdir", "job.name",
                  "job.config.override_dirname.*", "verbose", "mode", "job_logging.root.level",
                  "job_logging.loggers.*.level", "job_logging.disable_existing_loggers",
                  "hydra_logging.root.level", "hydra_logging.loggers.*.level", "help.*", "hydra_help.*")
FOLDER_SETTINGS = frozenset({"run.dir", "sweep.dir", "sweep.subdir", "output_subdir"})
# Options of hydra's own groups that ship with hydra and only silence or redirect its logging to the
# console (hydra/conf/hydra/job_logging/*.yaml, hydra_logging/*.yaml).
INERT_HYDRA_OPTIONS = {"hydra/job_logging": {"default", "disabled", "none", "stdout"},
                       "hydra/hydra_logging": {"default", "disabled", "none"}}
# Hydra's command-line flags that choose another config folder or file (hydra/_internal/utils.py get_args_parser).
CONFIG_FLAGS = frozenset({"--config-path", "-cp", "--config-dir", "-cd", "--config-name", "-cn"})
# OmegaConf's resolvers that turn a string into config nodes when the value is read (`oc.create`,
# `oc.decode`): a `_target_` inside is built by a recursive instantiate, unseen in the YAML's structure.
_NODE_RESOLVER = re.compile(r"\$\{\s*oc\.(create|decode)\s*:")
_HYDRA_KEY = re.compile(r"^(hydra|defaults)\s*:", re.MULTILINE)
MAX_NODES = 100_000  # nodes walked per file; past it the file is not judged (and says so)


@dataclass(frozen=True)
class Target:
    """One node with a `_target_`: what instantiate calls there."""
    line: int
    name: str | None  # the dotted target, None when load time chooses it
    raw: str  # as written
    args: tuple  # positional (`_args_`) literals, RUN_TIME for what load time decides
    kwargs: tuple[tuple[str, object], ...]


class _RunTime:
    """A value only known when hydra loads the config (an interpolation or a resolver)."""

    def __repr__(self) -> str:
        return "RUN_TIME"


RUN_TIME = _RunTime()
NESTED = object()  # a nested node with its own `_target_`, judged on its own line
_INTERPOLATION = re.compile(r"\$\{(?:[^{}]|\{[^{}]*\})*\}")


@dataclass(frozen=True)
class Interpolated:
    """A string with interpolations: its written parts are known, the rest (RUN_TIME) is not
    (`/mnt/share/${oc.env:RUN}` still names /mnt/share)."""
    parts: tuple


def _interpolated(text: str) -> object:
    parts: list = []
    last = 0
    for m in _INTERPOLATION.finditer(text):
        parts += [p for p in (text[last:m.start()],) if p] + [RUN_TIME]
        last = m.end()
    parts += [p for p in (text[last:],) if p]
    return RUN_TIME if parts == [RUN_TIME] else Interpolated(tuple(parts))


@dataclass
class HydraFile:
    """What one Hydra YAML file configures."""

    path: str
    targets: list[Target] = field(default_factory=list)
    settings: list[tuple[int, str, object]] = field(default_factory=list)  # (line, dotted key, value)
    defaults: list[tuple[int, str, object]] = field(default_factory=list)  # (line, group or "", option)
    problem: str | None = None  # why the file could not be read, when it holds `_target_` or `hydra`


def read(path: str, data: bytes) -> HydraFile:
    """Every `_target_`, hydra setting and defaults entry of one YAML file. A file that spells none of
    `_target_`, `defaults` or `hydra`, outside a `hydra/` group folder, holds none (most YAML of a job:
    datasets, lock files, NVFlare's)."""
    out = HydraFile(path)
    text = data.decode("utf-8", "replace")
    if not any(word in text for word in (TARGET, "defaults", "hydra")) and "hydra" not in path.split("/")[:-1]:
        return out
    import yaml

    from .configs import LONG_INTEGER, MAX_YAML_VALUES, _expanded_values, bounded_yaml

    text = bounded_yaml(text)[0]  # the config detector escalates what it changed
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)  # libyaml's parser when installed
        try:
            with plain_recursion():
                root = loader.get_single_node()
        finally:
            loader.dispose()
    except (yaml.YAMLError, RecursionError, ValueError) as err:
        if TARGET in text or _HYDRA_KEY.search(text):
            out.problem = f"not valid YAML: {err}".splitlines()[0]
        return out
    if root is None:
        return out
    reader = _Reader(yaml)
    if _expanded_values(root) > MAX_YAML_VALUES:
        out.problem = f"anchors and aliases expand to more than {MAX_YAML_VALUES} values"
        reader.walk(root, out, arguments=False)  # each node once: the targets' names, never their expansion
        return out
    for m in _NODE_RESOLVER.finditer(text):
        out.targets.append(Target(text.count("\n", 0, m.start()) + 1, None, m.group(0) + "...}", (), ()))
    try:
        reader.walk(root, out)
        out.settings = list(reader.settings(path, root))
    except RecursionError:
        out.problem = "nested too deeply to read"
    if reader.constructor.long_integers and out.problem is None:
        out.problem = LONG_INTEGER
    return out


class _Reader:
    """Composed YAML nodes (with their lines) read as hydra reads them; scalars built by one
    SafeConstructor per file (ints, floats, booleans and nulls as YAML 1.1 resolves them), with
    configs.bounded_constructor's integers."""

    def __init__(self, yaml):
        from .configs import bounded_constructor

        self.yaml = yaml
        self.constructor = bounded_constructor()()

    def scalar(self, node) -> object:
        if not isinstance(node, self.yaml.ScalarNode):
            return None
        try:
            return self.constructor.construct_object(node, deep=True)
        except (self.yaml.YAMLError, ValueError):
            return node.value

    def walk(self, root, out: HydraFile, arguments: bool = True) -> None:
        """Each node once. Past MAX_NODES (or with `arguments` False: a file past a bound) each target is
        still named, with arguments unknown: a bound the file hits beside a `_target_: os.system` never hides it
        (session 46: 100,000 values after it, walked first, left it unread: escalate instead of reject)."""
        seen: set[int] = set()
        todo = [(root, True)]
        while todo:
            node, top = todo.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if len(seen) > MAX_NODES and arguments:
                out.problem = f"more than {MAX_NODES} values"
                arguments = False
            if isinstance(node, self.yaml.SequenceNode):
                todo.extend((child, False) for child in node.value)
                continue
            if not isinstance(node, self.yaml.MappingNode):
                continue
            pairs = [(self.scalar(k), v) for k, v in node.value]
            for (key, value), (key_node, _) in zip(pairs, node.value):
                if key == TARGET:
                    out.targets.append(self.target(key_node.start_mark.line + 1, value, pairs if arguments
                                                   else None))
                if top and key == "defaults" and isinstance(value, self.yaml.SequenceNode) and arguments:
                    out.defaults += self.defaults(value)
                todo.append((value, False))

    def settings(self, path: str, root) -> Iterator[tuple[int, str, object]]:
        """Hydra's own settings: the `hydra:` key of a config, or a whole file of one of hydra's groups
        (`conf/hydra/launcher/x.yaml` sets `launcher.*`)."""
        folders = path.split("/")[:-1]
        if "hydra" in folders:
            yield from self.leaves(root, tuple(folders[folders.index("hydra") + 1:]))
        elif isinstance(root, self.yaml.MappingNode):
            for k, v in root.value:
                if self.scalar(k) == "hydra":
                    yield from self.leaves(v, ())

    def literal(self, node, depth: int = 0) -> object:
        """A node as the Python literal instantiate would pass (RUN_TIME for what load time decides)."""
        if depth > 20:
            return RUN_TIME
        if isinstance(node, self.yaml.ScalarNode):
            value = self.scalar(node)
            return _interpolated(value) if isinstance(value, str) and "${" in value else value
        if isinstance(node, self.yaml.SequenceNode):
            return [self.literal(c, depth + 1) for c in node.value]
        if isinstance(node, self.yaml.MappingNode):
            if any(self.scalar(k) == TARGET for k, _ in node.value):
                return NESTED
            return {str(self.scalar(k)): self.literal(v, depth + 1) for k, v in node.value}
        return RUN_TIME

    def target(self, line: int, value, pairs: list | None) -> Target:
        """The target at `line`; its arguments from `pairs`, unknown (RUN_TIME) when None."""
        raw = self.scalar(value) if isinstance(value, self.yaml.ScalarNode) else \
            self.literal(value) if pairs is not None else RUN_TIME
        name = raw if isinstance(raw, str) and _DOTTED.fullmatch(raw) else None
        if pairs is None:
            return Target(line, name, "null" if raw is None else str(raw), (RUN_TIME,), ())
        args: tuple = ()
        kwargs = []
        for key, node in pairs:
            if key == "_args_":
                literal = self.literal(node)
                args = tuple(literal) if isinstance(literal, list) else (RUN_TIME,)
            elif key not in _RESERVED:
                kwargs.append((str(key), self.literal(node)))
        return Target(line, name, "null" if raw is None else str(raw), args, tuple(kwargs))

    def leaves(self, node, prefix: tuple[str, ...], depth: int = 0) -> Iterator[tuple[int, str, object]]:
        line = node.start_mark.line + 1
        if isinstance(node, self.yaml.MappingNode) and node.value and depth < 20:
            for k, v in node.value:
                yield from self.leaves(v, (*prefix, str(self.scalar(k))), depth + 1)
        else:  # as written: a folder setting is judged on its text, interpolations included
            yield line, ".".join(prefix), self.scalar(node) if isinstance(node, self.yaml.ScalarNode) \
                else self.literal(node)

    def defaults(self, node) -> Iterator[tuple[int, str, object]]:
        for item in node.value:
            line = item.start_mark.line + 1
            if isinstance(item, self.yaml.ScalarNode):
                yield line, "", self.scalar(item)
            elif isinstance(item, self.yaml.MappingNode):
                for k, v in item.value:
                    yield line, str(self.scalar(k)), self.literal(v)
            else:
                yield line, "", RUN_TIME


def reference_only(target: Target) -> bool:
    """`_target_: ${dataset.task.xgb._target_}`: the value of another `_target_`, judged where it is written."""
    return target.name is None and bool(_TARGET_REFERENCE.fullmatch(target.raw))


def inert_setting(key: str) -> bool:
    return any(fnmatch.fnmatchcase(key, pattern) for pattern in INERT_SETTINGS)


def group_of(key: str) -> str:
    """`override hydra/job_logging`, `optional model`, `/model`, `model@encoder` -> the group's path."""
    words = key.split()
    group = words[-1] if words else ""
    return group.split("@", 1)[0].strip("/")


def options(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else [value]


def python_call(target: Target) -> str:
    """One line of Python that calls the target as instantiate would: literal arguments where the
    YAML spells them, `load_time` where load time decides, and `*a, **k` for what the calling code
    adds (instantiate(cfg.x, extra, key=value)), so that a condition on a missing argument fails."""
    top = target.name.split(".")[0]
    args = [_code(a) for a in target.args]
    named = [f"{k}={_code(v)}" for k, v in target.kwargs if k.isidentifier() and not keyword.iskeyword(k)]
    other = {k: v for k, v in target.kwargs if not (k.isidentifier() and not keyword.iskeyword(k))}
    spread = [f"**{{{', '.join(f'{k!r}: {_code(v)}' for k, v in other.items())}}}"] if other else []
    inner = ", ".join([*args, "*a", *named, *spread, "**k"])
    return f"import {top}; (lambda load_time, *a, **k: {target.name}({inner}))"


def _code(value: object) -> str:
    if value is RUN_TIME or value is NESTED:
        return "load_time" if value is RUN_TIME else "None"
    if isinstance(value, Interpolated):
        return "(" + " + ".join("load_time" if p is RUN_TIME else repr(p) for p in value.parts) + ")"
    if isinstance(value, list):
        return "[" + ", ".join(_code(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{str(k)!r}: {_code(v)}" for k, v in value.items()) + "}"
    if isinstance(value, float) and not math.isfinite(value):
        return f"float({str(value)!r})"  # YAML's .inf and .nan: `inf` alone would be a name
    if isinstance(value, (str, int, float, bool)) or value is None:
        return repr(value)
    return repr(str(value))  # dates and other YAML scalars reach the target as what they print


def builds_a_node(value: str) -> bool:
    """An override value that instantiate would build as a node of its own: a dict with a `_target_`
    (`model.width={_target_:os.system,command:id}`), or a resolver that turns text into nodes."""
    return TARGET in value or _NODE_RESOLVER.search(value) is not None


def overrides(words: tuple[str, ...] | list[str]) -> Iterator[tuple[str, str]]:
    """(key, value) of each hydra override or config flag in one command line (value "" for `~key`)."""
    it = iter(words)
    for word in it:
        if word in CONFIG_FLAGS:
            yield word, next(it, "")
        elif word.split("=", 1)[0] in CONFIG_FLAGS:
            yield tuple(word.split("=", 1))  # type: ignore[misc]
        elif "=" in word and not word.startswith("-"):
            key, _, value = word.partition("=")
            if re.fullmatch(r"[~+]{0,2}[\w./@-]+", key):
                yield key.lstrip("~+"), value
        elif word.startswith("~") and len(word) > 1:
            yield word[1:], ""
