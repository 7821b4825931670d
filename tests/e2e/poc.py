"""A real NVFlare deployment on localhost: one server, two clients (POC kits).

`nvflare poc prepare` provisions the startup kits; the processes are started
here directly (what each kit's sub_start.sh runs with --once), so the test
knows every pid it owns. Job processes are spawned by NVFlare with setsid
(nvflare/utils/process_utils.py: spawn_process), i.e. outside our process
groups; they are found by the unique workspace path in their command line
and killed by pid as well.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

VENV_BIN = Path(sys.executable).parent
NVFLARE = str(VENV_BIN / "nvflare")
ADMIN = "admin@nvidia.com"
CLIENTS = ("site-1", "site-2")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Poc:
    def __init__(self, root: Path, env: dict | None = None):
        self.root = root
        self.env = dict(os.environ if env is None else env)
        self.prod = root / "example_project" / "prod_00"
        self.procs: list[subprocess.Popen] = []
        self.port = free_port()

    # -- provisioning -------------------------------------------------------
    def prepare(self) -> None:
        env = dict(self.env, NVFLARE_POC_WORKSPACE=str(self.root))
        subprocess.run([NVFLARE, "poc", "prepare", "-n", str(len(CLIENTS)), "--force"], env=env, check=True,
                       stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL, timeout=120)
        # A free port instead of POC's fixed 8002, so parallel CI jobs do not collide.
        # POC kits carry no startup/signature.json, so editing them is allowed.
        self._rewrite(self.prod / "server/startup/fed_server.json", lambda d: d["servers"][0].update(
            admin_port=self.port, service=dict(d["servers"][0]["service"], target=f"localhost:{self.port}")))
        for site in CLIENTS:
            self._rewrite(self.site(site) / "startup/fed_client.json", lambda d: d["servers"][0]["service"].update(
                target=f"localhost:{self.port}"))
        self._rewrite(self.admin_kit / "startup/fed_admin.json", lambda d: d["admin"].update(port=self.port))

    @staticmethod
    def _rewrite(path: Path, change) -> None:
        doc = json.loads(path.read_text())
        change(doc)
        path.write_text(json.dumps(doc, indent=2))

    def site(self, name: str) -> Path:
        return self.prod / name

    @property
    def admin_kit(self) -> Path:
        return self.prod / ADMIN

    # -- processes ------------------------------------------------------------
    def _spawn(self, ws: Path, args: list[str]) -> None:
        log = open(ws / "process_stdout.txt", "ab")
        proc = subprocess.Popen([sys.executable, "-u", "-m", *args], cwd=ws, env=self.env, stdout=log,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        log.close()
        self.procs.append(proc)

    def start(self, timeout: float = 60.0) -> None:
        server = self.prod / "server"
        self._spawn(server, ["nvflare.private.fed.app.server.server_train", "-m", str(server), "-s",
                             "fed_server.json", "--set", "secure_train=true", "org=nvidia", "config_folder=config"])
        for name in CLIENTS:
            ws = self.site(name)
            self._spawn(ws, ["nvflare.private.fed.app.client.client_train", "-m", str(ws), "-s", "fed_client.json",
                             "--set", "secure_train=true", f"uid={name}", "org=nvidia", "config_folder=config"])
        self.wait_clients(timeout)

    def session(self):
        from nvflare.fuel.flare_api.flare_api import new_secure_session
        return new_secure_session(ADMIN, str(self.admin_kit), timeout=30.0)

    def wait_clients(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            for p in self.procs:
                if p.poll() is not None:
                    raise RuntimeError(f"process {p.args} exited with {p.returncode}")
            try:
                sess = self.session()
                try:
                    names = {c.name for c in sess.get_connected_client_list()}
                finally:
                    sess.close()
                if set(CLIENTS) <= names:
                    return
                last = f"connected: {sorted(names)}"
            except Exception as err:  # the server is still coming up
                last = repr(err)
            time.sleep(0.5)
        raise TimeoutError(f"clients not connected after {timeout}s ({last})")

    def _our_pids(self) -> list[int]:
        """Pids of live processes started from this deployment (job processes included)."""
        mark = str(self.prod).encode()
        pids = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit() or int(entry) == os.getpid():
                continue
            try:
                cmd = Path(f"/proc/{entry}/cmdline").read_bytes()
            except OSError:
                continue
            if mark in cmd:
                pids.append(int(entry))
        return pids

    def leftover(self) -> list[int]:
        return [p.pid for p in self.procs if p.poll() is None] + self._our_pids()

    def stop(self) -> None:
        """Kill every process this deployment started, by pid and process group."""
        for p in self.procs:
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for pid in self._our_pids():  # job processes run in sessions of their own
            try:
                os.killpg(pid, signal.SIGTERM) if os.getpgid(pid) == pid else os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and (any(p.poll() is None for p in self.procs) or self._our_pids()):
            time.sleep(0.1)
        for p in self.procs:
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            p.wait(timeout=5)
        for pid in self._our_pids():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
