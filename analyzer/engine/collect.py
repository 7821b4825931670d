"""Collect: a job folder, plain folder or single file -> the unit's content.

Every file of the unit is listed with its kind and sha256; nothing is skipped
silently. Whatever cannot be read whole (limits, symlinks, special files, a
malformed meta.json) becomes a finding, and a unit that was not read whole
gets a digest that can never match an approved one.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .digest import SYMLINK, content_digest
from .json_keys import loads_noting_repeats
from .notebooks import markdown_notebook
from .walk import walk
from ..model import FileEntry, Finding, GateError
from ..policy import Limits

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
# The order in which a unit's files meet its budgets (limits.max_files,
# limits.max_total_bytes), by the kind their name and first bytes give: what
# can run first, then configs (they say what runs), then text that may be code
# under another name, then data. Padding of a later kind never pushes out an
# earlier one. Within a kind, smallest first (docs/architecture.md, "Budgets").
_READ_ORDER = {kind: i for i, kind in enumerate(("python", "notebook", "shell", "native", "config", "other", "data"))}
_CONFIG_RANK = _READ_ORDER["config"]  # the kinds before it are code
# Entries listed at most, as a multiple of limits.max_files: listing is bounded too.
LISTING_FACTOR = 100
# Bytes of listed names at most, per entry the listing may hold: listing runs in the site's own process, and
# names near PATH_MAX (fourteen folders of 250-byte names, 50,000 files in the last) held 450 MB there and took
# 42 s to rank (hardening55); at the entry bound, four times that.
LISTING_NAME_BYTES = 80
# Bytes a unit's files are read for their hashes at most, as a multiple of limits.max_total_bytes (of 100 MB at
# least, so that a small limit in a test or a CI policy changes no hash): a 4 GB sparse file (a few KB on disk)
# took 90 s to hash, a terabyte would take hours of the site's deploy. Past it a file is listed with its size,
# unread, and the unit's digest is marked incomplete (never accepted, never approvable).
HASHED_FACTOR = 10
HASHED_FLOOR = 100_000_000
# Files named in the finding that reports the files left out by limits.max_files.
NAMED_SKIPPED = 10
# Dockerfiles and Makefiles: their lines are shell commands whoever builds the job runs.
BUILD_FILE = re.compile(r"(^|/)(Dockerfile|Containerfile|GNUmakefile|Makefile)([.-][\w.-]+)?$|\.(mk|dockerfile)$",
                        re.IGNORECASE)
# Requirements files: pip installs what they name, so padding must not push them out of the read (ranked as scripts).
REQUIREMENTS_FILE = re.compile(r"(^|/)([\w.-]*requirements[\w.-]*\.(txt|in)|constraints[\w.-]*\.txt)$", re.IGNORECASE)
# The first bytes a file's kind is told from: a magic number, a shebang, a markdown notebook's front matter.
HEAD_BYTES = 4096
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
    if markdown_notebook(suffix, head):
        return "notebook"
    if BUILD_FILE.search(path):
        return "shell"  # commands a build runs: read as early as scripts, never pushed out by padding
    if head.startswith(b"#!"):
        first = head[:64].split(b"\n", 1)[0]  # the line as far as the kind was always told from it
        return "python" if b"python" in first else "shell"
    return "other"


def _peek(path: Path, limit: int) -> tuple[int, bytes]:
    """(size, first `limit` bytes) of a listed regular file, as add_file reads it: never through a link,
    never waiting on a FIFO; (0, b"") for what cannot be peeked. Only a regular file is opened: opening
    a device has effects of its own (a watchdog starts its timer, a tape rewinds), a FIFO's writer wakes."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return 0, b""
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError:
        return 0, b""
    try:
        st = os.fstat(fd)
        if stat.S_ISREG(st.st_mode):
            return st.st_size, os.read(fd, limit) if limit else b""
    except OSError:
        pass
    finally:
        os.close(fd)
    return 0, b""


def _rank(path: Path, rel: str, named: frozenset[str] = frozenset()) -> tuple[int, int]:
    """A listed entry's place in the read order: its kind (from its name and
    first bytes, so a shebang or an ELF header under a data name counts as
    code), then its size. What cannot be peeked keeps its name's kind.
    A name padded with spaces ranks as the name without them: `train.py `
    is a file a launcher may run (red team 21), never pushed out by padding.
    A file whose name the unit's configs mention ranks as Python, whatever its
    name: a launcher runs `python3 custom/train.txt` (its kind is the name's,
    and padding of that kind would push it out). Any file can rank as Python
    by being named `.py`, so naming files in a config gives padding nothing new. A requirements file ranks as
    a script (a notebook's `pip install -r` reads it). A `.pth` in text is code too: site.py runs its `import`
    lines (files.pth-hook; ranked as data, weights' name, padding pushed it out and its reject became an
    escalation). Text is told as the hook's detector tells it, by no NUL (detectors/files.py is_plain_text, here on
    the first bytes): torch.save's zip and pickle both hold NULs in their first bytes."""
    size, head = _peek(path, HEAD_BYTES)
    if _base(rel) in named or (rel.strip().lower().endswith(".pth") and b"\0" not in head):
        return _READ_ORDER["python"], size
    if REQUIREMENTS_FILE.search(rel.strip()):
        return _READ_ORDER["shell"], size
    return _READ_ORDER.get(classify(rel.strip(), head), len(_READ_ORDER)), size


def _base(rel: str) -> str:
    return rel.rsplit("/", 1)[-1].strip()


# Words of a config: what a launcher's command line, a script key or a component path can name.
_CONFIG_WORD = re.compile(r"[^\s\"'`,;=\[\]{}()<>|&]+")
_QUOTED = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\n]|\'\')*)\'')
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)")
_ESCAPED = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "b": "\b", "f": "\f"}


def _unescaped(text: str) -> str:
    """A quoted string as JSON, HOCON or YAML reads it (`\\u002e`, `\\x2e`, `\\/`; a surrogate pair joined)."""
    def one(m: re.Match) -> str:
        code = m.group(1)
        if len(code) == 1:
            return _ESCAPED.get(code, code)
        point = int(code[1:], 16)
        return chr(point) if point <= 0x10FFFF else "\ufffd"
    return _ESCAPE.sub(one, text).encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def names_mentioned(text: str) -> set[str]:
    """The last path part of every word a config's text holds, read raw and with its quoted strings
    unescaped; a quoted string is also one word (a name with spaces)."""
    words = set(_CONFIG_WORD.findall(text))
    for m in _QUOTED.finditer(text):
        quoted = _unescaped(m.group(1)) if m.group(1) is not None else m.group(2).replace("''", "'")
        words.add(quoted)
        words.update(_CONFIG_WORD.findall(quoted))
    return {w.rsplit("/", 1)[-1].strip() for w in words} - {""}


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
    # The job's launcher settings (launchers.py `choices`): part of the digest when there are any.
    launcher: dict | None = None
    # The site whose launcher runs the unit (a site's gate), None before submission: judged for every site.
    site: str | None = None
    # pattern -> whether some file's bytes match it (Content.spells); a replaced Content starts empty
    _spelled: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def digest(self) -> str:
        return content_digest(self.files, self.complete, self.launcher)

    def spells(self, pattern: re.Pattern) -> bool:
        """Whether the bytes of any file of the unit match `pattern`, searched once per unit: every install line of
        every notebook and shell script asks whether the job names pip's settings (a search of all its bytes)."""
        found = self._spelled.get(pattern)
        if found is None:
            found = self._spelled[pattern] = any(pattern.search(d) for d in self.data.values() if d is not None)
        return found


class NothingToAnalyse(GateError):
    """The target holds no file and no problem to report: a usage error."""


_LARGE = ("Keep data sets, checkpoints and caches out of the job (the site provides the data, the server the model), "
          "or ask the site to raise the limit the message names.")
# How to pass each collection problem (every finding a user reads carries a fix).
_FIXES = {
    "unanalyzable.limit-files": _LARGE,
    "unanalyzable.limit-size": _LARGE,
    "unanalyzable.unreadable": "Make every file and folder of the job readable, or remove it from the job.",
    "unanalyzable.symlink": "Replace the link with a copy of the file inside the job, or remove it.",
    "unanalyzable.special-file": "Remove it: a job ships regular files and folders only.",
    "unanalyzable.changed-while-read": "Scan the job again once nothing is writing to it.",
    "unanalyzable.case-collision": "Rename one of the two files so that no two names differ only in case.",
    "unanalyzable.meta-json": "Make the job's meta a valid JSON object that gives each key once, as NVFlare reads it.",
    "unanalyzable.missing-app": "Add the app folder that deploy_map names, or correct the name in deploy_map.",
}


def _problem(rule: str, path: str, message: str, category: str = "unanalyzable") -> Finding:
    return Finding(
        rule=rule, category=category, severity="high", confidence="high", path=path, line=0, column=0,
        message=message, engine="jobgate", never_accept=True,
        why="The gate only accepts content it has read in full.", fix=_FIXES[rule],
    )


class _Collector:
    def __init__(self, limits: Limits):
        self.limits = limits
        self.files: list[FileEntry] = []
        self.data: dict[str, bytes] = {}
        self.findings: list[Finding] = []
        self.total = 0
        self.hashed = 0  # bytes read for hashes, at most hash_budget
        self.hash_budget = HASHED_FACTOR * max(limits.max_total_bytes, HASHED_FLOOR)
        self.complete = True
        self.listed: list[tuple[Path, str]] = []
        self.skipped: list[str] = []  # left out by limits.max_files, in read order
        self.complete_listing = True
        self.listed_bytes = 0  # of the names listed, over the whole unit

    def add_tree(self, root: Path, prefix: str) -> None:
        """List every entry under `root`; `read_listed` reads them. The listing
        is bounded over the whole unit (every tree added to it)."""
        cap = LISTING_FACTOR * self.limits.max_files
        for path, rel in self._listing(root, prefix):
            self.listed_bytes += len(rel)
            if len(self.listed) >= cap or self.listed_bytes > cap * LISTING_NAME_BYTES:
                if self.complete_listing:
                    self.findings.append(_problem(
                        "unanalyzable.limit-files", "",
                        f"more than {cap} entries or {cap * LISTING_NAME_BYTES} bytes of names ({LISTING_FACTOR} "
                        f"times the policy's limits.max_files); the rest (from {rel[:200]} on) was not listed"))
                self.complete = self.complete_listing = False
                return
            self.listed.append((path, rel))

    def read_listed(self) -> None:
        """Read what was listed, whole unit at once (every client app together),
        in _READ_ORDER: code and configs meet the budgets before anything else
        does, so padding a job with data cannot push its code out."""
        named = self._named_by_configs()
        ranked = sorted((*_rank(path, rel, named), rel, path) for path, rel in self.listed)
        self.listed = []
        for _, _, rel, path in ranked:
            self.add_file(path, rel)
        if self.skipped:
            # once max_files are read every later entry is left out: the skipped are the tail of the order
            self._report_skipped(sum(1 for kind, *_ in ranked[-len(self.skipped):] if kind < _CONFIG_RANK))

    def _named_by_configs(self) -> frozenset[str]:
        """The listed names the unit's configs and shell scripts mention (names_mentioned: a launcher's command, a
        script's `tail -n 1 NOTES.md`), read as the budgets would read them: smallest first, each within
        max_file_bytes, all within max_total_bytes. Only names of listed files are kept: this runs in the site's
        own process, and 70 MB of configs of distinct words held 2 GB there."""
        listed = {_base(rel) for _, rel in self.listed}
        configs = []
        for path, rel in self.listed:
            if classify(rel.strip(), b"") in ("config", "shell"):
                size = _peek(path, 0)[0]
                if size <= self.limits.max_file_bytes:
                    configs.append((size, rel, path))
        named: set[str] = set()
        budget = self.limits.max_total_bytes
        for size, _, path in sorted(configs):
            if size > budget:
                break
            data = _peek(path, size)[1]
            budget -= len(data)
            named |= names_mentioned(data.decode("utf-8", "replace")) & listed
        return frozenset(named)

    def _report_skipped(self, code: int) -> None:
        """One finding about the unit (which files are left out moves with every file added). It names every
        code file left out (up to max_files of them), since 2,500 padding scripts push out a payload that
        sorts after them, and then the first NAMED_SKIPPED of the rest."""
        shown = max(NAMED_SKIPPED, min(code, self.limits.max_files))
        named = ", ".join(self.skipped[:shown]) + (" ..." if len(self.skipped) > shown else "")
        self.findings.append(_problem(
            "unanalyzable.limit-files", "",
            f"more than {self.limits.max_files} files (policy limits.max_files); {len(self.skipped)} not read "
            f"({code} of them code), first (in read order: code, configs, text, data; smaller first): {named}"))

    def _listing(self, root: Path, prefix: str) -> Iterator[tuple[Path, str]]:
        # Symlinked folders are not entered but listed as names; symlinks are reported in add_file.
        for dirpath, _, names in walk(root, onerror=lambda err: self._walk_error(err, root, prefix)):
            rel_dir = os.path.relpath(dirpath, root)
            for name in names:
                if name not in SUBMISSION_SIGNATURES:
                    rel = name if rel_dir == "." else f"{rel_dir}/{name}".replace(os.sep, "/")
                    yield Path(dirpath) / name, prefix + rel

    def _walk_error(self, err: OSError, root: Path, prefix: str) -> None:
        self.complete = False
        where = prefix + os.path.relpath(err.filename, root).replace(os.sep, "/") if err.filename else ""
        self.findings.append(_problem("unanalyzable.unreadable", where, f"cannot list folder: {err.strerror}"))

    def add_file(self, path: Path, rel: str) -> None:
        if len(self.files) >= self.limits.max_files:
            self.complete = False
            self.skipped.append(rel)
            return
        try:
            st = os.lstat(path)
        except OSError as err:
            self._unreadable(rel, f"cannot stat file: {err.strerror}")
            return
        if stat.S_ISLNK(st.st_mode):
            self._symlink(path, rel)
        elif not stat.S_ISREG(st.st_mode):
            self._special(rel, st.st_mode)
        else:
            self._read(path, rel)

    def _unreadable(self, rel: str, why: str) -> None:
        self.complete = False
        self.findings.append(_problem("unanalyzable.unreadable", rel, why))

    def _symlink(self, path: Path, rel: str) -> None:
        # Never followed: the link itself (its target text) is the entry.
        try:
            target = os.readlink(path)
        except OSError as err:
            self._unreadable(rel, f"cannot read symbolic link: {err.strerror}")
            return
        blob = os.fsencode(target)
        self.files.append(FileEntry(rel, hashlib.sha256(blob).hexdigest(), SYMLINK, len(blob)))
        self.findings.append(_problem(
            "unanalyzable.symlink", rel,
            f"symbolic link to {target!r}: a job must ship real files, links can point at site data",
            category="file-exfiltration"))

    def _special(self, rel: str, mode: int) -> None:
        what = ("FIFO" if stat.S_ISFIFO(mode) else "socket" if stat.S_ISSOCK(mode)
                else "device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "special file")
        self.complete = False
        self.findings.append(_problem("unanalyzable.special-file", rel, f"not a regular file ({what}); never read"))

    def _read(self, path: Path, rel: str) -> None:
        """Hash and keep a regular file's bytes, read once.

        Opened without following links and without blocking, then checked
        again on the open descriptor: a file swapped for a link or a FIFO after
        the lstat is never followed out of the job nor waited on."""
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
        except OSError as err:
            self._unreadable(rel, f"cannot read file: {err.strerror}")
            return
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                self._special(rel, st.st_mode)
                return
            size = st.st_size
            if self.hashed + size > self.hash_budget:
                self._unhashed(rel, size)
                return
            keep = self._keeps(rel, b"", size)
            digest, chunks, read = hashlib.sha256(), [], 0
            try:
                # At most one byte past the size fstat gave: a file that grows as fast as it is read
                # (a writer racing the gate) ends the read all the same, and is named below.
                while chunk := fh.read(min(1 << 20, size + 1 - read)):
                    digest.update(chunk)
                    read += len(chunk)
                    if not chunks:
                        keep = self._keeps(rel, chunk[:HEAD_BYTES], size)
                    if keep or not chunks:
                        chunks.append(chunk)
                after = os.fstat(fd)
            except OSError as err:
                self._unreadable(rel, f"cannot read file: {err.strerror}")
                return
        if read != size or (after.st_size, after.st_mtime_ns) != (size, st.st_mtime_ns):
            # What is judged is the bytes read, and they are hashed as such; but what runs is the file
            # as it is later: a file that changes while the gate reads it is never accepted unseen.
            self.complete = False
            self.findings.append(_problem("unanalyzable.changed-while-read", rel, (
                f"the file changed while it was read ({size} bytes when opened, {read} read, "
                f"{after.st_size} after); judged as read, and never accepted as such")))
        if st.st_nlink > 1:
            self.findings.append(Finding(
                rule="collect.hard-link", category="file-exfiltration", severity="info", confidence="high",
                path=rel, line=0, column=0, engine="jobgate",
                message=f"hard link ({st.st_nlink} names for these bytes); analysed as the bytes it holds",
                fix="Nothing to change for the gate; ship a copy of the file if the link was not meant."))
        size = read  # what was hashed, whatever the size said before reading
        self.hashed += read
        kind = classify(rel, chunks[0][:HEAD_BYTES] if chunks else b"")
        keep = keep and self._keeps(rel, chunks[0][:HEAD_BYTES] if chunks else b"", size)
        self.files.append(FileEntry(rel, digest.hexdigest(), kind, size))
        if keep:
            self.total += size
            self.data[rel] = b"".join(chunks)
        if size > self.limits.max_file_bytes and kind != "data":
            self.findings.append(_problem("unanalyzable.limit-size", rel, (
                f"{size} bytes is over the policy's limits.max_file_bytes; "
                + ("analysed apart, in a limited worker" if keep else "not analysed"))))
        elif not keep and kind != "data":
            self.findings.append(_problem(
                "unanalyzable.limit-size", rel, f"{size} bytes is over the policy's limits.max_total_bytes; not analysed"))

    def _unhashed(self, rel: str, size: int) -> None:
        self.complete = False
        self.files.append(FileEntry(rel, "", classify(rel, b""), size))  # no hash: no bytes were read
        self.findings.append(_problem("unanalyzable.limit-size", rel, (
            f"{size} bytes, past the {self.hash_budget} bytes a unit's files are read for their hashes "
            f"({HASHED_FACTOR} times the policy's limits.max_total_bytes); neither read nor hashed, so the job can "
            "never be accepted nor approved as it is")))

    def _keeps(self, rel: str, head: bytes, size: int) -> bool:
        """Whether a file's bytes are kept for analysis. Python past
        max_file_bytes is kept too (within max_total_bytes): padding a file
        must not hide what it runs; its own limit finding keeps it from an
        accept, and the screen sends a file that large to a limited worker.
        So is a notebook (outputs that never run must not hide its cells): it
        is read in a limited worker (detectors/notebooks.py)."""
        if self.total + size > self.limits.max_total_bytes:
            return False
        return size <= self.limits.max_file_bytes or classify(rel, head) in ("python", "notebook")

    def case_collisions(self) -> None:
        """Names equal but for case: on a case-insensitive file system only one
        of them exists, so which code runs there is not what was analysed."""
        seen: dict[str, str] = {}
        for f in sorted(self.files, key=lambda f: f.path):
            other = seen.setdefault(f.path.casefold(), f.path)
            if other != f.path:
                self.findings.append(_problem(
                    "unanalyzable.case-collision", f.path,
                    f"{f.path!r} and {other!r} differ only in case: a case-insensitive file system "
                    "keeps one of them, and the gate cannot tell which"))


def participants(sites: object) -> list:
    """The site names of one deploy_map value, read as NVFlare 2.9 reads them
    (nvflare/private/fed/utils/fed_utils.py: extract_participants, used by the
    job scheduler, job runner and meta validator): a string, a list of strings
    and {"sites"|"targets": [...]} items, or one {"targets"|"sites": [...]}
    object. Anything else is refused there, and here."""
    if isinstance(sites, str):
        sites = [sites]
    elif isinstance(sites, dict):
        if "targets" in sites:
            sites = sites["targets"]
        elif "sites" in sites:
            sites = sites["sites"]
        else:
            raise ValueError(f"entry keys {sorted(sites)}: expected 'targets' or 'sites'")
    if not isinstance(sites, list):
        raise ValueError(f"sites must be a list, string or object, got {type(sites).__name__}")
    names = []
    for item in sites:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict):
            # job_meta_validator.py: _validate_deploy_map refuses other keys.
            unknown = set(item) - {"sites", "targets"}
            if unknown:
                raise ValueError(f"unknown keys {sorted(unknown)} in entry {item}")
            group = item.get("sites")
            if group is None:
                group = item.get("targets")
            if not isinstance(group, list):
                raise ValueError(f"site list must be a list in entry {item}")
            names.extend(group)
        else:
            raise ValueError(f"a site must be a string or an object, got {type(item).__name__}")
    return names


def client_apps(meta: dict) -> list[str]:
    """App folders of an NVFlare job that are deployed to at least one client.

    A site name that is not a string is taken as a client: the gate only
    leaves out an app it knows is for the server alone."""
    deploy_map = meta.get("deploy_map")
    if not isinstance(deploy_map, dict) or not deploy_map:
        raise ValueError("meta.json has no deploy_map object")
    apps = []
    for app, sites in deploy_map.items():
        _check_app_name(app)
        try:
            names = participants(sites)
        except ValueError as err:
            raise ValueError(f"deploy_map[{app!r}]: {err}") from None
        if any(n != SERVER_SITE for n in names):
            apps.append(app)
    return sorted(apps)


# nvflare/fuel/utils/validation_utils.py: JOB_NAME_PATTERN, which
# nvflare/apis/utils/format_check.py: check_job_app_name applies to app names
# (copied: importing NVFlare costs 0.2 s at every start, and the core install
# has no NVFlare). It also keeps an app inside the job: no "/", no "..".
_APP_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def _check_app_name(app: str) -> None:
    if not _APP_NAME.fullmatch(app):
        raise ValueError(f"deploy_map app name {app!r} is not a valid NVFlare app name (a folder of the job)")


def collect(target: str | os.PathLike, limits: Limits, app_name: str | None = None, job_meta: dict | None = None,
            site: str | None = None) -> Content:
    """Collect a unit. With `app_name`, `target` is one deployed NVFlare app
    folder (as a site sees it) and its paths are prefixed with the app's name,
    so that the digest equals the one of the job folder it came from; `job_meta`
    is the meta NVFlare deploys it with (its launcher settings count, as the job
    folder's meta.json does) and `site` the site whose launcher runs it."""
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
        return _content(col, root, app_name, "app", _launcher(job_meta), site)
    meta_path = next((root / n for n in META_FILES if (root / n).is_file() or (root / n).is_symlink()), None)
    if meta_path is None:
        col.add_tree(root, "")
        return _content(col, root, root.name, "folder")
    repeated: list[str] = []
    try:
        meta = _meta(meta_path.name, _read_meta(meta_path, limits), repeated)
        if not meta_path.name.startswith("meta.json") and not (isinstance(meta, dict) and "deploy_map" in meta):
            meta = None  # a `meta.yaml` of other data: NVFlare would refuse it as a job's meta, nothing runs
        elif not isinstance(meta, dict):
            raise ValueError(f"{meta_path.name} is not an object")
        apps = client_apps(meta) if meta is not None else []
    except (ValueError, UnicodeDecodeError, RecursionError) as err:
        col.findings.append(_problem("unanalyzable.meta-json", meta_path.name,
                                     f"malformed NVFlare {meta_path.name}: {err}"))
        meta = None
    if meta is None:
        col.add_tree(root, "")
        return _content(col, root, root.name, "folder")
    for key in dict.fromkeys(repeated):  # the job is still read as NVFlare reads it: the last value
        col.findings.append(_problem("unanalyzable.meta-json", meta_path.name, f"{meta_path.name} gives the key "
                                     f"{key!r} twice: NVFlare reads the last value, a reviewer or another reader the first"))
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
    return _content(col, root, name, "nvflare-job", _launcher(meta), site)


# The files NVFlare takes a job's meta from, the first present (nvflare/private/fed/server/job_meta_validator.py
# `_validate_meta` and nvflare/apis/utils/job_utils.py `convert_legacy_zipped_app_to_job`, in
# nvflare/fuel/utils/config.py ConfigFormat order): a job with only a `meta.conf` is a job, with its deploy map
# and launcher settings, not a plain folder (red team 37c: a docker image in meta.conf was never judged).
META_FILES = ("meta.json", "meta.conf", "meta.yml", "meta.yaml",
              "meta.json.default", "meta.conf.default", "meta.yml.default", "meta.yaml.default")


def _meta(name: str, data: bytes, repeated: list[str]) -> object:
    """A meta file's object, read in its format. HOCON and YAML are read as the gate reads job configs; one
    with a problem there (includes, environment, repeated keys) or a `${...}` the loader would fill in is refused."""
    if name.startswith("meta.json"):
        return loads_noting_repeats(data, repeated)
    from .configs import read_config

    doc = read_config(name, data)
    if doc.problems or not doc.ok:
        raise ValueError("; ".join(f"{p.kind} {p.text}" for p in doc.problems) or "unreadable")
    if b"${" in data:
        raise ValueError("a ${...} substitution the gate does not resolve")
    return doc.data


def _launcher(meta: dict | None) -> dict | None:
    if meta is None:
        return None
    from .launchers import choices  # lists are read only for a job that has a meta

    return choices(meta)



def _read_meta(path: Path, limits: Limits) -> bytes:
    """meta.json's bytes, read as any job file is (add_file): never through a
    link (to /dev/zero, to site data), never waiting on a FIFO, never past max_file_bytes."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as err:
        raise ValueError(f"cannot read meta.json: {err.strerror}") from None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ValueError("meta.json is not a regular file")
        data = fh.read(limits.max_file_bytes + 1)
    if len(data) > limits.max_file_bytes:
        raise ValueError("meta.json is over the policy's limits.max_file_bytes")
    return data


def _content(col: _Collector, root: Path, name: str, unit_kind: str, launcher: dict | None = None,
             site: str | None = None) -> Content:
    col.read_listed()
    if not col.files and not col.findings:
        what = "no app deployed to a client has" if unit_kind == "nvflare-job" else "there are"
        raise NothingToAnalyse(f"{root}: nothing to analyse ({what} no files); give a job folder, "
                               "an app folder or a .py/.ipynb file")
    col.case_collisions()
    files = sorted(col.files, key=lambda f: f.path)
    return Content(str(root), name, unit_kind, files, col.data, col.findings, col.complete, launcher, site)


def from_bytes(name: str, data: bytes, limits: Limits) -> Content:
    """A one-file unit from bytes in memory (rule examples, stdin)."""
    col = _Collector(limits)
    entry = FileEntry(name, hashlib.sha256(data).hexdigest(), classify(name, data[:HEAD_BYTES]), len(data))
    col.files.append(entry)
    col.data[name] = data
    return _content(col, Path(name), Path(name).stem, "file")
