"""A /dev/shm of each job process's own. Landlock lets a job write /dev/shm (torch's shared tensors,
multiprocessing's semaphores), and shm_open names are one flat folder that every process of the site's user
sees: a job, at once or later, read what another left there, a file, a FIFO or a unix socket made there
(session 58). So handler/guard_boot.py's .pth line makes each NVFlare job process
(`-m nvflare.private.fed.app.client.worker_process`, which the client parent starts with its own Python:
utils/job_launcher_utils.py, generate_client_command) a tmpfs of its own on /dev/shm, in a user and mount
namespace of its own, at interpreter start-up, before its first thread (`make_private`). Its trainer and
DataLoader workers inherit the view. Where the kernel refuses user namespaces the job process runs with the
host's /dev/shm, and its guard's install record says so (`view`).
"""

from __future__ import annotations

import ctypes
import os

from . import landlock

# linux/sched.h, linux/mount.h, linux/capability.h
_CLONE_NEWNS, _CLONE_NEWUSER = 0x00020000, 0x10000000
_MS_NOSUID, _MS_NODEV, _MS_NOEXEC = 2, 4, 8
_CAPSET = {"x86_64": 126, "aarch64": 91}
_CAPABILITY_V3 = 0x20080522
# the source name of the tmpfs a job process mounts on /dev/shm, which /proc/self/mountinfo shows
SHM_SOURCE = "jobgate-shm"
SHM_PRIVATE = "/dev/shm: each job process's own (a tmpfs in a mount namespace of its own)"


def make_private() -> None:
    """Mounts a tmpfs of this process's own on /dev/shm, in a user and mount namespace of its own (unprivileged:
    the site's user maps to itself), then gives up the capabilities the namespace gave it, so that nothing run
    later in it mounts anything (a guarded process cannot anyway: Landlock refuses mounts). It must run before
    the process's second thread (unshare refuses a user namespace to a threaded process); what it starts later,
    threads and children, shares the view. noexec: nothing written there is mapped as code. Raises OSError where
    the kernel refuses (user namespaces off: kernel.unprivileged_userns_clone, user.max_user_namespaces, an
    AppArmor rule)."""
    capset = _CAPSET.get(os.uname().machine)  # known before anything changes: no namespace left half made
    if capset is None:
        raise OSError(f"capset's system call number on {os.uname().machine} is not known here")
    libc = landlock.load_libc()
    uid, gid = os.getuid(), os.getgid()
    if libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNS) != 0:
        raise landlock.error("unshare(CLONE_NEWUSER | CLONE_NEWNS)")
    try:
        for name, text in (("uid_map", f"{uid} {uid} 1"), ("setgroups", "deny"), ("gid_map", f"{gid} {gid} 1")):
            with open(f"/proc/self/{name}", "w") as fh:
                fh.write(text)
        if libc.mount(SHM_SOURCE.encode(), b"/dev/shm", b"tmpfs", _MS_NOSUID | _MS_NODEV | _MS_NOEXEC,
                      b"mode=1777") != 0:
            raise landlock.error("mount /dev/shm")
    finally:  # version 3's header (pid 0: this thread), two zeroed sets of effective, permitted, inheritable
        header, sets = (ctypes.c_uint32 * 2)(_CAPABILITY_V3, 0), (ctypes.c_uint32 * 6)()
        if libc.syscall(capset, header, sets) != 0:
            raise landlock.error("capset")


def view() -> str:
    """Whether this process's /dev/shm is its own (`make_private`) or the host's, for the guard's record:
    the last mount on /dev/shm in /proc/self/mountinfo (mount point 5th, file system and source after " - ")."""
    try:
        with open("/proc/self/mountinfo") as fh:
            mounts = [(line.split()[4], line.split(" - ", 1)[1].split()[:2]) for line in fh]
    except (OSError, IndexError):
        mounts = []
    top = [kind for point, kind in mounts if point == "/dev/shm"][-1:]
    return SHM_PRIVATE if top == [["tmpfs", SHM_SOURCE]] else \
        "/dev/shm: the host's, shared with every job of the site's user (no private view: docs/site-admin.md)"
