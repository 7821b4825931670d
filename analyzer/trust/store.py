"""Content copies: the bytes a decision was made on, kept to be seen again.

One format serves the content store (approved and auto-accepted content, for
`allowlist recheck` and for diffs in `review show`) and the review queue
(escalated jobs waiting for a human). A copy is a folder:

    <copy>/meta.json     digest, name, unit kind, {path: sha256}, files not copied
    <copy>/content/...   the unit's files (plus NVFlare's meta.json for a job),
                         laid out so that `jobgate scan <copy>/content` sees
                         the same unit and the same digest again

Only `content.data` is copied, so a copy is bounded by the policy's limits;
files over the limits are listed in `not_copied`. The store is content-
addressed: `<store>/<hex of the digest>/`. Copies are written to a temporary
folder and renamed into place, so a reader never sees half a copy.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..engine.collect import Content
from ..engine.digest import PREFIX, content_digest, is_digest
from ..model import FileEntry, GateError

FORMAT = 1


class CopyDamaged(GateError):
    """A copy's bytes or file list no longer match its digest."""


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def default_store(allowlist_file: str | os.PathLike) -> Path:
    """The store lives beside the allowlist: `<allowlist>.store/`."""
    p = Path(allowlist_file)
    return p.with_name(p.name + ".store")


def store_path(store: Path, digest: str) -> Path:
    if not is_digest(digest):
        raise GateError(f"{digest!r} is not a content digest (sha256:<64 hex>)")
    return store / digest[len(PREFIX):]


@dataclass(frozen=True)
class Copy:
    root: Path
    meta: dict

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def digest(self) -> str:
        return self.meta["digest"]

    @property
    def name(self) -> str:
        return self.meta.get("name", "")

    @property
    def files(self) -> dict[str, str]:
        return self.meta["files"]

    @property
    def not_copied(self) -> dict[str, str]:
        return self.meta.get("not_copied", {})

    @property
    def launcher(self) -> dict | None:
        """The job's launcher settings, part of the digest (engine/launchers.py), or None."""
        return self.meta.get("launcher")

    @property
    def launcher_site(self) -> str | None:
        """The site whose launcher's resolution of them was judged (None: every site's)."""
        return self.meta.get("launcher_site")

    def scan_target(self) -> tuple[Path, str | None]:
        """What to hand to `api.scan` to analyse this copy again: (path, app_name)."""
        if self.meta.get("unit_kind") == "app":
            app = self.meta["name"]
            return self.content_dir / app, app
        if self.meta.get("unit_kind") == "file":
            return self.content_dir / next(iter(self.files)), None
        return self.content_dir, None

    def read(self, path: str) -> bytes | None:
        """A copied file's bytes, checked against its hash; None if not copied."""
        if path not in self.files or path in self.not_copied:
            return None
        try:
            data = (self.content_dir / safe_rel(path)).read_bytes()
        except OSError as err:
            raise CopyDamaged(f"{self.content_dir / path}: cannot read copied file: {err.strerror}") from None
        if hashlib.sha256(data).hexdigest() != self.files[path]:
            raise CopyDamaged(f"{self.content_dir / path}: bytes do not match the copy's hash (edited?)")
        return data


def safe_rel(path: str) -> Path:
    """A unit-relative path as a relative filesystem path that cannot escape."""
    parts = path.split("/")
    if not path or path.startswith("/") or any(p in ("", ".", "..") for p in parts) or "\x00" in path:
        raise GateError(f"{path!r}: not a safe relative path inside a unit")
    return Path(*parts)


def write_copy(dest: Path, content: Content, extra: dict | None = None,
               beside: dict[str, bytes] | None = None) -> None:
    """Write a copy of `content` at `dest` (which must not exist), atomically,
    with `extra` keys in its meta.json and `beside` files next to it."""
    data = content.data
    # Say why a file is missing: the collector's own finding, else the size limits.
    why = {f.path: f.message for f in content.findings if f.path}
    not_copied = {f.path: why.get(f.path, f"{f.size} bytes, over the policy's size limits")
                  for f in content.files if f.path not in data}
    meta = {
        "jobgate_copy": FORMAT,
        "digest": content.digest,
        "name": content.name,
        "unit_kind": content.unit_kind,
        "target": content.target,
        "complete": content.complete,
        "time": now(),
        "files": {f.path: f.sha256 for f in content.files},
        "kinds": {f.path: f.kind for f in content.files},
        "sizes": {f.path: f.size for f in content.files},
        "not_copied": not_copied,
        # The launcher settings are in the digest; the site is whose resolution of them was judged.
        **({"launcher": content.launcher, "launcher_site": content.site} if content.launcher is not None else {}),
        **(extra or {}),
    }
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=dest.parent))
    try:
        for rel, blob in data.items():
            entry = meta["files"].get(rel)
            if entry != hashlib.sha256(blob).hexdigest():
                raise GateError(f"{content.target}: {rel} changed between collection and copy")
            out = tmp / "content" / safe_rel(rel)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(blob)
        job_meta = _job_meta(content)
        if job_meta is not None:
            # Not part of the digest, but its deploy_map decides which apps are.
            (tmp / "content").mkdir(exist_ok=True)
            (tmp / "content" / "meta.json").write_bytes(job_meta)
            meta["job_meta"] = True
        for name, blob in (beside or {}).items():
            (tmp / name).write_bytes(blob)
        _write_json(tmp / "meta.json", meta)
        os.chmod(tmp, 0o755)  # mkdtemp makes it 0700; reviewers may be other users
        os.rename(tmp, dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _job_meta(content: Content) -> bytes | None:
    if content.unit_kind != "nvflare-job":
        return None
    try:
        return (Path(content.target) / "meta.json").read_bytes()
    except OSError:
        return None


def put(store: Path, content: Content) -> Path:
    """Keep a copy of `content` in the store (no-op when already there)."""
    dest = store_path(store, content.digest)
    if not (dest / "meta.json").is_file():
        try:
            write_copy(dest, content)
        except OSError as err:
            if not (dest / "meta.json").is_file():  # lost a race to an identical copy: fine
                raise GateError(f"{dest}: cannot write content copy: {err.strerror}") from None
    return dest


def put_copy(store: Path, src: Copy) -> Path:
    """Keep an existing copy (e.g. a queued job's) in the store."""
    dest = store_path(store, src.digest)
    if (dest / "meta.json").is_file():
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=dest.parent))
    try:
        if src.content_dir.is_dir():
            shutil.copytree(src.content_dir, tmp / "content", symlinks=True)
        meta = {k: v for k, v in src.meta.items() if k in _COPY_KEYS}
        _write_json(tmp / "meta.json", meta)
        os.chmod(tmp, 0o755)  # mkdtemp makes it 0700; reviewers may be other users
        os.rename(tmp, dest)
    except OSError as err:
        shutil.rmtree(tmp, ignore_errors=True)
        if not (dest / "meta.json").is_file():
            raise GateError(f"{dest}: cannot write content copy: {err.strerror}") from None
    return dest


_COPY_KEYS = ("jobgate_copy", "digest", "name", "unit_kind", "target", "complete", "time",
              "files", "kinds", "sizes", "not_copied", "job_meta", "launcher",
              "launcher_site")


def load(root: Path) -> Copy:
    """Read a copy and check it: every copied file matches its hash and the
    file list gives back the recorded digest. A reviewer must see exactly the
    bytes that their signature will cover."""
    try:
        meta = json.loads((root / "meta.json").read_bytes())
    except FileNotFoundError:
        raise GateError(f"{root}: no content copy here (meta.json missing)") from None
    except (OSError, ValueError) as err:
        raise GateError(f"{root / 'meta.json'}: unreadable copy metadata: {err}") from None
    if not isinstance(meta, dict) or meta.get("jobgate_copy") != FORMAT or not isinstance(meta.get("files"), dict):
        raise GateError(f"{root / 'meta.json'}: not a jobgate content copy")
    copy = Copy(root, meta)
    kinds = meta.get("kinds") if isinstance(meta.get("kinds"), dict) else {}
    entries = [FileEntry(p, h, str(kinds.get(p, "")), 0) for p, h in copy.files.items()]
    if content_digest(entries, bool(meta.get("complete", True)), copy.launcher) != copy.digest:
        raise CopyDamaged(f"{root / 'meta.json'}: file list does not match digest {copy.digest} (edited?)")
    for path in copy.files:
        copy.read(path)  # raises on a missing or altered file
    return copy


def load_digest(store: Path, digest: str) -> Copy | None:
    root = store_path(store, digest)
    return load(root) if (root / "meta.json").is_file() else None


def _write_json(path: Path, doc: dict) -> None:
    path.write_text(json.dumps(doc, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def replace_json(path: Path, doc: dict) -> None:
    """Replace a small JSON file atomically (write beside, then rename)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    _write_json(tmp, doc)
    os.replace(tmp, path)
