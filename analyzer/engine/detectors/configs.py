"""NVFlare job configs: what the config makes NVFlare build and run.

A client config names classes that NVFlare imports and instantiates with the
config's arguments (nvflare/fuel/utils/class_utils.py `instantiate_class`), and
launcher executors run the config's command lines. So a config can run
`subprocess.Popen` or `os.system` with no Python in the job at all, or turn a
clean training script into `bash -c 'curl ...; python3 custom/train.py'`.

Judged here, for every config NVFlare reads (analyzer/configs.py):
- each component's class path: the site's trusted modules (minus loaders that run
  code, like torch.hub) and classes the job's own `custom/` code defines pass;
  the standard library and known process/network libraries -> critical; any
  other class path -> a reviewer's call;
- command lines (`command`, `script`, ...): a shell, a network tool or inline
  code -> critical; `python3 custom/train.py` (a script the job ships, which the
  gate scans) passes; any other program or a script not in the job -> review;
- duplicate keys, HOCON `include`, environment substitutions, YAML python tags;
- a config that does not parse -> unanalyzable.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import re
import shlex
import sys
from typing import Callable, Iterator

from ..collect import Content
from ..configs import (
    MAX_CONFIG_DEPTH,
    MAX_EXPANDED,
    Component,
    Substitution,
    ENV_INTERPOLATION,
    YAML_PYTHON_TAG,
    app_of,
    built_arguments,
    components,
    config_format,
    expand_vars,
    expansion_past_bound,
    nested_past,
    find_line,
    is_nvflare_config,
    read_config,
    string_values,
    unit_document,
    with_templates,
)
from ..catalogue import load_catalogue
from ..library_classes import MAX_DEPTH, defines_class, home_class
from ..lists import matcher
from ...model import Finding
from ...policy import Policy
from . import FileContext, Hit, component_calls, file_detector
from .files import looks_like_python, shell_risk
from .paths import credential_path, is_network, persistence_path
from .rendezvous import RENDEZVOUS_ENV, address_is_local, off_machine_url
from .shadowing import code_roots
from .telemetry import uri_is_local

# Where a config hides command lines, scripts, their arguments and class paths (rules/lists/launchers.yaml).
COMMAND_KEYS = matcher("launchers", "command-keys").names()
SCRIPT_KEYS = matcher("launchers", "script-keys").names()
ARG_KEYS = matcher("launchers", "argument-keys").names()
CLASS_KEYS = matcher("launchers", "class-keys").names()
CLASS_PATH_ARGS = matcher("launchers", "class-path-arguments").names()
UNPICKLED_PATH_ARGS = matcher("launchers", "unpickled-path-arguments").names()
WORKSPACE_PATH_ARGS = matcher("launchers", "workspace-path-arguments").names()
TRACKER_URI_ARGS = matcher("launchers", "tracker-uri-arguments").names()
CHECKPOINT_ENV_KEYS = matcher("launchers", "checkpoint-environment-keys").names()
RUNTIME_CODE = matcher("launchers", "runtime-code-components").names()
STREAMED_FILE_KEYS = matcher("launchers", "streamed-file-keys").names()
JOB_LOG_FILES = matcher("launchers", "job-log-files").names()

# Inside trusted libraries: loaders that fetch or run code.
_DANGEROUS_TRUSTED = re.compile(
    r"^(torch\.hub|torch\.load|torch\.jit\.load|torch\.package|torch\.utils\.cpp_extension|torch\.ops\.load_library|"
    r"torch\.classes\.load_library|numpy\.load|numpy\.ctypeslib|pandas\.read_pickle|"
    r"tensorflow\.keras\.models\.load_model|tensorflow\.saved_model\.load|keras\.models\.load_model|"
    r"nvflare\.fuel\.utils\.class_utils|nvflare\.fuel\.utils\.import_utils|nvflare\.fuel\.utils\.fobs)(\.|$)")
# Outside the standard library: process, network and code-loading libraries; shells and other
# interpreters; programs that start the next word; launchers of distributed training
# (rules/lists/commands.yaml).
_DANGEROUS_THIRD_PARTY = matcher("commands", "process-libraries").names()
_SHELLS = matcher("commands", "shells").names()
_WRAPPERS = matcher("commands", "launcher-wrappers").names()
_MULTI = matcher("commands", "multi-process-launchers").names()
_MODULE_LAUNCHERS = matcher("commands", "python-module-launchers").names()
_CODE_MODULES = matcher("commands", "python-code-modules").names()
_PYTHON_FLAGS = matcher("commands", "python-flags").names()
_PYTHON_X = matcher("commands", "python-x-options").names()
_LAUNCHER_ENV = matcher("commands", "launcher-environment").names()
_PROGRAM_LAUNCHERS = matcher("commands", "program-launchers").names()
_LAUNCHER_FLAGS = matcher("commands", "launcher-flags").names()
_LAUNCHER_RUN_OPTIONS = matcher("commands", "launcher-run-options").names()
_PYTHON = re.compile(r"^(python|pypy)[\d.]*(\.exe)?$")
# NVFlare's secret references, filled in from the site's environment (`${secret:NAME}`) or a file of the site
# (`${secret:file:/path}`) in a command line or a script's arguments (nvflare/fuel/utils/secret_utils.py
# `resolve_secret_refs`, called by utils/process_utils.py and task_script_runner.py): the job names what the site
# hands its code, and where the script puts it the flow cannot follow (red team 21: into the update's meta).
_SECRET_REF = re.compile(r"\$\{\s*secret:[^}\r\n]*\}?")
# NVFlare's own `{$NAME}`: every string of a config is str.format-ed with the config's variables and, under a
# `$` prefix, every environment variable of the site process (nvflare/fuel/utils/wfconf.py `_EnvUpdater`;
# red team 26). The name is the format field's, up to `.`, `[`, `!` or `:`.
_NVFLARE_ENV_REF = re.compile(r"\{\$([^{}!:.\[\]]*)[^{}]*\}")
# The `#!` line of a script run as a program that starts the site's Python (its flags: python-flags).
_SHEBANG = re.compile(r"^#!\s*(?:/usr/bin/env\s+|/usr/bin/|/usr/local/bin/|/bin/)(?:python|pypy)[\d.]*(?:\s+-([A-Za-z]+))?\s*$")
_PY_OPTS_WITH_ARG = frozenset({"-W", "-X", "-Q"})
_IDENT_PATH = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$")
_FROM_IMPORT = re.compile(r"^from\s+(\.*[\w.]*)\s+import\s+\(?([^)#\n]+)", re.MULTILINE)
# Modules a config's class path is followed through (`from r1 import Helper` in r0.py ...), as many as
# library_classes.MAX_DEPTH for NVFlare's own; past them the class is untrusted (escalate). 5 until session 46, when a
# component re-exported six times was "the job's module r5 does not define Helper" even where the chain ends at
# shutil.rmtree (dangerous: reject). Each step reads its module's text again (a cycle of two large modules).
MAX_HOPS = MAX_DEPTH


def _trusted(name: str, prefixes: tuple[str, ...]) -> bool:
    dotted = name + "."
    return any(dotted.startswith(p if p.endswith(".") else p + ".") for p in prefixes)


class _Job:
    """The job's own Python modules, per `custom/` root, for class lookups."""

    def __init__(self, ctx: FileContext):
        content = self.content = ctx.content
        self.trusted = ctx.policy.trusted_modules
        self.catalogue = load_catalogue(ctx.policy)
        self.python_findings = ctx.python_findings  # analyse a job module
        self.option_reads = ctx.option_reads  # what that analysis read of a parsed command line
        self.paths = {e.path for e in content.files}
        self._defines: dict[tuple[str, str], bool] = {}  # defines
        # Job files a launcher runs with the Python interpreter whatever their name.
        self.run_as_python: set[str] = set()
        self.modules: dict[str, dict[str, str]] = {}
        for root in code_roots(content):
            mods: dict[str, str] = {}
            for e in content.files:
                if not e.path.startswith(root) or not e.path.endswith(".py"):
                    continue
                rel = e.path[len(root):-3].split("/")
                if rel[-1] == "__init__":
                    rel = rel[:-1]
                # any file name importlib finds, not only identifiers (configs.loadable_class_path)
                if rel and all(p and "." not in p for p in rel):
                    mods.setdefault(".".join(rel), e.path)
            self.modules[root] = mods

    def roots_for(self, config_path: str) -> list[str]:
        app = app_of(config_path)
        mine = [r for r in self.modules if r == app + "custom/"]
        return mine or list(self.modules)

    def job_module(self, class_path: str, roots: list[str]) -> tuple[str, str, str] | None:
        """(path, module, name) when the class path leads into one of the job's modules. Only the prefixes as
        deep as the job's deepest module are joined: each prefix of a 400 KB class path of 200,000 parts, joined
        in turn, held the config's detector for hours (session 50)."""
        parts = class_path.split(".")
        for root in roots:
            mods = self.modules.get(root, {})
            deepest = max((m.count(".") + 1 for m in mods), default=0)
            for k in range(min(len(parts) - 1, deepest), 0, -1):
                module = ".".join(parts[:k])
                if module in mods:
                    return mods[module], module, parts[k]
        return None

    def defines(self, path: str, name: str) -> bool:
        """The job's module defines `name` itself: a top-level class or function, and nothing else in
        the module binds that name (`from os import system as Net` after `class Net` is os.system). Asked once
        per module and name: each step of a class path (up to MAX_HOPS a component, round a cycle of two large
        modules) asks it, and a tree is not kept (~400 bytes a byte of source)."""
        if (path, name) not in self._defines:
            try:
                tree = ast.parse(self.content.data.get(path, b""))
            except (SyntaxError, ValueError, MemoryError, RecursionError):
                tree = None
            defined = [n for n in tree.body if isinstance(n, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                       and n.name == name] if tree is not None else []
            self._defines[path, name] = len(defined) == 1 and _module_bindings(tree, name) == 1
        return self._defines[path, name]

    def judge(self, class_path: str, roots: list[str], depth: int = 0) -> tuple[str, str]:
        """("ok" | "job" | "library" | "dangerous" | "untrusted", why); "ok" gives the NVFlare class built,
        "job" `<file>:<name>` of the job's own class or function, "library" the library path that a trusted
        module outside NVFlare names; component_calls.py judges the call of either."""
        if class_path.startswith("${") or isinstance(class_path, Substitution):
            return "untrusted", "chosen by a substitution when the config is loaded"
        if depth > MAX_HOPS:
            return "untrusted", "named through more modules than the gate follows"
        parts = class_path.split(".")
        found = self.job_module(class_path, roots)
        if found is not None:
            return self._custom(*found, roots, depth)
        home = home_class(class_path)
        if home != class_path:
            # a module that imports the class builds it (`nvflare.app_opt.flower.flower_job.MetricRelay`)
            return self.judge(home, roots, depth + 1)
        if _trusted(class_path, self.trusted):
            if _DANGEROUS_TRUSTED.match(class_path):
                return "dangerous", "a loader that fetches or runs code"
            if not class_path.startswith("nvflare."):
                return "library", class_path
            if defines_class(class_path) is False or parts[-1].startswith("_"):
                # NVFlare calls whatever the path names (`lazy_tensor_dict._cleanup_temp_dir(path=...)`
                # removes a folder): a family is trusted for its component classes only
                return "untrusted", "not a class its module defines (a function, a private or imported name)"
            return "ok", class_path
        top = parts[0]
        if top in sys.stdlib_module_names or top in _DANGEROUS_THIRD_PARTY or top == "__builtin__":
            return "dangerous", "not a component class: a standard-library or process/network callable"
        return "untrusted", "outside the site's trusted modules and not defined by the job"

    def built(self, class_path: str, roots: list[str]) -> str:
        """The class NVFlare builds for a class path the gate vouches for: where its module defines it, whatever
        module the config names it through (a library's or the job's own import); else the path as written."""
        verdict, why = self.judge(class_path, roots)
        return why if verdict == "ok" else class_path

    def _custom(self, path: str, module: str, name: str, roots: list[str], depth: int) -> tuple[str, str]:
        if self.defines(path, name):
            return "job", f"{path}:{name}"
        source = self.content.data.get(path, b"").decode("utf-8", "replace")
        # `Name = something`: judge what it names (`Warmer = subprocess.Popen`).
        assign = re.search(rf"^{re.escape(name)}\s*(?::[^=\n]*)?=\s*([^\n#]*)", source, re.MULTILINE)
        if assign is not None:
            rhs = assign.group(1).strip()
            if not _IDENT_PATH.match(rhs):
                return "untrusted", f"the job's module {module} binds {name} to an expression the gate cannot follow"
            head, _, tail = rhs.partition(".")
            origin = self._imported(source, head, module, path)
            target = f"{origin}.{tail}" if origin and tail else origin or f"{module}.{rhs}"
            if target == f"{module}.{name}":
                return "untrusted", f"the job's module {module} does not define {name}"
            return self.judge(target, roots, depth + 1)
        origin = self._imported(source, name, module, path)
        if origin is not None:
            return self.judge(origin, roots, depth + 1)
        return "untrusted", f"the job's module {module} does not define {name}"

    def _imported(self, source: str, name: str, module: str, path: str) -> str | None:
        """The qualified name a top-level `import`/`from ... import` binds to `name` in a job module."""
        for m in re.finditer(r"^import\s+([^\n#]+)", source, re.MULTILINE):
            for item in m.group(1).split(","):
                bits = item.split()
                if bits and (bits[-1] == name or bits[0].split(".")[0] == name and len(bits) == 1):
                    return bits[0] if bits[-1] == name else name
        for m in _FROM_IMPORT.finditer(source):
            origin = m.group(1)
            for item in m.group(2).split(","):
                bits = item.split()
                if bits and bits[-1] == name:
                    if origin.startswith("."):
                        pkg = module.split(".")
                        if not path.endswith("__init__.py"):
                            pkg = pkg[:-1]
                        dots = len(origin) - len(origin.lstrip("."))
                        pkg = pkg[: len(pkg) - (dots - 1)] if dots > 1 else pkg
                        origin = ".".join([*pkg, origin.lstrip(".")]).strip(".")
                    return f"{origin}.{bits[0]}"
        return None

    def script_path(self, script: str, app: str) -> str | None:
        """The job's file a launcher's script argument names, or None: the word as the program gets it, spaces
        and quotes included (`custom/train.py ` is a file of its own, red team 21)."""
        s = script
        while s.startswith("./"):
            s = s[2:]
        if not s or ".." in s.split("/") or s.startswith("/"):
            return None
        return next((c for c in (app + s, app + "custom/" + s, s) if c in self.paths), None)

    def has_script(self, script: str, app: str) -> bool:
        return self.script_path(script, app) is not None


def _module_bindings(tree: ast.Module, name: str) -> int:
    """How many statements bind `name` in the module's namespace: definitions, assignments, imports,
    loop and `with` targets, `except ... as`, and any function that declares it `global`."""
    count = 0
    todo: list[tuple[ast.AST, bool]] = [(tree, True)]
    while todo:
        node, module_level = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            if module_level and getattr(node, "name", None) == name:
                count += 1
            declared = any(isinstance(n, ast.Global) and name in n.names for n in ast.walk(node))
            todo.extend((child, declared) for child in ast.iter_child_nodes(node))
            continue
        if module_level:
            if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, (ast.Store, ast.Del)):
                count += 1
            elif isinstance(node, ast.alias) and (node.asname or node.name.split(".")[0]) == name:
                count += 1
            elif isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name == name:
                count += 1
            elif isinstance(node, ast.alias) and node.name == "*":
                count += 1  # a star import may bind it
        todo.extend((child, module_level) for child in ast.iter_child_nodes(node))
    return count


def _argv(value: object) -> tuple[str, list[str]]:
    if isinstance(value, list):
        argv = [str(v) for v in value]
        return " ".join(argv), argv
    text = str(value)
    try:
        return text, shlex.split(text)
    except ValueError:
        return text, text.split()


def _program_start(argv: list[str]) -> int:
    """Where the program of a command line starts: past `NAME=value` settings and `env` (launcher-wrappers; any
    other program before the interpreter, `timeout 60`, `setsid`, is the program and escalates)."""
    i = 0
    while i < len(argv) and (re.match(r"^[A-Za-z_]\w*=", argv[i]) or argv[i] in _WRAPPERS):
        i += 1
    return i


def _command(job: _Job, text: str, argv: list[str], app: str) -> tuple[str, str] | None:
    """(rule, name) for a command line NVFlare will run, or None when it is fine."""
    risk = shell_risk(text)
    if risk is not None:
        return "config-attack.launcher-shell", risk[0]
    i = _program_start(argv)
    if i >= len(argv):
        return ("config-attack.launcher-program", "empty command") if argv else None
    setting = _environment_setting(argv[:i])
    if setting is not None:
        return "config-attack.launcher-program", setting
    prog = argv[i].replace("\\", "/").rsplit("/", 1)[-1].lower()
    if prog.endswith(".exe"):
        prog = prog[:-4]
    rest = argv[i + 1:]
    if prog in _SHELLS:
        return "config-attack.launcher-shell", prog
    if (_PYTHON.match(prog) or prog in _MULTI) and "/" in argv[i].replace("\\", "/"):
        # `custom/bin/python3` is a file of the job run as a program, `/tmp/venv/bin/python3` another
        # installation with its own site-packages and start-up files: neither is the site's on PATH
        return "config-attack.launcher-program", f"{argv[i]} (a program given by its path, not the site's)"
    if _PYTHON.match(prog):
        j = 0
        while j < len(rest) and rest[j].startswith("-"):
            opt = rest[j]
            if _inline_code(opt):
                return "config-attack.launcher-shell", f"{prog} -c"
            module = _module_option(opt)
            if module is not None:
                # `-m mod`, and as Python reads a cluster: `-mmod`, `-um mod` (session 54)
                mod, after = (module, j + 1) if module else (rest[j + 1] if j + 1 < len(rest) else "", j + 2)
                if any(mod.split(".")[0] in mods or mod in mods for mods in job.modules.values()):
                    return None
                if mod in _MODULE_LAUNCHERS:  # a launcher of the job's scripts, as torchrun is
                    return _launched(job, text, f"{prog} -m {mod}", rest[after:], app)
                if mod in _CODE_MODULES:  # code as words of the command line, as -c runs it
                    return "config-attack.launcher-shell", f"{prog} -m {mod} (runs Python given on its command line)"
                return "config-attack.launcher-program", f"{prog} -m {mod} (a module's own program)"
            if opt == "-":
                # the program is read from the process's input; the words after it are its sys.argv
                return "config-attack.launcher-program", f"{prog} - (a program read from its input)"
            odd = _python_option(opt, rest[j + 1] if j + 1 < len(rest) else "")
            if odd is not None:
                return "config-attack.launcher-program", f"{prog} {odd}"
            j += 2 if opt in _PY_OPTS_WITH_ARG else 1
        if j >= len(rest):
            return "config-attack.launcher-program", f"{prog} (interactive)"
        script = rest[j]
        found = job.script_path(script, app)
        if "{" in script or "$" in script or found is None:
            if found is not None and not found.endswith(".py"):
                # a file named as written, `custom/{app_script}`, is what runs where NVFlare's substitution
                # leaves the command as it is (red team 37c): judged as the Python it would be
                job.run_as_python.add(found)
            why = "a name chosen when the config is loaded" if found is not None else "not a script of this job"
            return "config-attack.launcher-program", f"{prog} {script} ({why})"
        if not found.endswith(".py"):
            job.run_as_python.add(found)
        return None
    if prog in _MULTI:
        return _launched(job, text, prog, rest[1:] if prog == "accelerate" and rest[:1] == ["launch"] else rest, app)
    if prog.endswith(".py") and job.has_script(argv[i], app):
        return _script_as_program(job, argv[i], app)
    if prog.endswith(".sh") and job.has_script(argv[i], app):
        return "config-attack.launcher-program", argv[i]
    return "config-attack.launcher-program", prog


def _script_as_program(job: _Job, script: str, app: str) -> tuple[str, str] | None:
    """A job's `.py` run as a program runs with the interpreter its `#!` line names (none: it does not start):
    the site's Python, or a command the gate did not read (`#!/bin/sh` over a file that is both a shell
    script and the Python the gate read)."""
    text = job.content.data.get(job.script_path(script, app), b"").decode("utf-8", "replace")
    first = text.split("\n", 1)[0]
    m = _SHEBANG.match(first)
    if not first.startswith("#!") or m and all(c in _PYTHON_FLAGS for c in m.group(1) or ""):
        return None
    risk = shell_risk(text)  # what a shell makes of it
    if risk is not None:
        return "config-attack.launcher-shell", f"{script} run by {first.strip()[:80]}: {risk[0]}"
    return "config-attack.launcher-program", f"{script} run as a program by its first line {first.strip()[:80]}"


def _launcher_options_spelled(argv: list[str]) -> tuple[list[str], dict[str, str]]:
    """The command line with each option of a launcher (torchrun, `python -m torch.distributed.run`, accelerate,
    deepspeed: before the script it runs) that is a prefix of one of _LAUNCHER_LONG_OPTIONS spelled out whole,
    as the launcher's argparse reads it; and each option so spelled -> the word the config writes."""
    i = _program_start(argv)
    written: dict[str, str] = {}
    if i >= len(argv):
        return argv, written
    prog = argv[i].replace("\\", "/").rsplit("/", 1)[-1].lower()
    start = None
    if prog in _MULTI:
        start = i + 2 if prog == "accelerate" and argv[i + 1:i + 2] == ["launch"] else i + 1
    elif _PYTHON.match(prog):
        at = next((j for j in range(i + 1, len(argv) - 1) if argv[j] == "-m"), None)
        if at is not None and argv[at + 1] in _MODULE_LAUNCHERS:
            start = at + 2
    if start is None:
        return argv, written
    out = list(argv)
    k = start
    while k < len(out) and out[k].startswith("-"):
        option, eq, value = out[k].partition("=")
        whole = option
        if option.startswith("--") and len(option) > 3 and option not in _LAUNCHER_LONG_OPTIONS:
            whole = next((o for o in _LAUNCHER_LONG_OPTIONS if o.startswith(option)), option)
        whole = _LAUNCHER_SAME.get(whole, whole)
        if whole != option:
            out[k] = whole + eq + value
            written[whole] = option
        k += 1 if eq or option in _LAUNCHER_FLAGS else 2
    return out, written


def _launched(job: _Job, text: str, launcher: str, words: list[str], app: str) -> tuple[str, str] | None:
    """(rule, name) when a multi-process launcher runs anything but the job's Python script with the site's
    Python, or None. Its options are read as it reads them (rules/lists/commands.yaml `launcher-flags` take no
    value, every other option the next word), so the first other word is what each process runs: the job's
    script, or for MPI-style launchers (`program-launchers`) the site's Python, judged as a command of its own."""
    k = 0
    while k < len(words) and words[k].startswith("-"):
        option = words[k].split("=", 1)[0]
        if option in _LAUNCHER_RUN_OPTIONS:
            return "config-attack.launcher-program", f"{launcher} {option} (runs other than the job's Python script)"
        k += 1 if "=" in words[k] or option in _LAUNCHER_FLAGS else 2
    first = words[k] if k < len(words) else ""
    if launcher in _PROGRAM_LAUNCHERS and _PYTHON.match(first):
        return _command(job, text, words[k:], app)
    scripts = [w for w in words[k:] if w.endswith(".py")]
    if first.endswith(".py") and all(job.has_script(s, app) for s in scripts):
        return _script_as_program(job, first, app) if launcher in _PROGRAM_LAUNCHERS else None
    return "config-attack.launcher-program", f"{launcher} {first} (not a script of this job)".rstrip()


def _environment_setting(words: list[str]) -> str | None:
    """The first `NAME=value` before a command's program that may change what it loads or runs
    (rules/lists/commands.yaml `launcher-environment`), or None. A process group's address is judged where
    it points (_argument_hit)."""
    for word in words:
        name, eq, _ = word.partition("=")
        if eq and name not in _LAUNCHER_ENV and name.upper() not in RENDEZVOUS_ENV:
            return f"{name}=... (an environment setting that may change what the program loads or runs)"
    return None


def _inline_code(opt: str) -> bool:
    """`-c` in a cluster of Python's short options (`-c`, `-uc`, `-ucimport os`: the rest of the word is the code),
    before an option that takes the rest of the word as its value (`-Wignore::c`, `-mcollections`)."""
    if opt.startswith("--") or not opt.startswith("-"):
        return False
    for ch in opt[1:]:
        if ch == "c":
            return True
        if ch in "WXm":
            return False
    return False


def _module_option(opt: str) -> str | None:
    """The module of `-m` in a cluster of Python's flags (`-m`, `-um`, `-mhelper`, `-u -mhelper`): "" when it is
    the next word, the rest of the word otherwise; None for any other option. A cluster with a flag Python does
    not take plainly is left to _python_option."""
    if opt.startswith("--") or not opt.startswith("-"):
        return None
    flags, m, module = opt[1:].partition("m")
    return module if m and all(c in _PYTHON_FLAGS for c in flags) else None


def _python_option(opt: str, following: str) -> str | None:
    """Why an interpreter option before the job's script makes Python run other than the script the gate read,
    or None (rules/lists/commands.yaml `python-flags`, `python-x-options`)."""
    if opt == "--":
        return None
    if opt.startswith("-W"):
        value = opt[2:] or following
        category = (value.split(":") + ["", ""])[2]  # action:message:category:module:lineno
        return f"-W {value} (imports the module of its warning category)" if "." in category else None
    if opt.startswith("-X"):
        value = opt[2:] or following
        return None if value.split("=", 1)[0] in _PYTHON_X else f"-X {value}"
    if opt.startswith("--") or not all(c in _PYTHON_FLAGS for c in opt[1:]):
        return f"{opt} (an interpreter option that changes what runs)"
    return None


def _expanded(text: str, data: object) -> str:
    """NVFlare's `{name}` substitution (configs.expand_vars); past its bound, the value as written, judged as
    it is (a `{name}` left in a command is a program the gate cannot name), so that padding a command with a
    long substitution never hides what the rest of it runs."""
    try:
        return expand_vars(text, data)
    except ValueError:
        return text


def _needle(value: object) -> str:
    text = value[0] if isinstance(value, list) and value else value
    text = str(text)
    m = re.search(r"[^\"'\\]{4,40}", text)
    return m.group(0) if m else text[:20]


# Launcher options that name the rendezvous host of a distributed run (torchrun, deepspeed, accelerate,
# and scripts that follow their spelling), or the hosts it runs on (mpirun's and horovodrun's -H/--host,
# deepspeed's and mpirun's --hostfile, mpirun's --machinefile: the run starts ranks there over ssh and
# joins them).
_RENDEZVOUS_NAMES = (r"master[_-]?addr(ess)?|rdzv[_-]endpoint|init[_-]method|dist[_-]url|coordinator[_-]address|"
                     r"main[_-]process[_-]ip")
_RENDEZVOUS_OPTS = re.compile(rf"^--?({_RENDEZVOUS_NAMES}|master|hostfile|machinefile|hosts?)$|^(?-i:-H)$",
                              re.IGNORECASE)
# The same settings as keys of a launcher's own settings file the job ships (accelerate's --config_file:
# `main_process_ip: host`; a YAML of torchrun or DeepSpeed options), where a bare host has no `/` for
# config-attack.file-network-location to see.
_RENDEZVOUS_KEYS = re.compile(rf"^({_RENDEZVOUS_NAMES})$", re.IGNORECASE)
# Component arguments that switch a library loader to unpickling or to running fetched code or packages, with
# the one value that keeps it safe. NVFlare hands JSON values over untyped and the libraries test truth
# (torch.load's `if weights_only:`), so 0, "" or [] unpickle as false does and 1 or "no" run code as true does
# (red team 26); None is torch's own default, which before torch 2.6 unpickles.
_SAFE_LOAD_ARGS = {"load_weights_only": True, "weights_only": True}
_CODE_RUNNING_SWITCHES = ("allow_pickle", "trust_remote_code", "allow_runtime_dependency_installation")


def _unsafe_load(key: str, value: object) -> bool:
    if key in _SAFE_LOAD_ARGS:
        return value is not _SAFE_LOAD_ARGS[key]
    return key in _CODE_RUNNING_SWITCHES and bool(value)


def argv_options(argv: list[str]) -> Iterator[tuple[str, str]]:
    """(option, value) pairs of a command line: `--x v`, `--x=v`, `NAME=v`, and bare words with option ""."""
    prev = ""
    for token in argv:
        if token.startswith("-") and "=" in token:
            opt, _, value = token.partition("=")
            yield opt, value
            prev = ""
        elif token.startswith("-"):
            prev = token
        else:
            name, eq, value = token.partition("=")
            if eq and re.match(r"^[A-Za-z_]\w*$", name):
                yield name, value
            else:
                yield prev, token
            prev = ""


# Launcher options and environment entries that say how many machines or ranks a process group waits for
# (torchrun's --nnodes, accelerate's --num_machines, torchrun's PET_NNODES, the ranks' WORLD_SIZE). More than
# this machine starts leaves seats open to any host that reaches the group's store, which rank 0 opens on every
# interface whatever MASTER_ADDR says (torch.yaml init_process_group): a host that takes one receives every
# collective's tensors. One node (`1`, `1:1`) is the only count the gate vouches for; a count it cannot read
# is not one.
_SEAT_OPTS = re.compile(r"^--?(nnodes|num[_-]machines)$", re.IGNORECASE)
_SEAT_ENV = frozenset({"PET_NNODES", "WORLD_SIZE"})
# The same count as the key of accelerate's settings file the job ships (`num_machines: 2` in the file
# --config_file names: red team 54b, accepted). Not `num_nodes`, which a graph model's settings also name.
_SEAT_KEYS = re.compile(r"^num[_-]machines$", re.IGNORECASE)
# The launchers' long options that say where a group meets or how many machines join it. The launchers parse
# their options with argparse, which takes any unambiguous prefix of a long option (`torchrun --nn=2`,
# `--master_ad=HOST`, `accelerate launch --num_m 2`: red team 54b, accepted); a prefix of one of these among a
# launcher's own options is read as the option (an ambiguous one stops the launcher, which costs nothing).
_LAUNCHER_LONG_OPTIONS = ("--nnodes", "--num_machines", "--num-machines", "--num_nodes", "--num-nodes",
                          "--master_addr", "--master-addr", "--rdzv_endpoint", "--rdzv-endpoint",
                          "--main_process_ip", "--main-process-ip", "--init_method", "--init-method",
                          "--dist_url", "--dist-url", "--coordinator_address", "--coordinator-address",
                          "--hostfile", "--machinefile")
# deepspeed's count of machines, read as torchrun's where it is a launcher's option (a script's own --num_nodes
# may count a graph's nodes)
_LAUNCHER_SAME = {"--num_nodes": "--nnodes", "--num-nodes": "--nnodes"}


def _open_seats(option: str, value: object) -> bool:
    """Whether `option` (a launcher option or an environment name) sets a group larger than this machine."""
    if not (_SEAT_OPTS.match(option) or option.upper() in _SEAT_ENV):
        return False
    return str(value).strip() not in ("1", "1:1")


def _argument_hit(option: str, value: str) -> tuple[str, str] | None:
    """(rule, name) for one option value of a command line the config makes NVFlare run."""
    if option.upper() in RENDEZVOUS_ENV or _RENDEZVOUS_OPTS.match(option):
        return None if address_is_local(value) else ("config-attack.rendezvous-remote", f"{option} {value}")
    if _open_seats(option, value):
        return "config-attack.rendezvous-open-seats", f"{option} {value}"
    sensitive = credential_path(value) or persistence_path(value)
    if sensitive is not None:
        return "config-attack.argument-sensitive-path", f"{option} {value}".strip()
    if is_network(value) or off_machine_url(value):
        return "config-attack.argument-network-path", f"{option} {value}".strip()
    return None


# What a script does with a path decides whether passing it is a threat.
_REPLAYED = frozenset({"file-exfiltration.write-network", "file-exfiltration.write-outside",
                       "file-exfiltration.copy-data-out", "persistence.startup-file"})
# What a replay reads of its analyses: only the detectors that make these run (FileContext.python_findings).
_REPLAY_RULES = _REPLAYED | {"unvouched.api"}


# A module that parses its command line (detectors/paths.py _PARSE_CALL): it reads the options it is given.
_PARSES_ARGV = re.compile(rb"\bparse_(?:known_|intermixed_)?args\b")


def _option_readers(job: _Job, options: tuple[str, ...]) -> list:
    """The job's Python files that may read an option of the command line: those that spell one; those that
    parse a command line and declare no option (`build_parser().parse_args()`: the parser is in another
    module); and those that declare none and import a module that parses (`from options import get_args`)."""
    data = job.content.data
    python = [e for e in job.content.files if e.kind == "python" and e.path in data]
    found = [e for e in python if any(o.encode() in data[e.path] for o in options)
             or (_PARSES_ARGV.search(data[e.path]) and b"add_argument" not in data[e.path])]
    parsing = {_module_word(e.path) for e in python if _PARSES_ARGV.search(data[e.path])}
    taken = set(found)  # (`e in found` compared entries field by field, with each of those found so far)
    while parsing:
        imports = _importing(parsing)
        named = [e for e in python if e not in taken and b"add_argument" not in data[e.path]
                 and imports.search(data[e.path])]
        found += named
        taken.update(named)
        parsing = {_module_word(e.path) for e in named}
    return found


def _importing(modules: set[str]) -> re.Pattern:
    """A pattern of an import of a module of one of these names (`import options`, `from .options import
    get_args`): one search per file, not one per file and name (a tree of examples as one unit)."""
    names = b"|".join(re.escape(m.encode()) for m in sorted(modules))
    return re.compile(rb"\b(?:import|from)\s+(?:[\w.]*\.)?(?:%s)\b" % names)


def _module_word(path: str) -> str:
    """The name an import of a module's file spells: its file's stem, a package's folder for `__init__.py`."""
    parts = path.removesuffix(".py").split("/")
    return parts[-2] if parts[-1] == "__init__" and len(parts) > 1 else parts[-1]


def _options(argv: list[str]) -> tuple[str, ...]:
    """The option words of a command line (`--out`, `--out=x`'s `--out`, `-o`, `-o/x`'s `-o`), in order."""
    return tuple(w.split("=", 1)[0] if w.startswith("--") else w[:2]
                 for w in argv if w.startswith("-") and len(w) > 1 and not w[1].isdigit())


def _replayed(job: _Job, argv: list[str], config: str) -> Iterator[Finding]:
    """The findings a job script gets only with the command line the config gives it: each job
    module that names one of the options is analysed again with `parse_args([...])` of that command
    line appended (analyzer/detectors/paths.py folds a literal parse_args list into the options), and
    what the plain analysis of the module did not already report is the config's doing: a write to
    where the option points, or a catalogue entry whose condition the option's value fails
    (`--results-dir /srv/x` for a logger whose root must be the job's own folder: unvouched.api).
    A module whose plain analysis read no option the command line gives a value (paths.OptionReads:
    `args.epochs` only, or no option on the way to a write or a condition) is not analysed again: the
    appended parse changes nothing else it reads."""
    words = [str(w) for w in argv]
    replay = ("\nimport argparse as _jobgate_argparse\n_jobgate_argparse.ArgumentParser().parse_args("
              + repr(words) + ")\n").encode()
    for entry in _option_readers(job, _options(argv)):
        source = job.content.data[entry.path]
        # A module that declares no option reads a parser of another module: linked to the job's modules
        # (each linked analysis parses the modules it reaches again, so only where it is needed).
        linked = b"add_argument" not in source
        reads = job.option_reads(entry.path, source, _REPLAY_RULES, linked=linked)  # None: analysed apart, unknown
        if reads is not None and not reads.given_by(words):
            continue
        lines = source.count(b"\n") + 1
        before = {(f.rule, f.line) for f in job.python_findings(entry.path, source, _REPLAY_RULES, linked=linked)}
        for f in job.python_findings(entry.path, source + replay, _REPLAY_RULES, linked=linked):
            if f.rule in _REPLAY_RULES and f.line <= lines and (f.rule, f.line) not in before:
                yield dataclasses.replace(f, message=f"{f.message} (with the command line {config} gives it)")


def _component_line(data: bytes, comp: Component) -> int:
    """The line of a component's class path, or of the class name it gives alone (`"name": "X"`)."""
    return find_line(data, comp.class_path) or find_line(data, comp.class_path.rsplit(".", 1)[-1])


def _with_loaded_classes(comps: list[Component], built: Callable[[str], str]) -> list[Component]:
    """The components, and after each the class paths its arguments name that it loads and calls itself
    (rules/lists/launchers.yaml `class-path-arguments`), as components built with no arguments."""
    out: list[Component] = []
    for comp in comps:
        out.append(comp)
        for key, value in comp.args.items() if isinstance(comp.args, dict) else ():
            if f"{built(comp.class_path)}.{key}" not in CLASS_PATH_ARGS:
                continue
            for i, name in enumerate(value if isinstance(value, list) else [value]):
                if isinstance(name, str) and name.strip():
                    out.append(Component(name.strip(), "path", f"{comp.where}.args.{key}[{i}]", None))
    return out


def _replayed_component(job: _Job, comp: Component, file: str, name: str, config: str) -> Iterator[Finding]:
    """What the job's own class or function does with the arguments the config builds it with: its module
    is analysed again with the call NVFlare makes appended (`Exporter(src='/data/site', dst='~/.config/...')`,
    component_calls.py writes it), so the paths folder sees the values as it sees a call in the job's code;
    the write findings the plain analysis of the module did not report are the config's doing."""
    source = job.content.data.get(file)
    if source is None:
        return
    lines = source.count(b"\n") + 1
    replay = ("\n" + component_calls.source(dataclasses.replace(comp, class_path=name))).encode()
    before = {(f.rule, f.line) for f in job.python_findings(file, source, _REPLAY_RULES)}
    for f in job.python_findings(file, source + replay, _REPLAY_RULES):
        if f.rule in _REPLAY_RULES and f.line <= lines and (f.rule, f.line) not in before:
            yield dataclasses.replace(f, message=f"{f.message} (with the arguments {config} builds {comp.where} with)")


def _config_arguments(job: _Job, doc_data: object, path: str, data: bytes,
                      built: Callable[[str], str]) -> Iterator[Hit | Finding]:
    """Values a config hands to the programs and components it starts."""
    seen: set[tuple[str, str]] = set()
    replayed: set[tuple[str, ...]] = set()
    for where, key, value in string_values(doc_data, COMMAND_KEYS | ARG_KEYS | SCRIPT_KEYS):
        if isinstance(value, list) and not all(isinstance(v, (str, int, float)) for v in value):
            continue
        _, argv = _argv(_expanded(value, doc_data) if isinstance(value, str) else value)
        spelled, written = _launcher_options_spelled(argv)
        for option, word in argv_options(spelled):
            hit = _argument_hit(option, word)
            if hit is None or hit in seen:
                continue
            seen.add(hit)
            # a count ("2") is found on many lines of a config: its option is the line to show
            line = find_line(data, written.get(option, option)) if _open_seats(option, word) else find_line(data, word)
            yield Hit(hit[0], path, line, details={"name": hit[1], "where": where, "key": key})
        # every command line with options, not only one naming a network path: `--results-dir /srv/x`
        # fails a catalogue condition the default meets; once per command line, the replay passes all of it
        words = tuple(str(w) for w in argv)
        if _options(argv) and words not in replayed:
            replayed.add(words)
            yield from _replayed(job, argv, path)
    for where, key, value in _pairs(doc_data):
        if key.upper() in RENDEZVOUS_ENV and isinstance(value, str) and not address_is_local(value):
            yield Hit("config-attack.rendezvous-remote", path, find_line(data, value),
                      details={"name": f"{key} = {value}", "where": where, "key": key})
        elif key.upper() in _SEAT_ENV and isinstance(value, (str, int, float)) and _open_seats(key, value):
            yield Hit("config-attack.rendezvous-open-seats", path, find_line(data, key),
                      details={"name": f"{key} = {value}", "where": where, "key": key})
    for comp in components(doc_data):
        args = built_arguments(comp.args)
        if not isinstance(args, dict):
            continue
        class_path = built(comp.class_path)
        for key, value in _listed_arguments(class_path, args, UNPICKLED_PATH_ARGS):
            yield Hit("config-attack.component-unsafe-load", path, find_line(data, value),
                      details={"name": f"{comp.class_path}({key}={value})", "where": comp.where})
        for key, value in _listed_arguments(class_path, args, WORKSPACE_PATH_ARGS):
            if not _in_workspace(_expanded(value, doc_data)):
                yield Hit("config-attack.component-folder-outside", path, find_line(data, value),
                          details={"name": f"{comp.class_path}({key}={value})", "where": comp.where})
        for key, value in _listed_arguments(class_path, args, TRACKER_URI_ARGS):
            rule = _tracker_rule(_expanded(value, doc_data))
            if rule is not None:
                yield Hit(rule, path, find_line(data, value),
                          details={"name": f"{comp.class_path}({key}={value})", "where": comp.where})
        for key, value in args.items():
            if _unsafe_load(key, value):
                yield Hit("config-attack.component-unsafe-load", path, find_line(data, key),
                          details={"name": f"{comp.class_path}({key}={value})", "where": comp.where})
            elif isinstance(value, str) and off_machine_url(value.strip()):
                yield Hit("config-attack.argument-network-path", path, find_line(data, value),
                          details={"name": f"{comp.class_path}({key}={value.strip()})", "where": comp.where, "key": key})


def _checkpoint_environment(doc_data: dict, path: str, data: bytes) -> Iterator[Hit]:
    """The checkpoint folder and file the app's environment.json gives PTFileModelPersistor, outside the job's
    workspace (rules/lists/launchers.yaml `checkpoint-environment-keys`); NVFlare reads the file as plain JSON."""
    for key in sorted(CHECKPOINT_ENV_KEYS):
        value = doc_data.get(key)
        if value is not None and not _in_workspace(str(value)):
            yield Hit("config-attack.component-folder-outside", path, find_line(data, key),
                      details={"name": f"{key}={value}", "where": "environment.json"})


def _listed_arguments(class_path: str, args: dict, entries: frozenset[str]) -> Iterator[tuple[str, str]]:
    """(argument, value) of each of a component's arguments a list of rules/lists/launchers.yaml names
    (`<class>.<argument>[.<key>]`); a value the gate cannot read is given as its text."""
    for entry in entries:
        if not entry.startswith(class_path + "."):
            continue
        keys = entry[len(class_path) + 1:].split(".")
        value: object = args
        for key in keys:
            if value is not None and not isinstance(value, dict):
                break  # a mapping the gate cannot read (a substitution) may hold it
            value = value.get(key) if isinstance(value, dict) else None
        if value is not None:
            yield ".".join(keys), str(value)


def _tracker_rule(uri: str) -> str | None:
    """The rule a tracking URI a component hands its tracker breaks: a place off this machine (a server, a
    database, a hosted service's word), or one on it outside the job's workspace; None inside the workspace."""
    if not uri_is_local(uri):
        return "config-attack.component-remote-tracker"
    return None if _in_workspace(uri) else "config-attack.component-tracker-outside"


def _in_workspace(value: str) -> bool:
    """A folder under NVFlare's `{WORKSPACE}` placeholder (nvflare/fuel/utils/wfconf.py substitutes it with
    the client's workspace root) but not in its startup kit or site settings, or relative, and never climbing
    out with `..`; `.` and empty parts name no folder (`{WORKSPACE}/./startup` is the startup kit)."""
    parts = [p for i, p in enumerate(value.strip().replace("\\", "/").split("/")) if i == 0 or p not in ("", ".")]
    if ".." in parts:
        return False
    if parts[0] == "{WORKSPACE}":
        return len(parts) > 1 and parts[1] not in ("startup", "local")
    return not value.strip().startswith(("/", "~", "{", "$")) and ":" not in value


def _settings_rendezvous(content: Content, path: str, data: bytes) -> Iterator[Hit]:
    """A settings file the job ships (not an NVFlare config) that sets where a process group meets on
    another machine: a launcher reads it (`accelerate launch --config_file custom/acc.yaml`)."""
    doc = unit_document(content, config_format(path), data)
    if not doc.ok:
        return
    for where, key, value in _pairs(doc.data):
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) \
                and (key.upper() in RENDEZVOUS_ENV or _RENDEZVOUS_KEYS.match(key)) \
                and "{" not in str(value) and not address_is_local(str(value)):  # `${...}`: left to run time
            yield Hit("config-attack.rendezvous-remote", path, find_line(data, str(value)),
                      details={"name": f"{key} = {value}", "where": where, "key": key})
        elif isinstance(value, (str, int)) and not isinstance(value, bool) and _SEAT_KEYS.match(key) \
                and "{" not in str(value) and str(value).strip() not in ("1", "1:1"):
            yield Hit("config-attack.rendezvous-open-seats", path, find_line(data, key),
                      details={"name": f"{key} = {value}", "where": where, "key": key})


def _pairs(node: object, where: str = "", depth: int = 0) -> Iterator[tuple[str, str, object]]:
    """(where, key, value) of every entry of every mapping in a config."""
    if depth > 200:
        return
    if isinstance(node, dict):
        for k, v in node.items():
            here = f"{where}.{k}" if where else str(k)
            if isinstance(k, str):
                yield here, k, v
            yield from _pairs(v, here, depth + 1)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _pairs(v, f"{where}[{i}]", depth + 1)


def _strings(node: object, depth: int = 0) -> Iterator[str]:
    """Every string value of a config, at any depth of mappings and lists."""
    if depth > 200:
        return
    if isinstance(node, str):
        yield node
    elif isinstance(node, (dict, list)):
        for v in node.values() if isinstance(node, dict) else node:
            yield from _strings(v, depth + 1)


@file_detector("nvflare-config")
def nvflare_config(ctx: FileContext) -> Iterator[Hit | Finding]:
    content = ctx.content
    job: _Job | None = None
    for entry in content.files:
        path = entry.path
        data = content.data.get(path)
        if data is None:
            continue
        if config_format(path) == "yaml" or entry.kind == "config" and path.lower().endswith((".yml", ".yaml")):
            m = YAML_PYTHON_TAG.search(data.decode("utf-8", "replace"))
            if m:
                yield Hit("config-attack.yaml-python-tag", path, data.count(b"\n", 0, m.start()) + 1,
                          details={"name": m.group(0)})
        if not is_nvflare_config(path):
            if config_format(path) is not None:
                yield from _settings_rendezvous(content, path, data)
            if entry.kind not in ("python", "notebook"):  # their strings are the code's (detectors/vouch.py)
                yield from _env_interpolations(path, data, ctx.policy)
            continue
        if job is None:
            job = _Job(ctx)
        yield from _one_config(job, path, data)
    for path in sorted(job.run_as_python if job is not None else ()):
        yield Hit("config-attack.launcher-unnamed-python", path, details={"name": path.rsplit("/", 1)[-1]})
        data = content.data.get(path)
        kind = next((e.kind for e in content.files if e.path == path), "")
        if data is not None and kind != "python" and not (kind == "other" and looks_like_python(data)):
            # The launcher runs it with the interpreter: it is Python, or it does not run (a parse error).
            # (Text of kind `other` that reads as Python is analysed by the other-files detector already.)
            yield from ctx.python_findings(path, data)


def _env_interpolations(path: str, data: bytes, policy: Policy) -> Iterator[Hit]:
    """`${oc.env:NAME}` in a file the job ships that is no NVFlare config (those are judged whole, below): a hydra
    YAML, a Flower app's run config in pyproject.toml, any text the code may hand to OmegaConf, which reads the
    variable when the value is read. Vouched as the code's own `os.environ.get("NAME")` is (stdlib.yaml)."""
    if b"${" not in data:
        return
    catalogue = load_catalogue(policy)  # only here: each call checks the catalogue's files (most data has no `${`)
    text = data.decode("utf-8", "replace")
    for m in ENV_INTERPOLATION.finditer(text):
        if not catalogue.reads_env(m.group(1).strip()):
            yield Hit("config-attack.env-substitution", path, text.count("\n", 0, m.start()) + 1,
                      details={"name": m.group(0) + "}"})


def _one_config(job: _Job, path: str, data: bytes) -> Iterator[Hit | Finding]:
    doc = read_config(path, data)
    for p in doc.problems:
        if p.kind == "parse":
            yield Hit("unanalyzable.config-parse", path, p.line, details={"name": p.text})
        elif p.kind == "duplicate":
            rule = "config-attack.duplicate-class-key" if p.text.lower() in CLASS_KEYS | COMMAND_KEYS | SCRIPT_KEYS \
                else "config-attack.duplicate-key"
            yield Hit(rule, path, p.line, details={"name": p.text})
        elif p.kind == "include-remote":
            yield Hit("config-attack.hocon-include-remote", path, p.line, details={"name": p.text})
        elif p.kind == "include":
            yield Hit("config-attack.hocon-include", path, p.line, details={"name": p.text})
        elif p.kind == "env":
            yield Hit("config-attack.env-substitution", path, p.line, details={"name": p.text})
    if not doc.ok:
        return
    if not isinstance(doc.data, dict):
        yield Hit("unanalyzable.config-parse", path, details={"name": "the top level is not an object"})
        return
    doc.data, unread = with_templates(doc.data)  # judged as NVFlare builds it: invocations of `@` templates made
    if unread is not None:
        yield Hit("unanalyzable.config-parse", path, details={"name": unread})
    if (deep := nested_past(doc.data)) is not None:
        yield Hit("unanalyzable.config-parse", path, details={
            "name": f"nested deeper than {MAX_CONFIG_DEPTH} levels at `{deep}`; not read past them"})
    if (bomb := expansion_past_bound(doc.data)) is not None:
        yield Hit("unanalyzable.config-parse", path, details={
            "name": f"{{name}} substitutions make the string at `{bomb}` longer than {MAX_EXPANDED} characters"})
    for where, key, value in _pairs(doc.data):
        for text in value if isinstance(value, list) else [value]:
            for ref in _SECRET_REF.findall(text) if isinstance(text, str) else ():
                yield Hit("config-attack.env-substitution", path, find_line(data, ref), details={"name": ref})
    for text in _strings(doc.data):
        for m in _NVFLARE_ENV_REF.finditer(text):
            if not job.catalogue.reads_env(m.group(1).strip()):
                yield Hit("config-attack.env-substitution", path, find_line(data, m.group(0)),
                          details={"name": m.group(0)})
    roots = job.roots_for(path)
    called: list[str] = []  # where the library components judged as calls are
    built = functools.partial(job.built, roots=roots)
    for comp in _with_loaded_classes(components(doc.data), built):
        for key, value in comp.args.items() if isinstance(comp.args, dict) else ():
            if key in STREAMED_FILE_KEYS and not (isinstance(value, str) and value in JOB_LOG_FILES):
                # a log streamer sends that file of the job's log folder: whatever the job writes there
                yield Hit("config-attack.streamed-file", path, find_line(data, _needle(value)),
                          details={"name": str(value), "where": comp.where or "top level"})
        if built(comp.class_path) in RUNTIME_CODE:
            yield Hit("config-attack.runtime-delivered-code", path, _component_line(data, comp),
                      details={"name": comp.class_path, "where": comp.where or "top level"})
        verdict, why = job.judge(comp.class_path, roots)
        if verdict == "ok":
            continue
        if verdict == "job":
            file, _, name = why.rpartition(":")
            yield from _replayed_component(job, comp, file, name, path)
            continue
        if verdict == "library":
            if not any(comp.where.startswith(outer + ".") for outer in called):  # judged inside its caller's call
                called.append(comp.where)
                yield from component_calls.findings(dataclasses.replace(comp, class_path=why), path,
                                                    _component_line(data, comp), job.python_findings)
            continue
        rule = "config-attack.dangerous-component" if verdict == "dangerous" else "config-attack.untrusted-component"
        yield Hit(rule, path, _component_line(data, comp),
                  details={"name": comp.class_path, "where": comp.where or "top level", "why": why})
    yield from _config_arguments(job, doc.data, path, data, built)
    if path == app_of(path) + "config/environment.json":
        yield from _checkpoint_environment(doc.data, path, data)
    app = app_of(path)
    for where, key, value in string_values(doc.data, COMMAND_KEYS | SCRIPT_KEYS | ARG_KEYS):
        k = key.lower()
        line = find_line(data, _needle(value))
        if isinstance(value, list) and not all(isinstance(v, (str, int, float)) for v in value):
            continue
        raw, argv = _argv(value)
        text = _expanded(raw, doc.data)
        if text != raw and not isinstance(value, list):
            raw, argv = _argv(text)
        if k in COMMAND_KEYS:
            if k == "script" and not isinstance(value, list) and " " not in text.strip() and text.strip().endswith(".py"):
                argv = ["python3", text.strip()]  # a bare script path
            verdict = _command(job, text, argv, app)
        elif k in SCRIPT_KEYS:
            risk = shell_risk(text)
            if risk is not None:
                verdict = ("config-attack.launcher-shell", risk[0])
            elif isinstance(value, str) and text.strip() and not job.has_script(text, app):
                verdict = ("config-attack.launcher-program", f"{text.strip()} (not a script of this job)")
            else:
                verdict = None
        else:
            risk = shell_risk(text)
            verdict = ("config-attack.launcher-shell", risk[0]) if risk is not None else None
        if verdict is not None:
            yield Hit(verdict[0], path, line, details={"name": verdict[1], "where": where, "key": key})


# ---- the command lines the job's scripts get ---------------------------------------

CommandLines = tuple[tuple[str, ...], ...]
# What a config value must not hold for the gate to know the words NVFlare hands over: a `{name}` or `${...}` that
# NVFlare or the site fills in (`${secret:VAR}` comes from the site's environment: task_script_runner.py; a `{name}`
# from the site's command line and environment config before the config's own top level:
# nvflare/fuel/utils/wfconf.py `_do_configure`), a shell expansion, quotes or escapes that a launcher splits other
# than on whitespace.
_NOT_LITERAL = re.compile(r"""[{}$`'"\\]""")


def command_lines(content: Content) -> CommandLines | None:
    """Every argument list the unit's configs hand to a Python script, or None when the gate cannot list them all:
    no config launches a script, a config does not read cleanly (a parse error, a duplicate key, an environment
    substitution), an argument is not literal (_NOT_LITERAL), or a command runs something other than a Python script.

    NVFlare hands them over thus (nvflare 2.9): in process, `task_script_args` split on whitespace after
    `task_script_path` (nvflare/app_common/executors/task_script_runner.py `get_sys_argv`); in an external process,
    the words of `command` after the script (nvflare/app_common/executors/client_api_executor.py). Every config
    counts, whichever app or site it is for, and every value under an argument key (rules/lists/launchers.yaml) is
    one more list: more candidates can only make a bound on an option harder to prove
    (analyzer/engine/flow/arguments.py)."""
    found: set[tuple[str, ...]] = set()
    for entry in content.files:
        if not is_nvflare_config(entry.path):
            continue
        data = content.data.get(entry.path)
        doc = read_config(entry.path, data) if data is not None else None
        if doc is None or not doc.ok or doc.problems or not isinstance(doc.data, dict):
            return None
        for launch in _launches(doc.data, 0):
            if launch is None:
                return None
            found.add(launch)
    return tuple(sorted(found)) or None


def _launches(node: object, depth: int) -> Iterator[tuple[str, ...] | None]:
    """The argument lists one config hands over (None for one the gate cannot read): a mapping that names a script
    and no arguments runs it with none."""
    if depth > 200:
        yield None
    elif isinstance(node, list):
        for v in node:
            yield from _launches(v, depth + 1)
    elif isinstance(node, dict):
        keys = {k.lower() for k in node if isinstance(k, str)}
        if keys & SCRIPT_KEYS and not keys & ARG_KEYS:
            yield ()
        for k, v in node.items():
            key = k.lower() if isinstance(k, str) else ""
            if key in ARG_KEYS:
                yield _literal_words(v)
            elif key in COMMAND_KEYS:
                words = _literal_words(v)
                yield None if words is None else _script_arguments(list(words))
            else:
                yield from _launches(v, depth + 1)


def _literal_words(value: object) -> tuple[str, ...] | None:
    if isinstance(value, list):
        words = [str(v) for v in value if isinstance(v, (str, int, float)) and not isinstance(v, bool)]
        return tuple(words) if len(words) == len(value) and not any(_NOT_LITERAL.search(w) for w in words) else None
    if not isinstance(value, str):
        return None
    return None if _NOT_LITERAL.search(value) else tuple(value.split())


def _script_arguments(argv: list[str]) -> tuple[str, ...] | None:
    """The arguments a command line hands to the Python script it runs (`python3 -u custom/train.py --lr 0.1`, or
    the script itself), None for any other program, `-m` or `-c`."""
    i = _program_start(argv)
    if i >= len(argv):
        return None
    prog = argv[i].replace("\\", "/").rsplit("/", 1)[-1].lower()
    rest = argv[i + 1:]
    if prog.endswith(".py"):
        return tuple(rest)
    if not _PYTHON.match(prog):
        return None
    j = 0
    while j < len(rest) and rest[j].startswith("-"):
        if rest[j] in ("-m", "-c") or (not rest[j].startswith("--") and "c" in rest[j][1:]):
            return None
        j += 2 if rest[j] in _PY_OPTS_WITH_ARG else 1
    return tuple(rest[j + 1:]) if j < len(rest) and rest[j].endswith(".py") else None
