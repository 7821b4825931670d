"""Session 50 (runtime50): what round 49 left open to native code, in real child processes that install the
process guard as the site does (handler.guard.install; an audit hook cannot be removed, so never here).

- native UDP (and raw, packet, SCTP, vsock sockets, io_uring) from the job process and a trainer: sent on main,
  now refused by the kernel (handler/seccomp.py) wherever NVFlare's endpoints need no DNS;
- the dynamic loader's dlopen looked up through ctypes (`ctypes.pythonapi.dlopen`): loaded a `.so` the job
  ships on main, past the hook's check of ctypes.CDLL; now denied by the hook."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from handler import audit, guard, landlock, seccomp
from test_runtime48 import probe, setup  # noqa: F401  (the fixture)
from test_site_check import all_layers, workspace  # noqa: F401  (the fixture)
from test_runtime49 import without_landlock

pytestmark = pytest.mark.skipif(landlock.abi() < 4 or not seccomp.supported(),
                                reason="needs Landlock ABI 4 (Linux 6.7) and seccomp on x86_64 or aarch64")

# native code's ways to the network that Landlock does not know: each made its socket on main
ERRNO = ("e = ctypes.pythonapi.__errno_location; e.restype = ctypes.c_void_p; "
         "errno = lambda: ctypes.c_int.from_address(e()).value; ")
NATIVE = ("import ctypes, socket, struct; " + ERRNO +
          "s = ctypes.pythonapi.socket(socket.AF_INET, socket.SOCK_DGRAM, 0); print('udp', s, errno()); "
          "print('raw', ctypes.pythonapi.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP), errno()); "
          "print('packet', ctypes.pythonapi.socket(socket.AF_PACKET, socket.SOCK_RAW, 0), errno()); "
          "print('sctp', ctypes.pythonapi.socket(socket.AF_INET, socket.SOCK_STREAM, 132), errno()); "
          "print('vsock', ctypes.pythonapi.socket(40, socket.SOCK_STREAM, 0), errno()); "
          "p = ctypes.create_string_buffer(120); print('io_uring', ctypes.pythonapi.syscall(425, 4, p), errno()); "
          "a = struct.pack('=H', socket.AF_INET) + struct.pack('!H4s8x', {port}, socket.inet_aton('127.0.0.1')); "
          "print('sendto', ctypes.pythonapi.sendto(s, b'rows', 4, 0, a, 16))")
# what NVFlare and a training job make: TCP (the hook judges the host), unix sockets (multiprocessing,
# DataLoader's resource_sharer), netlink (getaddrinfo), a name from /etc/hosts
NEEDED = ("import socket, multiprocessing.connection; socket.socket().close(); "
          "socket.socket(socket.AF_INET6, socket.SOCK_STREAM, socket.IPPROTO_TCP).close(); "
          "[s.close() for s in socket.socketpair()]; "
          "socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0).close(); "
          "multiprocessing.connection.Listener(family='AF_UNIX').close(); "
          "print('lookup', socket.getaddrinfo('localhost', 80, type=socket.SOCK_STREAM)[0][4][1])")
EACCES = 13
ROOT = Path(__file__).resolve().parent.parent


class UdpServer:
    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.setblocking(False)
        self.port = self.sock.getsockname()[1]

    def arrived(self) -> list[bytes]:
        out = []
        try:
            while True:
                out.append(self.sock.recv(64))
        except BlockingIOError:
            return out


@pytest.fixture
def udp():
    server = UdpServer()
    yield server
    server.sock.close()


@pytest.mark.parametrize("process", ["job", "trainer"])
def test_native_udp_and_other_sockets_landlock_does_not_know_are_refused(setup, tmp_path, udp, process):  # noqa: F811
    cfg, _ = setup
    lines = probe(replace(cfg, process=process), NATIVE.format(port=udp.port), tmp_path)
    assert lines[0].endswith("; seccomp: " + seccomp.HOLDS), lines
    for kind in ("udp", "raw", "packet", "sctp", "vsock", "io_uring"):
        assert f"{kind} -1 {EACCES}" in lines, (kind, lines)
    assert udp.arrived() == []
    # Python's own UDP socket is refused where it is made (the hook judged only where it sent), with a record
    assert probe(cfg, "import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM)", tmp_path)[-1] == (
        "DENIED jobgate guard: making a socket of family 2, type 2, protocol 0: only TCP, unix and netlink sockets "
        "(NVFlare's endpoints need no DNS, so no UDP)")
    assert [r["event"] for r in audit.read(Path(cfg.audit_log)) if r.get("layer") == "guard"] == ["socket.__new__"]
    # in audit mode nothing is denied: the datagram leaves, as it did from every process on main
    lines = probe(replace(cfg, process=process, mode="audit"), NATIVE.format(port=udp.port), tmp_path)
    assert "sendto 4" in lines and udp.arrived() == [b"rows"], lines


# serial: its unix sockets lie under tmp_path, which pytest-xdist's `popen-gwN` folder took past AF_UNIX's 108
# bytes ('path too long')
@pytest.mark.serial
def test_what_nvflare_and_a_job_need_still_works(setup, tmp_path):  # noqa: F811
    cfg, _ = setup
    assert probe(cfg, NEEDED, tmp_path)[-2:] == ["lookup 80", "RAN"]


def test_threads_older_than_the_rules_are_held_too(setup, tmp_path, udp):  # noqa: F811
    # Landlock reaches only threads started after it; the filter is applied to every thread (TSYNC)
    cfg, _ = setup
    code = ("import ctypes, socket, struct, threading; done = threading.Event(); go = threading.Event()\n"
            "def send():\n"
            "    go.wait(); s = ctypes.pythonapi.socket(socket.AF_INET, socket.SOCK_DGRAM, 0)\n"
            f"    a = struct.pack('=H', socket.AF_INET) + struct.pack('!H4s8x', {udp.port}, "
            "socket.inet_aton('127.0.0.1'))\n"
            "    print('old thread', s, ctypes.pythonapi.sendto(s, b'rows', 4, 0, a, 16), flush=True); done.set()\n"
            "threading.Thread(target=send).start()\n")
    script = ("import sys\nexec(sys.argv[2])\nfrom handler import guard\n"
              "guard.install(guard.GuardConfig.from_env(sys.argv[1]))\nprint('KERNEL', guard.installed().kernel)\n"
              "go.set(); done.wait()\n")
    path = tmp_path / "older.py"
    path.write_text(script)
    proc = subprocess.run([sys.executable, str(path), cfg.to_env(), code], capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT)}, cwd=cfg.run_dir,
                          timeout=60)
    assert "old thread -1 -1" in proc.stdout, proc
    assert udp.arrived() == []


def test_an_endpoint_that_needs_dns_leaves_udp_open_and_says_so(setup, tmp_path, udp):  # noqa: F811
    cfg, _ = setup
    # a name NVFlare would have to look up: without UDP the job could not reach its server, so no filter
    lines = probe(replace(cfg, endpoints=(("server.example.invalid", 8002),)), NATIVE.format(port=udp.port),
                  tmp_path)
    assert lines[0].endswith("; UDP open: server.example.invalid needs DNS (name it in /etc/hosts to close it)")
    assert "sendto 4" in lines and udp.arrived() == [b"rows"], lines
    # an address, or a name /etc/hosts gives, needs none
    for host in ("127.0.0.1", "::1", "localhost"):
        lines = probe(replace(cfg, endpoints=((host, 8002),)), NATIVE.format(port=udp.port), tmp_path)
        assert f"udp -1 {EACCES}" in lines, (host, lines)
    assert udp.arrived() == []


def test_a_kernel_without_landlock_still_holds_the_socket_rule(setup, tmp_path):  # noqa: F811
    cfg, _ = setup
    proc = without_landlock(cfg, tmp_path, 444, 38)  # landlock_create_ruleset: ENOSYS
    assert f"KERNEL {guard.NO_KERNEL_RULES}; seccomp: {seccomp.HOLDS}" in proc.stdout, proc


# a library the job ships (custom/), which ctypes.CDLL may not load: the loader's own dlopen, found by name
LOAD = {
    "ctypes.pythonapi.dlopen (the process's symbols, made before the hook)":
        "import ctypes; print('handle', ctypes.pythonapi.dlopen({path!r}.encode(), 2) != 0)",
    "dlopen of a library ctypes may load (dlsym searches its dependencies)":
        "import ctypes, _ctypes; print('handle', ctypes.CDLL(_ctypes.__file__).dlopen({path!r}.encode(), 2) != 0)",
    "_ctypes.dlsym of a handle":
        "import ctypes, _ctypes; f = _ctypes.dlsym(ctypes.pythonapi._handle, 'dlopen'); "
        "print('handle', ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int)(f)({path!r}.encode(), 2) "
        "is not None)",
}


@pytest.mark.parametrize("attempt", list(LOAD))
def test_the_loaders_dlopen_is_not_reached_through_ctypes(setup, tmp_path, attempt):  # noqa: F811
    cfg, _ = setup
    import _json

    shipped = Path(cfg.run_dir) / "app_site-1" / "custom" / Path(_json.__file__).name
    shipped.parent.mkdir(parents=True)
    shipped.write_bytes(Path(_json.__file__).read_bytes())
    code = LOAD[attempt].format(path=str(shipped))
    assert probe(cfg, code, tmp_path)[-1] == ("DENIED jobgate guard: looking up the dynamic loader's dlopen through "
                                              "ctypes (it loads a library past guard.native_libraries)")
    [record] = [r for r in audit.read(Path(cfg.audit_log)) if r.get("layer") == "guard"]
    assert record["decision"] == "deny" and record["event"].startswith("ctypes.dlsym")
    # what it did on main, and does in audit mode: the job's library loaded
    assert probe(replace(cfg, mode="audit"), code, tmp_path)[-2:] == ["handle True", "RAN"]


@pytest.mark.parametrize("server, note", [
    ("localhost:8002", f"socket rule: seccomp ({seccomp.HOLDS})"),
    ("[::1]:8002", f"socket rule: seccomp ({seccomp.HOLDS})"),
    ("fl-server.example.invalid:8002", "socket rule: OFF, the server's name fl-server.example.invalid needs DNS: "
                                       "name it in /etc/hosts so that job processes may make no UDP socket"),
])
def test_site_check_says_whether_job_processes_get_the_socket_rule(jobgate, workspace, server, note):  # noqa: F811
    all_layers(workspace)
    (workspace / "startup" / "fed_client.json").write_text(json.dumps(
        {"format_version": 2, "servers": [{"name": "p", "service": {"target": server, "scheme": "grpc"}}]}))
    assert note in jobgate("site", "check", str(workspace)).stdout
