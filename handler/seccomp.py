"""The process guard's rule on sockets, held by the kernel: a seccomp filter
(https://docs.kernel.org/userspace-api/seccomp_filter.html).

Landlock (handler/landlock.py) knows TCP ports only: native code (a `ctypes` call to libc's `socket` and
`sendto`, a C extension, `cffi`) sent UDP datagrams, DNS queries among them, to any host past the audit hook,
from the job process and from a trainer (red team runtime49). A seccomp filter sees a system call's numbers,
not the address behind a pointer, so it cannot tell one host from another; it can tell what kind of socket a
job makes. This one lets a process make only the sockets NVFlare and a training job use: unix sockets,
netlink (glibc's getaddrinfo asks the kernel for the interfaces), and TCP (whose hosts the hook judges, whose
ports Landlock holds in a trainer). Every other socket is refused with EACCES: UDP (DNS, QUIC, ICMP echo),
raw and packet sockets, SCTP, vsock (the hypervisor's host), and io_uring, which makes sockets and sends
without the `socket` call. So are system calls of another ABI (x86's 32-bit `int 0x80`, x32), which the
filter's numbers would not name. So are System V IPC (shared memory, semaphores, message queues) and POSIX
message queues: objects named by a key or an id that any process of the site's user reaches, another job's
too, and that neither NVFlare, Python's multiprocessing nor torch uses (their shared memory and semaphores are
files in /dev/shm); this part holds even where UDP stays open.

A second filter, a site's option (`guard.in_memory_code: refuse`, red team runtime52), refuses the ways a job
makes native code in memory, where neither the hook nor Landlock sees it and no `noexec` mount applies:
`memfd_create` (a library written to it loads with `dlopen("/proc/self/fd/N")`), anonymous memory mapped or
made executable (`mmap`/`mprotect`/`pkey_mprotect` asking for PROT_EXEC, a `shmat` with SHM_EXEC, and
`personality(READ_IMPLIES_EXEC)`, after which the kernel adds PROT_EXEC to readable mappings itself), a file
mapped writable and executable at once, and `ptrace` (a job's own child's code rewritten by its parent). What it
cannot tell: whether a file-backed PROT_EXEC mapping is of a file the job wrote (a descriptor is a number to
seccomp: that is the noexec mounts' to hold), nor what an `mprotect` names (an address), so every `mprotect` to
PROT_EXEC is refused, a library's text relocation and an executable stack among them. Every JIT makes code this
way (oneDNN's in torch on x86, numba, torch.compile): docs/site-admin.md, session 52, says what it costs.

Name look-ups need UDP: NVFlare's endpoints must then need no DNS (an address, or a name in /etc/hosts,
which docs/site-admin.md asks for anyway: a resolver forwards a query for any domain). Where one would,
the filter is not applied, and the install record says why. No library is needed: the filter is a short
classic-BPF program, handed to the kernel through libc with ctypes. It holds, with TSYNC, in every thread
of the process (older ones too) and in every process it starts; it cannot be lifted.
"""

from __future__ import annotations

import ctypes
import platform
import struct
import sys

from . import landlock

# linux/audit.h AUDIT_ARCH_*, and each ABI's numbers of socket, io_uring_setup and seccomp
_ABIS = {"x86_64": (0xC000003E, 41, 425, 317), "aarch64": (0xC00000B7, 198, 425, 277)}
# each ABI's System V IPC (shared memory, semaphores, message queues) and POSIX message queue calls, as ranges
_IPC_CALLS = {"x86_64": ((29, 31), (64, 71), (220, 220), (240, 245)), "aarch64": ((180, 197),)}
# each ABI's numbers of memfd_create, ptrace, mmap, mprotect, pkey_mprotect, shmat, personality
_CODE_CALLS = {"x86_64": (319, 101, 9, 10, 329, 30, 135), "aarch64": (279, 117, 222, 226, 288, 196, 92)}
_PROT_WRITE, _PROT_EXEC, _MAP_ANONYMOUS, _SHM_EXEC, _READ_IMPLIES_EXEC = 0x2, 0x4, 0x20, 0o100000, 0x0400000
_X32 = 0x40000000  # x86_64's x32 system calls: the same kernel code under other numbers
_SET_MODE_FILTER, _TSYNC = 1, 1
_ALLOW, _EACCES = 0x7FFF0000, 0x00050000 | 13  # SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO | EACCES
# struct seccomp_data: nr at 0, arch at 4, args[] (u64) from 16; the low half of an argument comes first
# on a little-endian machine
_NR, _ARCH, _ARG0, _ARG1, _ARG2, _ARG3 = 0, 4, 16, 24, 32, 40
_LD, _AND, _JEQ, _JGE, _RET = 0x20, 0x54, 0x15, 0x35, 0x06  # BPF_LD|W|ABS, ALU|AND|K, JMP|JEQ|K, JMP|JGE|K, RET|K
_AF_UNIX, _AF_INET, _AF_INET6, _AF_NETLINK = 1, 2, 10, 16
_SOCK_STREAM, _SOCK_TYPE_MASK, _IPPROTO_TCP = 1, 0xF, 6

HOLDS_IPC = "no System V IPC or POSIX message queues"
HOLDS = f"sockets: TCP, unix and netlink only (no UDP, raw, packet or other families), no io_uring; {HOLDS_IPC}"
HOLDS_CODE = "code in memory: no memfd_create, no executable anonymous memory, no mprotect to executable, no ptrace"


def allowed(family: int, kind: int, proto: int) -> bool:
    """The filter's rule on a socket, as the hook judges Python's own (the same rule as program's below)."""
    return family in (_AF_UNIX, _AF_NETLINK) or family in (_AF_INET, _AF_INET6) and \
        kind & _SOCK_TYPE_MASK == _SOCK_STREAM and proto in (0, _IPPROTO_TCP)


def supported() -> bool:
    return platform.system() == "Linux" and platform.machine() in _ABIS and sys.byteorder == "little"


def program(machine: str, sockets: bool = True) -> bytes:
    """The socket filter, as the kernel reads it; with `sockets` False, its rule on IPC alone."""
    arch, socket_nr, io_uring_nr, _ = _ABIS[machine]
    ipc = [step for i, (low, high) in enumerate(_IPC_CALLS[machine])
           for step in ((_JGE, low, None, f"ipc{i}"), (_JGE, high + 1, None, "deny"), f"ipc{i}")]
    return _assemble([
        (_LD, _ARCH), (_JEQ, arch, None, "deny"),
        (_LD, _NR), *([(_JGE, _X32, "deny", None)] if machine == "x86_64" else []), *ipc,
        *([] if sockets else [(_RET, _ALLOW)]),
        (_JEQ, io_uring_nr, "deny", None), (_JEQ, socket_nr, None, "allow"),
        (_LD, _ARG0), (_JEQ, _AF_UNIX, "allow", None), (_JEQ, _AF_NETLINK, "allow", None),
        (_JEQ, _AF_INET, "inet", None), (_JEQ, _AF_INET6, None, "deny"),
        "inet", (_LD, _ARG1), (_AND, _SOCK_TYPE_MASK), (_JEQ, _SOCK_STREAM, None, "deny"),
        (_LD, _ARG2), (_JEQ, 0, "allow", None), (_JEQ, _IPPROTO_TCP, "allow", None),
        "deny", (_RET, _EACCES),
        "allow", (_RET, _ALLOW),
    ])


def code_program(machine: str) -> bytes:
    """The filter on code made in memory, as the kernel reads it."""
    arch = _ABIS[machine][0]
    memfd, ptrace, mmap, mprotect, pkey_mprotect, shmat, personality = _CODE_CALLS[machine]
    return _assemble([
        (_LD, _ARCH), (_JEQ, arch, None, "deny"),
        (_LD, _NR), *([(_JGE, _X32, "deny", None)] if machine == "x86_64" else []),
        (_JEQ, memfd, "deny", None), (_JEQ, ptrace, "deny", None), (_JEQ, mmap, "mmap", None),
        (_JEQ, mprotect, "prot", None), (_JEQ, pkey_mprotect, "prot", None), (_JEQ, shmat, "shmat", None),
        (_JEQ, personality, None, "allow"),
        # personality(0xffffffff) only asks what it is
        (_LD, _ARG0), (_JEQ, 0xFFFFFFFF, "allow", None), (_AND, _READ_IMPLIES_EXEC), (_JEQ, 0, "allow", "deny"),
        "shmat", (_LD, _ARG2), (_AND, _SHM_EXEC), (_JEQ, 0, "allow", "deny"),
        "prot", (_LD, _ARG2), (_AND, _PROT_EXEC), (_JEQ, 0, "allow", "deny"),
        # mmap(addr, length, prot, flags, fd, offset): executable and anonymous, or executable and writable
        "mmap", (_LD, _ARG2), (_AND, _PROT_EXEC | _PROT_WRITE), (_JEQ, _PROT_EXEC | _PROT_WRITE, "deny", None),
        (_AND, _PROT_EXEC), (_JEQ, 0, "allow", None),
        (_LD, _ARG3), (_AND, _MAP_ANONYMOUS), (_JEQ, 0, "allow", None),
        "deny", (_RET, _EACCES),
        "allow", (_RET, _ALLOW),
    ])


def _assemble(steps) -> bytes:
    """struct sock_filter (u16 code, u8 jt, u8 jf, u32 k) of each step: (code, k, where to go if true, if false:
    a label, or None for the next instruction); a str is a label."""
    labels, at = {}, 0
    for step in steps:
        if isinstance(step, str):
            labels[step] = at
        else:
            at += 1
    out = []
    for step in (s for s in steps if not isinstance(s, str)):
        code, k, *jumps = step
        here = len(out) + 1
        jt, jf = (0 if to is None else labels[to] - here for to in (jumps or [None, None]))
        out.append(struct.pack("=HBBI", code, jt, jf, k))
    return b"".join(out)


def restrict(sockets: bool = True) -> str:
    """Apply the socket filter (`sockets` False: its rule on IPC alone) to every thread of this process and all
    it starts later; returns what holds, for the install record. Raises OSError where the kernel refuses it."""
    if not supported():
        return f"no socket or IPC rules (seccomp filter written for Linux on {', '.join(_ABIS)})"
    _apply(program(platform.machine(), sockets))
    return f"seccomp: {HOLDS if sockets else HOLDS_IPC}"


def restrict_code() -> str:
    """Apply the filter on code made in memory, as restrict() does the socket filter."""
    if not supported():
        return f"no rule on code in memory (seccomp filter written for Linux on {', '.join(_ABIS)})"
    _apply(code_program(platform.machine()))
    return f"seccomp: {HOLDS_CODE}"


def _apply(code: bytes) -> None:
    buf = ctypes.create_string_buffer(code, len(code))
    prog = struct.pack("=HxxxxxxQ", len(code) // 8, ctypes.addressof(buf))  # struct sock_fprog
    libc = landlock.load_libc()
    if libc.prctl(landlock.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:  # what an unprivileged filter needs
        raise landlock.error("prctl(PR_SET_NO_NEW_PRIVS)")
    found = libc.syscall(_ABIS[platform.machine()][3], _SET_MODE_FILTER, _TSYNC, ctypes.c_char_p(prog))
    if found < 0:
        raise landlock.error("seccomp(SECCOMP_SET_MODE_FILTER)")
    if found > 0:  # TSYNC: a thread that cannot take the filter (it has diverged); nothing was applied
        raise OSError(f"seccomp: thread {found} cannot take the filter")
