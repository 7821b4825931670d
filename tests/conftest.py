"""Shared helpers: run the real `jobgate` CLI in a subprocess, as users do."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
# Tests exercise the working tree, not a possibly older install in the venv
# (tests/test_packaging.py checks what the wheel ships).
sys.path.insert(0, str(ROOT))


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
            timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analyzer.commands.cli", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=env, timeout=timeout)


@pytest.fixture
def in_process(monkeypatch):
    """api.analyze without its limited child (api._within_budget): for tests that count, in this process,
    what the analysis does (a child's counters never reach the parent, and the test would pass on nothing)."""
    from analyzer import api

    monkeypatch.setattr(api, "_within_budget", lambda fn, args, policy, apart=None: fn(*args))


@pytest.fixture(scope="module")
def fork_server():
    """A site's fork server (isolate.ForkServer) for a module's tests of the site's path (api.gate)."""
    from analyzer.engine import isolate

    server = isolate.ForkServer()
    yield server
    server.close()


@pytest.fixture
def jobgate():
    return run_cli


@pytest.fixture
def scan_json():
    def scan(*args: str) -> tuple[int, dict]:
        proc = run_cli("scan", "--format", "json", *args)
        assert proc.stdout, proc.stderr
        return proc.returncode, json.loads(proc.stdout)
    return scan


class Listener:
    """A loopback listener that records whether anything connected."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.arrived = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
                self.arrived += 1
                conn.close()
            except OSError:
                continue

    def close(self):
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()


def site_workspace(ws: Path, guard: str | None = "enforce") -> Path:
    """An NVFlare client workspace as the site gate reads it (startup/, local/),
    with jobgate's process guard configured in `guard` mode (None: not at all)."""
    for folder in ("startup", "local"):
        (ws / folder).mkdir(parents=True, exist_ok=True)
    if guard is not None:
        component = {"id": "jobgate_guard", "path": "handler.process_guard.ProcessGuard",
                     "args": {"mode": guard, "audit_log": str(ws / "local" / "audit.jsonl")}}
        (ws / "local" / "resources.json").write_text(json.dumps({"components": [component]}))
    return ws
