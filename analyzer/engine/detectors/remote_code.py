"""Remote code: code the job fetches at run time and then runs.

- `trust_remote_code` on any call (transformers' from_pretrained and pipeline,
  datasets.load_dataset, ...): the object the method is called on is often
  unresolvable (`AutoModel` from a star import, a class in a dict), so the
  detector looks at the keyword itself, and at `"trust_remote_code"` written as
  a string key (`kwargs["trust_remote_code"] = True`, `**{"trust_remote_code": 1}`);
- exec/eval/compile/marshal/pickle of what a network call returned, followed
  backwards through names, attributes and local functions.
"""

from __future__ import annotations

import re
from typing import Iterator

import libcst as cst

from ..resolve import Const
from . import Hit, PythonContext, python_detector
from .obfuscation import any_name, call_names, name_pattern, origins

_KEY = re.compile(r"""["']trust_remote_code["']\s*\]?\s*[:=,]\s*([\w.]+)""")
_FALSE = (False, None, 0, "", "false", "False", "0", "no")


def _falsy(r, value: cst.BaseExpression, scope) -> bool | None:
    """True if the value is surely false; False if it may be true: one of its values is a true constant (a false
    value in another branch must not turn the threat into a doubt); None if unknown."""
    values = r.values(value, scope)
    if any(isinstance(v, Const) and v.value not in _FALSE for v in values):
        return False
    if values and all(isinstance(v, Const) for v in values):
        return True
    return None


def _judged(ctx: PythonContext, value: cst.BaseExpression, scope, node, how: str) -> Iterator[Hit]:
    falsy = _falsy(ctx.resolver, value, scope)
    if falsy is not True:
        rule = "remote-code.trust-remote-code" if falsy is False else "remote-code.trust-remote-code-unresolved"
        yield Hit(rule, ctx.path, node=node, details={"name": f"'trust_remote_code' {how}set"})


_COMMIT = re.compile(r"^[0-9a-f]{40}$")


def _pinned(r, call: cst.Call, scope) -> bool:
    """`revision=` a full commit hash: the code that will run is fixed, so a reviewer can read it."""
    for a in call.args:
        if a.keyword is not None and a.keyword.value in ("revision", "code_revision"):
            consts = r.constants(a.value, scope)
            return len(consts) == 1 and isinstance(consts[0], str) and _COMMIT.match(consts[0]) is not None
    return False


@python_detector("trust-remote-code")
def trust_remote_code(ctx: PythonContext) -> Iterator[Hit]:
    r = ctx.resolver  # no search of the source's text first: `{"trust_rem" + "ote_code": True}` spells no "remote"
    for use in r.calls:
        for a in use.node.args:
            if a.keyword is None or a.keyword.value != "trust_remote_code":
                continue
            falsy = _falsy(r, a.value, use.scope)
            if falsy is True:
                continue
            names = sorted(call_names(r, use.node, use.scope))
            name = names[0] if names else (cst.Module([]).code_for_node(use.node.func)[:60])
            rule = "remote-code.trust-remote-code" if falsy is False else "remote-code.trust-remote-code-unresolved"
            if falsy is False and _pinned(r, use.node, use.scope):
                rule = "remote-code.trust-remote-code-pinned"
            yield Hit(rule, ctx.path, node=use.node, details={"name": f"{name}(trust_remote_code=...)"})
    # kw["trust_" + "remote_code"] = True / setattr(cfg, "trust_remote_" + "code", True): a folded key
    for use in r.stores:
        t = use.node
        if isinstance(t, cst.Subscript) and len(t.slice) == 1 and isinstance(t.slice[0].slice, cst.Index) \
                and "trust_remote_code" in r.constants(t.slice[0].slice.value, use.scope) and use.value is not None:
            yield from _judged(ctx, use.value, use.scope, t, "[...] = ")
    for use in r.calls:
        call = use.node
        if len(call.args) >= 3 and "builtins.setattr" in r.names(call.func, use.scope) \
                and "trust_remote_code" in r.constants(call.args[1].value, use.scope):
            yield from _judged(ctx, call.args[2].value, use.scope, call, "setattr(...) ")
        # `**{"trust_rem" + "ote_code": True}`, or a name bound to such a dict: a folded key handed as a keyword
        for a in call.args:
            if a.star != "**":
                continue
            for element in (e for d in r.dict_displays(a.value, use.scope) for e in d.elements if isinstance(e, cst.DictElement)):
                if "trust_remote_code" in r.constants(element.key, use.scope):
                    yield from _judged(ctx, element.value, use.scope, call, "{...} ")
    for m in _KEY.finditer(ctx.source):
        value = m.group(1)
        if value in ("False", "None", "0"):
            continue
        line = ctx.source.count("\n", 0, m.start()) + 1
        col = m.start() - (ctx.source.rfind("\n", 0, m.start()) + 1)
        rule = "remote-code.trust-remote-code" if value in ("True", "1") else "remote-code.trust-remote-code-unresolved"
        yield Hit(rule, ctx.path, line, col, details={"name": f"'trust_remote_code' set to {value}"})


# Calls whose result is bytes or text from the network.
_FETCH = (
    "requests.*", "requests.Session().*", "requests.session().*", "httpx.*", "httpx.Client().*",
    "httpx.AsyncClient().*", "urllib.request.urlopen", "urllib.request.urlopen().*", "urllib.request.Request",
    "urllib.request.build_opener().open", "urllib.request.urlretrieve", "urllib2.urlopen", "urllib3.*",
    "urllib3.PoolManager().*", "http.client.HTTPConnection().getresponse", "http.client.HTTPSConnection().getresponse",
    "aiohttp.ClientSession().*", "socket.socket().recv*", "socket.create_connection().recv*", "ftplib.FTP().*",
    "pycurl.*", "websocket.*", "websockets.*", "xmlrpc.client.ServerProxy", "paramiko.*", "boto3.*",
    "smart_open.open", "fsspec.open", "huggingface_hub.hf_hub_download", "torch.hub.download_url_to_file",
    "wget.download", "gdown.download",
)
name_pattern(_FETCH)  # compiled as the module is imported: kept between starts (regexes.glob)
_RUNNERS = frozenset(("builtins.exec", "builtins.eval", "builtins.compile", "builtins.execfile", "marshal.loads",
            "pickle.loads", "pickle.load", "dill.loads", "cloudpickle.loads", "types.FunctionType",
            "runpy.run_path", "runpy.run_module", "importlib.import_module", "builtins.__import__"))


@python_detector("exec-downloaded")
def exec_downloaded(ctx: PythonContext) -> Iterator[Hit]:
    r = ctx.resolver
    for use in r.calls:
        call = use.node
        if not call.args:
            continue
        runners = call_names(r, call, use.scope) & _RUNNERS
        if not runners:
            continue
        runner = min(runners)
        for n, s in origins(r, call.args[0].value, use.scope):
            if not isinstance(n, cst.Call):
                continue
            fetched = any_name(call_names(r, n, s), _FETCH)
            if fetched:
                yield Hit("remote-code.exec-downloaded", ctx.path, node=call,
                          details={"name": f"{runner.removeprefix('builtins.')}(... {fetched} ...)"})
                break
