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
import re
import stat
from pathlib import Path
from typing import Iterator

from analyzer.engine.walk import walk


_LINK = "symlink:"
_UNHASHED = "unhashed"  # never a sha256: the job route's listing of that file differs from it
_NOT_COMPARED = "not hashed: not a hash in the record"  # never in a record
_HASH = re.compile(r"[0-9a-f]{64}")
# Bytes the deploy route hashes of the files the analysis did not judge (NVFlare's submission signature files, or
# files past limits.max_files in a job that is never accepted). The judged ones are recorded with the hash the
# analysis made; hashing them again, a 4 GB sparse file kept the site's client process busy for a minute after
# the analysis had refused to read it (session 43).
UNJUDGED_BYTES = 100_000_000


def _entries(folder: Path) -> Iterator[tuple[str, str, os.stat_result]]:
    """(relative path, path, lstat) of every entry; links to folders are among them, not entered."""
    for dirpath, _, names in walk(folder):
        rel_dir = os.path.relpath(dirpath, folder)
        for name in names:
            path = os.path.join(dirpath, name)
            yield (name if rel_dir == "." else f"{rel_dir}/{name}".replace(os.sep, "/")), path, os.lstat(path)


def _entry(path: str, st: os.stat_result) -> str:
    if stat.S_ISLNK(st.st_mode):
        return _LINK + os.readlink(path)
    return _sha256(path) if stat.S_ISREG(st.st_mode) else "special"


def listing(folder: Path, record: dict[str, str] | None = None) -> dict[str, str]:
    """{relative path: sha256 hex | 'symlink:<target>' | 'special'} of every entry. Against a deploy `record`,
    a regular file is hashed only where the record holds a hash for it: any other value (a file new since, or
    one too large to hash at deploy) differs from the record whatever its bytes, unread."""
    return {rel: _NOT_COMPARED if record is not None and stat.S_ISREG(st.st_mode) and not _HASH.fullmatch(
        record.get(rel, "")) else _entry(path, st) for rel, path, st in _entries(folder)}


def judged_listing(folder: Path, judged: dict[str, str]) -> dict[str, str]:
    """The folder's listing with the hashes of the bytes that were judged in place of what lies there now
    (a file changed after the gate read it then differs from the record, and the job route refuses it);
    files not judged are hashed within UNJUDGED_BYTES."""
    out: dict[str, str] = {}
    unjudged = UNJUDGED_BYTES
    for rel, path, st in _entries(folder):
        sha = judged.get(rel)
        if sha is not None:
            out[rel] = _entry(path, st) if _same_link(path, st, sha) else sha
        elif not stat.S_ISREG(st.st_mode):
            out[rel] = _entry(path, st)
        elif st.st_size > unjudged:
            out[rel] = _UNHASHED
        else:
            unjudged -= st.st_size
            out[rel] = _sha256(path)
    return out


def _same_link(path: str, st: os.stat_result, sha: str) -> bool:
    # The gate hashes a link by its target's text (collect._symlink): the same link is no change.
    return stat.S_ISLNK(st.st_mode) and hashlib.sha256(os.fsencode(os.readlink(path))).hexdigest() == sha


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
