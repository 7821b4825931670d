"""Red team 41b: the update channel and the job log, against an adversary who read the flow.

About 100 attempts on main (84be299): in-place writes into parameters and buffers, optimizer and scheduler state,
numpy structured arrays and frombuffer, dataclasses, namedtuples, dict subclasses, generators, closures, async
code, functools.reduce and itertools.accumulate, sorted/argsort/heapq selection, metric names spelled from the
data, exception messages and arguments, `__repr__`/`__str__`/`__format__` of the job's classes, secrets in the
meta, Flower's Context.state and metric keys, context managers, properties and `__getattr__`, match statements.
Nearly all were held. Accepted there, held here:
- Closures: what a nested function reads of its enclosing function's parameters was stripped
  (module_flow.free_name), so a function made with the site's rows (a metric factory `make(x)` returning
  `def f(): return x`, a lambda, a sender or a logger closure, a decorator factory `@calibrated(row)`, a
  closure kept in a dict or a list, a nested generator) carried nothing. Now those Params stay symbolic
  (module_flow._enclosing_params), are judged where the enclosing function calls the nested one or reads it as a
  value (Frame.closure: what it returns, its defaults, what it sends), and a closure called elsewhere hands back
  what it was made with (Frame.call, Frame.decorated).
- A function storing its parameter into a module name (`global REF; REF = a`) stored nothing (Frame.bind).
- A defaultdict counted as a Counter (reductions.yaml counter_types): `dd["v"] = row`, `defaultdict(lambda: row)`.
- Red team 40b's open lead: host paths held by library objects (a temporary folder's or file's `.name`, a log
  handler's `baseFilename`, a logger's handlers: sources.yaml host_path_attributes).
Closed since (holes42): a nested function rebinding its enclosing function's variable (`nonlocal`) with that
function's parameter or its own (Frame.bind keeps the Params, Frame.apply binds them in the enclosing caller).
Samples: corpus/malicious/rt41b_*, corpus/benign/near_rt41b_*.
"""

from __future__ import annotations

import pytest

import redteam_kit as kit

CLIENT = kit.ClientJob(imports="import collections\nimport numpy as np\nimport pandas as pd\nimport torch\n"
                               "import nvflare.client as flare\n")
ROW = "float(df['age'].iloc[0])"  # one patient's age


def _decision(body: str, extra: str = "", head: str = "") -> str:
    report = kit.scan_text(CLIENT.source(body, extra, head))
    return report.decision.value


# ---- the corpus ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/rt41b_*"))
def test_attack_is_held(sample):
    kit.assert_held(kit.scan_sample(sample))


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_rt41b_*"))
def test_near_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


def test_the_samples_are_labelled():
    labelled = {e["path"] for e in kit.labelled("rt41b_")}
    assert labelled == set(kit.corpus_samples("malicious/rt41b_*", "benign/near_rt41b_*"))


# ---- closures -----------------------------------------------------------------------------------------------------

MAKE = "def make(x):\n    def f():\n        return x\n    return f\n"

# (body in the round, the metrics sent, module-level code): accepted on main, each made with one patient's age
CLOSURES = {
    "returned-function": (f"v = make({ROW})()", "{'v': v}", MAKE),
    "returned-lambda": (f"v = make({ROW})()", "{'v': v}", "def make(x):\n    return lambda: x\n"),
    "called-with-an-argument": (f"v = make({ROW})(1.0)", "{'v': v}",
                                "def make(x):\n    def f(s):\n        return x * s\n    return f\n"),
    "bound-then-called": (f"get = make({ROW})\nv = get()", "{'v': v}", MAKE),
    "default-argument": (f"v = make({ROW})()", "{'v': v}", "def make(x):\n    def f(a=x):\n        return a\n    return f\n"),
    "nested-generator": ("v = next(make(df['age'].tolist()))", "{'v': v}",
                         "def make(x):\n    def g():\n        yield x[0]\n    return g()\n"),
    "kept-in-a-dict": (f"v = make({ROW})['get']()", "{'v': v}",
                       "def make(x):\n    def f():\n        return x\n    return {'get': f}\n"),
    "method-making-it": (f"v = Box().getter({ROW})()", "{'v': v}",
                         "class Box:\n    def getter(self, a):\n        def f():\n            return a\n        return f\n"),
    "class-defined-inside": (f"v = make({ROW})().val()", "{'v': v}",
                             "def make(x):\n    class K:\n        def val(self):\n            return x\n    return K\n"),
    "appended-to-a-list": (f"fs = []\nkeep(fs, {ROW})\nv = fs[0]()", "{'v': v}",
                           "def keep(fs, a):\n    def f():\n        return a\n    fs.append(f)\n"),
    "parameter-renamed-inside": (f"v = make({ROW})(0.0)", "{'v': v}",
                                 "def make(y):\n    x = y\n    def f(y):\n        return x\n    return f\n"),
}


@pytest.mark.parametrize("name", sorted(CLOSURES))
def test_a_closure_made_with_a_row_is_held(name):
    body, metrics, head = CLOSURES[name]
    assert _decision(body, f", metrics={metrics}", head) != "accept"


def test_a_decorator_factory_made_with_a_row_is_held():
    head = ("import pandas as pd\nTABLE = pd.read_csv('/data/site/patients.csv')\n"
            "def shifted(offset):\n    def decorate(fn):\n        def wrapper():\n            return fn() + offset\n"
            "        return wrapper\n    return decorate\n\n"
            "@shifted(float(TABLE['hba1c'].iloc[0]))\ndef accuracy():\n    return 0.5\n")
    assert _decision("v = accuracy()", ", metrics={'v': v}", head) == "reject"


def test_a_closure_sending_what_it_was_made_with_is_rejected():
    head = ("import nvflare.client as flare\ndef make(info):\n    def send(n):\n"
            "        flare.send(flare.FLModel(params=n.state_dict(), meta={'info': info}))\n    return send\n")
    assert _decision("make(df.iloc[0].tolist())(net)", head=head) == "reject"


def test_a_closure_logging_what_it_was_made_with_is_held():
    head = "def make(x):\n    def f():\n        print('cohort', x)\n    return f\n"
    assert _decision("make(df['patient_id'].tolist())()", head=head) != "accept"


# the honest closures nearest to them (accepted on main too)
HONEST_CLOSURES = {
    "constant": ("v = make(0.5)()", "{'v': v}", MAKE),
    "lbfgs-closure": ("v = fit(net, torch.tensor(df[['a', 'b', 'c', 'd']].values, dtype=torch.float32), "
                      "torch.tensor(df['y'].values))", "{'loss': v}",
                      "import torch\ndef fit(net, x, y):\n    opt = torch.optim.LBFGS(net.parameters())\n"
                      "    def closure():\n        opt.zero_grad()\n"
                      "        loss = torch.nn.functional.cross_entropy(net(x), y)\n        loss.backward()\n"
                      "        return loss\n    return float(opt.step(closure))\n"),
    "loss-factory": ("crit = make_loss(torch.ones(2))\nv = crit(net(torch.tensor(df[['a', 'b', 'c', 'd']].values, "
                     "dtype=torch.float32)), torch.tensor(df['y'].values)).item()", "{'loss': v}",
                     "import torch\ndef make_loss(weight):\n    def loss_fn(pred, target):\n"
                     "        return torch.nn.functional.cross_entropy(pred, target, weight=weight)\n    return loss_fn\n"),
    "evaluation-factory": ("v = get_eval(net, torch.tensor(df[['a', 'b', 'c', 'd']].values, dtype=torch.float32), "
                           "torch.tensor(df['y'].values))()", "{'acc': v}",
                           "import torch\ndef get_eval(model, xs, ys):\n    def evaluate():\n"
                           "        with torch.no_grad():\n"
                           "            return (model(xs).argmax(1) == ys).float().mean().item()\n    return evaluate\n"),
    "warm-up-schedule": ("s = torch.optim.lr_scheduler.LambdaLR(torch.optim.SGD(net.parameters(), lr=0.1), warm(5))",
                         "{'lr': s.get_last_lr()[0]}",
                         "def warm(steps):\n    def f(epoch):\n        return min(1.0, (epoch + 1) / steps)\n    return f\n"),
}


@pytest.mark.parametrize("name", sorted(HONEST_CLOSURES))
def test_an_honest_closure_stays_accepted(name):
    body, metrics, head = HONEST_CLOSURES[name]
    assert _decision(body, f", metrics={metrics}", head) == "accept"


def test_a_sender_closure_made_with_a_constant_stays_accepted():
    head = ("import nvflare.client as flare\ndef sender(n):\n    def send(model):\n"
            "        flare.send(flare.FLModel(params=model.state_dict(), meta={'NUM_STEPS_CURRENT_ROUND': n}))\n"
            "    return send\n")
    assert _decision("sender(7)(net)", head=head) == "accept"


# ---- a module name a function rebinds, a defaultdict ---------------------------------------------------------------

def test_a_parameter_stored_into_a_module_name_is_held():
    head = "REF = 0.0\ndef remember(a):\n    global REF\n    REF = a\n"
    assert _decision(f"remember({ROW})", ", metrics={'v': REF}", head) == "reject"


def test_settings_stored_into_module_names_stay_accepted():
    head = "LR = 0.1\nN = 0\ndef configure(lr, n):\n    global LR, N\n    LR = lr\n    N = n\n"
    assert _decision("configure(0.01, len(df))", ", meta={'lr': LR, 'n': N}", head) == "accept"


@pytest.mark.parametrize("body", [f"dd = collections.defaultdict(float)\ndd['v'] = {ROW}",
                                  f"dd = collections.defaultdict(float)\ndd['v'] += {ROW}",
                                  f"row = {ROW}\ndd = collections.defaultdict(lambda: row)",
                                  "dd = collections.defaultdict(list)\nfor a in df['age']:\n    dd['v'].append(float(a))"])
def test_a_row_in_a_defaultdict_is_rejected(body):
    assert _decision(body, ", metrics={'v': dd['v']}") == "reject"


def test_a_defaultdict_of_loss_meters_stays_accepted():
    body = ("x = torch.tensor(df[['a', 'b', 'c', 'd']].values, dtype=torch.float32)\ny = torch.tensor(df['y'].values)\n"
            "meters = collections.defaultdict(float)\nfor i in range(0, len(x), 8):\n"
            "    meters['loss'] += torch.nn.functional.cross_entropy(net(x[i:i + 8]), y[i:i + 8]).item()\n"
            "    meters['n'] += 1")
    assert _decision(body, ", metrics={k: v / meters['n'] for k, v in meters.items()}") == "accept"


def test_a_label_count_in_a_counter_stays_accepted():
    assert _decision("counts = collections.Counter(df['y'].astype(int))", ", metrics={'n_pos': counts[1]}") == "accept"


# ---- host paths of library objects (red team 40b's open lead) ------------------------------------------------------

@pytest.mark.parametrize("value", ["tempfile.TemporaryDirectory().name", "tempfile.NamedTemporaryFile().name",
                                   "logging.FileHandler('train.log').baseFilename",
                                   "str(logging.getLogger().handlers)"])
def test_a_library_objects_host_path_in_meta_is_held(value):
    head = "import logging\nimport tempfile\n"
    assert _decision("pass", f", meta={{'at': {value}}}", head) == "escalate"


def test_a_temporary_file_used_as_a_place_stays_accepted():
    head = "import logging\nimport os\nimport tempfile\nSCRATCH = tempfile.TemporaryDirectory()\n"
    body = ("path = os.path.join(SCRATCH.name, 'w.pt')\ntorch.save(net.state_dict(), path)\n"
            "print('checkpoint at', path)\nfor h in logging.getLogger().handlers:\n    h.setLevel(logging.INFO)")
    assert _decision(body, head=head) == "accept"


# ---- a nonlocal (open at session 41, closed by holes42) ----------------------------------------------------------

def test_a_parameter_put_into_a_nonlocal_is_held():
    head = ("def outer(a):\n    box = 0.0\n    def put():\n        nonlocal box\n        box = a\n    put()\n"
            "    return box\n")
    assert _decision(f"v = outer({ROW})", ", metrics={'v': v}", head) != "accept"
