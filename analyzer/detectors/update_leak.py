"""Site data that leaves through the FL update, the task result or the job log.

The taint analysis is `analyzer.flow`; this detector turns each leak into a
hit of one rule of `rules/update-channel-leak.yaml`:

- raw-data-in-update: the site's data reaches FLModel / flare.send / DXO /
  Shareable / flare.log / a tracking writer / an Executor's result;
- host-data-in-update: a host file outside the dataset, or the whole process
  environment, reaches the same;
- raw-data-logged: the site's data reaches print / logging / log_info (NVFlare
  can stream a client's job log to the server);
- rows-by-protocol: the rows sent are a fitted model's support (federated SVM):
  an accepted protocol at some sites, a person decides.

Each hit names the sink (`{name}`) and where the data was read (`{source}`).
"""

from __future__ import annotations

from typing import Iterator

from .. import flow
from ..positions import locate
from . import Hit, PythonContext, python_detector


def _rule(leak: flow.Leak) -> str | None:
    data = [o for o in leak.origins if o.kind == flow.DATA]
    if leak.kind == flow.LOG:
        return "update-channel-leak.raw-data-logged" if data else None
    if data:
        if all(o.protocol for o in data) and not any(o.kind == flow.HOST for o in leak.origins):
            return "update-channel-leak.rows-by-protocol"
        return "update-channel-leak.raw-data-in-update"
    return "update-channel-leak.host-data-in-update"


@python_detector("update-leak")
def update_leak(ctx: PythonContext) -> Iterator[Hit]:
    leaks = flow.analyze(ctx.module, ctx.resolver)
    if not leaks:
        return
    ruled = [(leak, _rule(leak)) for leak in leaks]
    ruled = [(leak, rule) for leak, rule in ruled if rule is not None]
    if not ruled:
        return
    wanted = [leak.node for leak, _ in ruled]
    for leak, _ in ruled:
        wanted.extend(o.node for o in leak.origins)
    where = locate(ctx.module, wanted)
    lines = ctx.source.splitlines()
    seen: set[tuple[str, int]] = set()
    def place(lr) -> tuple[int, int]:
        line, column = where.get(id(lr[0].node), (0, 0))
        return line, -column  # the innermost sink of a line first: FLModel(...) inside send(...)

    for leak, rule in sorted(ruled, key=place):
        line, column = where.get(id(leak.node), (0, 0))
        if (rule, line) in seen:
            continue  # `flare.send(FLModel(...))`: one finding per line
        seen.add((rule, line))
        origins = sorted(leak.origins, key=lambda o: (o.kind != flow.DATA, where.get(id(o.node), (0, 0))))
        if rule != "update-channel-leak.host-data-in-update":
            origins = [o for o in origins if o.kind == flow.DATA] or origins
        first = origins[0]
        src_line = where.get(id(first.node), (0, 0))[0]
        source = flow.describe(first) + (f" at line {src_line}" if src_line else "")
        if len(origins) > 1:
            source += f" (and {len(origins) - 1} more)"
        snippet = lines[line - 1].strip() if 1 <= line <= len(lines) else ""
        yield Hit(rule, ctx.path, line, column, snippet[:240],
                  details={"name": leak.sink.removeprefix("builtins."), "source": source})
