"""One content digest for a unit: the identity that the allowlist signs.

`sha256:<hex>` over a canonical manifest of (relative path, entry type,
sha256 of bytes), sorted by path. The entry type (a file or a symbolic link)
is part of it because a text file holding `symlink:/data/x` and a link to
/data/x hash the same bytes yet are different things. It is the type, not the
classifier's kind (python, config, ...): that is derived from the name and
bytes already hashed, and a better classifier must not void every approval. It does not depend on where the unit lives, on mtimes or on
the order files were listed, and changes with any byte, name, addition or
removal. A unit that was not collected whole gets a digest that can never
equal the digest of a complete unit.

An NVFlare job whose meta.json gives launcher settings (a container image, an
interpreter, an entrypoint: launchers.py) has them as a `launcher` member, in
canonical JSON: an approval covers the image it was given with. A job without
any has no such member, so its digest is the one it always had.
"""

from __future__ import annotations

import hashlib
import json
from typing import Iterable

from ..model import FileEntry

PREFIX = "sha256:"
SYMLINK = "symlink"  # FileEntry.kind of a symbolic link (its "bytes" are its target)


def manifest(files: Iterable[FileEntry], complete: bool = True, launcher: dict | None = None) -> bytes:
    rows = sorted([f.path, entry_type(f), f.sha256] for f in files)
    # JSON keeps any file name unambiguous (newlines, quotes, non-ASCII).
    doc = {"jobgate-manifest": 2, "complete": complete, "files": rows}
    if launcher is not None:
        doc["launcher"] = json.loads(json.dumps(launcher, sort_keys=True))  # one order, whoever built the dict
    return json.dumps(doc, ensure_ascii=True, separators=(",", ":")).encode()


def entry_type(f: FileEntry) -> str:
    return SYMLINK if f.kind == SYMLINK else "file"


def content_digest(files: Iterable[FileEntry], complete: bool = True, launcher: dict | None = None) -> str:
    return PREFIX + hashlib.sha256(manifest(files, complete, launcher)).hexdigest()


def is_digest(text: str) -> bool:
    hexpart = text[len(PREFIX):]
    return text.startswith(PREFIX) and len(hexpart) == 64 and all(c in "0123456789abcdef" for c in hexpart)
