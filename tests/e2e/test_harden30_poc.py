"""Session 30: the hostile jobs of issue 13, through a real NVFlare deployment (POC), not the CLI.

Each job is a clean executor plus one hostile file. At both sites it must be blocked at deploy (the job process
never starts, so none of its objects is built), the reason must be in the site's own log.txt, and the clients
must stay up. site-1 lets files up to 100,000 deep reach the parsers (`limits.max_nesting_depth: 100000`),
site-2 keeps the default screen. Last, the client of site-1 is killed while its analysis worker is busy:
the worker must not outlive it."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from .harden30_attacks import DEEP_FILES, DEPTHS, eval_behind_decoys, json_expansion, yaml_laughs
from .jobs import CLEAN_EXECUTOR, make_job, payload_executor
from .poc import CLIENTS, Poc
from .test_isolation_e2e import CRASHER
from .test_nvflare_e2e import DONE, deploy_message, run_job, two_sites

pytestmark = pytest.mark.e2e

SLOW = "import numpy as np\n" + "".join(f"x{i} = np.zeros({i})\n" for i in range(30000))


def _with(job: Path, rel: str, text: str) -> Path:
    path = job / "app_client" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return job


def _blocked(session, poc: Poc, sites, job: Path, verdict: str | None = None, block: bool | None = True) -> dict:
    """Submit `job`; each site's deploy line, once every site refused it and no job process started
    (`block` None: either way, False: it must run; the clients stay up in every case)."""
    job_id, meta = run_job(session, job)
    if block is not True:
        assert block is None or meta["status"] == DONE, meta
        assert all(p.poll() is None for p in poc.procs), "a client or the server died"
        if meta["status"] == DONE:
            return {"all": meta["status"]}
    assert meta["status"] != DONE, meta
    lines = {}
    for site in sites:
        line = deploy_message(session, job_id, site.name)
        assert "jobgate: " in line, (site.name, session.get_job_meta(job_id))
        if verdict:
            assert f"jobgate: {verdict}" in line, (site.name, line)
        assert not (site.kit / job_id / "log.txt").exists(), f"a job process ran at {site.name}"
        site_log = (site.kit / "log.txt").read_text(errors="replace")
        assert any(job_id in entry and "jobgate: " in entry for entry in site_log.splitlines()), \
            f"no reason in {site.name}'s log.txt"
        lines[site.name] = line
    assert all(p.poll() is None for p in poc.procs), "a client or the server died"
    return lines


def _children(pid: int) -> list[int]:
    """Every live descendant of `pid`."""
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[1]) == parent and fields[0] != "Z":
                found.append(int(entry))
                todo.append(int(entry))
    return found


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _alive(pids: list[int]) -> list[int]:
    alive = []
    for pid in pids:
        try:
            if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
                alive.append(pid)
        except OSError:
            pass
    return alive


@pytest.mark.timeout(900)
def test_hostile_jobs_through_a_real_site(tmp_path):
    _, jobs, _, poc, *sites = two_sites(tmp_path)
    sites[0].policy.write_text(sites[0].policy.read_text() + "limits:\n  max_nesting_depth: 100000\n")
    for site in sites:
        site.install_classic()
    table = []
    try:
        poc.start()
        session = poc.session()
        try:
            for depth in DEPTHS:
                for rel, build, block in DEEP_FILES:
                    if block is False and depth < max(DEPTHS):
                        continue  # a data file runs the job (20-30 s): the deepest one says enough
                    name = f"deep{depth}-{rel.replace('/', '-')}"
                    job = _with(make_job(jobs, name, {"np_exec.py": CLEAN_EXECUTOR}), rel, build(depth))
                    table.append((name, _blocked(session, poc, sites, job, block=block)))

            # (as config/config_fed_client.yml NVFlare's deployer refuses it itself: no omegaconf at these sites)
            laughs = make_job(jobs, "yaml-laughs", {"np_exec.py": CLEAN_EXECUTOR})
            table.append(("yaml-laughs", _blocked(session, poc, sites, _with(laughs, "config/laughs.yml", yaml_laughs()))))
            expansion = make_job(jobs, "json-expansion", {"np_exec.py": CLEAN_EXECUTOR})
            table.append(("json-expansion", _blocked(session, poc, sites, _with(
                expansion, "config/config_fed_client.json", json_expansion()), "escalated")))

            # a crash of the parser (site-1: the worker dies with SIGSEGV) beside a real payload: still a reject
            marks = tmp_path / "markers"
            marks.mkdir()
            crash = make_job(jobs, "crash-beside-payload", {
                "np_exec.py": payload_executor(marks / "imported", marks / "constructed"), "deep.py": CRASHER})
            table.append(("crash-beside-payload", _blocked(session, poc, sites, crash, "rejected")))
            assert not any(marks.iterdir())

            for at in (0, 50, 100):
                decoys = make_job(jobs, f"eval-decoys-{at}", {"np_exec.py": CLEAN_EXECUTOR,
                                                              "tool.py": eval_behind_decoys(at)})
                table.append((f"eval-decoys-{at}", _blocked(session, poc, sites, decoys, "rejected")))

            clean = make_job(jobs, "clean-after", {"np_exec.py": CLEAN_EXECUTOR})
            _, meta = run_job(session, clean)
            assert meta["status"] == DONE, meta
            assert set(CLIENTS) <= {c.name for c in session.get_connected_client_list()}

            # site-1's client dies while its worker analyses a slow job: the worker goes with it
            client = next(p for p in poc.procs if "uid=site-1" in p.args)
            slow = make_job(jobs, "slow", {"np_exec.py": CLEAN_EXECUTOR, "slow.py": SLOW}, clients=("site-1",))
            session.submit_job(str(slow))
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not any(_cpu_seconds(p) > 2 for p in _children(client.pid)):
                time.sleep(0.2)
            worker = _children(client.pid)
            print(f"   site-1's client {client.pid}, its worker processes {worker}")
            assert any(_cpu_seconds(p) > 2 for p in worker), "no analysis of the slow job started"
            client.send_signal(signal.SIGKILL)
            client.wait()
            deadline = time.monotonic() + 10
            while _alive(worker) and time.monotonic() < deadline:
                time.sleep(0.2)
            assert not _alive(worker), f"the analysis worker outlived its client: {_alive(worker)}"
        finally:
            session.close()
    finally:
        for name, lines in table:
            print(f"   {name}: " + " | ".join(f"{s}: {line[:160]}" for s, line in lines.items()))
        poc.stop()
    assert not poc.leftover()
