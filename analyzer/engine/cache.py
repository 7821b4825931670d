"""Cache: analysis results keyed by content, so unchanged code is analysed once.

CI re-runs and the same job at many sites see the same bytes again and again.
An entry holds the findings of one Python file (with the hashes of the job's
modules its resolution reached, which must still match) or the file-level
findings of one job, under a key made of everything else the result depends
on: the bytes, the rule packs, the catalogue, the policy and jobgate's own
code and data (`engine_digest`). Entries are authenticated with an
HMAC key kept 0600 in the cache folder; an entry that is missing, corrupt,
foreign or tampered with is ignored and the file is analysed again, so the
cache can make a scan faster, never its decision different.

It guards against damage and mix-ups, not against someone who can write the
cache folder (they could replace the key too): never share it with writers
you do not trust.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import os
import re
import secrets
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from ..version import VERSION

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Finding

KEY_FILE = "key"
# An entry larger than this is not stored (a file with thousands of findings
# is cheaper to analyse again than to keep).
MAX_ENTRY_BYTES = 4_000_000
TAG_BYTES = 64  # an entry's first line: the hex HMAC-SHA256 of its key and body


def default_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "jobgate"


def _own_files(root: Path) -> list[tuple[str, ...]]:
    """The parts of every .py and .yaml file under analyzer/ and rules/, in path order
    (os.walk, not Path.rglob: every start walks them, and rglob took twice as long)."""
    found = []
    for folder in ("analyzer", "rules"):
        for top, dirs, files in os.walk(root / folder):
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            parts = Path(top).relative_to(root).parts
            found += [(*parts, name) for name in files if name.endswith((".py", ".yaml"))]
    return sorted(found)


# A file last changed well before it was read (2 s): one written twice within the file system's timestamp
# granularity can keep the same status (git's "racy clean" entries), so only settled files are trusted by it.
SETTLED_NS = 2_000_000_000
ENGINE_AREA = "engine"  # the subfolder of the default cache folder that keeps engine digests by file status


def file_status(path: Path | str) -> tuple:
    """What changes whenever a file's bytes do (the change time is set by every write; no one sets it back)."""
    st = os.stat(path)
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


def _content_digest(root: Path, files: list[tuple[str, ...]]) -> str:
    h = hashlib.sha256(VERSION.encode())
    for parts in files:
        name = "/".join(parts)
        with open(root / name, "rb") as f:
            h.update(name.encode() + b"\0" + f.read())
    return h.hexdigest()


@functools.lru_cache(maxsize=1)
def engine_digest() -> str:
    """jobgate's own code and data (analyzer/, rules/): any change is a new
    engine, whose results no earlier entry may stand for."""
    return own_files_digest(Path(__file__).resolve().parents[2], default_folder())


def own_files_digest(root: Path, folder: Path) -> str:
    """The digest of the bytes of `root`'s own files (2 MB for jobgate: hashing them was 4 % of a small
    job's scan). A start whose files all have the status an earlier start saw, every one settled then,
    takes that start's digest from `folder`."""
    files = _own_files(root)
    read_at = time.time_ns()
    top = str(root)  # each file's path a string: a Path for each of some 200 files was half of this at every start
    status = [(parts, file_status(os.path.join(top, *parts))) for parts in files]
    key = hashlib.sha256(repr((str(root), VERSION, status)).encode("utf-8", "surrogateescape")).hexdigest()
    store = ResultCache(folder, ENGINE_AREA)
    kept = store.read(key)
    if kept is not None and re.fullmatch(rb"[0-9a-f]{64}", kept):
        return kept.decode()
    digest = _content_digest(root, files)
    if all(max(s[3], s[4]) < read_at - SETTLED_NS for _, s in status):
        store.write(key, digest.encode())
    return digest


def key_of(*parts: str) -> str:
    """One cache key from the digests a result depends on (and the engine's)."""
    # surrogateescape: a file name need not be UTF-8 (it is still one exact key)
    return hashlib.sha256("\0".join((engine_digest(), *parts)).encode("utf-8", "surrogateescape")).hexdigest()


class ResultCache:
    def __init__(self, folder: Path, area: str = ""):
        """Entries under `folder` (or its subfolder `area`), authenticated with the folder's key."""
        self.folder = folder
        self._entries = folder / area if area else folder
        self._key = self._load_key()

    def _load_key(self) -> bytes | None:
        """The folder's HMAC key, made on first use; None (no caching) when the
        folder is unusable or the key file is readable by others."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            path = self.folder / KEY_FILE
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                if path.stat().st_mode & 0o077:
                    return None
                key = path.read_bytes()
                return key if len(key) == 32 else None
            with os.fdopen(fd, "wb") as f:
                key = secrets.token_bytes(32)
                f.write(key)
            return key
        except OSError:
            return None

    @property
    def usable(self) -> bool:
        return self._key is not None

    def _path(self, key: str) -> Path:
        return self._entries / key[:2] / key

    def read(self, key: str) -> bytes | None:
        """The body stored under `key`, if the entry is intact and was made by this cache."""
        if self._key is None:
            return None
        try:
            # The tag's line, then the body read into one object of its size: the entries a start reads (2.5 MB)
            # were copied twice more (the body out of the file's bytes, the HMAC's message), each copy of
            # 128 kB or more a fresh mapping of pages to fault in.
            with self._path(key).open("rb", buffering=0) as f:
                line, body = f.read(TAG_BYTES + 1), f.readall()
        except OSError:
            return None
        return body if hmac.compare_digest(line, self._tag(key, body) + b"\n") else None

    def _tag(self, key: str, body: bytes) -> bytes:
        tag = hmac.new(self._key, key.encode() + b"\n", hashlib.sha256)
        tag.update(body)
        return tag.hexdigest().encode()

    def write(self, key: str, body: bytes) -> None:
        if self._key is None or len(body) > MAX_ENTRY_BYTES:
            return
        tag = self._tag(key, body)
        path = self._path(key)
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as f:
                f.write(tag + b"\n" + body)
            os.replace(tmp, path)  # readers see the old entry or the new one, never half of one
        except OSError:  # a cache that cannot be written only costs time
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)

    def get(self, key: str, depends: dict[str, str] | None = None) -> list[Finding] | None:
        """The findings stored under `key`, if the entry is intact, was made by
        this cache, and the hashes it depends on are the ones in `depends`."""
        from ..model import Finding  # here: the CLI imports this module before the block that keeps dataclass code

        body = self.read(key)
        if body is None:
            return None
        try:
            entry = json.loads(body)
            if any((depends or {}).get(path) != sha for path, sha in entry["depends"].items()):
                return None
            return [Finding(**item) for item in entry["findings"]]
        except (ValueError, TypeError, KeyError, AttributeError):
            return None

    def put(self, key: str, findings: list[Finding], depends: dict[str, str] | None = None) -> None:
        entry = {"depends": depends or {}, "findings": [f.to_json() for f in findings]}
        self.write(key, json.dumps(entry, separators=(",", ":")).encode())
