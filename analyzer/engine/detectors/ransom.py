"""Ransomware: a module that encrypts with a cipher library and walks a folder that is not the job's own.

The loop public ransomware samples share (`for root, _, files in os.walk(os.path.expanduser("~")): ...
open(p, "wb").write(Fernet(key).encrypt(data))`, AES through PyCryptodome, pyAesCrypt.encryptFile) is a
walk over the home folder, a drive or the site's data and a cipher's encrypt call: each is ordinary alone
(a job encrypts an update it sends; it lists its data folder), so the rule asks for both in one job: the walk
in the encrypting module or in any other of the job's (walk, encrypt and delete split over three modules). What
counts as either is data (rules/lists/ransom.yaml); a walked folder is read as the path rules read a
destination (PathFolder.fold), and only one provably inside the job's workspace or scratch is the job's own.
"""

from __future__ import annotations

from typing import Iterator

import libcst as cst

from ..lists import matcher
from ..resolve import Resolver
from . import Hit, PythonContext, python_detector
from .paths import PathFolder, _arg, _in_job

_ENCRYPTS = matcher("ransom", "cipher-encrypts")
_WALKERS = matcher("ransom", "folder-walkers")
_PATH_WALKERS = matcher("ransom", "path-walkers")


def _walked_outside(r: Resolver) -> str | None:
    """A folder the module walks that may lie outside the job's workspace, if any (as the fold reads it)."""
    folder = PathFolder.of(r)
    for use in r.calls:
        call, scope = use.node, use.scope
        if any(_WALKERS.match(n) for n in folder.call_names(call, scope)):
            root = _arg(call, 0, "top") or _arg(call, 0, "path") or _arg(call, 0, "pathname")
        elif isinstance(call.func, cst.Attribute) and _PATH_WALKERS.match(call.func.attr.value) \
                and any(n.startswith("pathlib.") for n in folder.call_names(call, scope)):
            root = call.func.value
        else:
            continue
        if root is None:
            continue  # the current folder: the job's workspace
        outside = sorted(p for p in folder.fold(root, scope) if not _in_job(p))
        if outside:
            return outside[0]
    return None


def _walked_by_job(r: Resolver) -> str | None:
    """A folder outside the workspace this module or another of the job's walks, the other's file named."""
    walked = _walked_outside(r)
    if walked is not None or r.program is None:
        return walked
    for other in r.program.every_module(r.path):
        if other.path != r.path and (walked := _walked_outside(other)) is not None:
            return f"{walked} in {other.path.rsplit('/', 1)[-1]}"
    return None


@python_detector("ransom-encrypt")
def ransom_encrypt(ctx: PythonContext) -> Iterator[Hit]:
    r = ctx.resolver  # no search of the source's text first: `getattr(f, "en" + "crypt")` spells neither word
    encrypts = [(use.node, name) for use in r.calls
                for name in sorted(r.names(use.node.func, use.scope)) if _ENCRYPTS.match(name)]
    if not encrypts:
        return
    walked = _walked_by_job(r)
    if walked is None:
        return
    for node, name in encrypts:
        yield Hit("file-exfiltration.ransom-encrypt", ctx.path, node=node, details={"name": name, "path": walked})
