"""Files of a job that are neither Python nor config nor notebook.

- shell scripts (kind `shell`): an NVFlare launcher or the job's code may run
  them, so each is worth a reviewer's look; network tools, `curl | sh`,
  `/dev/tcp`, `base64 -d` and inline interpreters in one are a reject;
- pickled data (`.pkl/.pickle/.pt/.pth/.ckpt/.joblib/.shelve`, a pickle magic,
  an object-dtype `.npy`): loading a pickle runs whatever its GLOBAL opcodes
  name. The gate reads the opcodes (pickletools, never unpickling; a zip
  checkpoint's `*.pkl` members are read through zipfile in memory) and judges
  the imports: only trusted libraries' and a few builtin containers -> info;
  process, eval, network or other untrusted callables -> critical; a pickle it
  cannot read through -> a reviewer's call;
- archives (`.zip/.tar/.gz/.tgz/.bz2/.xz/.7z/.whl/.egg`): the gate cannot judge
  what is inside (and Python imports from zips and wheels), so never accept;
  a single compressed text file (`train.csv.gz`) is decompressed (bounded) and
  passes when it is plain text;
- Dockerfiles and Makefiles: a command no build needs (`| sh`, /dev/tcp,
  `base64 -d`, a scheduler entry) in one is a reject;
- anything else (kind `other`) that is not plain text: unanalyzable.
Plain text (README, requirements.txt, CSV fixtures) yields nothing.

The shell-line scanner (`shell_risk`, engine/shell.py) is shared with the config and
notebook detectors.
"""

from __future__ import annotations

import ast
import dataclasses
import io
import itertools
import posixpath
import re
from typing import Iterator

from ...model import Finding
from ..collect import BUILD_FILE, REQUIREMENTS_FILE, Content
from ..configs import config_format, read_toml, unit_document
from ..lists import MAX_KEPT_ANSWERS, MAX_KEPT_TEXT, matcher
from . import FileContext, Hit, file_detector
from .addresses import raw_ip, shortener
from .paths import credential_path, is_network, is_url, persistence_path
from .rendezvous import off_machine_url
from ..shell import RISKY as _RISKY, shell_risk  # noqa: F401 (configs.py, notebooks.py import it from here)
from ..shell import (DOWNLOAD_SETTINGS, PIP_SETTINGS, index_install, inline_python, plain_download, requirement_line,
                     with_constants)

# -- Shell lines -------------------------------------------------------------------

# Build files a person or CI runs (docker build, make): their commands install and download as a matter
# of course, so only what no build needs counts: `| sh`, /dev/tcp, `base64 -d`, a scheduler entry.
_BUILD_FILE_RISKS = frozenset({"dev", "decode", "pipe", "persist"})


def _build_file(path: str, data: bytes) -> Iterator[Hit]:
    for number, line in _script_lines(data.decode("utf-8", "replace")):
        risk = next((m for m in _RISKY.finditer(line) if m.lastgroup in _BUILD_FILE_RISKS), None)
        if risk is not None:
            yield Hit("files.build-file-shell", path, number, risk.start(), line.strip()[:240],
                      details={"name": risk.group(0).strip(), "file": path.rsplit("/", 1)[-1]})


def _script_lines(text: str) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped and not stripped.startswith(("#", "REM ", "rem ", "::")):
            yield number, line


# -- Pickles ----------------------------------------------------------------------

PICKLE_EXTS = (".pkl", ".pickle", ".pt", ".pth", ".ckpt", ".joblib", ".shelve", ".bin.pkl", ".sav", ".p")
_PICKLE_MAGIC = re.compile(rb"^\x80[\x02-\x05]")
# First opcodes of protocol 0/1 pickles: GLOBAL, MARK, EMPTY_LIST/DICT/TUPLE, INT, STRING, UNICODE, ...
_PICKLE_START = frozenset(b"c(]})IFLSVNGJKMXUTi")
ARCHIVE_EXTS = (".zip", ".tar", ".tgz", ".tar.gz", ".tar.bz2", ".tar.xz", ".gz", ".bz2", ".xz", ".7z", ".whl",
                ".egg", ".rar", ".jar")
_TEXT_INNER = (".csv", ".tsv", ".txt", ".json", ".jsonl", ".md", ".yaml", ".yml")

# Globals a pickle of weights, arrays or plain containers may import; callables that run code or touch the
# system whatever library they come from (rules/lists/sources.yaml).
_SAFE_GLOBALS = matcher("sources", "pickle-safe-globals").names()
_DANGEROUS = matcher("sources", "pickle-dangerous-callables")
_RECONSTRUCTORS = matcher("sources", "pickle-library-reconstructors")
_STRING_OPS = {"SHORT_BINUNICODE", "BINUNICODE", "BINUNICODE8", "UNICODE", "SHORT_BINSTRING", "BINSTRING", "STRING"}
MAX_OPS = 2_000_000
# The bytes of a zip checkpoint's pickle members read for inspection, all together: a 1.5 MB zip of 32
# deflated members of 49 MB each held 1.6 GB in the analysis. A checkpoint's pickle is its small index
# (torch keeps the tensors in other members); past the bound the file is opaque.
MAX_PICKLE_BYTES = 50_000_000
# A zip's pickle members read at most; past them the file is opaque, never judged on its first ones only.
MAX_PICKLE_MEMBERS = 32


def pickle_globals(data: bytes) -> tuple[set[str], str | None]:
    """Names a pickle imports, read from its opcodes; (names, error)."""
    # The readers of pickles, archives and compressed files are imported where used: most jobs hold none,
    # and a small job's scan pays for every module imported.
    import pickletools

    names: set[str] = set()
    strings: list[str] = []
    memo: dict[int, str] = {}
    try:
        for count, (op, arg, _) in enumerate(pickletools.genops(io.BytesIO(data))):
            if count > MAX_OPS:
                return names, "too many opcodes"
            name = op.name
            if name in _STRING_OPS:
                strings.append(arg if isinstance(arg, str) else str(arg))
            elif name in ("BINPUT", "LONG_BINPUT", "PUT") and strings:
                memo[int(arg)] = strings[-1]
            elif name == "MEMOIZE" and strings:
                memo[len(memo)] = strings[-1]
            elif name in ("BINGET", "LONG_BINGET", "GET"):
                if int(arg) in memo:
                    strings.append(memo[int(arg)])
            elif name in ("GLOBAL", "INST"):
                module, _, attr = str(arg).partition(" ")
                names.add(f"{module}.{attr}")
            elif name == "STACK_GLOBAL":
                if len(strings) < 2:
                    return names, "STACK_GLOBAL with names the gate cannot follow"
                names.add(f"{strings[-2]}.{strings[-1]}")
            elif name in ("REDUCE", "BUILD", "OBJ", "NEWOBJ", "NEWOBJ_EX"):
                pass
    except Exception as err:  # noqa: BLE001 - malformed or truncated pickle
        return names, f"{type(err).__name__}: {err}"
    return names, None


def _trusted(name: str, prefixes: tuple[str, ...]) -> bool:
    dotted = name + "."
    return any(dotted.startswith(p if p.endswith(".") else p + ".") for p in prefixes)


def _pickle_streams(path: str, data: bytes) -> tuple[list[tuple[str, bytes]], str | None]:
    """The pickle streams of a file: itself, an object-dtype .npy's elements, or the *.pkl members and
    object-dtype arrays (whatever their names) of a zip (a torch checkpoint, an .npz)."""
    if data.startswith(b"PK\x03\x04"):
        import zipfile

        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                members = [i for i in zf.infolist() if i.filename.endswith((".pkl", ".pickle"))
                           or _object_npy_member(zf, i)]
                out, left = [], MAX_PICKLE_BYTES
                for info in members:
                    if len(out) == MAX_PICKLE_MEMBERS:
                        return out, f"{len(members)} pickle members, past the {MAX_PICKLE_MEMBERS} the gate reads"
                    if info.file_size > left:  # a zip of small deflated members each near the bound
                        return out, f"{info.filename} too large to inspect (its pickles past {MAX_PICKLE_BYTES} bytes)"
                    left -= info.file_size
                    member = zf.read(info)
                    out.append((info.filename, npy_pickle(member) or member))
                if not members and not path.lower().endswith(".npz"):
                    return [], "zip without a pickle member"
                return out, None
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as err:
            return [], f"unreadable zip: {err}"
    if path.lower().endswith(".npy"):
        return [(path, npy_pickle(data) or data)], None
    return [(path, data)], None


# A dtype as np.save writes it for plain values (np.lib.format: `dtype.str`, or `dtype.descr`'s fields):
# byte order, kind, size, a datetime unit. Any other spelling (`O`, `object`, `"|O"`) may hold objects.
_PLAIN_NPY_DTYPE = re.compile(r"[<>|=]?[biufcmMSUVa?]\d*(\[\w+\])?")
_NPY_MAGIC = b"\x93NUMPY"
_NPY_HEAD_BYTES = 65_536  # np.save writes headers of a few hundred bytes; a longer one is read in full


def _plain_dtype(descr: object) -> bool:
    if isinstance(descr, str):
        return _PLAIN_NPY_DTYPE.fullmatch(descr) is not None
    return isinstance(descr, list) and all(
        isinstance(field, tuple) and len(field) in (2, 3) and _plain_dtype(field[1]) for field in descr)


def _object_npy_member(zf, info) -> bool:
    """A zip member that np.load's NpzFile unpickles: NpzFile.__getitem__ (numpy/lib/_npyio_impl.py) reads any
    member whose bytes start with the .npy magic as an array, whatever its name (`npz["w"]`), and hands any
    other back as bytes; an array whose header (read alone) names a plain dtype is never unpickled."""
    with zf.open(info) as member:
        head = member.read(len(_NPY_MAGIC))
        if head != _NPY_MAGIC:
            return False
        head += member.read(_NPY_HEAD_BYTES)
    return npy_pickle(head) is not None


def npy_pickle(data: bytes) -> bytes | None:
    """What np.load(allow_pickle=True) unpickles from a .npy: the bytes after its header, unless the header
    names a plain dtype (None). np.load reads the header with ast.literal_eval wherever the dtype is named in
    it and however it is quoted (numpy/lib/_format_impl.py _read_array_header), so the gate does too; a header it
    cannot read is taken to name objects."""
    if not data.startswith(_NPY_MAGIC) or len(data) < 10:
        return None
    size = 2 if data[6] == 1 else 4  # format 1.0: a 2-byte header length; 2.0 and 3.0: 4 bytes
    start = 8 + size
    end = start + int.from_bytes(data[8:start], "little")
    try:
        header = ast.literal_eval(data[start:end].decode("utf-8" if data[6] >= 3 else "latin1"))
        if _plain_dtype(header["descr"]):
            return None
    except Exception:  # noqa: BLE001 - unreadable header: fail closed
        pass
    return data[end:]


def _is_pickle_file(path: str, data: bytes | None) -> bool:
    low = path.lower()
    if low.endswith(PICKLE_EXTS):
        return True
    if data is None:
        return False
    if _PICKLE_MAGIC.match(data):
        return True
    # A NumPy .npy of dtype object holds pickles: np.load(allow_pickle=True) runs them; so does an .npz member.
    if low.endswith(".npz"):
        return data.startswith(b"PK\x03\x04")
    return low.endswith(".npy") and npy_pickle(data) is not None


# -- Text --------------------------------------------------------------------------

_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


def is_plain_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    del text
    return len(_CONTROL.findall(data[:65536])) <= 2


# Bytes of a compressed tar decompressed at most to name its members (for the message only): each next member's
# header lies past the data of the one before, and 1.4 MB of .tar.gz put 1.5 GB (35 s) before its second name.
MAX_TAR_LISTING_BYTES = 20_000_000


def _archive_members(path: str, data: bytes) -> list[str]:
    import tarfile
    import zipfile

    names: list[str] = []
    try:
        if data.startswith(b"PK\x03\x04"):
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                return zf.namelist()
        with tarfile.open(fileobj=io.BytesIO(data)) as tf:
            for member in tf:
                names.append(member.name)
                if tf.offset > MAX_TAR_LISTING_BYTES:
                    return names + ["..."]
    except Exception:  # noqa: BLE001 - only for the message
        pass
    return names


def _single_compressed_text(path: str, data: bytes) -> bool:
    """`x.csv.gz` and friends whose content is plain text (read at most 20 MB)."""
    import bz2
    import gzip
    import lzma

    low = path.lower()
    opener = {".gz": lambda b: gzip.GzipFile(fileobj=b), ".bz2": bz2.BZ2File, ".xz": lzma.LZMAFile}
    for ext, cls in opener.items():
        if low.endswith(ext) and low[: -len(ext)].endswith(_TEXT_INNER) and not low.endswith(".tar" + ext):
            try:
                with cls(io.BytesIO(data)) as fh:  # type: ignore[operator]
                    inner = fh.read(20_000_001)
            except Exception:  # noqa: BLE001
                return False
            return len(inner) <= 20_000_000 and is_plain_text(inner)
    return False


# -- Requirements files ---------------------------------------------------------------

# pip options and requirement forms that take packages from somewhere other than the site's index.
_REQ_SOURCE = re.compile(
    r"^\s*(?P<opt>--(extra-)?index-url|-i|--find-links|-f|--trusted-host|--pre\s+--index-url)(\s*=\s*|\s+)(?P<where>\S+)"
    r"|(?P<vcs>\b(git|hg|svn|bzr)\+[a-z]+://\S+)"
    r"|(?P<url>@\s*(https?|ftp|file)://\S+|^\s*(-e\s+|(-r|--requirement|-c|--constraint)(\s*=\s*|\s+))?(https?|ftp)://\S+)",
    re.IGNORECASE)
# pip's includes: another requirements file, relative to the including one's folder (pip/_internal/req/
# req_file.py RequirementsFileParser._parse_and_recurse).
_REQ_INCLUDE = re.compile(r"^[ \t]*(-r|--requirement|-c|--constraint)([ \t]*=[ \t]*|[ \t]+)(?P<name>\S+)",
                          re.IGNORECASE | re.MULTILINE)


def _requirement_files(content) -> set[str]:
    """The unit's requirements files: those named so, and every file one of them includes, at any depth
    (`-r deps.txt` in requirements.txt puts deps.txt's index and sources before pip), each once."""
    return _with_includes(content, [e.path for e in content.files if REQUIREMENTS_FILE.search(e.path)])


def requirements_elsewhere(content, path: str) -> list[str]:
    """What makes `pip install -r PATH` take packages from elsewhere than the site's index: the source lines
    of PATH and of the files it includes (supply-chain.requirements-source's), or why the gate cannot read
    one of them (absent, too large, not text)."""
    out, paths = [], {e.path for e in content.files}
    for name in sorted(_with_includes(content, [path])):
        data = content.data.get(name)
        if data is None or not is_plain_text(data):
            out.append(f"{name} (not read)")
            continue
        text = data.decode("utf-8", "replace")
        out += [f"{name}: {hit.details['name']}" for hit in _requirements(name, data)]
        for m in _REQ_INCLUDE.finditer(text):
            if posixpath.normpath(posixpath.join(posixpath.dirname(name), m.group("name"))) not in paths:
                out.append(f"{name}: {m.group(0).strip()} (not in the job)")
        # Any other line (a local path or wheel, `-e`, an option with a value) is not a name of the index.
        out += [f"{name}: {line.strip()}" for line in re.sub(r"(^|\s)#.*", "", text).splitlines()
                if not _REQ_INCLUDE.match(line) and not requirement_line(line)]
    return out


def _with_includes(content, todo: list[str]) -> set[str]:
    """`todo` and every file of the unit one of them includes, at any depth, each once."""
    paths = {e.path for e in content.files}
    found = set(todo)
    while todo:
        data = content.data.get(path := todo.pop())
        if data is None or not is_plain_text(data):
            continue
        for m in _REQ_INCLUDE.finditer(data.decode("utf-8", "replace")):
            included = posixpath.normpath(posixpath.join(posixpath.dirname(path), m.group("name")))
            if included in paths and included not in found:
                found.add(included)
                todo.append(included)
    return found


def _requirements(path: str, data: bytes) -> Iterator[Hit]:
    for number, line in _script_lines(data.decode("utf-8", "replace")):
        m = _REQ_SOURCE.search(line)
        if m is None:
            continue
        text = line.strip()[:240]
        where = m.group("where") or m.group("vcs") or m.group("url") or text
        hostile = raw_ip(where.lstrip("@ ")) or shortener(where)
        rule = "supply-chain.requirements-hostile-source" if hostile else "supply-chain.requirements-source"
        yield Hit(rule, path, number, snippet=text, details={"name": text})


# -- Detector ------------------------------------------------------------------------

def _sniffed_pickle(data: bytes) -> bool:
    """A pickle with no telltale name or magic (protocols 0 and 1 are plain text: `cos\nsystem\n...`):
    the opcodes read through to STOP at the end of the file and import something."""
    if not data or data[0] not in _PICKLE_START or len(data) > 4_000_000:
        return False
    import pickletools

    try:
        ops = list(itertools.islice(pickletools.genops(io.BytesIO(data)), 100_000))
    except Exception:  # noqa: BLE001 - not a pickle
        return False
    if not ops or ops[-1][0].name != "STOP" or data[ops[-1][2] + 1:].strip():
        return False
    return any(op.name in ("GLOBAL", "STACK_GLOBAL", "INST", "REDUCE", "OBJ", "NEWOBJ") for op, _, _ in ops)


def _pth_hook(path: str, data: bytes) -> Iterator[Hit]:
    """A text `.pth`: site.py runs each line that starts with `import` when the file is in site-packages."""
    for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
        if re.match(r"import[ \t]", line):
            yield Hit("files.pth-hook", path, number, snippet=line.strip()[:240], details={"name": line.strip()[:80]})


def looks_like_python(data: bytes) -> bool:
    """Text that parses as a Python module doing something (imports, definitions or calls at top level)."""
    if b"import" not in data and b"(" not in data:
        return False
    try:
        tree = ast.parse(data.decode("utf-8"))
    except (SyntaxError, ValueError, UnicodeDecodeError, MemoryError, RecursionError):
        return False
    return any(isinstance(n, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
               or isinstance(n, ast.Expr) and isinstance(n.value, ast.Call)
               or isinstance(n, ast.Assign) and isinstance(n.value, ast.Call) for n in tree.body)


@file_detector("other-files")
def other_files(ctx: FileContext) -> Iterator[Hit | Finding]:
    trusted = ctx.policy.trusted_modules
    requirements = _requirement_files(ctx.content)
    spelled = _Spelled(ctx.content)
    rules: dict[str, str | None] = {}  # word -> _location_rule(word), for the unit's settings files
    for entry in ctx.content.files:
        path, kind = entry.path, entry.kind
        data = ctx.content.data.get(path)
        low = path.lower()
        if BUILD_FILE.search(path) and data is not None and is_plain_text(data):
            yield from _build_file(path, data)
        elif kind == "shell":
            yield from _shell_file(ctx, path, data)
        elif path in requirements and data is not None and is_plain_text(data):
            yield from _requirements(path, data)
        elif low.endswith(".pth") and data is not None and is_plain_text(data):
            hooks = list(_pth_hook(path, data))
            yield from hooks or [Hit("files.pickle-opaque", path, details={"name": path.rsplit("/", 1)[-1],
                                                                            "why": "a text .pth file, not weights"})]
        elif kind in ("data", "other", "config") and kind != "config" and (
                _is_pickle_file(path, data) or data is not None and _sniffed_pickle(data)):
            yield from _pickle_file(path, data, trusted)
        elif low.endswith(ARCHIVE_EXTS) and kind in ("data", "other", "native"):
            if kind == "native" and not low.endswith((".jar",)):
                continue  # the native-code pack's
            if data is not None and _single_compressed_text(path, data):
                continue
            members = _archive_members(path, data) if data is not None else []
            listing = (": " + ", ".join(members[:12]) + (" ..." if len(members) > 12 else "")) if members else ""
            yield Hit("unanalyzable.archive", path, details={"name": path.rsplit("/", 1)[-1], "members": listing})
        if (kind in ("config", "other", "data") or BUILD_FILE.search(path)) and data is not None and \
                is_plain_text(data):
            # a CSV row is a setting as readily as a JSON key
            if not (_DOCUMENT.search(path) or _COMMENTED.search(path)) or spelled(path):
                yield from _settings_locations(ctx.content, path, data, rules=rules)
            elif not _DOCUMENT.search(path):
                yield from _settings_locations(ctx.content, path, data, comments=False, rules=rules)
        if kind == "other":
            if data is None:
                continue  # too large: collect.py already reported it
            if not is_plain_text(data):
                yield Hit("unanalyzable.binary-file", path, details={"name": path.rsplit("/", 1)[-1]})
            elif looks_like_python(data):
                # Python without a .py name still runs (runpy, exec(open(...).read()), a launcher's
                # `python3 custom/train`): analyse it as what it is.
                yield Hit("files.python-without-extension", path, details={"name": path.rsplit("/", 1)[-1]})
                yield from ctx.python_findings(path, data)


# Documents written for people (READMEs, licences, pages, ignore lists) hand code no setting unless the code opens
# them, and code that opens one spells its name (_Spelled): a URL in such a file is read as a setting only then (an
# example's README links to the project's docs). A name built at run time leaves the destination to be judged where
# the code sends or writes (a destination known only at run time: the process guard, or an escalation without it).
_DOCUMENT = re.compile(r"(?i)(\.(md|markdown|rst|adoc|html?|svg)"
                       r"|(^|/)(license|licence|notice|copying|authors|codeowners)[^/]*"
                       r"|(^|/)\.(gitignore|gitattributes|dockerignore))$")


class _Spelled:
    """Whether a file of the unit other than a document spells a document's or a settings file's name: the names
    looked for in one pass over the unit's texts, on the first question (a tree of hundreds of READMEs). Always
    in a unit a limit left incomplete."""

    def __init__(self, content: Content):
        self.content = content
        self.names: set[str] | None = None

    def __call__(self, path: str) -> bool:
        if not self.content.complete:  # a file left unread (a limit) may be the one that names it
            return True
        if self.names is None:
            wanted = {e.path.rpartition("/")[2] for e in self.content.files
                      if _DOCUMENT.search(e.path) or _COMMENTED.search(e.path)}
            pattern = _longest_of([n.encode() for n in wanted])
            self.names = {m.group(0).decode() for other, data in self.content.data.items()
                          if not _DOCUMENT.search(other) for m in pattern.finditer(data)}
        return path.rpartition("/")[2] in self.names


def _longest_of(names: list[bytes]) -> re.Pattern:
    """A pattern that matches, where one of `names` starts, the longest of them that does (as the alternation of
    the names longest first does), written as their trie: `a(?:b(?:c)?|d)` for a, ab, abc, ad. The text
    chooses one branch at each byte, so a position costs the length of the name that matches there, not one
    try per name (a tree of hundreds of READMEs and configs: NVFlare's examples' 33 MB, 56 names, 0.39 s ->
    0.21 s)."""
    trie: dict = {}
    for name in names:
        node = trie
        for byte in name:
            node = node.setdefault(byte, {})
        node[None] = {}  # a name ends here

    def written(node: dict) -> bytes:
        branches = [re.escape(bytes([byte])) + written(child) for byte, child in sorted(
            (k, v) for k, v in node.items() if k is not None)]
        if not branches:
            return b""
        body = branches[0] if len(branches) == 1 else b"(?:" + b"|".join(branches) + b")"
        return b"(?:" + body + b")?" if None in node else body  # greedy: the longer name first

    return re.compile(written(trie))


# A word of a text file: where quotes, blanks and brackets end it. Words are
# matched whole and then checked for a `/` (a path or URL): a pattern with the
# `/` inside it is tried from every position of a long word, quadratic time.
_WORD = re.compile(r"""[^\s"'`,;=<>()\[\]{}]+""")


# Settings formats whose parsers drop a line that starts with `#` (or `;`): a comment line is read only by code that
# opens the file itself, and such code spells the file's name (_Spelled), as for documents.
_COMMENTED = re.compile(r"(?i)\.(toml|ya?ml|ini|cfg|conf)$")
_COMMENT_LINE = re.compile(r"^[ \t]*[#;].*$", re.MULTILINE)


def _settings_locations(content: Content, path: str, data: bytes, comments: bool = True,
                        rules: dict[str, str | None] | None = None) -> Iterator[Hit]:
    """A settings or data file the job ships and its code reads (`json.load(open("settings.json"))["out"]`,
    a Flower app's run config) hands the code a location the gate cannot follow into the file: a network
    mount, a share or a remote URL written in it, and a credential or start-up file (red team 45b), are
    shown, each once per file. A JSON, TOML or YAML file is also read as its parser reads it (red team 46c:
    `"/root/\\u002essh/id\\u005frsa"`, a TOML line continuation, spelled no such word), and a whole string
    value that names a credential or start-up file (`table = "id_rsa"`, joined to `~/.ssh` by the code) is one.
    Without `comments`, the comment lines of the raw text are not read (its parser drops them). `rules`: the
    answers of `_location_rule` kept for the unit's other files (a tree's READMEs and configs repeat the same
    URLs and paths: NVFlare's examples ask 21,790 words holding a `/`, 2,379 of them distinct), bounded as
    lists.Matcher's answers are (words up to MAX_KEPT_TEXT characters, MAX_KEPT_ANSWERS of them, then emptied)."""
    rules = {} if rules is None else rules

    def rule_of(word: str) -> str | None:
        if "/" not in word:
            return None  # _location_rule's own first test, without a call for every word of the text
        if len(word) > MAX_KEPT_TEXT:
            return _location_rule(word)
        if word not in rules:
            if len(rules) >= MAX_KEPT_ANSWERS:
                rules.clear()
            rules[word] = _location_rule(word)
        return rules[word]

    shown = set()
    text = data.decode("utf-8", "replace")
    words = text if comments else _COMMENT_LINE.sub("", text)  # the lines stay where they were
    for m in _WORD.finditer(words):
        rule = rule_of(m.group(0))
        if rule is not None and rule not in shown:
            shown.add(rule)
            yield Hit(rule, path, words.count("\n", 0, m.start()) + 1, details={"name": m.group(0)[:200]})
    for value in _parsed_strings(content, path, data):
        whole = value.strip()
        hits = ((rule_of(word), word) for word in _WORD.findall(value))
        if credential_path(whole) or persistence_path(whole):
            hits = itertools.chain([("config-attack.file-sensitive-path", whole)], hits)
        for rule, word in hits:
            if rule is not None and rule not in shown:
                shown.add(rule)
                yield Hit(rule, path, text[:max(text.find(word), 0)].count("\n") + 1, details={"name": word[:200]})


# logging.config's names of the process's own streams (`"stream": "ext://sys.stdout"`, NVFlare's log_config.json): the
# logging-config detector judges every other `ext://` import; as a location, a string equal to one of these names no
# machine (a URL with the host `sys.stdout` would need a resolver to answer for a name outside DNS's top-level domains).
_LOGGING_STREAMS = frozenset({"ext://sys.stdout", "ext://sys.stderr"})


def _location_rule(word: str) -> str | None:
    """The rule a word of a settings file breaks: a network location, or a credential or start-up file."""
    if "/" not in word or word in _LOGGING_STREAMS:
        return None
    if off_machine_url(word) if is_url(word) else is_network(word):
        return "config-attack.file-network-location"
    if credential_path(word) or persistence_path(word):
        return "config-attack.file-sensitive-path"
    return None


# Strings read out of one settings file at most: a value past them is not looked at (the raw words still are).
MAX_SETTINGS_STRINGS = 100_000
# A text file under another name than its format's (settings.txt holding JSON) is tried as YAML up to this size
# (as JSON and TOML at any size).
MAX_SNIFFED_BYTES = 1_000_000
_TOML_KEY = re.compile(rb"^[ \t]*[\w.\"'-]+[ \t]*=(?!=)", re.MULTILINE)  # a TOML document's every value is one


def _parsed_strings(content: Content, path: str, data: bytes) -> Iterator[str]:
    """The strings (keys and values) of a settings file as a JSON, TOML, YAML or HOCON parser reads it, escapes
    decoded: by its name's format, or, under another name (the code may json.load any file), as JSON or TOML,
    and as YAML when it holds a backslash (an escape, a continuation) and is at most MAX_SNIFFED_BYTES; nothing
    when none reads it."""
    fmt = "toml" if path.lower().endswith(".toml") else config_format(path)
    if fmt is not None:
        formats: tuple[str, ...] = (fmt,)
    else:  # JSON and TOML fail at once on text that is neither (TOML, whose import costs a start 2-4 ms, is tried
        # only with a `key =` line); YAML reads any text, slowly
        formats = ("json",) + (("toml",) if _TOML_KEY.search(data) else ()) + (
            ("yaml",) if b"\\" in data and len(data) <= MAX_SNIFFED_BYTES else ())
    document = next((d for d in map(lambda f: _parsed(content, f, data), formats) if isinstance(d, (dict, list))), None)
    todo, count = [document], 0
    while todo and count < MAX_SETTINGS_STRINGS:
        node = todo.pop()
        if isinstance(node, str):
            count += 1
            yield node
        elif isinstance(node, bytes):  # YAML's !!binary: base64 text read as bytes, a path open() takes
            count += 1
            yield node.decode("utf-8", "replace")
        elif isinstance(node, dict):
            todo.extend(itertools.chain.from_iterable(node.items()))
        elif isinstance(node, list):
            todo.extend(node)


def _parsed(content: Content, fmt: str, data: bytes) -> object:
    """The document `data` is in format `fmt` (configs.read_config's bounded readers, the unit's documents shared
    with its other readers: configs.unit_document; tomllib), or None."""
    if fmt != "toml":
        return unit_document(content, fmt, data).data
    try:
        return read_toml(data.decode("utf-8"))
    except UnicodeDecodeError:
        return None


def _shell_file(ctx: FileContext, path: str, data: bytes | None) -> Iterator[Hit | Finding]:
    """A shell script's risky lines. Two kinds of line are judged as what they run instead: `python -c 'CODE'`
    with no expansion (CODE read as a module of the job, through the Python analysis), and a `pip install` of
    plain names from the site's configured index (a capability, as in a notebook: files.shell-package-install),
    unless a file of the job names pip's settings. The script itself stays files.shell-script."""
    name = path.rsplit("/", 1)[-1]
    if data is None:
        yield Hit("files.shell-script", path, details={"name": name})
        return
    text = data.decode("utf-8", "replace")
    worst = None
    lines = text.splitlines()
    for number, line in _script_lines(text):
        risk = shell_risk(line)
        code = inline_python(with_constants(line, lines[:number - 1])) if risk is not None else None
        if code is not None:
            for f in ctx.python_findings(path, code.encode("utf-8")):
                yield dataclasses.replace(f, line=number, snippet=f.snippet or line.strip()[:240])
        elif risk is not None and index_install(line) == [] and not names_pip_settings(ctx.content):
            yield Hit("files.shell-package-install", path, number, risk[1], line.strip()[:240],
                      details={"name": line.strip()[:120]})
        elif risk is not None and (fetched := plain_download(line)) is not None and not names_download_settings(
                ctx.content):
            worst = True  # a download of data: a capability (files.shell-download)
            yield Hit("files.shell-download", path, number, risk[1], line.strip()[:240], details={"name": fetched})
        elif risk is not None:
            worst = True
            yield Hit("files.shell-network", path, number, risk[1], line.strip()[:240], details={"name": risk[0]})
    if worst is None:
        yield Hit("files.shell-script", path, details={"name": name})


def names_pip_settings(content: Content) -> bool:
    """Whether a file of the job names pip's settings (shell.PIP_SETTINGS): then no install is plainly the index's."""
    return content.spells(PIP_SETTINGS)


def names_download_settings(content: Content) -> bool:
    """Whether the job names wget's or curl's settings (shell.DOWNLOAD_SETTINGS), or ships a file of them (a
    `.curlrc` beside the script): then no download is plainly one, its settings may send a file."""
    return any(DOWNLOAD_SETTINGS.search(e.path.encode()) for e in content.files) or content.spells(DOWNLOAD_SETTINGS)


def _rebuilds(name: str) -> bool:
    """A trusted library's name a pickle may import as data: a class (CapWords, as PEP 8 names them) or a
    listed reconstructor; any other function is a call with the pickle's arguments (red team 26)."""
    return name.rsplit(".", 1)[-1][:1].isupper() or _RECONSTRUCTORS.match(name) is not None


def _pickle_file(path: str, data: bytes | None, trusted: tuple[str, ...]) -> Iterator[Hit]:
    name = path.rsplit("/", 1)[-1]
    if data is None:
        yield Hit("files.pickle-opaque", path, details={"name": name, "why": "too large to inspect"})
        return
    streams, error = _pickle_streams(path, data)
    if not streams and error is None:
        return  # an .npz of plain arrays
    imported: set[str] = set()
    for _, stream in streams:
        names, err = pickle_globals(stream)
        imported |= names
        error = error or err
    dangerous = sorted(n for n in imported if _DANGEROUS.match(n))
    if dangerous:
        yield Hit("files.pickle-dangerous", path, details={"name": ", ".join(dangerous[:5])})
        return
    untrusted = sorted(n for n in imported if n not in _SAFE_GLOBALS and not n.startswith(("_codecs.", "collections."))
                       and not (_trusted(n, trusted + ("torch.", "numpy.")) and _rebuilds(n)))
    if error or untrusted:
        why = error or "imports " + ", ".join(untrusted[:5])
        yield Hit("files.pickle-opaque", path, details={"name": name, "why": why})
        return
    yield Hit("files.pickle-data", path, details={"name": name})
