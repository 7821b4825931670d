"""Values that leave through the FL update, the task result or the job log, judged by provenance.

The analysis is `analyzer.engine.flow`; this module turns each leak into hits of two detectors:

`update-leak` (rules/update-channel-leak.yaml), one rule per leak, the strongest that applies:
- raw-data-in-update: the site's data reaches FLModel / flare.send / DXO / Shareable / flare.log /
  a tracking writer / an Executor's result / a public FLContext property;
- host-data-in-update: a host file outside the dataset, or the whole process environment, in the
  update or the job log;
- rows-by-protocol: the rows sent are a fitted model's support, or what a fit keeps (federated SVM);
- data-product: a product of the data with its transpose (X.T @ X, a gradient, a Hessian);
- unknown-provenance: a value the gate cannot vouch for (code it cannot see, a file at a path the code
  does not name, an environment variable) in the update, or a file at a path the code does not name in
  the job log: a person looks;
- raw-data-logged: the site's data reaches print / logging / log_info / an NVFlare logger, or the message
  of an exception that escapes the job (NVFlare can stream a client's job log to the server, and writes
  the traceback of what an Executor raises into it).

`runtime-file` (rules/file-exfiltration.yaml, `data-to-runtime-path`): the site's data, a host file or a
secret written by a writer whose destination is known only at run time (a setting, an argument); and
`data-to-shell-readable`: written into a text file of the job's folder, or spelled in a written file's name,
which NVFlare's admin shell reads (`cat`, `ls`); `data-to-shared-folder`: written or copied to a fixed path of a
folder every job and user of the site reads (`/tmp/fl_cache.csv`).

`secret-leak` (rules/credential-harvest.yaml): a secret read by name (a credential environment
variable, a tool's token file) reaches the update, its metrics or meta, or the log.

`network-leak` (rules/network.yaml, `data-to-network`): the site's data (a file listing too), a host file, a
secret or the content of a file the code does not name in any argument of a request (a network rule's call:
flow/names.py network_call): the request itself may be a download, a capability; what it sends is a threat.

Each hit names the sink (`{name}`) and where the value came from (`{source}`). The detectors share
one run of the analysis per module.
"""

from __future__ import annotations

from typing import Iterator

from .. import flow
from ..flow.names import SHARED_FOLDER, SHELL_READABLE
from ..positions import locate
from . import Hit, PythonContext, python_detector

_RAW = "update-channel-leak.raw-data-in-update"
_HOST = "update-channel-leak.host-data-in-update"
_PROTOCOL = "update-channel-leak.rows-by-protocol"
_PRODUCT = "update-channel-leak.data-product"
_UNKNOWN = "update-channel-leak.unknown-provenance"
_LOGGED = "update-channel-leak.raw-data-logged"
_SECRET = "credential-harvest.secret-in-channel"
_RUNTIME_FILE = "file-exfiltration.data-to-runtime-path"
_SHELL_FILE = "file-exfiltration.data-to-shell-readable"
_SHARED_FILE = "file-exfiltration.data-to-shared-folder"
_NETWORK = "network.data-to-network"


def _rule(leak: flow.Leak) -> tuple[str, list] | None:
    """The update-channel rule a leak breaks, and the origins that make it so."""
    by_kind = {k: [o for o in leak.origins if o.kind == k and not o.held] for k in (flow.DATA, flow.HOST)}
    # the site's data read back through an object of the job's class (Origin.held): a person looks
    by_kind[flow.UNKNOWN] = [o for o in leak.origins if o.kind == flow.UNKNOWN or o.held]
    data = by_kind[flow.DATA]
    if leak.kind in (flow.FILE, flow.NET):
        return None  # the runtime-file and network-leak detectors'
    if leak.kind == flow.LOG:
        # the analysis hands over only what counts in the log (flow/values.py _logged)
        if data:
            return _LOGGED, data
        if by_kind[flow.HOST]:
            return _HOST, by_kind[flow.HOST]
        return (_UNKNOWN, by_kind[flow.UNKNOWN]) if by_kind[flow.UNKNOWN] else None
    raw = [o for o in data if not o.protocol and not o.product]
    if raw:
        return _RAW, raw
    if by_kind[flow.HOST]:
        return _HOST, by_kind[flow.HOST]
    if [o for o in data if o.protocol]:
        return _PROTOCOL, [o for o in data if o.protocol]
    if data:
        return _PRODUCT, data
    if by_kind[flow.UNKNOWN]:
        return _UNKNOWN, by_kind[flow.UNKNOWN]
    return None


def _file_rule(leak: flow.Leak) -> tuple[str, list] | None:
    if leak.kind != flow.FILE:
        return None
    rule = _SHELL_FILE if SHELL_READABLE in leak.sink else _SHARED_FILE if SHARED_FOLDER in leak.sink else _RUNTIME_FILE
    return rule, list(leak.origins)


def _network_rule(leak: flow.Leak) -> tuple[str, list] | None:
    return (_NETWORK, list(leak.origins)) if leak.kind == flow.NET else None


def _secret_rule(leak: flow.Leak) -> tuple[str, list] | None:
    if leak.kind in (flow.FILE, flow.NET):
        return None  # the runtime-file and network-leak detectors'
    secrets = [o for o in leak.origins if o.kind == flow.SECRET]
    return (_SECRET, secrets) if secrets else None


_MEMO: list = []  # (resolver, leaks) of the last module: both detectors share one analysis


def _leaks(ctx: PythonContext) -> list[flow.Leak]:
    if _MEMO and _MEMO[0][0] is ctx.resolver:
        return _MEMO[0][1]
    leaks = flow.analyze(ctx.module, ctx.resolver)
    _MEMO[:] = [(ctx.resolver, leaks)]
    return leaks


def _hits(ctx: PythonContext, choose) -> Iterator[Hit]:
    leaks = _leaks(ctx)
    ruled = [(leak, *chosen) for leak in leaks if (chosen := choose(leak)) is not None]
    if not ruled:
        return
    wanted = [leak.node for leak, _, _ in ruled]
    for _, _, origins in ruled:
        wanted.extend(o.node for o in origins)
    where = locate(ctx.module, wanted, ctx.tree)
    lines = ctx.source.splitlines()
    seen: set[tuple[str, int]] = set()

    def place(entry) -> tuple[int, int]:
        line, column = where.get(id(entry[0].node), (0, 0))
        return line, -column  # the innermost sink of a line first: FLModel(...) inside send(...)

    for leak, rule, origins in sorted(ruled, key=place):
        line, column = where.get(id(leak.node), (0, 0))
        if (rule, line) in seen:
            continue  # `flare.send(FLModel(...))`: one finding per line
        seen.add((rule, line))
        # by place, then by what they are (two origins of one read: the message must not depend on set order);
        # a marker for what a bound of the analysis cut off is named after the real origins
        origins = sorted(origins, key=lambda o: (o.bound, where.get(id(o.node), (0, 0)), flow.describe(o)))
        first = origins[0]
        # a bound's marker equals its twins at other nodes (flow/values.py _marker), so the node a set kept is
        # whichever came first, in another module as often as here: its line would change from run to run
        src_line = 0 if first.bound else where.get(id(first.node), (0, 0))[0]
        source = flow.describe(first) + (f" at line {src_line}" if src_line else "")
        if len(origins) > 1:
            source += f" (and {len(origins) - 1} more)"
        snippet = lines[line - 1].strip() if 1 <= line <= len(lines) else ""
        yield Hit(rule, ctx.path, line, column, snippet[:240],
                  details={"name": leak.sink.removeprefix("builtins."), "source": source})


@python_detector("update-leak")
def update_leak(ctx: PythonContext) -> Iterator[Hit]:
    return _hits(ctx, _rule)


@python_detector("secret-leak")
def secret_leak(ctx: PythonContext) -> Iterator[Hit]:
    return _hits(ctx, _secret_rule)


@python_detector("network-leak")
def network_leak(ctx: PythonContext) -> Iterator[Hit]:
    return _hits(ctx, _network_rule)


@python_detector("runtime-file")
def runtime_file(ctx: PythonContext) -> Iterator[Hit]:
    return _hits(ctx, _file_rule)
