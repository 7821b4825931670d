"""A /dev/shm of each job process's own. Landlock lets a job write /dev/shm (torch's shared tensors,
multiprocessing's semaphores), and shm_open names are one flat folder that every process of the site's user
sees: a job, at once or later, read what another left there, a file, a FIFO or a unix socket made there
(session 58). So handler/guard_boot.py's .pth line makes each NVFlare job process
(`-m nvflare.private.fed.app.client.worker_process`, which the client parent starts with its own Python:
utils/job_launcher_utils.py, generate_client_command) a tmpfs of its own on /dev/shm, in a user and mount
namespace of its own, at interpreter start-up, before its first thread (`make_private`). Its trainer and
DataLoader workers inherit the view. Where the kernel refuses user namespaces the job process runs with the
host's /dev/shm, and its guard's install record says so (`view`).

In the same namespace the run folders of the site's other jobs are hidden from it (sessions 59 and 60): a job
left rows in its own run folder, where it may write, and another job read them there, where reads are not held
(`_hide_other_runs`). And the job runs in a PID namespace of its own with a /proc of its own (session 60): any
process of the site's user read another job's /proc/<pid>/cmdline, which a job writes in its own argv memory
past the hook (`_own_processes`).
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import select
import signal
import sys

from . import landlock

# linux/sched.h, linux/mount.h, linux/capability.h
_CLONE_NEWNS, _CLONE_NEWUSER, _CLONE_NEWPID = 0x00020000, 0x10000000, 0x20000000
_PR_SET_PDEATHSIG = 1
_MS_NOSUID, _MS_NODEV, _MS_NOEXEC, _MS_BIND, _MS_REC = 2, 4, 8, 4096, 16384
_CAPSET = {"x86_64": 126, "aarch64": 91}
_CAPABILITY_V3 = 0x20080522
# the source name of the tmpfs a job process mounts on /dev/shm, which /proc/self/mountinfo shows
SHM_SOURCE = "jobgate-shm"
SHM_PRIVATE = "/dev/shm: each job process's own (a tmpfs in a mount namespace of its own)"
# NVFlare names a job's run folder, in the workspace, by the job's id: a uuid4 the server gives (apis/job_def.py:
# new_job_id; apis/workspace.py: get_run_dir). A job cannot rename its folder: it may not write the workspace.
_JOB_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
# The files the client parent makes at the workspace's root when an admin stops or restarts it, which a job process
# removes at its start and stops where that fails (private/fed/app/client/worker_process.py: remove_restart_file;
# apis/fl_constant.py: WorkspaceConstants). Bound into the view they could not be removed (EBUSY): left out of it,
# the job runs and the provisioned sub_start.sh removes them at the parent's next start.
_PARENT_FLAGS = ("restart.fl", "shutdown.fl")
RUNS_SOURCE = "jobgate-runs"  # the tmpfs of the workspace's view (`jobgate-runs:N`: N run folders left out)
PROC_SOURCE = "jobgate-proc"  # the /proc of the job's own PID namespace
PROC_PRIVATE = "processes: only the job's own (a PID namespace and a /proc of its own)"
# What the process NVFlare started passes on to the job (its namespace's init, which the kernel spares every signal
# it has no handler for): the signals that end a process. NVFlare itself stops a job with SIGKILL to its process
# group (utils/process_utils.py: ProcessAdapter.terminate), which reaches all three processes.
_RELAYED = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2)
RUNS_HIDDEN = ("run folders: a job process sees no other job's, started before it or after "
               "(docs/site-admin.md, session 60)")


def make_private(job_args=()) -> None:
    """Mounts a tmpfs of this process's own on /dev/shm, in a user and mount namespace of its own (unprivileged:
    the site's user maps to itself), then gives up the capabilities the namespace gave it, so that nothing run
    later in it mounts anything (a guarded process cannot anyway: Landlock refuses mounts). It must run before
    the process's second thread (unshare refuses a user namespace to a threaded process); what it starts later,
    threads and children, shares the view. noexec: nothing written there is mapped as code. `job_args`: the job
    process's arguments, as NVFlare's client parent writes them, whose workspace's other job folders are hidden
    (`_hide_other_runs`); then the job runs in a PID namespace of its own (`_own_processes`). Raises OSError
    where the kernel refuses (user namespaces off: kernel.unprivileged_userns_clone, user.max_user_namespaces,
    an AppArmor rule)."""
    capset = _CAPSET.get(os.uname().machine)  # known before anything changes: no namespace left half made
    if capset is None:
        raise OSError(f"capset's system call number on {os.uname().machine} is not known here")
    libc = landlock.load_libc()
    uid, gid = os.getuid(), os.getgid()
    if libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNS) != 0:
        raise landlock.error("unshare(CLONE_NEWUSER | CLONE_NEWNS)")
    relay = None
    try:
        for name, text in (("uid_map", f"{uid} {uid} 1"), ("setgroups", "deny"), ("gid_map", f"{gid} {gid} 1")):
            with open(f"/proc/self/{name}", "w") as fh:
                fh.write(text)
        if libc.mount(SHM_SOURCE.encode(), b"/dev/shm", b"tmpfs", _MS_NOSUID | _MS_NODEV | _MS_NOEXEC,
                      b"mode=1777") != 0:
            raise landlock.error("mount /dev/shm")
        _hide_other_runs(libc, job_args)
        relay = _own_processes(libc)
    finally:  # version 3's header (pid 0: this thread), two zeroed sets of effective, permitted, inheritable
        header, sets = (ctypes.c_uint32 * 2)(_CAPABILITY_V3, 0), (ctypes.c_uint32 * 6)()
        if libc.syscall(capset, header, sets) != 0 and relay is None:  # a waiting process goes on waiting
            raise landlock.error("capset")
    if relay is not None:  # never back to Python's start-up, which would run NVFlare's job a second time
        try:
            relay()
        finally:
            os._exit(70)


def _own_processes(libc):
    """Moves the job into a PID namespace of its own, with a /proc of its own: it sees no process of another job
    (their /proc/<pid>/cmdline, which a job may fill with rows: its own argv memory), and another job none of its.
    A process enters a PID namespace only at its birth (unshare moves its next child), so this one, the process
    NVFlare's client parent started and signals, forks the namespace's init, which mounts its /proc and forks the
    job: the job's parent is alive while NVFlare's process is (worker_process.py watches os.getppid(), whose
    `psutil.pid_exists` 0 would fail), and it is not the namespace's init, which the kernel spares the signals
    the job has no handler for. Returns, in the two processes that wait, what they then do (`_relay`,
    `_reap`); None in the job. A PID namespace or a /proc the kernel refuses leaves the host's processes in view
    (the guard's record says which; /dev/shm and the run folders are the job's own by then)."""
    from .guard import not_dumpable

    if libc.unshare(_CLONE_NEWPID) != 0:
        sys.stderr.write(f"jobgate guard: no PID namespace of the job's own ({landlock.error('unshare')})\n")
        return None
    not_dumpable()  # the two processes that wait hold NVFlare's credentials in their environment too
    init = _fork()
    if init:
        return lambda: _relay(init)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)  # and with it every process of the namespace
    if libc.mount(PROC_SOURCE.encode(), b"/proc", b"proc", _MS_NOSUID | _MS_NODEV | _MS_NOEXEC, None) != 0:
        sys.stderr.write(f"jobgate guard: no /proc of the job's own ({landlock.error('mount /proc')})\n")
    job = _fork()
    return (lambda: _reap(job)) if job else None


def _fork() -> int:
    """os.fork, or the end of this process: once the PID namespace is made, its next child is its init, and a
    job whose init ended can start no process."""
    try:
        return os.fork()
    except OSError as err:
        sys.stderr.write(f"jobgate guard: cannot start the job in its own PID namespace ({err}); stopping\n")
        os._exit(70)


def _relay(init: int):
    """The process NVFlare holds: passes the ending signals on, ends the namespace when the client parent ends
    (its job watched it before), and exits as the job did."""
    parent = os.getppid()
    _pass_on(init)
    ended = os.pidfd_open(init)
    while not select.select([ended], [], [], 1.0)[0]:
        if os.getppid() != parent:
            os.kill(init, signal.SIGKILL)
    os._exit(_exit_code(os.waitpid(init, 0)[1]))


def _reap(job: int):
    """The namespace's init: passes the ending signals on to the job, reaps what is left to it, and exits as the
    job did (the kernel then ends every process left in the namespace)."""
    _pass_on(job)
    while True:
        pid, status = os.wait()
        if pid == job:
            os._exit(_exit_code(status))


def _pass_on(pid: int) -> None:
    def handler(sig, _frame):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:  # ended meanwhile: the wait sees it
            pass
    for sig in _RELAYED:
        signal.signal(sig, handler)


def _exit_code(status: int) -> int:
    return os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status)


def _hide_other_runs(libc, job_args) -> None:
    """Gives this job a view of its workspace (`-m`, its own id `-n`: utils/job_launcher_utils.py,
    get_client_job_args) as it was at its start, without the other jobs' run folders: an empty tmpfs on the
    workspace, into which every other entry is bound back (folders stay live: its own run folder, local,
    startup, transfer). A job started later makes its folder in the real workspace, out of this view; so does
    anything else NVFlare makes at the workspace's root meanwhile (docs/site-admin.md, session 60). The working
    folder is entered again: one in or at the workspace still led to the real one (`..` of the run folder)."""
    args = list(job_args)
    option = {a: args[i + 1] for i, a in enumerate(args[:-1]) if a in ("-m", "--workspace", "-n", "--job_id")}
    workspace, own = option.get("-m", option.get("--workspace")), option.get("-n", option.get("--job_id"))
    if not workspace:
        return
    real = os.open(workspace, os.O_PATH | os.O_DIRECTORY)
    try:
        with os.scandir(workspace) as entries:
            found = [(e.name, e.is_dir(follow_symlinks=False), e.is_symlink()) for e in entries]
        kept = [entry for entry in found if entry[0] == own or not (_JOB_ID.fullmatch(entry[0]) and entry[1]
                                                                   or entry[0] in _PARENT_FLAGS)]
        mode = os.stat(real).st_mode & 0o7777
        if libc.mount(f"{RUNS_SOURCE}:{len(found) - len(kept)}".encode(), os.fsencode(workspace), b"tmpfs",
                      _MS_NOSUID | _MS_NODEV | _MS_NOEXEC, f"mode={mode:o}".encode()) != 0:
            raise landlock.error(f"mount {workspace}")
        for name, folder, link in kept:
            target = os.path.join(workspace, name)
            if link:
                os.symlink(os.readlink(name, dir_fd=real), target)
                continue
            if folder:
                os.mkdir(target)
            else:
                os.close(os.open(target, os.O_CREAT | os.O_WRONLY, 0o600))
            if libc.mount(os.fsencode(f"/proc/self/fd/{real}/{name}"), os.fsencode(target), None,
                          _MS_BIND | _MS_REC, None) != 0 and ctypes.get_errno() != errno.ENOENT:  # removed meanwhile
                raise landlock.error(f"mount {target}")
    finally:
        os.close(real)
    os.chdir(os.getcwd())


def view() -> str:
    """Whether this process's /dev/shm is its own (`make_private`) or the host's, for the guard's record:
    the last mount on /dev/shm in /proc/self/mountinfo (mount point 5th, file system and source after " - ")."""
    try:
        with open("/proc/self/mountinfo") as fh:
            mounts = [(line.split()[4], line.split(" - ", 1)[1].split()[:2]) for line in fh]
    except (OSError, IndexError):
        mounts = []
    top = [kind for point, kind in mounts if point == "/dev/shm"][-1:]
    if top != [["tmpfs", SHM_SOURCE]]:
        return "/dev/shm: the host's, shared with every job of the site's user (no private view: docs/site-admin.md)"
    hidden = [source.split(":")[1] for kind, source in (k for _, k in mounts) if kind == "tmpfs" and
              source.startswith(RUNS_SOURCE + ":")][-1:]
    procs = [kind for point, kind in mounts if point == "/proc"][-1:] == [["proc", PROC_SOURCE]]
    return "; ".join([SHM_PRIVATE] + [f"earlier jobs' run folders hidden: {n}, later ones too" for n in hidden] +
                     [PROC_PRIVATE] * procs)
