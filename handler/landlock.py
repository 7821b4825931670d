"""The process guard's rules for writes, program starts and TCP connections, held by the kernel too
(Linux Landlock, https://docs.kernel.org/userspace-api/landlock.html).

The audit hook (handler/guard.py) sees only what the interpreter audits. Native code acts past it:
`ctypes.pythonapi.system(...)`, a `ctypes` function found in any library of the installation (`dlsym`
searches its dependencies, libc among them) or built from an address, `_posixsubprocess.fork_exec`,
`os.open(name, ..., dir_fd=)`, `os.mkfifo`, `os.mknod`, a C extension's own files (red team runtime48).
Landlock is a Linux security module an unprivileged process applies to itself: once on, the kernel
refuses, in this thread, the threads it starts later and every process they start, whatever code asks:
- creating, writing, truncating, removing, renaming or linking any file outside the job's run folder,
  the policy's scratch folders, /dev/shm (POSIX semaphores and shared memory, which multiprocessing
  and torch's DataLoader make in native code), except writing the site's audit log and its lock file
  and device files (the GPU's);
- executing any file other than the site's Python and `guard.programs`;
- (ABI 6, Linux 6.12) sending a signal (`kill`, even signal 0, whose refusal NVFlare's liveness probes
  read as "alive") to, or connecting to an abstract unix socket of, a process outside the job: the client
  parent, other jobs' processes, any daemon of the site's user (red team runtime49: on main `os.kill` of
  the client parent, which the hook does not judge, and a native `connect` to `@name` went through);
- (ABI 4, Linux 6.7; in a Client API trainer) connecting over TCP to a port other than those of NVFlare's
  endpoints of the job, the trainer's and `guard.network.loopback_ports` (Landlock knows ports, not hosts:
  the hook judges the host). Not in the job process: the trainer it starts inherits its rules and
  connects to a port the job process opens only later, after the guard is on.
It cannot be lifted. It does not reach threads that were running before it was applied (the job
process applies it when NVFlare builds the guard component, before the client's cell starts its
threads: handler/process_guard.py; a Client API trainer at interpreter start-up, before any other
thread), and it says nothing of UDP, unix sockets bound to a path, or reads.
"""

from __future__ import annotations

import ctypes
import os
import platform

# linux/landlock.h
_CREATE_RULESET, _ADD_RULE, _RESTRICT_SELF = 444, 445, 446  # the same on x86_64 and aarch64
_CREATE_RULESET_VERSION = 1
_RULE_PATH_BENEATH, _RULE_NET_PORT = 1, 2
EXECUTE, WRITE_FILE, READ_FILE = 1 << 0, 1 << 1, 1 << 2
_CHANGE_V1 = sum(1 << b for b in range(4, 13))  # REMOVE_DIR .. MAKE_SYM
REFER, TRUNCATE = 1 << 13, 1 << 14  # ABI 2, ABI 3
_CONNECT_TCP = 1 << 1  # ABI 4
# ABI 6 (Linux 6.12): connecting to an abstract unix socket, sending a signal, to a process outside the domain
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1 << 0, 1 << 1
PR_SET_NO_NEW_PRIVS = 38
# Where native code of a training job writes by itself: sem_open and shm_open (multiprocessing's locks,
# torch's shared tensors) create their files here.
SHARED_MEMORY = "/dev/shm"
# Device files are opened for writing by what a job uses (the GPU's /dev/nvidia*, /dev/null, a terminal):
# written, never made or removed (making a device file needs root anyway).
DEVICES = "/dev"


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


class _NetPort(ctypes.Structure):
    _fields_ = [("allowed_access", ctypes.c_uint64), ("port", ctypes.c_uint64)]


class _Ruleset(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


def load_libc():
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    return libc


def abi() -> int:
    """The Landlock ABI this kernel offers, 0 where it offers none."""
    if platform.system() != "Linux":
        return 0
    version = load_libc().syscall(_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(_CREATE_RULESET_VERSION))
    return max(int(version), 0)


def restrict(write_dirs, written, executables, tcp_ports=None) -> str:
    """Apply the rules to this thread and all it starts later; returns what holds, for the audit record.
    `write_dirs`: folders where files may be made, written, removed; `written`: files, or folders of files,
    that may only be written (never truncated, made or removed); `executables`: the programs that may start.
    `tcp_ports` None leaves TCP to a later, inner domain (the rules of a process hold in its children too,
    which can only narrow them). Raises OSError where the kernel refuses (a missing path is skipped:
    nothing can be written there)."""
    version = abi()
    if version < 1:
        raise OSError("Landlock is not available in this kernel (Linux 5.13 or later, lsm=landlock)")
    libc = load_libc()
    change = _CHANGE_V1 | (REFER if version >= 2 else 0) | (TRUNCATE if version >= 3 else 0)
    handled_fs = EXECUTE | WRITE_FILE | change
    net = _CONNECT_TCP if version >= 4 and tcp_ports is not None else 0
    scoped = SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL if version >= 6 else 0
    attr = _Ruleset(handled_fs, net, scoped)
    size = ctypes.sizeof(ctypes.c_uint64) * (3 if scoped else 2 if net else 1)
    ruleset = libc.syscall(_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
    if ruleset < 0:
        raise error("landlock_create_ruleset")
    try:
        for path in write_dirs:
            _beneath(libc, ruleset, path, WRITE_FILE | change)
        for path in written:  # not truncated: the audit log is appended to (writing it anew is WRITE_FILE's)
            _beneath(libc, ruleset, path, WRITE_FILE)
        for path in {*executables, *filter(None, map(interpreter, executables))}:
            _beneath(libc, ruleset, path, EXECUTE)
        for port in sorted(set(tcp_ports)) if net else ():
            rule = _NetPort(_CONNECT_TCP, int(port))
            if libc.syscall(_ADD_RULE, ruleset, _RULE_NET_PORT, ctypes.byref(rule), ctypes.c_uint32(0)) < 0:
                raise error(f"landlock_add_rule (tcp port {port})")
        if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            raise error("prctl(PR_SET_NO_NEW_PRIVS)")
        if libc.syscall(_RESTRICT_SELF, ruleset, ctypes.c_uint32(0)) < 0:
            raise error("landlock_restrict_self")
    finally:
        os.close(ruleset)
    return f"landlock abi {version}: writes, program starts" + (", tcp connections" if net else "") + \
        (", signals and abstract unix sockets outside the job" if scoped else "")


def interpreter(path: str) -> str | None:
    """The dynamic loader an ELF program names (PT_INTERP), which the kernel executes with it. It runs any
    program given as its argument (`ld.so /bin/sh`), mapping it without an exec: what such a program does
    is held by the write and TCP rules, not by the rule on program starts."""
    import struct

    try:
        with open(path, "rb") as fh:
            head = fh.read(64)
            if head[:5] != b"\x7fELF\x02":  # 64-bit ELF only; a script's interpreter is on its first line
                return None
            end = "<" if head[5] == 1 else ">"
            phoff, = struct.unpack_from(end + "Q", head, 32)
            phentsize, phnum = struct.unpack_from(end + "HH", head, 54)
            for i in range(phnum):
                fh.seek(phoff + i * phentsize)
                kind, _, offset, _, _, size = struct.unpack(end + "IIQQQQ", fh.read(40))
                if kind == 3:  # PT_INTERP
                    fh.seek(offset)
                    return os.path.realpath(fh.read(size).rstrip(b"\0").decode())
    except (OSError, struct.error, UnicodeDecodeError):
        return None
    return None


def _beneath(libc, ruleset: int, path: str, access: int) -> None:
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except FileNotFoundError:
        return
    try:
        if not os.path.isdir(path):
            access &= EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE  # what a rule on a file may grant
        rule = _PathBeneath(access, fd)
        if libc.syscall(_ADD_RULE, ruleset, _RULE_PATH_BENEATH, ctypes.byref(rule), ctypes.c_uint32(0)) < 0:
            raise error(f"landlock_add_rule ({path})")
    finally:
        os.close(fd)


def error(call: str) -> OSError:
    err = ctypes.get_errno()
    return OSError(err, f"{call}: {os.strerror(err)}")
