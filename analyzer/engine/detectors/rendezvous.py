"""Rendezvous: distributed training pointed at another machine.

`torch.distributed.init_process_group(init_method="tcp://host:port")` (or
`env://` with `MASTER_ADDR` set to a host) joins a process group whose other
members receive every tensor the collective operations exchange: parameters,
gradients, or whatever the job all-gathers. On one site that group is local
(loopback, several GPUs); a remote host in it is a second way out beside
NVFlare. The same holds for torch RPC, TCPStore, jax.distributed, Ray and
Dask clients. Remote -> critical; decided at run time -> a reviewer's call.
The job's config is checked by analyzer/detectors/configs.py (launcher
arguments and environment entries naming MASTER_ADDR or a rendezvous endpoint).
"""

from __future__ import annotations

from typing import Iterator
from urllib.parse import urlsplit

import libcst as cst

from ..flow.buffers import library_bases
from ..lists import matcher

from . import Hit, PythonContext, python_detector
from .paths import UNKNOWN, PathFolder, file_url_path, is_network, is_remote_url
from .telemetry import env_writes

_LOOPBACK = matcher("network", "loopback-hosts")

# name -> (index, keyword) of the address argument.
_ADDRESSED: dict[str, tuple[int | None, str]] = {
    "torch.distributed.init_process_group": (1, "init_method"),
    "torch.distributed.TCPStore": (0, "host_name"),
    "torch.distributed.rpc.TensorPipeRpcBackendOptions": (None, "init_method"),
    "torch.distributed.rpc.init_rpc": (None, "rpc_backend_options"),
    "deepspeed.init_distributed": (None, "init_method"),
    "jax.distributed.initialize": (0, "coordinator_address"),
    "ray.init": (0, "address"),
    "dask.distributed.Client": (0, "address"),
    "distributed.Client": (0, "address"),
    # Python's own inter-process connections, which take (host, port) as readily as a local socket path.
    "multiprocessing.connection.Client": (0, "address"),
    "multiprocessing.managers.BaseManager": (0, "address"),
    "multiprocessing.managers.SyncManager": (0, "address"),
}
# Environment variables that name a rendezvous host.
RENDEZVOUS_ENV = frozenset({"MASTER_ADDR", "MASTER_HOST", "RAY_ADDRESS", "JAX_COORDINATOR_ADDRESS",
                            "DASK_SCHEDULER_ADDRESS", "TORCHELASTIC_RDZV_ENDPOINT", "PET_RDZV_ENDPOINT",
                            "PET_MASTER_ADDR"})


def address_is_local(value: str) -> bool:
    """`tcp://127.0.0.1:29500`, `env://`, `file:///tmp/x`, `localhost:6379`, `0.0.0.0`, `auto`: on this
    machine (env:// defers to MASTER_ADDR, judged where it is set). Loopback hosts: rules/lists/network.yaml."""
    v = value.strip()
    if v.startswith(("file://", "/")):
        return not is_network(v)  # a file store on a network mount is a meeting place for other machines
    if v in ("", "auto", "local") or v.startswith("env://"):
        return True
    if "://" in v:
        try:
            host = urlsplit(v).hostname or ""
        except ValueError:
            return False
    elif v.startswith("[") and "]" in v:
        host = v[1:v.index("]")]  # [::1]:29500
    else:
        host = v.rsplit(":", 1)[0] if v.count(":") == 1 else v
    return _LOOPBACK.match(host) is not None


def off_machine_url(value: str) -> bool:
    """A URL to another machine (`http://0.0.0.0:5000`, a local tracking server, stays here; `file:///mnt/nfs/x`,
    a file on a network mount, does not)."""
    return is_remote_url(value) and not address_is_local(value) or file_url_path(value) is not None and is_network(value)


def _argument(call: cst.Call, index: int | None, keyword: str) -> cst.BaseExpression | None:
    for a in call.args:
        if a.keyword is not None and a.keyword.value == keyword:
            return a.value
    positional = [a for a in call.args if a.keyword is None and not a.star]
    return positional[index].value if index is not None and index < len(positional) else None


def _values(ctx: PythonContext, node: cst.BaseExpression, scope) -> tuple[list[str], bool]:
    """The addresses an argument may be (a (host, port) tuple reads as its host), and whether some
    value is unknown (a parameter, the environment, a value the gate cannot fold)."""
    folded = [v for v in PathFolder.of(ctx.resolver).fold(node, scope) if not v.isdigit()]
    known = sorted(v for v in folded if UNKNOWN not in v and not v.startswith(("${", "<")))
    return known, not folded or len(known) < len(folded)


def _judge(ctx: PythonContext, node: cst.CSTNode, what: str, value: cst.BaseExpression, scope) -> Iterator[Hit]:
    """A remote address the code names (a parameter's default counts: it is what runs unless a caller
    passes another) rejects; an address that is only known at run time escalates."""
    known, unknown = _values(ctx, value, scope)
    remote = next((v for v in known if not address_is_local(v)), None)
    if remote is not None:
        yield Hit("network.rendezvous-remote", ctx.path, node=node, details={"name": f"{what} = {remote!r}"})
    elif unknown:
        yield Hit("network.rendezvous-unresolved", ctx.path, node=node, details={"name": what})


def _addressed_base(r, names: frozenset) -> str | None:
    """The class of _ADDRESSED a job's class derives from: `class M(BaseManager): pass`, then
    `M(address=("10.0.0.5", 50000)).connect()`, the way multiprocessing's documentation uses a manager, passes
    the base its address (red team 60b). An `__init__` of the job's is not followed: the call's arguments
    are read where the base takes them."""
    for n in sorted(names):
        if n.startswith("<class>.") and "()" not in n:
            found = sorted(library_bases(r, n) & _ADDRESSED.keys())
            if found:
                return found[0]
    return None


@python_detector("rendezvous")
def rendezvous(ctx: PythonContext) -> Iterator[Hit]:
    r = ctx.resolver
    for use in r.calls:
        names = r.names(use.node.func, use.scope)
        name = next((n for n in sorted(names) if n in _ADDRESSED), None) or _addressed_base(r, names)
        if name is None:
            continue
        arg = _argument(use.node, *_ADDRESSED[name])
        if arg is None or name == "torch.distributed.rpc.init_rpc":
            continue  # the default (env://, a local cluster); rpc options are judged where they are built
        yield from _judge(ctx, use.node, name, arg, use.scope)
    for node, key, value, scope in env_writes(ctx):
        keys = {k for k in r.constants(key, scope) if isinstance(k, str)} & RENDEZVOUS_ENV
        if keys and value is not None:
            yield from _judge(ctx, node, f"os.environ[{sorted(keys)[0]!r}]", value, scope)
