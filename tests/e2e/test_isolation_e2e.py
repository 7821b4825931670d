"""A job that crashes the parser, in a real NVFlare deployment: blocked at
deploy time with a readable reason, the client stays up, and a clean job
submitted right after it completes.

site-1 lets deeper files through its nesting limit (policy
`limits.max_nesting_depth: 100000`), so the file reaches libcst's native
parser -- inside jobgate's forked worker, where it dies with SIGSEGV; site-2
keeps the default limit, so CPython's screen refuses the file before any
parser recurses. Both routes are installed at both sites (enforce).
"""

from __future__ import annotations

import time

import pytest

from .jobs import CLEAN_EXECUTOR, make_job
from .poc import CLIENTS, Poc
from .test_nvflare_e2e import DONE, deploy_message, run_job, two_sites

pytestmark = pytest.mark.e2e

# libcst's native parser dies with SIGSEGV on this; CPython compiles it.
CRASHER = "x = " + " and ".join(["a"] * 8000) + "\n"


@pytest.mark.timeout(300)
def test_a_job_that_crashes_the_parser_is_blocked_and_the_site_stays_up(tmp_path):
    _, jobs, _, poc, site1, site2 = two_sites(tmp_path)
    site1.policy.write_text(site1.policy.read_text() + "limits:\n  max_nesting_depth: 100000\n")
    for site in (site1, site2):
        site.install_classic()
    try:
        poc.start()
        session = poc.session()
        try:
            crash = make_job(jobs, "crasher", {"np_exec.py": CLEAN_EXECUTOR, "deep.py": CRASHER})
            job_id, meta = run_job(session, crash)
            assert meta["status"] != DONE
            for site, cause in ((site1, "unanalyzable.worker-crashed"), (site2, "unanalyzable.limit-nesting-depth")):
                message = deploy_message(session, job_id, site.name)
                print(f"   {message}")
                assert "jobgate: escalated" in message and cause in message and "deep.py" in message, meta
                assert site.records(job_id)["deploy"]["decision"] == "escalate"
            assert all(p.poll() is None for p in poc.procs), "a client or the server died"
            assert set(CLIENTS) <= {c.name for c in session.get_connected_client_list()}

            t0 = time.monotonic()
            clean = make_job(jobs, "clean-after", {"np_exec.py": CLEAN_EXECUTOR})
            job_id, meta = run_job(session, clean)
            assert meta["status"] == DONE, meta
            for site in (site1, site2):
                rec = site.records(job_id)["deploy"]
                assert rec["decision"] == "accept", rec
                print(f"   clean job right after, {site.name}: deploy route {rec['elapsed_ms']:.0f} ms "
                      f"(isolated); done in {time.monotonic() - t0:.1f} s")
        finally:
            session.close()
    finally:
        poc.stop()
    assert not poc.leftover()
