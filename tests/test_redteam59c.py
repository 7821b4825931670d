"""Red team 59c: site data leaving by files others read (docs/redteam59c-attempts.md).

Holes closed, each accepted (or escalated only as an unvouched use) on main:
- a tempfile kept after the job (`NamedTemporaryFile(delete=False)`, `mktemp()`) is a file of the shared /tmp, not
  the job's scratch; a tempfile's handle writes where the call is (`tmp.write(rows)`);
- any library call handed a fixed file of the shared folder, or called on or handed an object opened on one
  (sqlite3, h5py, PIL, pathlib, os.write, TensorBoard's SummaryWriter, a numpy memmap), with the site's data;
- a figure's save writes what the plotting calls drew (`plt.scatter(rows)` then `plt.savefig("/tmp/x.png")`);
- `functools.partial(fh.write)` writes as fh.write does; `os.path.expandvars("$TMPDIR/x")` is the shared /tmp.
"""

from __future__ import annotations

import pytest

import redteam_kit as kit
from conftest import CORPUS, run_cli

SAMPLES = kit.corpus_samples("malicious/redteam59c_*", "jobs/redteam59c_*")
TWINS = kit.corpus_samples("benign/near_redteam59c_*")
EXPECTED = {e["path"]: e["expect"] for e in kit.labelled("redteam59c_")}
SHARED = "file-exfiltration.data-to-shared-folder"

ROWS = "import functools, json, os, tempfile\nfrom pathlib import Path\nimport numpy as np\n" \
       "import pandas as pd\nimport torch\nimport matplotlib.pyplot as plt\nimport nvflare.client as flare\n" \
       "df = pd.read_csv('/data/site/train.csv')\nrows = df.to_numpy()\nnet = torch.nn.Linear(3, 1)\n"
LOOP = "\nflare.init()\nwhile flare.is_running():\n    m = flare.receive()\n    flare.send(m)\n"


def _client(body: str) -> str:
    return ROWS + body + LOOP


def test_samples_are_labelled():
    assert set(SAMPLES) | set(TWINS) == set(EXPECTED)
    assert len(SAMPLES) == 14 and len(TWINS) == 6


@pytest.mark.parametrize("sample", SAMPLES)
def test_attack_is_held(sample):
    report = kit.scan_sample(sample)
    kit.assert_held(report, SHARED)
    assert report.decision.value in EXPECTED[sample], kit.findings(report)


@pytest.mark.parametrize("sample", TWINS)
def test_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


HELD = {
    # a tempfile no one removes stays in the shared /tmp after the job
    "ntf_kept_name": "f = tempfile.NamedTemporaryFile(suffix='.csv', delete=False)\ndf.to_csv(f.name)",
    "ntf_kept_handle": "with tempfile.NamedTemporaryFile('w', delete=False) as f:\n    f.write(df.to_csv())",
    "ntf_kept_by_flag": "keep = False\nf = tempfile.NamedTemporaryFile(suffix='.npy', delete=keep)\nnp.save(f, rows)",
    "mktemp": "np.save(tempfile.mktemp(suffix='.npy'), rows)",
    # whatever the API: an object opened on a shared file, or a call handed one
    "sqlite_to_sql": "import sqlite3\ndf.to_sql('t', sqlite3.connect('/tmp/x.db'))",
    "sqlite_executemany": "import sqlite3\ncon = sqlite3.connect('/tmp/x.db')\n"
                          "con.executemany('insert into t values (?)', rows)",
    "h5py": "import h5py\nwith h5py.File('/tmp/x.h5', 'w') as h:\n    h.create_dataset('x', data=rows)",
    "zarr": "import zarr\nzarr.save('/tmp/x.zarr', rows)",
    "pathlib_write_text": "Path('/tmp/x.json').write_text(df.to_json())",
    "pil": "from PIL import Image\nImage.fromarray(rows).save('/tmp/x.png')",
    "os_write": "fd = os.open('/tmp/x', os.O_WRONLY | os.O_CREAT)\nos.write(fd, df.to_csv().encode())",
    "memmap": "mm = np.memmap('/tmp/x.dat', dtype='float32', mode='w+', shape=rows.shape)\nmm[:] = rows\nmm.flush()",
    "tensorboard": "from torch.utils.tensorboard import SummaryWriter\n"
                   "SummaryWriter('/tmp/tb').add_histogram('x', torch.tensor(rows))",
    "to_html": "df.to_html('/tmp/x.html')",
    # a figure's save writes what was drawn
    "pyplot": "plt.plot(rows[:, 0])\nplt.savefig('/tmp/x.png')",
    "axes": "fig, ax = plt.subplots()\nax.scatter(rows[:, 0], rows[:, 1])\nfig.savefig('/tmp/x.png')",
    "helper_draws": "def draw(v):\n    plt.plot(v)\ndraw(rows)\nplt.savefig('/tmp/x.png')",
    # a partial of a handle's write; the environment's temporary folder expanded
    "partial_write": "w = functools.partial(open('/tmp/x.csv', 'a').write)\nw(df.to_csv())",
    "expandvars": "np.save(os.path.expandvars('$TMPDIR/x.npy'), rows)",
    "expandvars_braces": "np.save(os.path.expandvars('${TMP}/x.npy'), rows)",
}


@pytest.mark.parametrize("body", HELD.values(), ids=HELD.keys())
def test_rows_for_the_shared_folder_are_held(body):
    kit.assert_held(kit.scan_text(_client(body)), SHARED)


TWIN_BODIES = {
    "ntf_kept_model": "with tempfile.NamedTemporaryFile(suffix='.pt', delete=False) as f:\n"
                      "    torch.save(net.state_dict(), f.name)",
    "ntf_removed": "with tempfile.NamedTemporaryFile(suffix='.csv') as f:\n    df.to_csv(f.name)",
    "ntf_delete_true": "f = tempfile.NamedTemporaryFile(suffix='.npy', delete=True)\nnp.save(f, rows)",
    "savefig_weights": "plt.plot(net.weight.detach().numpy().ravel())\nplt.savefig('/tmp/w.png')",
    "savefig_rows_workspace": "plt.plot(rows[:, 0])\nplt.savefig('plots/rows.png')",
    "tensorboard_model": "from torch.utils.tensorboard import SummaryWriter\n"
                         "SummaryWriter('/tmp/tb').add_histogram('w', net.weight.detach())",
    "read_in_branch": "if len(df) > 10 and os.path.exists('/tmp/cfg.json'):\n"
                      "    cfg = json.load(open('/tmp/cfg.json'))",
    "path_built": "p = os.path.join('/tmp/fl', 'x.npy')\nnp.save('cache/x.npy', rows)",
}


@pytest.mark.parametrize("body", TWIN_BODIES.values(), ids=TWIN_BODIES.keys())
def test_twins_stay_accepted(body):
    kit.assert_accepted(kit.scan_text(_client(body)))


def test_cli_escalates_the_kept_tempfile():
    out = run_cli("scan", str(CORPUS / "malicious/redteam59c_ntf_kept_csv.py"))
    assert out.returncode != 0 and SHARED in out.stdout, out.stdout + out.stderr
