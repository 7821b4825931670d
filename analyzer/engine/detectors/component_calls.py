"""A config component from a library is the call NVFlare makes of it, judged as Python.

NVFlare builds a component by importing the module of its path, taking the last name from it and
calling it with the component's `args` as keywords (nvflare/fuel/utils/class_loader.py `load_class`,
nvflare/fuel/utils/class_utils.py `instantiate_class`: `c(**init_params)`), nested component dicts
first (nvflare/fuel/utils/component_builder.py `build_component`). Nothing requires the name to be a
component class: `torch.distributed.rpc.init_rpc` (a peer then runs whatever it asks on the site),
`torch.distributed.TCPStore` (a server socket) or `sklearn.datasets.fetch_openml` (a download) run as
readily as a class. So a path into a library the policy trusts is no verdict by itself: the call is
written out as the Python it amounts to and analysed like the job's own code, so that the capability
catalogue vouches for it (or a threat rule rejects it) with the same argument conditions as in a script.
NVFlare's own component families stay the policy's `trusted_modules` call: they are built by NVFlare
for NVFlare, and the catalogue does not list component classes.
"""

from __future__ import annotations

import dataclasses
import keyword
from typing import Callable, Iterator

from ...model import Finding
from ..configs import Component, Substitution, built_arguments

# Names the written-out call binds, which no job or library uses: an unknown value is a call of one that
# nothing binds, so that it is never vouched (`unvouched.unbound-name`).
_UNKNOWN = "_jobgate_config_value()"
_DEPTH = 20


def _nested_path(value: dict) -> str | None:
    key = "path" if "path" in value else "class_path" if "class_path" in value else None
    return value[key].strip() if key is not None and isinstance(value[key], str) \
        and not isinstance(value[key], Substitution) else None


def _expression(value: object, imports: set[str], depth: int) -> str:
    """Python source for a config value: literals as they are, a nested component as its call."""
    if depth > _DEPTH or isinstance(value, Substitution):
        return _UNKNOWN
    if isinstance(value, (str, bool, int, float)) or value is None:
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_expression(v, imports, depth + 1) for v in value) + "]"
    if isinstance(value, dict):
        path = _nested_path(value)
        if path is not None and "." in path:
            return _call(path, value.get("args"), imports, depth + 1)
        return "{" + ", ".join(f"{_expression(k, imports, depth + 1)}: {_expression(v, imports, depth + 1)}"
                               for k, v in value.items()) + "}"
    return _UNKNOWN


def _call(class_path: str, args: object, imports: set[str], depth: int) -> str:
    if "." in class_path:  # a library's path; a bare name is the job module's own, called in that module
        imports.add(class_path.rsplit(".", 1)[0])
    args = built_arguments(args)
    if args is None or args == {}:
        return f"{class_path}()"
    if not isinstance(args, dict):
        return f"{class_path}(**{_UNKNOWN})"
    named = [f"{k}={_expression(v, imports, depth)}" for k, v in args.items()
             if isinstance(k, str) and k.isidentifier() and not keyword.iskeyword(k)]
    other = {k: v for k, v in args.items() if not (isinstance(k, str) and k.isidentifier() and not keyword.iskeyword(k))}
    if other:
        named.append("**" + _expression(other, imports, depth))
    return f"{class_path}({', '.join(named)})"


def source(component: Component) -> str:
    """The Python NVFlare runs to build `component` (its class path a library's, or a name of the module
    the source is appended to)."""
    imports: set[str] = set()
    call = _call(component.class_path, component.args, imports, 0)
    return "".join(f"import {m}\n" for m in sorted(imports)) + f"_component = {call}\n"


def findings(component: Component, path: str, line: int,
             python_findings: Callable[[str, bytes], list[Finding]]) -> Iterator[Finding]:
    """What the analysis of the call finds, placed on the component's line of the config."""
    code = source(component)
    for f in python_findings(path, code.encode("utf-8")):
        yield dataclasses.replace(f, line=line, column=0, snippet=code.splitlines()[-1][:240],
                                  message=f"{f.message} (the component {component.where or 'at the top level'} "
                                          f"of {path}, which NVFlare builds by calling it)")
