"""Run-time layer 2: a PEP 578 audit hook that keeps a job process from doing
what no training job needs.

`sys.addaudithook` hooks cannot be removed once installed; CPython calls them
for the operations it audits (https://docs.python.org/3/library/audit_events.html)
before the operation happens, and an exception raised by the hook aborts it.
Under the site's policy the hook denies, with an audit record and a
PermissionError in the job:
- network connections (and name look-ups) except NVFlare's endpoints of this
  job and the loopback ports the policy names;
- starting programs, except the policy's programs and the site's own Python
  when the child will run under this guard too (see `handler.guard_boot`);
- ctypes loading native libraries, and Python importing extension modules,
  from outside the Python installation, except those the policy names;
- writing (open for writing, mkdir, rename, remove, link, shutil.rmtree) outside
  the job's run folder and the policy's scratch folders, and writing code files
  (.py, .pyc, extension modules) anywhere;
- writing the job's log files (log.txt, error_log.txt, log.json), which NVFlare
  streams to the server, other than through Python's logging;
- changing the variables it sets: TORCH_FORCE_WEIGHTS_ONLY_LOAD=1, so that
  torch.load unpickles nothing but tensors;
- reading or listing the site's credential paths.
`audit` mode records what it would deny and denies nothing.

Native writers it knows (torch.save, safetensors, TensorBoard's event files:
handler/native_writers.py) announce their destination first and are judged as
`open` is. What it cannot see: native code acting by itself (ctypes calls into
libc, a C extension's own sockets and files, cffi, `_posixsubprocess.fork_exec`
used directly), and a job that tampers with this module's state in its own
process. In enforce mode the kernel holds the rules on writes and program starts
(and TCP ports in a trainer) against those too (handler/landlock.py), and lets
no process of the job make a socket other than TCP, unix and netlink ones
(handler/seccomp.py: no UDP, where NVFlare's endpoints need no DNS); what
neither holds is in docs/site-admin.md. The static gate, which flags such code
before it runs, is another layer.

This module imports nothing beyond the standard library (and native_writers and
seccomp, which do not either): a Client API trainer process installs it at interpreter start-up.
"""

from __future__ import annotations

import functools
import importlib.machinery
import ipaddress
import json
import logging
import os
import re
import shutil
import stat
import sys
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePath
from urllib.parse import unquote, urlsplit

from . import native_writers, seccomp

log = logging.getLogger("jobgate")
# A denial's reason quotes what the job chose (a path, a host), and the process's log is not the site's: the job
# process's error_log.txt and log.txt stream to the server (NVFlare's job log streamer, ERRORLOG_<site>). So a
# process logs its first LOGGED denials, each cut to LOGGED_CHARS, and then one line saying there are more: 100
# writes refused to paths made of patient rows had put 27 KB of them in the log (red team runtime55). The audit
# log, the site's own, keeps every reason whole.
LOGGED, LOGGED_CHARS = 10, 200

ENV = "JOBGATE_GUARD"  # the guard's settings for a child process, as JSON
_PR_SET_DUMPABLE = 4
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_PYTHON_NAME = re.compile(r"python(\d+(\.\d+)?)?$")
# Variables that change what a child process runs before Python's own start-up.
_LOADER_VARS = ("LD_PRELOAD", "LD_AUDIT", "LD_LIBRARY_PATH", "PYTHONHOME")
# PyTorch reads it at every torch.load and then unpickles only tensors and plain
# containers, even where a job passes weights_only=False
# (https://docs.pytorch.org/docs/stable/miscellaneous_environment_variables.html).
_FORCED_ENV = {"TORCH_FORCE_WEIGHTS_ONLY_LOAD": "1"}
# Files Python imports: written at run time, they would run code nobody judged
# (a module imported later, a forged __pycache__ entry).
_CODE_SUFFIXES = tuple(importlib.machinery.all_suffixes())
# Start-up hooks: site.py runs the `import` lines of every .pth file in a site-packages folder at each
# start of Python, including the user's (~/.local/lib/pythonX.Y/site-packages, which site.py reads
# before the installation's own, where jobgate_guard.pth is), which a scratch folder of `~` covers.
# Elsewhere .pth is PyTorch's checkpoint suffix.
_START_UP_HOOK = re.compile(r"/(site|dist)-packages/[^/]*\.pth$")
# The job's log files, which NVFlare's log streamers send to the server
# (apis/fl_constant.py WorkspaceConstants; app_common/logging/job_log_streamer.py):
# only Python's logging, as NVFlare configured it, writes them.
_STREAMED_LOGS = frozenset({"log.txt", "error_log.txt", "log.json"})
_LOGGING_DIR = os.path.dirname(logging.__file__)
# The module that appends to the site's audit log (handler/audit.py): a job's own lines there would be
# records of jobgate's that it never made.
_AUDIT_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "audit.py")
# glibc's entry points that map a library into the process (dlopen, dlmopen; the private one ld.so exports
# to libc), which ctypes can look up by name in any library it holds.
_LOADER_SYMBOLS = frozenset({"dlopen", "dlmopen", "__libc_dlopen_mode", "_dl_open"})
_PATH_CLASSES = frozenset({Path, PurePath, type(Path()), type(PurePath())})
# Events that change the file at their first argument, with the position of their folder
# descriptor (dir_fd) if they have one. shutil.rmtree is judged before it removes anything:
# its own removals name entries under the tree's descriptor.
_WRITE_FIRST = {"os.remove": 1, "os.rmdir": 1, "shutil.rmtree": 1, "os.chmod": 2, "os.chown": 3,
                "os.utime": 3, "os.setxattr": None, "os.removexattr": None,
                "os.truncate": None, native_writers.EVENT: None}


@dataclass(frozen=True)
class GuardConfig:
    mode: str  # enforce | audit
    site: str
    job_id: str
    audit_log: str
    run_dir: str
    scratch: tuple[str, ...] = ()
    credential_paths: tuple[str, ...] = ()
    endpoints: tuple[tuple[str, int], ...] = ()  # NVFlare's (host, port) of this job
    loopback_ports: tuple[int, ...] = ()
    unix_sockets: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()  # resolved paths
    native_libraries: tuple[str, ...] = ()
    python: str = ""  # the site's interpreter (sys.executable of the job process)
    install_dirs: tuple[str, ...] = ()  # where ctypes may load libraries from
    process: str = "job"  # job | trainer
    jobgate_root: str = ""  # the folder jobgate is installed in (a child checks it loaded this copy)
    children_guarded: bool = False  # the site's Python installs the guard in a child (jobgate_guard.pth)
    in_memory_code: str = "allow"  # allow | refuse: the kernel's rule on code made in memory (handler/seccomp.py)

    def to_env(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_env(cls, text: str) -> "GuardConfig":
        doc = json.loads(text)
        doc["endpoints"] = tuple((str(h), int(p)) for h, p in doc.get("endpoints", ()))
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in doc.items()})


def real(path: str) -> str:
    return os.path.realpath(os.path.expanduser(path))


def within(path: str, roots) -> bool:
    return any(path == r or path.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


def unsafe_scratch(scratch, workspace_root: str, installed=()) -> list[str]:
    """What is wrong with the site's scratch folders (resolved): one that holds the workspace (other
    jobs' folders, NVFlare's control files), its local/ or startup/ (jobgate's policy, NVFlare's
    resources and privacy scopes, which every later job runs under) or lies in or around the Python
    installation and jobgate's own files (`installed`: its rules) lets a job change what judges later jobs."""
    ws = real(workspace_root)
    protected = (os.path.join(ws, "local"), os.path.join(ws, "startup"), *map(real, installed))
    return [f"guard.scratch {folder} holds or lies in {', '.join(hit) if hit else ws}, the site's set-up: "
            f"a job could change what judges later jobs"
            for folder in scratch
            for hit in [[p for p in protected if within(p, [folder]) or within(folder, [p])]]
            if hit or within(ws, [folder])]


class Denied(PermissionError):
    """What the job sees: an OSError, as the operation system would raise, so
    that well-behaved code handles it as it handles a permission problem."""


@dataclass
class Guard:
    config: GuardConfig
    # Resolved once; host names of the endpoints with their addresses.
    _allowed_hosts: frozenset = field(default=frozenset(), init=False)
    _allowed_addrs: frozenset = field(default=frozenset(), init=False)
    _seen: set = field(default_factory=set, init=False)
    _logged: int = field(default=0, init=False)
    _busy: threading.local = field(default_factory=threading.local, init=False)
    # Code objects of NVFlare's port probes, which bind ("", port) and close at
    # once (fuel/f3/drivers/net_utils.py: check_tcp_port; fuel/utils/network_utils.py:
    # get_open_ports); taken when the guard starts, so that a job cannot swap them.
    port_probes: frozenset = frozenset()
    kernel: str = "off"  # what the kernel holds too (handler/landlock.py)

    def __post_init__(self):
        hosts, addrs = {"localhost"}, set()
        for host, port in self.config.endpoints:
            hosts.add(host.lower())
            addrs.add((host.lower(), port))
            for ip in _addresses(host):
                hosts.add(ip)
                addrs.add((ip, port))
        self._allowed_hosts, self._allowed_addrs = frozenset(hosts), frozenset(addrs)
        # the kernel's socket rule (handler/seccomp.py) where NVFlare's endpoints need no DNS; the hook judges
        # Python's own sockets by it too, so that they leave a record (in audit mode: what enforce refuses)
        self._socket_rule = seccomp.supported() and not needs_dns(h for h, _ in self.config.endpoints)
        self._write_roots = tuple(real(p) for p in (self.config.run_dir, *self.config.scratch))
        # The site's audit log, which jobgate's layers in this process append to:
        # append-only (never truncated, renamed or removed), its lock file, its folder.
        self._audit_log = real(self.config.audit_log)
        self._audit_lock, self._audit_dir = self._audit_log + ".lock", os.path.dirname(self._audit_log)
        self._secrets = tuple(real(p) for p in self.config.credential_paths)
        # What a child Python reads before its jobgate_guard.pth installs the guard, as this process started:
        # the variables (os.environ may change later, putenv of most of them is allowed), the installation's
        # import folders, and the folders this process itself had before them (red team runtime49).
        self._start_env = {k: v for k, v in os.environ.items() if _read_at_start(k)}
        # the settings install() put in the environment for a child: os.environ's own storage (_data) can be
        # changed without a putenv the hook sees, so a child's are compared with these, not with os.environ
        self._child_settings = os.environ.get(ENV)
        self._import_dirs = {real(p) for p in sys.path if os.path.exists(p) and
                             within(real(p), (*self.config.install_dirs, self.config.jobgate_root or "/-"))}
        self._early_dirs = set(_before_installation(sys.path, self._import_dirs))
        # -W and -X values this process started with, which multiprocessing's children repeat
        # (util._args_from_interpreter_flags): the site chose them
        self._own_options = frozenset(("W", w) for w in sys.warnoptions) | frozenset(
            ("X", k if v is True else f"{k}={v}") for k, v in sys._xoptions.items())
        self._handlers = {
            "socket.connect": self._on_connect, "socket.sendto": self._on_connect,
            "socket.sendmsg": self._on_connect, "socket.bind": self._on_bind, "socket.__new__": self._on_socket,
            "socket.getaddrinfo": self._on_lookup, "socket.gethostbyname": self._on_lookup,
            "socket.gethostbyname_ex": self._on_lookup, "socket.gethostbyaddr": self._on_reverse,
            "socket.getnameinfo": self._on_reverse,
            "subprocess.Popen": self._on_popen, "os.posix_spawn": self._on_spawn, "os.exec": self._on_spawn,
            native_writers.SPAWN_EVENT: self._on_spawn,
            "os.spawn": self._on_os_spawn, "os.system": self._on_system, "pty.spawn": self._on_pty,
            "ctypes.dlopen": self._on_dlopen, "ctypes.dlsym": self._on_dlsym, "ctypes.dlsym/handle": self._on_dlsym,
            "import": self._on_import, "open": self._on_open,
            "sqlite3.connect": self._on_sqlite,
            "os.listdir": self._on_list, "os.scandir": self._on_list,
            "os.mkdir": self._on_mkdir, "os.rename": self._on_rename, "os.symlink": self._on_symlink,
            "os.link": self._on_link, "os.putenv": self._on_env, "os.unsetenv": self._on_env,
            "os.kill": self._on_kill, "os.killpg": self._on_killpg,
            **{event: functools.partial(self._on_write_first, fd_at) for event, fd_at in _WRITE_FIRST.items()},
        }

    # ----------------------------------------------------------------- hook
    def hook(self, event: str, args: tuple) -> None:
        handler = self._handlers.get(event)
        if handler is None or getattr(self._busy, "on", False):
            return
        self._busy.on = True
        try:
            why = handler(_plain(args))
        except Exception as err:  # an event we cannot read is an event we do not allow
            why = f"{event} could not be checked ({type(err).__name__})"
        finally:
            self._busy.on = False
        if why:
            self._deny(event, why)

    def _deny(self, event: str, why: str) -> None:
        enforce = self.config.mode == "enforce"
        self._busy.on = True
        try:
            if (event, why) not in self._seen:  # one record per distinct denial and process
                self._seen.add((event, why))
                self._record(event, why, enforce)
        finally:
            self._busy.on = False
        if enforce:
            raise Denied(f"jobgate guard: {why}")

    def _record(self, event: str, why: str, enforce: bool) -> None:
        from . import audit  # here, not at start-up: a trainer process loads only this module until it must

        entry = {"time": audit.now(), "layer": "guard", "mode": self.config.mode, "site": self.config.site,
                 "job_id": self.config.job_id, "process": self.config.process, "pid": os.getpid(),
                 "event": event, "reason": why, "decision": "deny" if enforce else "would-deny",
                 "allowed": not enforce}
        self._logged += 1
        if self._logged <= LOGGED:
            (log.error if enforce else log.warning)("jobgate guard (%s): %s: %s", self.config.mode, event,
                                                    shorten(why))
        elif self._logged == LOGGED + 1:
            log.error("jobgate guard (%s): more denials in this process, in the site's audit log", self.config.mode)
        try:
            audit.append(Path(real(self.config.audit_log)), entry)
        except Exception:
            log.warning("jobgate guard: cannot write the audit log %s", self.config.audit_log, exc_info=True)

    # -------------------------------------------------------------- network
    def _on_connect(self, args) -> str | None:
        address = args[1]
        if isinstance(address, (str, bytes)):  # AF_UNIX
            path = _name(address)
            ok = path in self.config.unix_sockets or self._own_socket(path)
            return None if ok else f"connection to unix socket {path!r} (guard.network.unix_sockets)"
        if not isinstance(address, tuple) or len(address) < 2:
            return None  # AF_NETLINK and the like carry no remote address
        host, port = _name(address[0]).lower(), int(address[1])
        if (host, port) in self._allowed_addrs:
            return None
        if _is_loopback(host) and port in self.config.loopback_ports:
            return None
        return f"connection to {host}:{port}, not an NVFlare endpoint of this job " \
               f"(guard.network.loopback_ports / guard.network.endpoints)"

    def _own_socket(self, path: str) -> bool:
        """A socket bound where the job may write (its run folder, guard.scratch): the job talking to itself, as
        `multiprocessing`'s resource_sharer does when a DataLoader worker hands its tensors over (a listener in
        the temporary folder, the job's folder under Landlock). A link there is followed first, so a link to a
        daemon's socket is not one. A link swapped in after this check is what native code reaches anyway
        (docs/site-admin.md); a file there is already a channel between the jobs that share a scratch folder."""
        if not path or path.startswith("\0"):  # abstract: held by Landlock's scope
            return False
        full = real(path)
        try:
            return stat.S_ISSOCK(os.stat(full).st_mode) and within(full, self._write_roots)
        except OSError:
            return False

    def _on_socket(self, args) -> str | None:  # (socket, family, type, proto); -1s: a socket made already
        family, kind, proto = args[1:]
        if not self._socket_rule or family == -1 or seccomp.allowed(family, kind, proto):
            return None
        return f"making a socket of family {family}, type {kind & 0xF}, protocol {proto}: only TCP, unix and " \
               f"netlink sockets (NVFlare's endpoints need no DNS, so no UDP)"

    def _on_bind(self, args) -> str | None:
        address = args[1]
        if not isinstance(address, tuple) or len(address) < 2 or _is_loopback(_name(address[0])):
            return None
        if sys._getframe(2).f_code in self.port_probes:  # _on_bind <- hook <- the caller of socket.bind
            return None
        return f"listening on {address[0] or 'every interface'}:{address[1]}: only loopback addresses"

    def _on_lookup(self, args) -> str | None:
        host = args[0]
        if host is None or isinstance(host, int):
            return None
        host = _name(host)
        if host.lower() in self._allowed_hosts or _is_ip(host):
            return None  # an address literal sends no query; the connection is checked itself
        return f"name look-up of {host[:80]!r}, not an NVFlare endpoint of this job (guard.network.endpoints)"

    def _on_reverse(self, args) -> str | None:
        """gethostbyaddr(host), getnameinfo((host, port), flags): an address literal is looked up in
        reverse, a DNS query of its own (a name under in-addr.arpa or ip6.arpa that the address spells)."""
        host = args[0][0] if isinstance(args[0], tuple) else args[0]
        host = _name(host)
        if not _is_ip(host):
            return self._on_lookup((host,))
        if _is_loopback(host) or host.lower() in self._allowed_hosts:
            return None
        return f"reverse name look-up of {host[:80]!r}, a DNS query, not an NVFlare endpoint of this job " \
               "(guard.network.endpoints)"

    # ------------------------------------------------------------- programs
    def _on_popen(self, args) -> str | None:
        executable, argv, cwd, env = args
        argv = [argv] if isinstance(argv, (str, bytes)) else _items(argv)
        return self._program(executable if executable is not None else argv[0], argv, env, cwd)

    def _on_spawn(self, args) -> str | None:  # os.posix_spawn(path, argv, env), os.exec(path, args, env)
        return self._program(args[0], _items(args[1]), args[2], None)

    def _on_os_spawn(self, args) -> str | None:  # os.spawn(mode, path, args, env)
        return self._program(args[1], _items(args[2]), args[3], None)

    def _on_system(self, args) -> str | None:
        return self._program("/bin/sh", ["/bin/sh", "-c", args[0]], None, None)

    def _on_pty(self, args) -> str | None:
        argv = list(args[0]) if isinstance(args[0], (list, tuple)) else [args[0]]
        return self._program(argv[0], argv, None, None)

    def _program(self, executable, argv, env, cwd) -> str | None:
        exe = _name(executable)
        env = dict(os.environ) if env is None or env is os.environ else {_name(k): _name(v) for k, v in _pairs(env)}
        path = _which(exe, env, cwd)
        name = os.path.basename(exe)
        if path is None:
            return f"starting {name!r}: not found"
        if real(path) in self.config.programs:  # the dynamic loader's variables would load the job's code in it
            changed = sorted(v for v in {*env, *self._start_env} if v.startswith("LD_")
                             and env.get(v) != self._start_env.get(v))
            return f"starting {name!r} with {', '.join(changed)} changed" if changed else None
        if self._is_site_python(path):
            return self._python_child(argv, env)
        return f"starting {name!r} ({path}), not in guard.programs"

    def _is_site_python(self, path: str) -> bool:
        # A venv's python is a link to the base interpreter: compare the folder
        # (where the venv and its site-packages are), not only the final file.
        site = self.config.python
        return bool(site) and os.path.dirname(os.path.abspath(path)) == os.path.dirname(site) and \
            bool(_PYTHON_NAME.match(os.path.basename(path))) and real(path) == real(site)

    def _python_child(self, argv, env: dict) -> str | None:
        """The site's Python may start only under this guard: our settings in
        its environment, nothing loaded before Python, site-packages not skipped."""
        if not self.config.children_guarded:
            return "starting Python, which would run unguarded: the site's Python has no jobgate_guard.pth " \
                   "(`jobgate site install-guard`)"
        if env.get(ENV) != self._child_settings:
            return "starting Python without the process guard's settings"
        changed = sorted(v for v in {*env, *self._start_env} if _read_at_start(v) and v != "PYTHONPATH"
                         and env.get(v) != self._start_env.get(v))
        if changed:
            return f"starting Python with {', '.join(changed)} changed"
        early = [p for p in _before_installation(env.get("PYTHONPATH", "").split(os.pathsep), self._import_dirs)
                 if p not in self._early_dirs] if env.get("PYTHONPATH") != self._start_env.get("PYTHONPATH") else []
        if early:
            return f"starting Python with {early[0]} on PYTHONPATH before the installation's folders (its " \
                   "modules would run before the process guard)"
        return _start_up_option(argv[1:], self._own_options)

    # ------------------------------------------------------- native libraries
    def _on_dlopen(self, args) -> str | None:
        name = args[0]
        if name is None:
            return None if "" in self.config.native_libraries else \
                "loading the process's own symbols (libc) through ctypes (guard.native_libraries: \"\")"
        name = _name(name)
        if name in self.config.native_libraries or os.sep in name and self._installed_library(name):
            return None
        return f"loading native library {name!r} through ctypes (guard.native_libraries)"

    def _on_dlsym(self, args) -> str | None:
        """(library or handle, name): the dynamic loader's own entry points, found in any library ctypes
        may load (`ctypes.pythonapi.dlopen`, made before the hook, holds every symbol of the process), load
        a library past the check of `ctypes.dlopen` above: a `.so` the job ships or wrote (red team runtime50)."""
        name = args[1]
        if isinstance(name, (str, bytes)) and _name(name) in _LOADER_SYMBOLS:
            return f"looking up the dynamic loader's {_name(name)} through ctypes (it loads a library past " \
                   f"guard.native_libraries)"
        return None

    def _on_import(self, args) -> str | None:
        """import (module, filename, ...): CPython names the file only where it loads an extension module
        (`_imp.create_dynamic`), native code that the hook would not see act: one a job ships
        (custom/*.so) runs only where the policy names it, as a library ctypes loads (red team runtime48)."""
        if args[1] is None:
            return None
        path = _name(args[1])
        if self._installed_library(path):
            return None
        return f"loading extension module {_name(args[0])!r} from {path}, outside the Python installation " \
               f"(guard.native_libraries)"

    def _installed_library(self, path: str) -> bool:
        return within(real(path), self.config.install_dirs) or \
            real(path) in {real(p) for p in self.config.native_libraries if os.sep in p}

    # ------------------------------------------------------------------ files
    def _on_open(self, args) -> str | None:
        path, mode, flags = args
        if path is None or isinstance(path, int):
            return None
        path = _name(path)
        writing = any(c in mode for c in "wax+") if isinstance(mode, str) else bool((flags or 0) & _WRITE_FLAGS)
        if writing and real(path) == self._audit_log:
            appending = mode.startswith("a") if isinstance(mode, str) else \
                bool(flags & os.O_APPEND) and not flags & os.O_TRUNC
            return None if appending and _on_stack(_AUDIT_FILE) else \
                "writing the site's audit log other than by jobgate's appending to it"
        return self._check_write(path) if writing else self._check_read(path)

    def _on_sqlite(self, args) -> str | None:
        """sqlite3.connect(database): SQLite opens the file in C and creates it when it is missing. A new
        database is judged as a write, an existing one as a read (what is written into it goes through
        SQL, which the static gate judges). The event does not say whether `uri=True`: a `file:` name is
        judged by the URI's path."""
        name = _name(args[0])
        if name.startswith("file:"):
            uri = urlsplit(name)
            name = "" if "mode=memory" in uri.query else unquote(uri.path)
        if name in ("", ":memory:"):
            return None
        return self._check_read(name) if os.path.isfile(name) else self._check_write(name)

    def _on_list(self, args) -> str | None:
        path = args[0]
        return None if path is None or isinstance(path, int) else self._check_read(_name(path))

    def _on_write_first(self, fd_at: int | None, args) -> str | None:
        path = args[0]
        return None if isinstance(path, int) else self._check_write(_at(path, None if fd_at is None else args[fd_at]))

    def _on_mkdir(self, args) -> str | None:  # (path, mode, dir_fd)
        path = args[0]
        if isinstance(path, int):
            return None
        path = _at(path, args[2])
        return None if real(path) == self._audit_dir else self._check_write(path)  # audit.append makes it

    def _on_rename(self, args) -> str | None:  # (src, dst, src_dir_fd, dst_dir_fd)
        return self._check_write(_at(args[0], args[2])) or self._check_write(_at(args[1], args[3]))

    def _on_link(self, args) -> str | None:  # (src, dst, src_dir_fd, dst_dir_fd)
        # a hard link is another name of the same file: what is written through it is written to the source
        src = _at(args[0], args[2])
        return self._check_read(src) or self._check_write(src) or self._check_write(_at(args[1], args[3]))

    def _on_symlink(self, args) -> str | None:  # (src, dst, dir_fd): the link's text is read where it is followed
        return self._check_read(_name(args[0])) or self._check_write(_at(args[1], args[2]))

    def _check_write(self, path: str) -> str | None:
        full = real(path)
        if full.endswith(_CODE_SUFFIXES) or _START_UP_HOOK.search(full):
            return f"writing {full}, a file Python would import or run"
        if os.path.basename(full) in _STREAMED_LOGS and within(full, self._write_roots) and not _on_stack(_LOGGING_DIR):
            return f"writing {full}, a log file NVFlare streams to the server, other than through logging"
        if within(full, self._write_roots) or full in (os.devnull, self._audit_lock):
            return None
        return f"writing {full}, outside the job's folder (guard.scratch)"

    def _check_read(self, path: str) -> str | None:
        full = real(path)
        if self._secrets and within(full, self._secrets):
            return f"reading {full}, a credential path of the site (guard.credential_paths)"
        return None

    # --------------------------------------------------------------- signals
    def _on_kill(self, args) -> str | None:  # (pid, signal): a pid below 0 names a process group, 0 its own
        pid, sig = int(args[0]), int(args[1])
        if sig == 0:  # a liveness probe (NVFlare's, psutil's) sends nothing
            return None
        return self._on_killpg((-pid, sig)) if pid <= 0 else self._signal(pid, sig, f"process {pid}")

    def _on_killpg(self, args) -> str | None:  # (pgid, signal): a group the job leads or started
        pgid, sig = int(args[0]), int(args[1])
        return None if sig == 0 else self._signal(pgid or os.getpgrp(), sig, f"process group {pgid}")

    def _signal(self, pid: int, sig: int, what: str) -> str | None:
        """A signal reaches only the job's own processes: itself and those it started (a trainer, DataLoader
        workers; NVFlare starts each in its own group, which it leads). The client parent, other jobs and
        the site's other processes run as the same user, so the system itself would let it through. The
        kernel holds the same where Landlock has its signal scope (ABI 6, handler/landlock.py)."""
        return None if _descends(pid, os.getpid()) else \
            f"sending signal {sig} to {what}, not one of the job's own processes"

    # --------------------------------------------------------------- environ
    def _on_env(self, args) -> str | None:
        key = _name(args[0])
        return f"changing {key} in the job's environment" if key in (ENV, *_LOADER_VARS, *_FORCED_ENV) else None


def shorten(reason: str) -> str:
    """A reason as a log line that leaves the site may quote it (LOGGED_CHARS)."""
    return reason if len(reason) <= LOGGED_CHARS else reason[:LOGGED_CHARS - 1] + "…"


def _plain(value):
    """`value` with every str, bytes and int in it (in tuples, lists and dicts too) made a plain one of the
    same characters or number, without calling a method of it: a subclass's own methods (startswith,
    partition, __eq__, lower, __iter__...) would run the job's code inside the hook, where nothing is
    judged, and could make the guard judge another path than the one the operation uses (red team 46:
    `class OutPath(str)` whose startswith says False made an absolute path look relative to realpath)."""
    if isinstance(value, str):
        return "".join((value,))
    if isinstance(value, bytes):
        return b"".join((value,))
    if isinstance(value, int) and not isinstance(value, bool):
        return int.__int__(value)
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in tuple.__getitem__(value, slice(None)))
    if isinstance(value, list):
        return [_plain(v) for v in list.copy(value)]
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in dict.items(value)}
    if type(value) in _PATH_CLASSES:  # pathlib's own, whose str() is the path: the job's subclasses are not
        return str(value)
    return value


def _name(value) -> str:
    """A path, host or name that an event carries, as str. `_plain` made strings plain; any other
    object (one whose __fspath__ or __str__ would run the job's code here, and answer the operation
    anew) is not read: the hook denies what it cannot check."""
    if isinstance(value, bytes):
        return os.fsdecode(value)
    if isinstance(value, str):
        return value
    raise TypeError(f"a {type(value).__name__} where a path or name was expected")


def _items(value) -> list:
    """An argument vector as `_plain` left it: a list or tuple (None for none); not another object."""
    if value is None or type(value) in (list, tuple):
        return list(value or ())
    raise TypeError(f"a {type(value).__name__} where a list was expected")


def _pairs(value):
    """An environment as `_plain` left it: a dict; not another mapping, whose methods are the job's."""
    if type(value) is dict:
        return value.items()
    raise TypeError(f"a {type(value).__name__} where a dict was expected")


def _at(path, dir_fd) -> str:
    """The path an operation acts on: a relative one under a folder's descriptor (`dir_fd`, as
    shutil.rmtree removes the entries of a tree) is in that folder, not in the working folder.
    CPython audits "no descriptor" as -1. Linux names the folder of a descriptor in /proc/self/fd;
    elsewhere the lookup fails, and the hook denies what it cannot check."""
    path = _name(path)
    if dir_fd is None or dir_fd < 0 or os.path.isabs(path):
        return path
    return os.path.join(os.readlink(f"/proc/self/fd/{int(dir_fd)}"), path)


def _on_stack(code: str, depth: int = 24) -> bool:
    """Whether `code` (a module's file, or a package's folder) is on the stack: Python's logging
    package (a handler opening or rolling over its file) or jobgate's audit module, not job code
    writing the file itself."""
    frame = sys._getframe(1)
    while frame is not None and depth:
        if frame.f_code.co_filename == code or os.path.dirname(frame.f_code.co_filename) == code:
            return True
        frame, depth = frame.f_back, depth - 1
    return False


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
        return True
    except ValueError:
        return False


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def _addresses(host: str) -> set[str]:
    import socket

    try:
        return {info[4][0].lower() for info in socket.getaddrinfo(host, None)}
    except OSError:
        return set()


def _descends(pid: int, ancestor: int) -> bool:
    """Whether process `pid` is `ancestor` or started by it (Linux: /proc/<pid>/stat; a process that is
    gone cannot be signalled anyway)."""
    for _ in range(64):
        if pid == ancestor:
            return True
        if pid <= 1:
            return False
        try:
            with open(f"/proc/{pid}/stat", "rb") as fh:
                stat = fh.read()
        except FileNotFoundError:
            return True
        pid = int(stat[stat.rindex(b")") + 2:].split()[1])
    return False


def _which(exe: str, env: dict, cwd) -> str | None:
    if os.sep in exe:
        return os.path.join(_name(cwd), exe) if cwd and not os.path.isabs(exe) else exe
    return shutil.which(exe, path=os.pathsep.join(os.get_exec_path(env)))


def _read_at_start(var: str) -> bool:
    """Whether a child Python reads the variable before site-packages' .pth files run: PYTHON* (PYTHONPATH,
    PYTHONWARNINGS, whose `module.Category` is imported before `site`, PYTHONUSERBASE...), the dynamic loader's
    (LD_PRELOAD, LD_AUDIT, LD_LIBRARY_PATH...), and HOME, where the user's site-packages are (processed before the installation's) if Python reads them."""
    import site

    return var.startswith(("PYTHON", "LD_")) or var == "HOME" and bool(site.ENABLE_USER_SITE)


def _before_installation(paths, installation: set) -> list[str]:
    """The entries of an import path before the last of the installation's folders in it (all of them where
    one is missing: PYTHONPATH comes before the installation's own folders): a module there is found first."""
    entries = [real(p) for p in paths]
    missing, out = set(installation), []
    for entry in entries:
        if not missing:
            break
        missing.discard(entry)
        out.append(entry)
    return [e for e in out if e not in installation]


def _start_up_option(options: list, own=frozenset()) -> str | None:
    """What in Python's own options (before the script, -c or -m) would run code before the process guard or
    skip it: -S (no site-packages, no .pth), -X frozen_modules=off (the standard library's start-up modules,
    site and encodings among them, then come from the import path), -W with a `module.Category` (imported
    before site), unless the job process started with the same (`own`: ("W" or "X", value))."""
    options = [_name(o) for o in options]
    i = 0
    while i < len(options):
        arg, i = options[i], i + 1
        if not arg.startswith("-") or arg in ("-", "--") or arg.startswith("--"):
            return None
        letters = arg[1:]
        for j, c in enumerate(letters):
            if c == "S":
                return "starting Python with -S (it would skip the process guard)"
            if c in "cm":  # the rest is the command or module
                return None
            if c in "XW":  # takes a value, here or next
                value = letters[j + 1:]
                if not value and i < len(options):
                    value, i = options[i], i + 1
                if (c, value) in own:
                    break
                if c == "X" and value.startswith("frozen_modules"):
                    return f"starting Python with -X {value} (its start-up modules would come from the import path)"
                if c == "W" and "." in (value.split(":") + ["", ""])[2]:
                    return f"starting Python with -W {value} (the warning's module is imported before the guard)"
                break
    return None


_installed: Guard | None = None


def install(config: GuardConfig, port_probes=(), kernel: str | None = None) -> Guard:
    """Install the hook in this process (once: hooks cannot be removed).
    `port_probes`: functions whose binds to every interface are allowed; `kernel`: what the kernel's
    rules, applied already for this config, hold (else they are applied here)."""
    global _installed
    if _installed is not None:
        return _installed
    import ctypes  # noqa: F401  ctypes loads the process's own symbols when imported: before the hook

    os.environ[ENV] = config.to_env() if config.process == "trainer" else \
        GuardConfig(**{**asdict(config), "process": "trainer"}).to_env()
    os.environ.update(_FORCED_ENV)
    sys.dont_write_bytecode = True  # Python's own __pycache__ writes are code files too: do not try them
    guard = Guard(config, port_probes=frozenset(f.__code__ for f in port_probes))
    _temporary_files_in(guard._write_roots)
    guard.kernel = kernel or (kernel_rules(config) if config.mode == "enforce" else "off (audit mode)")
    sys.addaudithook(guard.hook)
    native_writers.install()
    _installed = guard
    return guard


def _temporary_files_in(roots: tuple[str, ...]) -> None:
    """Python's temporary folder where the job may write: its run folder, unless TMPDIR is one of the job's
    folders already. multiprocessing's resource_sharer listens on a socket in it when a DataLoader worker hands
    a tensor over, from the worker's queue feeder thread, where a refusal is lost and the loader waits for
    ever (in /tmp, refused: session 56). A socket's path has 107 characters at most: a run folder of over 70
    leaves too few for `pymp-…/listener-…`. TMPDIR is read, not tempfile.gettempdir(): that probes each
    candidate folder with a write, which the kernel's rules, applied by now, refuse everywhere outside the
    job's folders (it raised, and no guarded job could start)."""
    import tempfile

    current = os.environ.get("TMPDIR")
    if not (current and within(real(current), roots)):
        os.environ["TMPDIR"] = roots[0]
        tempfile.tempdir = None  # read again from TMPDIR at its next use


def kernel_rules(config: GuardConfig) -> str:
    """The rules on writes, program starts and TCP ports, held by the kernel as well (handler/landlock.py),
    and on sockets (handler/seccomp.py), applied before the hook, whose rules would deny loading libc to
    apply them. Where the kernel has no
    Landlock, the hook alone holds: said at WARNING and in the install record. Where it has Landlock and the
    rules cannot be applied, this raises: the guard is not installed, so in enforce mode no job code runs."""
    from . import landlock, shared_memory

    private = f"{not_dumpable()}; {shared_memory.view()}"
    if landlock.abi() < 1:
        log.warning("jobgate guard: %s", NO_KERNEL_RULES)
        return f"{NO_KERNEL_RULES}; {socket_rules(config)}{code_rules(config)}; {private}"
    audit_log = real(config.audit_log)
    os.makedirs(os.path.dirname(audit_log), exist_ok=True)
    for path in (audit_log, audit_log + ".lock"):  # written from now on, never made
        os.close(os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640))
    for folder in config.scratch:  # a rule names a folder that is there: one made later is out of reach
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError:
            pass
    # not in the job process: its Client API trainer inherits the rules, and connects to a port the job
    # process opens after this (NVFlare's CellNet listener for the trainer, external_process_backend.py)
    ports = None if config.process == "job" else [p for _, p in config.endpoints] + list(config.loopback_ports)
    held = landlock.restrict((config.run_dir, *config.scratch, landlock.SHARED_MEMORY),
                             (audit_log, audit_log + ".lock", landlock.DEVICES),
                             (real(config.python), *config.programs), ports)
    return f"{held}; {private}; {socket_rules(config)}{code_rules(config)}"


NOT_DUMPABLE = "not dumpable: no other process of the site's user reads its /proc environ, memory, maps or fds"


def not_dumpable() -> str:
    """Makes this process not dumpable: the kernel then lets no other process of the site's user (another job
    among them) read its /proc/<pid>/environ, mem, maps or fd (a ptrace access check), where it holds the
    site's NVFlare secrets and the job's data. A process loses it at execve: every guarded process sets it
    itself. Raises where the kernel refuses (never, on Linux)."""
    from . import landlock

    if landlock.load_libc().prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
        raise landlock.error("prctl(PR_SET_DUMPABLE)")
    return NOT_DUMPABLE


def socket_rules(config: GuardConfig) -> str:
    """The kernel's rule on sockets (handler/seccomp.py): no UDP, so no name look-up that asks DNS. Applied
    only where none of the endpoints the guard lets the job reach would need one (red team runtime49: native
    UDP went anywhere past the hook and Landlock). Raises where the kernel refuses the filter."""
    dns = needs_dns(h for h, _ in config.endpoints)
    if dns:
        return f"{seccomp.restrict(sockets=False)}; UDP open: {', '.join(dns)} needs DNS (name it in /etc/hosts " \
               "to close it)"
    return seccomp.restrict()


def code_rules(config: GuardConfig) -> str:
    """The kernel's rule on code made in memory (handler/seccomp.py), where the site chose it
    (`guard.in_memory_code: refuse`; it costs every JIT: docs/site-admin.md, session 52). Raises where the
    kernel refuses the filter."""
    return f"; {seccomp.restrict_code()}" if config.in_memory_code == "refuse" else ""


def needs_dns(hosts) -> list[str]:
    """The hosts a name look-up would ask DNS for: neither an address nor a name /etc/hosts gives."""
    try:
        with open("/etc/hosts") as fh:
            known = {name.lower() for line in fh for name in line.split("#", 1)[0].split()[1:]}
    except OSError:
        known = set()
    return sorted({h for h in hosts if not _is_ip(h) and h.lower() not in known})


def mapped_as_code(folders) -> list[str]:
    """The folders among `folders` (where a job may write) whose file system is not mounted noexec: a library
    or program the job ships or writes there can be mapped as code, past the hook and Landlock: cffi's
    `dlopen` and the loader's `dlopen` called at an address the job computes raise no audit event, and
    `ld.so custom/prog` maps its program without an exec (Landlock's execute right is checked at execve
    only). The kernel refuses those mappings on a noexec mount (red team runtime51)."""
    found = []
    for folder in dict.fromkeys(folders):
        try:
            if not os.statvfs(folder).f_flag & os.ST_NOEXEC:
                found.append(folder)
        except OSError:  # not there: nothing can be mapped from it
            pass
    return found


NO_KERNEL_RULES = ("NONE: this kernel has no Landlock (Linux 5.13 or later, lsm=landlock): the audit hook alone "
                   "holds writes, program starts and signals, and native code acts past it (docs/site-admin.md, "
                   "\"What it cannot do\")")


def installed() -> Guard | None:
    return _installed
