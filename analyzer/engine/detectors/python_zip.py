"""Python files that are zip archives, which Python runs by their `__main__.py`.

`python3 script` runs the script as a zip application when its last bytes hold a zip's end record, whatever
its name and whatever precedes the zip (CPython Modules/main.c `pymain_run_python`: a path that
zipimport opens runs the module `__main__` from it; Lib/zipimport.py `_read_directory` looks for the end
record in the last 64 KB). So `python3 custom/x.bin`, or a train.py with a zip appended to it, runs a
`__main__.py` no file of the job shows: it stays a parse error for the gate, and its `curl | sh` was never read
(red team 44a). Every `.py` member of such a file is analysed as a module of the job (zipimport makes the zip
a path entry, so `__main__` imports the others), within bounds, when the file is the job's Python or a zip
application (a `__main__.py` at its root: whatever runs it, a launcher or a shell script); the file itself is
never accepted.
"""

from __future__ import annotations

import io
from typing import Iterator

from . import FileContext, Hit, file_detector

_END_RECORD = b"PK\x05\x06"
_END_SEARCH = 65_535 + 22  # zipimport: the largest comment and the end record
MAX_MEMBERS = 64  # .py members analysed at most; past them the rest is named unread
MAX_MEMBER_BYTES = 2_000_000  # read of one member at most (its stated size may lie)
MAX_READ_BYTES = 8_000_000  # read of all members together


def runs_as_zip(data: bytes) -> bool:
    """Whether Python running these bytes as a script finds a zip in them (zipimport's end-record search)."""
    return _END_RECORD in data[-_END_SEARCH:]


def _members(data: bytes) -> tuple[list[tuple[str, bytes]], list[str], bool]:
    """The `.py` members' sources read within the bounds, what was not read (and why), and whether the archive
    has a `__main__.py` at its root (or could not be read: zipimport may read what zipfile cannot)."""
    import zipfile

    sources: list[tuple[str, bytes]] = []
    unread: list[str] = []
    judged: set[tuple[str, int]] = set()  # (name, offset) of the members zipfile read or named
    runnable = False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            left = MAX_READ_BYTES
            infos = zf.infolist()
            runnable = any(i.filename in ("__main__.py", "__main__.pyc") for i in infos)
            for info in infos:
                name = info.filename
                if info.is_dir():
                    continue
                if not name.endswith(".py"):
                    if name.endswith((".pyc", ".pyo")):
                        unread.append(f"{name} (compiled code)")
                    continue
                if len(sources) == MAX_MEMBERS or left <= 0:
                    unread.append(f"{name} (past the {MAX_MEMBERS} members or {MAX_READ_BYTES} bytes read)")
                    judged.add((name, info.header_offset))
                    continue
                limit = min(MAX_MEMBER_BYTES, left)
                with zf.open(info) as fh:
                    source = fh.read(limit + 1)
                judged.add((name, info.header_offset))
                if len(source) > limit:
                    unread.append(f"{name} (larger than {limit} bytes)")
                    continue
                left -= len(source)
                sources.append((name, source))
    except Exception as err:  # noqa: BLE001 - a zip zipfile cannot read may still be one zipimport reads
        unread.append(f"the archive ({type(err).__name__}: {err})")
        runnable = True
    # zipimport's own reading (red team 45): another directory than zipfile's (a zip64 locator leads zipfile
    # elsewhere), or a member zipfile refuses (a local header whose name differs from the directory's)
    for name, method, size, offset in _zipimport_directory(data):
        if (name, offset) in judged or not name.endswith(".py"):
            continue  # what zipfile read: zipimport reads the same bytes
        runnable = runnable or name == "__main__.py"
        left = MAX_READ_BYTES - sum(len(b) for _, b in sources)
        source = _zipimport_member(data, method, size, offset, min(MAX_MEMBER_BYTES, left))
        if source is None or len(sources) == MAX_MEMBERS:
            unread.append(f"{name} as zipimport reads it (unreadable, or past the bounds)")
        else:
            sources.append((f"{name} (zipimport)", source))
    return sources, unread, runnable


def _zipimport_directory(data: bytes) -> list[tuple[str, int, int, int]]:
    """(name, compression, compressed size, local header offset) of each entry as zipimport reads the directory
    (Lib/zipimport.py `_read_directory`, CPython 3.11): the end record's, never a zip64 record's, whose size is
    counted back from the end record and whose entries are read until one does not start as an entry. zipfile
    follows a zip64 locator before the end record to another directory (`_EndRecData64`), so an archive can show
    zipfile one `__main__.py` and run another (red team 45). Empty when zipimport would refuse the archive."""
    import struct

    at = len(data) - 22
    if data[at:at + 4] != _END_RECORD:
        at = data.rfind(_END_RECORD, max(len(data) - _END_SEARCH, 0))
    if at < 0 or len(data) < at + 22:
        return []
    size, offset = struct.unpack("<LL", data[at + 12:at + 20])
    start = at - size
    shift = start - offset
    if start < 0 or shift < 0:
        return []
    out = []
    while data[start:start + 4] == b"PK\x01\x02" and len(data) >= start + 46:
        method, = struct.unpack("<H", data[start + 10:start + 12])
        packed, = struct.unpack("<L", data[start + 20:start + 24])
        name_size, extra, comment = struct.unpack("<HHH", data[start + 28:start + 34])
        local, = struct.unpack("<L", data[start + 42:start + 46])
        flags, = struct.unpack("<H", data[start + 8:start + 10])
        raw = data[start + 46:start + 46 + name_size]
        name = raw.decode("utf-8" if flags & 0x800 else "cp437", "replace")
        out.append((name, method, packed, local + shift))
        start += 46 + name_size + extra + comment
    return out


def _zipimport_member(data: bytes, method: int, size: int, offset: int, limit: int) -> bytes | None:
    """A member's bytes as zipimport reads them (`_get_data`: the local header's own name and extra lengths), at
    most `limit` of them; None when they cannot be read or are longer."""
    import struct
    import zlib

    if data[offset:offset + 4] != b"PK\x03\x04" or len(data) < offset + 30:
        return None
    name_size, extra = struct.unpack("<HH", data[offset + 26:offset + 30])
    raw = data[offset + 30 + name_size + extra:offset + 30 + name_size + extra + size]
    try:
        body = raw if method == 0 else zlib.decompressobj(-15).decompress(raw, limit + 1) if method == 8 else None
    except zlib.error:
        return None
    return body if body is not None and len(body) <= limit else None


@file_detector("python-zip")
def python_zip(ctx: FileContext) -> Iterator[Hit]:
    for entry in ctx.content.files:
        data = ctx.content.data.get(entry.path)
        if data is None or not runs_as_zip(data):
            continue
        sources, unread, runnable = _members(data)
        if entry.kind != "python" and not runnable:
            continue  # an archive Python would only import from (detectors/files.py: never accepted either)
        names = ", ".join([n for n, _ in sources][:12] + unread[:12])
        yield Hit("unanalyzable.python-zip", entry.path,
                  details={"name": entry.path.rsplit("/", 1)[-1], "members": f": {names}" if names else ""})
        for member, source in sources:
            yield from ctx.python_findings(f"{entry.path}/{member}", source)
