"""Hydra configs the job ships, judged as what hydra does with them (analyzer/engine/hydra_configs.py).

- Every `_target_` in every YAML file of the job is judged as a Python call of that target, at the
  YAML line, with the YAML's literal arguments (embedded analysis: the threat rules and the catalogue
  see `os.system(command='id')` as they would in a .py file). A class or function the job's own
  modules define is analysed where it is defined. A target chosen when the config is loaded
  (`${oc.env:T}`) is left to a reviewer.
- `hydra:` settings beyond the inert ones (folders, names, log levels), and overrides of hydra's
  own groups beyond its console-logging options, are left to a reviewer: callbacks, launchers,
  sweepers, search paths and `job.env_set` run code or change the process.
- A defaults-list option, or a launch-text override (any string of the job's NVFlare configs, any
  line of its shell scripts), that names a config the job does not ship, a `_target_` or hydra's config flags,
  chooses what the gate has not read: a reviewer decides.
"""

from __future__ import annotations

import shlex
from typing import Iterator

from .. import hydra_configs as hc
from ..configs import find_line, is_nvflare_config, read_config
from ...model import Finding
from . import FileContext, Hit, file_detector
from .configs import _Job


def _yaml_files(ctx: FileContext) -> list[tuple[str, bytes]]:
    return [(e.path, ctx.content.data[e.path]) for e in ctx.content.files
            if e.path.lower().endswith((".yaml", ".yml")) and e.path in ctx.content.data]


@file_detector("hydra-config")
def hydra_config(ctx: FileContext) -> Iterator[Hit | Finding]:
    files = [hc.read(path, data) for path, data in _yaml_files(ctx)]
    shipped = {f.path for f in files}
    job: _Job | None = None
    hydra_job = False
    for f in files:
        if f.problem is not None:
            yield Hit("unvouched.hydra-target", f.path, details={"name": f"the file ({f.problem})"})
        hydra_job = hydra_job or bool(f.targets or f.defaults or f.settings)
        calls: dict[int, list[str]] = {}
        for t in f.targets:
            if t.name is None:
                if t.raw != "null" and not hc.reference_only(t):
                    yield Hit("unvouched.hydra-target", f.path, t.line, details={"name": t.raw})
                continue
            job = job or _Job(ctx)
            found = job.job_module(t.name, job.roots_for(f.path))
            if found is not None and job.defines(found[0], found[2]):
                continue  # the job's own class or function: its code is analysed where it is written
            calls.setdefault(t.line, []).append(hc.python_call(t))
        if calls:
            yield from ctx.python_findings(f.path, _as_python(calls))
        yield from _settings(f, ctx.policy.runtime_guard)
        yield from _defaults(f, shipped)
    yield from _launch_overrides(ctx, shipped, hydra_job)


def _as_python(calls: dict[int, list[str]]) -> bytes:
    """Each target's call on its YAML line, so that findings point at the YAML."""
    lines = [""] * max(calls)
    for line, code in calls.items():
        lines[line - 1] = "; ".join(code)
    return ("\n".join(lines) + "\n").encode()


def _settings(f: hc.HydraFile, guarded: bool) -> Iterator[Hit]:
    for line, key, value in f.settings:
        if not hc.inert_setting(key):
            yield Hit("unvouched.hydra-setting", f.path, line, details={"name": f"hydra.{key}"})
        elif key in hc.FOLDER_SETTINGS and not _job_folder(f.path, line, value, guarded):
            yield Hit("unvouched.hydra-setting", f.path, line, details={"name": f"hydra.{key}: {value}"})


def _job_folder(path: str, line: int, value: object, guarded: bool) -> bool:
    """A run folder hydra creates and writes its config copy and log into: relative, never climbing;
    a part only known when the config is loaded (`${seed}`; `${now:...}` is a date) is left to the
    process guard, which keeps writes inside the job's run folder."""
    if not isinstance(value, str) or value.startswith(("/", "~")) or ".." in value.split("/"):
        return False
    return guarded or "${" not in value.replace("${now:", "")


def _defaults(f: hc.HydraFile, shipped: set[str]) -> Iterator[Hit]:
    folder = f.path.rpartition("/")[0]
    for line, key, value in f.defaults:
        group = hc.group_of(key)
        for option in hc.options(value):
            if option is None or option in ("_self_", "???"):
                continue  # nothing chosen, this file itself, or an option the launch must choose
            if not isinstance(option, str) or "${" in option:
                yield Hit("unvouched.hydra-default", f.path, line, details={"name": f"{key}: {option}"})
            elif group in hc.INERT_HYDRA_OPTIONS and option in hc.INERT_HYDRA_OPTIONS[group]:
                continue
            elif group.startswith("hydra") or not _ships(shipped, folder, group, option):
                yield Hit("unvouched.hydra-default", f.path, line, details={"name": f"{key}: {option}" if key
                                                                             else option})


def _ships(shipped: set[str], folder: str, group: str, option: str) -> bool:
    """The job ships `group/option.yaml` under this file's folder or one above it (hydra looks it up
    from the primary config's folder; a group file's defaults are relative to its group)."""
    name = "/".join(p for p in (group, option) if p)
    parts = folder.split("/") if folder else []
    for i in range(len(parts), -1, -1):
        base = "/".join(parts[:i])
        for suffix in (".yaml", ".yml"):
            if (f"{base}/{name}{suffix}" if base else f"{name}{suffix}") in shipped:
                return True
    return False


def _launch_overrides(ctx: FileContext, shipped: set[str], hydra_job: bool) -> Iterator[Hit]:
    """Overrides in the job's own launch text: its NVFlare configs and its shell scripts. A
    `_target_` (as the key or inside a dict value: a recursive instantiate builds any node with one),
    a hydra setting or a long config flag is hydra's whatever the job ships; the short
    flags (`-cp` is also java's) and group choices count in a job that ships hydra configs."""
    groups = {p.rsplit("/", 2)[-2] for p in shipped if p.count("/") >= 1} if hydra_job else set()
    flags = hc.CONFIG_FLAGS if hydra_job else {f for f in hc.CONFIG_FLAGS if f.startswith("--")}
    for path, line, words in _launch_texts(ctx):
        for key, value in hc.overrides(words):
            if (key in flags or key.endswith(hc.TARGET) or hc.builds_a_node(value)
                    or key.split(".")[0].split("/")[0] == "hydra"):
                yield Hit("unvouched.hydra-override", path, line, details={"name": f"{key}={value}"})
            elif key in groups and value and not any(p.endswith(f"{key}/{value}.yaml") or p.endswith(
                    f"{key}/{value}.yml") for p in shipped):
                yield Hit("unvouched.hydra-override", path, line, details={"name": f"{key}={value}"})


def _launch_texts(ctx: FileContext) -> Iterator[tuple[str, int, list[str]]]:
    """Every string of the job's NVFlare configs, split into words (a command, its script arguments, an
    `app_config` that a `{app_config}` placeholder puts on a command line: nvflare/fuel/utils/wfconf.py),
    and every line of its shell scripts."""
    content = ctx.content
    for e in content.files:
        data = content.data.get(e.path)
        if data is None:
            continue
        if is_nvflare_config(e.path):
            doc = read_config(e.path, data)
            for text in _strings(doc.data if doc.ok else None, 0):
                for words in _word_splits(text):
                    yield e.path, find_line(data, text), words
        elif e.kind == "shell":
            for number, text in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
                try:
                    yield e.path, number, shlex.split(text, comments=True)
                except ValueError:
                    yield e.path, number, text.split()


def _word_splits(text: str) -> list[list[str]]:
    """The words of an NVFlare config string as each launcher splits it: an external process's command by
    shlex, quotes removed (nvflare/utils/process_utils.py `prepare_subprocess_command`), in-process
    `task_script_args` at whitespace (app_common/executors/task_script_runner.py `get_sys_argv`)."""
    plain = text.split()
    try:
        quoted = shlex.split(text)
    except ValueError:
        return [plain]
    return [plain] if quoted == plain else [plain, quoted]


def _strings(node: object, depth: int) -> Iterator[str]:
    if depth > 200:
        return
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value, depth + 1)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value, depth + 1)
