"""Red team 6's attacks: each was accepted before its fix and must stay caught; the legitimate idiom nearest
to each must stay accepted; those still open are strict expected failures (each passes, and fails the suite,
once the gate no longer accepts it). Samples: corpus/malicious/redteam6_*, corpus/jobs/redteam6_*."""

from __future__ import annotations

from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer.model import Decision


HEAD = """\
import functools
import numpy as np
import pandas as pd
import torch
import nvflare.client as flare
df = pd.read_csv("/data/site/patients.csv")
x = np.load("/data/site/x.npy")
flare.init()
m = flare.receive()
"""


def _send(what: str) -> str:
    return f"flare.send(flare.FLModel(params=m.params, {what}))\n"


ROWS = "x[:3].tolist()"

# name -> the code after HEAD; every one was accepted before red team 6's fixes
CAUGHT = {
    # implicit methods of the job's class (protocol.py): the interpreter runs them from an operation
    "__len__-is-a-cell": "class C:\n    def __len__(self):\n        return int(x[0, 0])\n" + _send("metrics={'n': len(C())}"),
    "__float__-is-a-cell": "class C:\n    def __float__(self):\n        return float(x[0, 0])\n"
                           + _send("metrics={'v': float(C())}"),
    "__str__": f"class C:\n    def __str__(self):\n        return str({ROWS})\n" + _send("meta={'s': str(C())}"),
    "__format__-in-an-f-string": f"class C:\n    def __format__(self, spec):\n        return str({ROWS})\n"
                                 + _send("meta={'s': f'{C()}'}"),
    "__getattr__-fallback": f"class C:\n    def __getattr__(self, k):\n        return {ROWS}\n"
                            + _send("metrics={'auc': C().auc}"),
    "__enter__-of-with": f"class C:\n    def __enter__(self):\n        return {ROWS}\n    def __exit__(self, *a):\n"
                         "        return False\nwith C() as v:\n    " + _send("metrics={'v': v}"),
    "__call__": f"class C:\n    def __call__(self):\n        return {ROWS}\n" + _send("metrics={'v': C()()}"),
    "__iter__": f"class C:\n    def __iter__(self):\n        return iter({ROWS})\n" + _send("metrics={'v': list(C())}"),
    "__radd__-through-sum": f"class C:\n    def __radd__(self, o):\n        return {ROWS}\n"
                            + _send("metrics={'v': sum([C()])}"),
    "__bool__": "class C:\n    def __bool__(self):\n        return bool(x[0, 0] > 0)\n" + _send("metrics={'v': bool(C())}"),
    "__hash__": "class C:\n    def __hash__(self):\n        return int(x[0, 0])\n" + _send("metrics={'v': hash(C())}"),
    "__class_getitem__": "class C:\n    def __class_getitem__(cls, k):\n        return x[k].tolist()\n"
                         + _send("metrics={'v': C[0]}"),
    "descriptor-__get__": f"class D:\n    def __get__(self, o, t=None):\n        return {ROWS}\n"
                          "class T:\n    cfg = D()\n" + _send("meta={'v': T().cfg}"),
    "metaclass-__getattr__": f"class M(type):\n    def __getattr__(cls, k):\n        return {ROWS}\n"
                             "class T(metaclass=M):\n    pass\n" + _send("meta={'v': T.lr}"),
    "inherited-__len__": "class B:\n    def __len__(self):\n        return int(x[0, 0])\nclass C(B):\n    pass\n"
                         + _send("metrics={'n': len(C())}"),
    "__set_name__-stores-into-the-owner": f"class F:\n    def __set_name__(self, owner, name):\n        owner.extra = {ROWS}\n"
                                          "class T:\n    f = F()\n" + _send("metrics={'v': T.extra}"),
    "class-decorator-returns-rows": f"def register(cls):\n    return {ROWS}\n@register\nclass C:\n    pass\n"
                                    + _send("metrics={'v': C}"),
    "singledispatch-registered-implementation": (
        "@functools.singledispatch\ndef fmt(v):\n    return 0.0\n@fmt.register\ndef _(v: int):\n"
        f"    return {ROWS}\n" + _send("metrics={'v': fmt(1)}")),
    # functions of the module read as values
    "function-in-a-list": f"def a():\n    return {ROWS}\nfs = [a]\n" + _send("metrics={'v': fs[0]()}"),
    "bound-method-in-a-dict": f"class T:\n    def v(self):\n        return {ROWS}\nops = {{'a': T().v}}\n"
                              + _send("metrics={'v': ops['a']()}"),
    "partial-of-a-method": "class T:\n    def v(self, k):\n        return x[:k].tolist()\n"
                           "f = functools.partial(T().v, 3)\n" + _send("metrics={'v': f()}"),
    "map-of-a-function": "def a(i):\n    return x[i].tolist()\n" + _send("metrics={'v': list(map(a, range(3)))}"),
    "cached-property": f"class T:\n    @functools.cached_property\n    def v(self):\n        return {ROWS}\n"
                       + _send("metrics={'v': T().v}"),
    # scopes
    "walrus-in-a-comprehension": "_ = [v := float(r[0]) for r in x[:3]]\n" + _send("metrics={'v': v}"),
    "nonlocal-rebinding": f"def outer():\n    out = []\n    def inner():\n        nonlocal out\n        out = {ROWS}\n"
                          "    inner()\n    return out\n" + _send("metrics={'v': outer()}"),
    "type-with-a-namespace": f"T = type('T', (), {{'v': {ROWS}}})\n" + _send("metrics={'v': T.v}"),
    # send functions handed to the job's code
    "channel-parameter": "def deliver(channel, rows):\n    out = flare.FLModel(params=m.params)\n"
                         "    out.metrics = {'r': rows}\n    channel(out)\n" + f"deliver(flare.send, {ROWS})\n",
    "wrapper-fills-metrics": f"def add(fn):\n    def w(model):\n        model.metrics = {{'s': {ROWS}}}\n"
                             "        return fn(model)\n    return w\nsend = add(flare.send)\nsend(flare.FLModel(params=m.params))\n",
    "decorator-fills-meta": f"def add(fn):\n    def w(model):\n        model.meta['s'] = {ROWS}\n        return fn(model)\n"
                            "    return w\n@add\ndef push(model):\n    flare.send(model)\npush(flare.FLModel(params=m.params))\n",
    "log-wrapper-key": "def pre(fn):\n    def w(k, v, t):\n        return fn(k + str(x[:2].tolist()), v, t)\n    return w\n"
                       "log = pre(flare.log)\nlog('loss', 0.1, flare.AnalyticsDataType.SCALAR)\n",
    # logging's own hooks and texts (the job log)
    "formatter-format-returns-rows": (
        "import logging\nclass F(logging.Formatter):\n    def format(self, record):\n"
        f"        return str({ROWS})\nh = logging.StreamHandler()\nh.setFormatter(F())\n"
        "lg = logging.getLogger('t')\nlg.addHandler(h)\nlg.warning('round done')\n"),
    "filter-rewrites-the-record": (
        "import logging\nclass Fl(logging.Filter):\n    def filter(self, record):\n"
        f"        record.msg = str({ROWS})\n        return True\n"
        "lg = logging.getLogger('t')\nlg.addFilter(Fl())\nlg.warning('round done')\n"),
    "basicconfig-format-text": f"import logging\nlogging.basicConfig(format='%(message)s ' + str({ROWS}))\n"
                               "logging.warning('done')\n",
    "logger-name": f"import logging\nlogging.getLogger(str({ROWS})).warning('done')\n",
    # writes through a name that shares another's memory, or into an object the store cannot name
    "item-store-through-a-dict-value": "p = {'w': np.zeros(8)}\nw = p['w']\nw[:3] = x[0, :3]\n"
                                       "flare.send(flare.FLModel(params=p))\n",
    "item-store-through-next-iter-values": "p = {'w': np.zeros(8)}\nw = next(iter(p.values()))\nw[:3] = x[0, :3]\n"
                                           "flare.send(flare.FLModel(params=p))\n",
    "item-store-through-a-reshape-view": "w = np.zeros(8)\nv = w.reshape(2, 4)\nv[0, :3] = x[0, :3]\n"
                                         "flare.send(flare.FLModel(params={'w': w}))\n",
    "item-store-through-items-loop": "p = {'w': np.zeros(8)}\nfor k, w in p.items():\n    w[:3] = x[0, :3]\n"
                                     "flare.send(flare.FLModel(params=p))\n",
    "item-store-through-a-weight's-numpy": (
        "net = torch.nn.Linear(4, 1)\na = net.weight.detach().numpy()\na[0, :3] = x[0, :3]\n"
        "flare.send(flare.FLModel(params=net.state_dict()))\n"),
    "meta-dict-filled-after-the-model-is-built": ("meta = {}\nout = flare.FLModel(params=m.params, meta=meta)\n"
                                                  f"meta['rows'] = {ROWS}\nflare.send(out)\n"),
    "list-in-metrics-extended-later": ("bag = []\nout = flare.FLModel(params=m.params, metrics={'bag': bag})\n"
                                       "bag.extend(x[:3].tolist())\nflare.send(out)\n"),
    "list-held-by-a-dict-copy": ("bag = []\nmeta = dict(bag=bag)\nout = flare.FLModel(params=m.params, meta=meta)\n"
                                 "bag.append(x[:3].tolist())\nflare.send(out)\n"),
    "list-held-as-an-attribute": ("class Box:\n    pass\nb = Box()\nb.items = []\n"
                                  "out = flare.FLModel(params=m.params, meta={'b': b.items})\n"
                                  "b.items.append(x[:3].tolist())\nflare.send(out)\n"),
    "write-through-a-second-name": "p = dict(m.params)\nq = p\nq['extra'] = x[:3]\nflare.send(flare.FLModel(params=p))\n",
    "class-attribute-through-type()": f"class C:\n    pass\nc = C()\ntype(c).v = {ROWS}\n" + _send("metrics={'v': C.v}"),
    "class-attribute-through-__class__": f"class C:\n    pass\nc = C()\nc.__class__.v = {ROWS}\n"
                                         + _send("metrics={'v': C.v}"),
    # library calls
    "label-encoder-classes": ("from sklearn.preprocessing import LabelEncoder\nle = LabelEncoder().fit(df['name'])\n"
                              + _send("meta={'classes': le.classes_.tolist()}")),
    "tqdm-description": "from tqdm import tqdm\nfor _ in tqdm(range(3), desc=str(x[:3].tolist())):\n    pass\n",
    "embedding-row-lookup": "t = torch.tensor(x)\n"
                            + _send("metrics={'s': float(torch.nn.functional.embedding(torch.tensor([7]), t).mean())}"),
    "item-with-an-index": _send("metrics={'v': x.item(7)}"),
    # closed by red team 7: the length of a text made of the data is a reduction of it (of a chosen cell, reviewed)
    "length-of-a-chosen-cell": _send("metrics={'d': [len(str(v)) for v in df['name'].iloc[:3]]}"),
    # closed by red team 7 (Summary.holds): what a job function's result holds of its arguments by reference
    "dict-filled-after-a-helper-built-the-update": (
        "def build(meta):\n    return flare.FLModel(params=m.params, meta=meta)\nmeta = {}\nout = build(meta)\n"
        "meta['k'] = x[:3].tolist()\nflare.send(out)\n"),
}

# the legitimate idiom nearest to each class above: accepted
NEAR = {
    "meter-with-implicit-methods": (
        "class Meter:\n    def __init__(self):\n        self.total = 0.0\n        self.n = 0\n"
        "    def update(self, v):\n        self.total += v\n        self.n += 1\n"
        "    def __float__(self):\n        return self.total / max(self.n, 1)\n"
        "    def __str__(self):\n        return f'{float(self):.4f}'\n    def __len__(self):\n        return self.n\n"
        "mt = Meter()\nmt.update(float(np.mean(x)))\nprint(f'loss {mt}')\n"
        + _send("metrics={'loss': float(mt), 'n': len(mt)}")),
    "tqdm-over-a-loader": (
        "from tqdm import tqdm\nnet = torch.nn.Linear(x.shape[1], 1)\nopt = torch.optim.SGD(net.parameters(), lr=0.1)\n"
        "loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.tensor(x)), batch_size=8)\n"
        "for (xb,) in tqdm(loader, desc='epoch 1'):\n    loss = net(xb).pow(2).mean()\n    opt.zero_grad()\n"
        "    loss.backward()\n    opt.step()\nflare.send(flare.FLModel(params=net.state_dict()))\n"),
    "embedding-of-the-model": (
        "class Net(torch.nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.w = torch.nn.Parameter(torch.zeros(100, 8))\n    def forward(self, t):\n"
        "        return torch.nn.functional.embedding(t, self.w).sum(1)\nnet = Net()\n"
        "loss = net(torch.tensor(x).long()).pow(2).mean()\n"
        "flare.send(flare.FLModel(params=net.state_dict(), metrics={'loss': loss.item()}))\n"),
    "a-metric-function-in-a-dict": (
        "def mean_value():\n    return float(np.mean(x))\nREPORTS = {'mean': mean_value}\n"
        + _send("metrics={k: f() for k, f in REPORTS.items()}")),
    "send-handed-clean-values": (
        "def deliver(channel, value):\n    channel(flare.FLModel(params=m.params, metrics={'mean': value}))\n"
        "deliver(flare.send, float(np.mean(x)))\n"),
    "timing-decorator": (
        "import time\ndef timed(fn):\n    def w(*a, **k):\n        t = time.time()\n        out = fn(*a, **k)\n"
        "        print(f'{fn.__name__} took {time.time() - t:.1f}s')\n        return out\n    return w\n"
        "@timed\ndef mean_value():\n    return float(np.mean(x))\n" + _send("metrics={'mean': mean_value()}")),
    "formatter-and-named-logger": (
        "import logging\nclass F(logging.Formatter):\n    def format(self, record):\n"
        "        return f'[site] {super().format(record)}'\nh = logging.StreamHandler()\nh.setFormatter(F())\n"
        "lg = logging.getLogger(__name__)\nlg.addHandler(h)\nlg.info('mean %.3f', float(np.mean(x)))\n"
        + _send("metrics={'mean': float(np.mean(x))}")),
    "coefficients-of-a-classifier": (
        "from sklearn.linear_model import LogisticRegression\nclf = LogisticRegression().fit(x, x[:, 0] > 0)\n"
        "flare.send(flare.FLModel(params={'coef': clf.coef_, 'intercept': clf.intercept_}))\n"),
    "local-update-through-items": (
        "p = {k: np.array(v, copy=True) for k, v in m.params.items()}\nfor k, w in p.items():\n"
        "    w -= 0.01 * np.ones_like(w)\nflare.send(flare.FLModel(params=p, metrics={'mean': float(np.mean(x))}))\n"),
    "item-of-a-loss": _send("metrics={'loss': torch.tensor(x).pow(2).mean().item()}"),
}


def _decision(text: str) -> Decision:
    return kit.scan_text(HEAD + text, "train.py").decision


@pytest.mark.parametrize("name", sorted(CAUGHT))
def test_attack_is_not_accepted(name: str) -> None:
    assert _decision(CAUGHT[name]) is not Decision.ACCEPT


@pytest.mark.parametrize("name", sorted(NEAR))
def test_nearest_legitimate_idiom_is_accepted(name: str) -> None:
    assert _decision(NEAR[name]) is Decision.ACCEPT


TRAIN = "import nvflare.client as flare\n{imports}\nflare.init()\nmodel = flare.receive()\n{body}"

# name -> (helper module's text, train.py's imports, train.py's send)
JOBS = {
    "value-of-another-module": ("import numpy as np\nSUMMARY = np.load('/data/site/x.npy')[:3].tolist()\n",
                                "from helper import SUMMARY", _send("metrics={'s': SUMMARY}").replace("m.params", "model.params")),
    "function-in-another-module's-dict": (
        "import numpy as np\nx = np.load('/data/site/x.npy')\ndef summary():\n    return x[:3].tolist()\n"
        "HOOKS = {'summary': summary}\n", "from helper import HOOKS",
        "flare.send(flare.FLModel(params=model.params, metrics={'s': HOOKS['summary']()}))\n"),
    "__len__-of-another-module's-class": (
        "class Counter:\n    def __init__(self, data):\n        self.data = data\n    def __len__(self):\n"
        "        return int(self.data[0, 0])\n", "import numpy as np\nfrom helper import Counter",
        "flare.send(flare.FLModel(params=model.params, metrics={'n': len(Counter(np.load('/data/site/x.npy')))}))\n"),
    "__enter__-of-another-module's-class": (
        "import numpy as np\nclass Session:\n    def __enter__(self):\n        return np.load('/data/site/x.npy')[:3].tolist()\n"
        "    def __exit__(self, *a):\n        return False\n", "from helper import Session",
        "with Session() as info:\n    flare.send(flare.FLModel(params=model.params, meta={'info': info}))\n"),
    "decorator-of-another-module": (
        "import numpy as np\nx = np.load('/data/site/x.npy')\ndef traced(fn):\n    def w(model):\n"
        "        model.metrics = {'s': x[:3].tolist()}\n        return fn(model)\n    return w\n",
        "from helper import traced", "@traced\ndef push(model):\n    flare.send(model)\npush(flare.FLModel(params=model.params))\n"),
}


def _job(tmp_path: Path, helper: str, imports: str, body: str) -> Decision:
    custom = tmp_path / "app" / "custom"
    custom.mkdir(parents=True)
    (custom / "helper.py").write_text(helper)
    (custom / "train.py").write_text(TRAIN.format(imports=imports, body=body))
    return kit.scan(tmp_path).decision


@pytest.mark.parametrize("name", sorted(JOBS))
def test_attack_across_modules_is_not_accepted(name: str, tmp_path: Path) -> None:
    assert _job(tmp_path, *JOBS[name]) is not Decision.ACCEPT


def test_a_dataset_class_of_another_module_stays_accepted(tmp_path: Path) -> None:
    """A dataset's constructor arguments (a path from the environment) are its data already, not what its
    implicit methods hand out (the corpus's pt_amp_grad_accum escalated before this)."""
    helper = ("import torch\nclass DS(torch.utils.data.Dataset):\n    def __init__(self, root):\n"
              "        self.items = list(range(10))\n    def __len__(self):\n        return len(self.items)\n"
              "    def __getitem__(self, i):\n        return torch.zeros(2)\n")
    body = ("loader = torch.utils.data.DataLoader(DS(os.environ.get('DATA_ROOT', '/data')), batch_size=2)\n"
            "flare.send(flare.FLModel(params=model.params, meta={'NUM_STEPS_CURRENT_ROUND': len(loader)}))\n")
    assert _job(tmp_path, helper, "import os\nimport torch\nfrom helper import DS", body) is Decision.ACCEPT


# Still accepted (strict xfail: each fails the suite once the gate no longer accepts it).
OPEN = {
    # how many rows equal a value the code chose: membership of one record. Open since session 33 (by structure it
    # is `(y == 1).sum()`, a class count); held since session 49 (update49b: a count of rows an equality with a
    # spelled value picks is not vouched, whatever the column; honest class counts sent as metrics escalate too)
    "count-of-rows-equal-to-a-chosen-value": _send("metrics={'d': int((df['ssn'] == '123-45-6789').sum())}"),
}


@pytest.mark.parametrize("name", sorted(OPEN))
def test_open_attack_is_not_accepted(name: str) -> None:
    assert _decision(OPEN[name]) is not Decision.ACCEPT
