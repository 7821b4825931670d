"""The site's audit log: one JSON object per line for every decision the gate makes.

Several processes append at once (a client's parent process at deploy time,
one job process per running job, the two routes of the same job), so each
line is written whole with one write call to the file opened O_APPEND, under a file lock
while no other process holds it for long (LOCK_WAIT), and fsynced.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path

from filelock import FileLock, Timeout


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# How long a record waits for the lock. Any process of the site's user may hold it, a job's among them
# (`fcntl.flock` on the lock file, which it may open: jobgate appends from the job process), so past this
# wait the record is written without it: one write() to a file opened O_APPEND is placed whole at its end
# (local file systems); the lock only orders the check for a line a crash cut short. On main a job holding
# it made every other job's gate decision at the site fail ("cannot write the site's audit log", blocked in
# enforce mode) and dropped the guard's and the update filter's records while it ran (red team runtime49).
LOCK_WAIT = 5.0


def append(path: Path, record: dict) -> None:
    """Append `record` as one line; raises if the line could not be written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    line = (json.dumps(record, ensure_ascii=True, sort_keys=True, default=str) + "\n").encode()
    lock = FileLock(str(path) + ".lock", timeout=LOCK_WAIT)
    try:
        lock.acquire()
    except Timeout:
        lock = None
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            # A line cut short by a crash would glue itself to the next one: start
            # on a fresh line if the last write did not end with one.
            size = os.fstat(fd).st_size
            if size and _last_byte(path, size) != b"\n":
                line = b"\n" + line
            view = memoryview(line)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
    finally:
        if lock is not None:
            lock.release()


def _last_byte(path: Path, size: int) -> bytes:
    with open(path, "rb") as fh:
        fh.seek(size - 1)
        return fh.read(1)


def append_only(path: Path) -> bool | None:
    """Whether the file has the kernel's append-only attribute (`chattr +a`, FS_APPEND_FL), which no process
    of the site's user can lift: then what native code in a job process writes to it is appended, never
    written over (the kernel's rules of the process guard let that process write it, to append its records).
    None where it cannot be told (no such file, a file system without the attribute)."""
    import array
    import fcntl

    flags = array.array("l", [0])
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        fcntl.ioctl(fd, 0x80086601, flags)  # FS_IOC_GETFLAGS
    except OSError:
        return None
    finally:
        os.close(fd)
    return bool(flags[0] & 0x20)  # FS_APPEND_FL


def size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except FileNotFoundError:
        return 0


def read(path: Path) -> list[dict]:
    """Every complete record of the log (tests and tools)."""
    return _records(path.read_bytes()) if path.exists() else []


def read_from(path: Path, offset: int, limit: int) -> tuple[list[dict], int]:
    """The records of the whole lines in the `limit` bytes from `offset` on, and the offset after them
    (a line still being written is left for the next call)."""
    with open(path, "rb") as fh:
        fh.seek(offset)
        data = fh.read(limit)
    whole = data[:data.rfind(b"\n") + 1]
    return _records(whole), offset + len(whole)


def _records(data: bytes) -> list[dict]:
    out = []
    for raw in data.splitlines():
        try:
            out.append(json.loads(raw))
        except ValueError:
            continue
    return out
