"""Collect: a job folder, plain folder or single file -> the unit's content.

Every file of the unit is listed with its kind and sha256; nothing is skipped
silently. Whatever cannot be read whole (limits, symlinks, special files, a
malformed meta.json) becomes a finding, and a unit that was not read whole
gets a digest that can never match an approved one.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .digest import content_digest
from .model import FileEntry, Finding, GateError
from .policy import Limits

SERVER_SITE = "server"  # nvflare/apis/job_def.py: SERVER_SITE_NAME
# Written by `nvflare job submit` into every folder of the job, in place
# (nvflare/lighter/utils.py: sign_folders). RSA-PSS with a random salt, so they
# differ on every submission: they prove who sent the job, not what it does, and
# would otherwise give the same content a new digest each time. Data, never code.
SUBMISSION_SIGNATURES = frozenset({".__nvfl_sig.json", ".__nvfl_submitter.crt"})

_EXT_KINDS = {
    "python": {".py", ".pyw", ".pyi"},
    "notebook": {".ipynb"},
    "config": {".json", ".conf", ".yaml", ".yml", ".toml", ".cfg", ".ini", ".hocon"},
    "shell": {".sh", ".bash", ".zsh", ".ksh", ".csh", ".fish", ".bat", ".cmd", ".ps1"},
    # Compiled or loadable code: Python imports .pyc/.so/.pyd as readily as .py.
    "native": {".so", ".dll", ".dylib", ".pyd", ".exe", ".o", ".a", ".pyc", ".pyo", ".jar", ".class", ".wasm"},
    "data": {
        ".pkl", ".pickle", ".pt", ".pth", ".ckpt", ".joblib", ".npy", ".npz", ".h5", ".hdf5", ".onnx",
        ".safetensors", ".csv", ".tsv", ".parquet", ".feather", ".arrow", ".zip", ".tar", ".gz", ".tgz",
        ".bz2", ".xz", ".7z", ".whl", ".egg", ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff",
        ".dcm", ".nii", ".db", ".sqlite", ".shelve", ".dat", ".marshal", ".msgpack",
        ".bin",  # e.g. Hugging Face pytorch_model.bin, a pickle; native code is told by its magic bytes
    },
}
_MAGIC_NATIVE = (b"\x7fELF", b"MZ", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"\x00asm")


def classify(path: str, head: bytes) -> str:
    """The kind of a file from its name, with its first bytes overriding."""
    if head.startswith(_MAGIC_NATIVE):
        return "native"
    # NVFlare reads `resources.json.default` and the like as configs.
    base = path[: -len(".default")] if path.lower().endswith(".default") else path
    suffix = os.path.splitext(base)[1].lower()
    for kind, suffixes in _EXT_KINDS.items():
        if suffix in suffixes:
            return kind
    if head.startswith(b"#!"):
        first = head.split(b"\n", 1)[0]
        return "python" if b"python" in first else "shell"
    return "other"


@dataclass
class Content:
    """A unit's files and bytes: what the rest of the flow analyses."""

    target: str
    name: str
    unit_kind: str  # "nvflare-job", "app", "folder", "file"
    files: list[FileEntry]
    data: dict[str, bytes]  # bytes of files small enough to analyse, by path
    findings: list[Finding] = field(default_factory=list)
    complete: bool = True

    @property
    def digest(self) -> str:
        return content_digest(self.files, self.complete)


def _problem(rule: str, path: str, message: str, category: str = "unanalyzable") -> Finding:
    return Finding(
        rule=rule, category=category, severity="high", confidence="high", path=path, line=0, column=0,
        message=message, engine="jobgate", never_accept=True,
        why="The gate only accepts content it has read in full.",
    )


class _Collector:
    def __init__(self, limits: Limits):
        self.limits = limits
        self.files: list[FileEntry] = []
        self.data: dict[str, bytes] = {}
        self.findings: list[Finding] = []
        self.total = 0
        self.complete = True

    def add_tree(self, root: Path, prefix: str) -> None:
        # os.walk does not follow symlinked folders; symlinks are reported below.
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False, onerror=self._walk_error):
            dirnames.sort()
            rel_dir = os.path.relpath(dirpath, root)
            entries = filenames + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]
            for name in sorted(entries):
                rel = name if rel_dir == "." else f"{rel_dir}/{name}".replace(os.sep, "/")
                if name in SUBMISSION_SIGNATURES:
                    continue
                self.add_file(Path(dirpath) / name, prefix + rel)

    def _walk_error(self, err: OSError) -> None:
        self.complete = False
        self.findings.append(_problem("unanalyzable.unreadable", str(err.filename or ""), f"cannot list folder: {err.strerror}"))

    def add_file(self, path: Path, rel: str) -> None:
        if len(self.files) >= self.limits.max_files:
            if self.complete:
                self.findings.append(_problem(
                    "unanalyzable.limit-files", rel,
                    f"more than {self.limits.max_files} files (policy limits.max_files); the rest was not read"))
            self.complete = False
            return
        try:
            st = os.lstat(path)
        except OSError as err:
            self.complete = False
            self.findings.append(_problem("unanalyzable.unreadable", rel, f"cannot stat file: {err.strerror}"))
            return
        if stat.S_ISLNK(st.st_mode):
            target = os.readlink(path)
            self.files.append(FileEntry(rel, hashlib.sha256(("symlink:" + target).encode()).hexdigest(), "other", 0))
            self.findings.append(_problem(
                "unanalyzable.symlink", rel,
                f"symbolic link to {target!r}: a job must ship real files, links can point at site data",
                category="file-exfiltration"))
            return
        if not stat.S_ISREG(st.st_mode):
            self.complete = False
            self.findings.append(_problem("unanalyzable.special-file", rel, "not a regular file (device, socket or pipe)"))
            return
        self._read(path, rel, st.st_size)

    def _read(self, path: Path, rel: str, size: int) -> None:
        digest = hashlib.sha256()
        keep = size <= self.limits.max_file_bytes and self.total + size <= self.limits.max_total_bytes
        chunks: list[bytes] = []
        try:
            with open(path, "rb") as fh:
                while chunk := fh.read(1 << 20):
                    digest.update(chunk)
                    if keep:
                        chunks.append(chunk)
        except OSError as err:
            self.complete = False
            self.findings.append(_problem("unanalyzable.unreadable", rel, f"cannot read file: {err.strerror}"))
            return
        head = chunks[0][:64] if chunks else _head(path)
        kind = classify(rel, head)
        self.files.append(FileEntry(rel, digest.hexdigest(), kind, size))
        if keep:
            self.total += size
            self.data[rel] = b"".join(chunks)
        elif kind != "data":
            limit = "limits.max_file_bytes" if size > self.limits.max_file_bytes else "limits.max_total_bytes"
            self.findings.append(_problem(
                "unanalyzable.limit-size", rel, f"{size} bytes is over the policy's {limit}; not analysed"))


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(64)
    except OSError:
        return b""


def client_apps(meta: dict) -> list[str]:
    """App folders of an NVFlare job that are deployed to at least one client."""
    deploy_map = meta.get("deploy_map")
    if not isinstance(deploy_map, dict) or not deploy_map:
        raise ValueError("meta.json has no deploy_map object")
    apps = []
    for app, sites in deploy_map.items():
        if not isinstance(sites, list):
            raise ValueError(f"deploy_map[{app!r}] is not a list")
        names = [s.get("sites", []) if isinstance(s, dict) else [s] for s in sites]
        flat = [n for group in names for n in (group if isinstance(group, list) else [group])]
        if any(str(n) != SERVER_SITE for n in flat):
            apps.append(app)
    return sorted(apps)


def collect(target: str | os.PathLike, limits: Limits, app_name: str | None = None) -> Content:
    """Collect a unit. With `app_name`, `target` is one deployed NVFlare app
    folder (as a site sees it) and its paths are prefixed with the app's name,
    so that the digest equals the one of the job folder it came from."""
    root = Path(target)
    col = _Collector(limits)
    if not root.exists() and not root.is_symlink():
        raise GateError(f"{target}: no such file or folder")
    if root.is_file() and not root.is_symlink():
        col.add_file(root, root.name)
        return _content(col, root, root.stem, "file")
    if not root.is_dir():
        raise GateError(f"{target}: not a regular file or folder")
    if app_name is not None:
        col.add_tree(root, app_name.strip("/") + "/")
        return _content(col, root, app_name, "app")
    meta_path = root / "meta.json"
    if not meta_path.is_file():
        col.add_tree(root, "")
        return _content(col, root, root.name, "folder")
    try:
        meta = json.loads(meta_path.read_bytes())
        if not isinstance(meta, dict):
            raise ValueError("meta.json is not an object")
        apps = client_apps(meta)
    except (ValueError, UnicodeDecodeError) as err:
        col.findings.append(_problem("unanalyzable.meta-json", "meta.json", f"malformed NVFlare meta.json: {err}"))
        col.add_tree(root, "")
        return _content(col, root, root.name, "folder")
    name = meta.get("name") if isinstance(meta.get("name"), str) else root.name
    # Only the client apps reach a client (NVFlare deploys app folders, nothing
    # else of the job): server-only apps and top-level files must not change its digest.
    for app in apps:
        app_dir = root / app
        if not app_dir.is_dir() or app_dir.is_symlink():
            col.findings.append(_problem("unanalyzable.missing-app", app, f"deploy_map names app {app!r} but there is no such folder"))
            col.complete = False
            continue
        col.add_tree(app_dir, app + "/")
    return _content(col, root, name, "nvflare-job")


def _content(col: _Collector, root: Path, name: str, unit_kind: str) -> Content:
    files = sorted(col.files, key=lambda f: f.path)
    return Content(str(root), name, unit_kind, files, col.data, col.findings, col.complete)


def from_bytes(name: str, data: bytes, limits: Limits) -> Content:
    """A one-file unit from bytes in memory (rule examples, stdin)."""
    col = _Collector(limits)
    entry = FileEntry(name, hashlib.sha256(data).hexdigest(), classify(name, data[:64]), len(data))
    col.files.append(entry)
    col.data[name] = data
    return _content(col, Path(name), Path(name).stem, "file")
