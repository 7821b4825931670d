"""What a deployed app folder holds, byte for byte: the deploy route records it,
the job route compares against it.

Plain os/hashlib on purpose: the job route's usual work is this comparison, and
a fresh job process should not have to load the analysis engine for it. Every
entry counts (NVFlare's own signature files too), so nothing in the folder can
change between deploy and launch unnoticed.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from analyzer.engine.walk import walk


_LINK = "symlink:"


def listing(folder: Path) -> dict[str, str]:
    """{relative path: sha256 hex | 'symlink:<target>' | 'special'} of every entry."""
    out: dict[str, str] = {}
    for dirpath, _, names in walk(folder):  # links to folders are among the names
        rel_dir = os.path.relpath(dirpath, folder)
        for name in names:
            path = os.path.join(dirpath, name)
            rel = name if rel_dir == "." else f"{rel_dir}/{name}".replace(os.sep, "/")
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                out[rel] = _LINK + os.readlink(path)
            elif stat.S_ISREG(st.st_mode):
                out[rel] = _sha256(path)
            else:
                out[rel] = "special"
    return out


def judged_listing(folder: Path, judged: dict[str, str]) -> dict[str, str]:
    """The folder's listing with the hashes of the bytes that were judged in
    place of what lies there now: a file changed after the gate read it then
    differs from the record, and the job route refuses it."""
    out = listing(folder)
    for rel, sha in judged.items():
        now = out.get(rel, "")
        # The gate hashes a link by its target's bytes (collect._symlink): the same link is no change.
        same_link = now.startswith(_LINK) and hashlib.sha256(os.fsencode(now[len(_LINK):])).hexdigest() == sha
        if not same_link:
            out[rel] = sha
    return out


def _sha256(path: str) -> str:
    """A regular file's hash, "special" if it is no longer one when opened: a file swapped for a link
    (never followed) or a FIFO (never waited on) after the listing's lstat is a change, never a hang."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError:
        return "special"
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return "special"
        h = hashlib.sha256()
        while chunk := fh.read(1 << 20):
            h.update(chunk)
        return h.hexdigest()


def differences(before: dict[str, str], now: dict[str, str]) -> list[str]:
    return sorted(p for p in set(before) | set(now) if before.get(p) != now.get(p))
