"""Detectors of analyzer/engine/detectors/paths.py beyond the rule packs' inline examples:
the path folder itself, benign training idioms that must stay clean, and evasions."""

from __future__ import annotations

import libcst as cst
import pytest

from analyzer import api
from analyzer.engine.collect import from_bytes
from analyzer.engine.detectors.paths import PathFolder, data_root_of, is_local, is_network, is_outside
from analyzer.engine.resolve import Resolver

POLICY = api.load_policy()
MINE = ("file-exfiltration", "credential-harvest", "deserialization")


def _findings(text: str, name: str = "example.py") -> list:
    report = api.analyze(from_bytes(name, text.encode(), POLICY.limits), POLICY)
    return [f for f in report.findings if f.category in MINE]


def _fold_last(text: str) -> set[str]:
    """Fold the value of the module's last assignment."""
    module = cst.parse_module(text)
    r = Resolver(module)
    last = module.body[-1].body[0]
    return set(PathFolder.of(r).fold(last.value, r.root))


@pytest.mark.parametrize("text,expected", [
    ("import os\np = os.path.join(os.environ.get('DATA_ROOT', '/data'), 'x.csv')", {"${DATA_ROOT}/x.csv", "/data/x.csv"}),
    ("from pathlib import Path\np = Path.home() / '.ssh' / 'id_rsa'", {"~/.ssh/id_rsa"}),
    ("import os\nh = os.path.expanduser('~')\np = f'{h}/.aws/credentials'", {"~/.aws/credentials"}),
    ("import os\nroot = os.environ['HOME']\np = root + '/x'", {"~/x"}),
    ("import tempfile, os\np = os.path.join(tempfile.mkdtemp(), 'a')", {"<tmp>/a"}),
    ("import os\np = os.path.join(out_dir, 'model.pt')", {"?/model.pt"}),
    # a parameter: what the module's calls pass it, and what callers elsewhere may (a data folder, by its name)
    ("import os\ndef f(data_dir):\n    return data_dir\np = os.path.join(f(1), 'a')", {"1/a", "<data>/a"}),
    ("import os\np = os.path.join('/a', '/b', 'c')", {"/b/c"}),
    ("import os\nP = ['/etc/passwd', '/etc/shadow']\np = P", {"/etc/passwd", "/etc/shadow"}),
])
def test_fold(text: str, expected: set[str]) -> None:
    assert _fold_last(text) == expected


def test_path_classes() -> None:
    assert is_network("/mnt/share/x") and is_network("//host/share") and is_network("smb://nas/x")
    assert not is_network("/tmp/x") and not is_network("./mnt/x")
    assert is_outside("~/x") and is_outside("/dev/shm/x") and is_outside("/root") and not is_outside("/tmp/x")
    assert is_local("./out/m.pt") and is_local("<tmp>/a") and is_local("/tmp/a") and is_local("outputs")
    assert not is_local("?/a") and not is_local("${OUT}/a") and not is_local("/models/a")
    assert data_root_of("${DATA_ROOT}/a.csv") == "${DATA_ROOT}" and data_root_of("/data/x") == "/data"
    assert data_root_of("${OUT}/x") is None and data_root_of("/database/x") is None


BENIGN = [
    # checkpoints, metrics, logs in the workspace or scratch
    "import os, torch\ndef save(model, out_dir):\n    torch.save(model.state_dict(), os.path.join(out_dir, 'model.pt'))",
    "import json, os\nwith open(os.path.join('outputs', 'metrics.json'), 'w') as f:\n    json.dump({'acc': 1.0}, f)",
    "import os\nfrom torch.utils.tensorboard import SummaryWriter\nw = SummaryWriter(log_dir=os.path.join(os.getcwd(), 'tb'))",
    "import os\nfrom torch.utils.tensorboard import SummaryWriter\nw = SummaryWriter(os.environ.get('TB_DIR', 'runs'))",
    "import logging\nlogging.basicConfig(filename='train.log', level=logging.INFO)",
    "import tempfile, shutil, os\nd = tempfile.mkdtemp()\ntry:\n    open(os.path.join(d, 'x'), 'w').write('1')\nfinally:\n    shutil.rmtree(d)",
    "import shutil, os\nshutil.copy(best, os.path.join(out_dir, 'final.pt'))",
    "import os\nos.replace(tmp, path)",
    "s = 'a-b'.replace('-', '_')\nt = name.replace('x', 'y')",
    "import xgboost as xgb\nbst.save_model('model.json')",
    "model.save_pretrained(output_dir)\ntokenizer.save_pretrained(output_dir)",
    # reading data and configuration
    "import os, numpy as np\nx = np.load(os.path.join(os.environ.get('DATA_ROOT', '/data'), 'x.npz'))",
    "import os, pandas as pd\nDATA_ROOT = os.environ['DATA_ROOT']\ndf = pd.read_csv(f'{DATA_ROOT}/site-1.csv')",
    "import yaml\nwith open('config.yaml') as f:\n    cfg = yaml.safe_load(f)",
    "import yaml\ncfg = yaml.load(open('c.yaml'), Loader=yaml.CSafeLoader)",
    "import torch, os\nsd = torch.load(os.path.join(model_dir, 'best.pt'), map_location='cpu', weights_only=True)",
    "import os\nwith open(os.environ['NVFLARE_CONFIG']) as f:\n    cfg = f.read()",
    "import os\nds = os.path.expanduser('~/.keras/datasets')\nfiles = os.listdir(ds)",
    # the environment read by name
    "import os\nos.environ['CUDA_VISIBLE_DEVICES'] = str(rank)",
    "import os\nfor k in ('DATA_ROOT', 'OUT'):\n    print(k, os.environ.get(k))",
    "import os\nprint(f\"Using GPUs {os.environ.get('CUDA_VISIBLE_DEVICES')}\")",
    "import os\nworld = int(os.environ.get('WORLD_SIZE', 1)) if 'WORLD_SIZE' in os.environ else 1",
    "import os\nfrom unittest import mock\nwith mock.patch.dict(os.environ, {'A': '1'}):\n    pass",
    "import os\nenv = dict(PATH='/usr/bin')\nenv.update(X='1')",
    # key-ish words that are not secrets
    "d = {'key': 1}\nfor k in d.keys():\n    print(d[k])\nbatch.sort(key=len)",
    "'''Reads nothing from ~/.ssh, promise.'''\nx = 1",
]


@pytest.mark.parametrize("text", BENIGN)
def test_benign_idioms_stay_clean(text: str) -> None:
    assert _findings(text) == []


EVASIVE = [
    ("import shutil as s\nimport os\nr = os.environ.get('DATA_ROOT')\nalias = s.copytree\nalias(r, '/mnt/x')",
     "file-exfiltration.copy-data-out"),
    ("import shutil\nclass A:\n    dest = '/media/usb'\n    def go(self):\n        shutil.copy('/data/a.csv', self.dest)",
     "file-exfiltration.copy-data-out"),
    ("import os\nclass K:\n    def __init__(self):\n        self.p = os.path.join(os.path.expanduser('~'), '.ssh', 'id_rsa')\n"
     "    def __del__(self):\n        open(self.p).read()", "credential-harvest.secret-file"),
    ("from os import environ as E\nimport json\ntry:\n    1 / 0\nexcept Exception:\n    s = json.dumps({**E})",
     "credential-harvest.environ-dump"),
    ("import os\ndef deco(fn):\n    fn.env = list(os.environ.items())\n    return fn", "credential-harvest.environ-dump"),
    ("import importlib\np = importlib.import_module('pic' + 'kle')\np.loads(blob)", "deserialization.untrusted-pickle"),
    ("import pickle, socket\ns = socket.create_connection(('h', 1))\nobj = pickle.loads(s.recv(1 << 20))",
     "deserialization.untrusted-pickle"),
    ("import pickle\nclass R:\n    def __reduce__(self):\n        return (pickle.loads, (b'x',))\npickle.loads(b'\\x80\\x04N.')",
     "deserialization.untrusted-pickle"),
    ("import numpy as np\nflag = True\nnp.load('x.npy', allow_pickle=flag)", "deserialization.local-pickle"),
    ("import torch\nkw = {'weights_only': False}\ntorch.load('x.pt', **kw)", "deserialization.local-pickle"),
]


@pytest.mark.parametrize("text,rule", EVASIVE)
def test_evasions_are_found(text: str, rule: str) -> None:
    assert rule in {f.rule for f in _findings(text)}


def test_credential_finding_rejects_and_local_pickle_escalates() -> None:
    from analyzer.engine.collect import from_bytes as fb

    reject = api.analyze(fb("a.py", b"import os\nopen(os.path.expanduser('~/.netrc')).read()", POLICY.limits), POLICY)
    assert reject.decision.value == "reject"
    review = api.analyze(fb("b.py", b"import joblib\nm = joblib.load('./models/rf.joblib')", POLICY.limits), POLICY)
    assert review.decision.value == "escalate"


def test_torch_load_default_escalates_beside_an_old_torch(monkeypatch) -> None:
    # torch < 2.6 unpickles by default: at such a site the call is a pickle load.
    from analyzer import api
    from analyzer.engine.collect import from_bytes
    from analyzer.engine.detectors import paths

    policy = api.load_policy()
    code = b"import torch\nstate = torch.load('./ckpt.pt')\n"
    monkeypatch.setattr("importlib.metadata.version", lambda name: "2.5.1")
    paths._old_torch_here.cache_clear()
    try:
        old = {f.rule for f in api.analyze(from_bytes("t.py", code, policy.limits), policy).findings}
    finally:
        paths._old_torch_here.cache_clear()
    monkeypatch.undo()
    new = {f.rule for f in api.analyze(from_bytes("t.py", code, policy.limits), policy).findings}
    assert "deserialization.local-pickle" in old and "deserialization.torch-load-default" not in old
    assert "deserialization.torch-load-default" in new


# -- folding what issue 12's path evasions are made of ------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("import os\np = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'm.pt')", {"<job>/m.pt"}),
    ("import site, os\np = os.path.join(site.getsitepackages()[0], 'x.pth')", {"<site-packages>/x.pth"}),
    ("import sys\np = sys.argv[1]", {"<arg>"}),
    ("import argparse\na = argparse.ArgumentParser()\na.add_argument('--out-dir', default='/mnt/x')\n"
     "args = a.parse_args()\np = args.out_dir", {"/mnt/x", "<arg>"}),
    ("import argparse\na = argparse.ArgumentParser()\na.add_argument('--out', default='o')\n"
     "args = a.parse_args(['--out', '/gpfs/x'])\np = args.out", {"o", "/gpfs/x", "<arg>"}),
    ("import tempfile, os\np = os.path.join(tempfile.mkdtemp(dir='/scratch/shared'), 'a')", {"/scratch/shared/?/a"}),
    ("import tempfile\nf = tempfile.NamedTemporaryFile(dir='/scratch/t')\np = f.name", {"/scratch/t/?"}),
    ("import tempfile\nf = tempfile.NamedTemporaryFile()\np = f.name", {"<tmp>"}),
    ("p = 'https://x/p?v=%s' % v", {"https://x/p?v=?"}),
    ("p = 'https://x/{}/{k}'.format(a, k=b)", {"https://x/?/?"}),
])
def test_folds_issue12_markers(text: str, expected: set[str]) -> None:
    assert _fold_last(text) == expected


def test_nvflare_workspace_folders() -> None:
    text = ("import os\ndef f(fl_ctx):\n    ws = fl_ctx.get_engine().get_workspace()\n"
            "    return [os.path.join(ws.get_app_dir(fl_ctx.get_job_id()), 'm.npz'), ws.get_file_path_in_startup('c.key'),\n"
            "            os.path.join(ws.get_site_config_dir(), 'resources.json')]\np = f(1)")
    assert _fold_last(text) == {"<job>/m.npz", "<site>/startup/c.key", "<site>/local/resources.json"}


def test_a_workspace_method_the_job_defines_proves_nothing() -> None:
    text = ("class W:\n    def get_app_dir(self, j):\n        return '/mnt/share'\n"
            "def f(fl_ctx):\n    return fl_ctx.get_engine().get_workspace().get_app_dir(1)\np = f(1)")
    assert "<job>" not in _fold_last(text)


@pytest.mark.parametrize("p,network", [
    ("s3://b/k", True), ("simplecache::gs://b/k", True), ("abfss://c@a.dfs.core.windows.net/x", True),
    ("hdfs://nn:8020/x", True), ("/lustre/p/x", True), ("/scratch/u/x", True), ("//host/share", True),
    ("file:///tmp/x", False), ("memory://x", False), ("/data/x", False), ("outputs/x", False),
])
def test_network_destinations(p: str, network: bool) -> None:
    assert is_network(p) == network


def test_chdir_makes_later_relative_writes_land_there() -> None:
    rules = {f.rule for f in _findings("import os\nos.chdir('/nfs/team')\nopen('rows.csv', 'w').write('x')\n")}
    assert {"file-exfiltration.chdir-outside", "file-exfiltration.write-network"} <= rules
    assert not _findings("import os\nos.chdir('runs')\nopen('rows.csv', 'w').write('x')\n")


def test_a_function_handed_on_as_a_value_has_callers_the_gate_does_not_see() -> None:
    # Closed folding judges a parameter by what the job's calls pass it, unless the function is
    # also a value (map, partial, a dict of handlers): then its callers are not all seen.
    from analyzer.engine.detectors.paths import PathFolder
    from analyzer.engine.resolve import Resolver

    def destinations(tail: str) -> frozenset:
        module = cst.parse_module("import numpy as np\ndef keep(obj, dest):\n    np.save(dest, obj)\n"
                                  "keep(0, 'outputs/zeros.npy')\n" + tail)
        r = Resolver(module)
        call = next(u for u in r.calls if "numpy.save" in r.names(u.node.func, u.scope))
        return PathFolder.of(r, closed=True).fold(call.node.args[0].value, call.scope)

    assert destinations("") == {"outputs/zeros.npy"}
    assert "?" in destinations("list(map(keep, [1], ['x']))")
    assert "?" in destinations("handlers = {'save': keep}")
