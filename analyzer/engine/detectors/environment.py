"""Environment injection: a job that sets LD_PRELOAD, PYTHONPATH or another loader variable in its own
environment makes every program started after it (a shell line, NVFlare's next job process, a worker)
load code from where the variable points: code the gate never read (rules/lists/commands.yaml
`loader-environment`)."""

from __future__ import annotations

from typing import Iterator

from ..lists import matcher
from . import Hit, PythonContext, python_detector
from .telemetry import env_writes

_LOADER_ENV = matcher("commands", "loader-environment").names()


@python_detector("environment-injection")
def environment_injection(ctx: PythonContext) -> Iterator[Hit]:
    r = ctx.resolver
    for node, key, _value, scope in env_writes(ctx):
        for name in sorted(k for k in r.constants(key, scope) if isinstance(k, str) and k in _LOADER_ENV):
            yield Hit("dynamic-code.loader-environment", ctx.path, node=node, details={"name": name})
