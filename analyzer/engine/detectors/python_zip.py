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
                    continue
                limit = min(MAX_MEMBER_BYTES, left)
                with zf.open(info) as fh:
                    source = fh.read(limit + 1)
                if len(source) > limit:
                    unread.append(f"{name} (larger than {limit} bytes)")
                    continue
                left -= len(source)
                sources.append((name, source))
    except Exception as err:  # noqa: BLE001 - a zip zipfile cannot read may still be one zipimport reads
        unread.append(f"the archive ({type(err).__name__}: {err})")
        return sources, unread, True
    return sources, unread, runnable


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
