"""Red team 46d: code the interpreter or a vouched library runs on its own (dunders, protocols, hooks), handed the
site's data. Each attack here was accepted on main before its fix; the legitimate form nearest to each stays
accepted. Samples: corpus/*/rt46d_*, near_rt46d_*."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import redteam_kit as kit

ACCEPTED_BEFORE = kit.corpus_samples("malicious/rt46d_*", "jobs/rt46d_*")
TWINS = kit.corpus_samples("benign/near_rt46d_*")


@pytest.mark.parametrize("sample", ACCEPTED_BEFORE)
def test_attack_is_no_longer_accepted(sample: str) -> None:
    kit.assert_held(kit.scan_sample(sample), "update-channel-leak.")


@pytest.mark.parametrize("sample", TWINS)
def test_near_twin_stays_accepted(sample: str) -> None:
    kit.assert_accepted(kit.scan_sample(sample))


HEAD = kit.ROWS_CLIENT

# A one-line suite (`if c: print(r)`) is a SimpleStatementSuite whose body holds small statements, not statement
# lines: Frame.block handed them to Frame.stmt, which reads none of them, so every such body was invisible.
ONE_LINE_SUITES = {
    "if": "if rows: print(rows[0])\n",
    "for": "for r in rows: print(r)\n",
    "while": "while rows: print(rows.pop())\n",
    "with": "with open('/tmp/x') as f: print(rows[0])\n",
    "try": "try: print(rows[0])\nexcept Exception: pass\n",
    "def": "def show(r): print(r)\nshow(rows[0])\n",
    "method": "class Snap:\n    def show(self, r): print(r)\nSnap().show(rows[0])\n",
    "send": "def keep(r): flare.send(flare.FLModel(params=model.params, meta={'r': r}))\nkeep(rows[0])\n",
}


@pytest.mark.parametrize("name", sorted(ONE_LINE_SUITES))
def test_a_one_line_suite_is_read(tmp_path: Path, name: str) -> None:
    kit.assert_held(kit.scan_source(tmp_path, HEAD + ONE_LINE_SUITES[name]), "update-channel-leak.")


def test_a_one_line_suite_of_counts_stays_accepted(tmp_path: Path) -> None:
    kit.assert_accepted(kit.scan_source(tmp_path, HEAD + "if rows: print(len(rows))\nfor _ in range(2): pass\n"))


# Accepted on main (b08a3687): a library call or a statement runs a method of the job's class with the site's value
# (the library compares, dispatches or builds; `o += v` and a property's or descriptor's setter), which keeps it
# in a class list the meta carries.
HEAD_NP = HEAD.replace("import csv\n", "import csv\nimport numpy as np\nimport torch\n")
SEND = 'flare.send(flare.FLModel(params=model.params, meta={"n": %s}))\n'
RUN_BY_THE_LIBRARY = {
    "eq_list_index": """
class Probe:
    seen = []
    def __eq__(self, other):
        Probe.seen.append(other)
        return True
[Probe()].index(rows[0][0])
""" + SEND % "Probe.seen",
    "lt_sorted": """
class Probe:
    seen = []
    def __lt__(self, other):
        Probe.seen.append(other)
        return False
    def __gt__(self, other):
        Probe.seen.append(other)
        return False
sorted([Probe(), rows[0][0]])
""" + SEND % "Probe.seen",
    "max_mixed": """
class Probe:
    seen = []
    def __gt__(self, other):
        Probe.seen.append(other)
        return True
    def __lt__(self, other):
        Probe.seen.append(other)
        return True
max([rows[0][0], Probe()])
""" + SEND % "Probe.seen",
    "sorted_key_class": """
class Key:
    seen = []
    def __init__(self, row):
        Key.seen.append(row)
        self.row = row
    def __lt__(self, other):
        return False
sorted(rows[:3], key=Key)
""" + SEND % "Key.seen",
    "map_class": """
class Keep:
    seen = []
    def __init__(self, row):
        Keep.seen.append(row)
list(map(Keep, rows[:2]))
""" + SEND % "Keep.seen",
    "set_descriptor": """
class Field:
    seen = []
    def __set__(self, inst, value):
        Field.seen.append(value)
class Rec:
    f = Field()
r = Rec()
r.f = rows[0][0]
""" + SEND % "Field.seen",
    "property_setter": """
class Rec:
    seen = []
    @property
    def f(self): return 0
    @f.setter
    def f(self, value): Rec.seen.append(value)
r = Rec()
r.f = rows[0][0]
""" + SEND % "Rec.seen",
    "round_ndigits": """
class Probe:
    seen = []
    def __round__(self, n=None):
        Probe.seen.append(n)
        return 0
round(Probe(), int(rows[0][0]))
""" + SEND % "Probe.seen",
    "pow_mod": """
class Probe:
    seen = []
    def __rpow__(self, other, mod=None):
        Probe.seen.append(other)
        return 0
pow(int(rows[0][0]), Probe())
""" + SEND % "Probe.seen",
    "iadd": """
class Acc:
    seen = []
    def __iadd__(self, other):
        Acc.seen.append(other)
        return self
a = Acc()
a += rows[0][0]
""" + SEND % "Acc.seen",
    "array_ufunc": """
class Probe:
    seen = []
    def __array_ufunc__(self, ufunc, method, *inputs, **kw):
        Probe.seen.append(inputs[0].tolist())
        return 0
x = np.array(rows[0], dtype=float)
np.add(x, Probe())
""" + SEND % "Probe.seen",
    "array_function": """
class Probe:
    seen = []
    def __array_function__(self, func, types, args, kwargs):
        Probe.seen.append(args[0][0].tolist())
        return 0
x = np.array(rows[0], dtype=float)
np.concatenate([x, Probe()])
""" + SEND % "Probe.seen",
    "torch_function": """
class Probe:
    seen = []
    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        Probe.seen.append(args[0].tolist())
        return 0
t = torch.tensor([float(v) for v in rows[0]])
torch.add(t, Probe())
""" + SEND % "Probe.seen",
}


@pytest.mark.parametrize("name", sorted(RUN_BY_THE_LIBRARY))
def test_a_method_the_library_runs_is_handed_the_value(tmp_path: Path, name: str) -> None:
    kit.assert_held(kit.scan_source(tmp_path, HEAD_NP + textwrap.dedent(RUN_BY_THE_LIBRARY[name])),
                    "update-channel-leak.")


def test_literals_handed_to_those_methods_stay_accepted(tmp_path: Path) -> None:
    source = HEAD_NP.replace('rows = list(csv.reader(open("/data/site/train.csv")))\n', "") + textwrap.dedent("""
class Probe:
    seen = []
    def __lt__(self, other):
        Probe.seen.append(other)
        return False
    def __iadd__(self, other):
        Probe.seen.append(other)
        return self
    def __array_ufunc__(self, ufunc, method, *inputs, **kw):
        Probe.seen.append(len(inputs))
        return 0
p = Probe()
sorted([p, 0.5])
p += 1
np.add(np.zeros(2), p)
keys = list(map(str, [1, 2]))
""") + SEND % "Probe.seen"
    kit.assert_accepted(kit.scan_source(tmp_path, source))


# Accepted on main: a send or log function handed to a library call, which calls it with what else it was handed;
# a torch module hook that writes what torch hands it into the module (a buffer that travels in state_dict());
# a job object a library calls (`collate_fn=Collate()`).
HANDED = {
    "map_print": "list(map(print, rows[:2]))\n",
    "partial_print": "import functools\nfunctools.partial(print, rows[0])()\n",
    "forward_pre_hook_buffer": """
class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(4, 2)
        self.register_buffer("seen", torch.zeros(4))

    def forward(self, x):
        return self.fc(x)


net = Net()


def keep(module, args):
    module.seen.copy_(args[0][0])


net.register_forward_pre_hook(keep)
net(torch.tensor([[float(v) for v in r[:4]] for r in rows]))
flare.send(flare.FLModel(params=net.state_dict()))
""",
    "forward_hook_layer_bias": """
net = torch.nn.Sequential(torch.nn.Linear(4, 4), torch.nn.Linear(4, 2))


def keep(module, args, out):
    with torch.no_grad():
        module.bias.copy_(args[0][0])


net[0].register_forward_hook(keep)
net(torch.tensor([[float(v) for v in r[:4]] for r in rows]))
flare.send(flare.FLModel(params=net.state_dict()))
""",
    "collate_object": """
from torch.utils.data import DataLoader


class Collate:
    seen = []

    def __call__(self, batch):
        Collate.seen.append(batch[0])
        return batch


for _ in DataLoader(rows, batch_size=2, collate_fn=Collate()):
    break
""" + SEND % "Collate.seen",
    "set_name_from_cell": """
class Field:
    names = []

    def __set_name__(self, owner, name):
        Field.names.append(name)


K = type("K", (), {rows[0][0]: Field()})
""" + SEND % "Field.names",
}


@pytest.mark.parametrize("name", sorted(HANDED))
def test_what_a_library_calls_is_followed(tmp_path: Path, name: str) -> None:
    kit.assert_held(kit.scan_source(tmp_path, HEAD_NP + textwrap.dedent(HANDED[name])), "update-channel-leak.")


def test_a_hook_that_reads_activations_into_a_dict_stays_accepted(tmp_path: Path) -> None:
    # the feature-extraction idiom: the hook keeps an activation's shape aside, and writes nothing into the module
    source = HEAD_NP + textwrap.dedent("""
    net = torch.nn.Sequential(torch.nn.Linear(4, 4), torch.nn.Linear(4, 2))
    SHAPES = {}


    def shape(module, args, out):
        SHAPES["fc0"] = tuple(out.shape)


    net[0].register_forward_hook(shape)
    list(map(print, ["round", "start"]))
    flare.send(flare.FLModel(params=net.state_dict(), meta={"shapes": SHAPES}))
    """)
    kit.assert_accepted(kit.scan_source(tmp_path, source))


# Accepted on main (f980833a); those in OPEN are still open (each a strict xfail: it passes, and fails the suite,
# once the gate holds it), the others are held (red team 46f).
IMPLICIT_CALLS = {
    "reduce_callable": ("copy.deepcopy runs the callable a __reduce__ returns with its arguments (copy._reconstruct); "
                        "the flow reads the returned tuple as a value, not as the call print(self.r)", """
import copy


class Snap:
    def __init__(self, r):
        self.r = r

    def __reduce__(self):
        return (print, (self.r,))


copy.deepcopy(Snap(rows[0]))
"""),
    "partial_bound_print_called_later": ("a partial of print bound to a name and called later with the row "
                                         "(`show = partial(print, 'row:'); show(rows[0])`): the later call's name "
                                         "resolves to partial's result, not to print", """
import functools
show = functools.partial(print, "row:")
show(rows[0])
"""),
    "set_display_eq": ("a set display `{Probe(a), Probe(b)}` runs __hash__ and __eq__ between its elements; the "
                       "flow hands no element to another's __eq__", """
class Probe:
    seen = []

    def __init__(self, v):
        self.v = v

    def __hash__(self):
        return 1

    def __eq__(self, other):
        Probe.seen.append(other.v)
        return False


s = {Probe(rows[0][0]), Probe(rows[1][0])}
""" + SEND % "Probe.seen"),
    "dataset_len_is_a_cell": ("a Dataset whose __len__ returns a cell (`int(self.r[0][0])`): len(DataLoader(ds)) is "
                              "read as a count of rows, which the update may carry", """
from torch.utils.data import Dataset, DataLoader


class DS(Dataset):
    def __init__(self, r):
        self.r = r

    def __len__(self):
        return int(self.r[0][0])

    def __getitem__(self, i):
        return torch.zeros(1)


n = len(DataLoader(DS(rows), batch_size=1))
""" + SEND % "n"),
    "init_subclass_class_name": ("type('R' + cell, (Base,), {}) runs Base.__init_subclass__, which keeps "
                                 "cls.__name__: the class's name is read as descriptive, not as the cell", """
class Base:
    seen = []

    def __init_subclass__(cls, **kw):
        Base.seen.append(cls.__name__)


Dyn = type("R" + rows[0][0], (Base,), {})
""" + SEND % "Base.seen"),
}


OPEN: set[str] = set()  # all five held since red team 46f (tests/test_redteam46f.py has their variants)


@pytest.mark.parametrize("name", sorted(IMPLICIT_CALLS))
def test_open_implicit_calls(tmp_path: Path, name: str, request) -> None:
    reason, body = IMPLICIT_CALLS[name]
    if name in OPEN:
        request.node.add_marker(pytest.mark.xfail(strict=True, reason="OPEN (red team 46d): " + reason))
    kit.assert_held(kit.scan_source(tmp_path, HEAD_NP + textwrap.dedent(body)), "update-channel-leak.")


LIGHTNING = HEAD_NP + textwrap.dedent('''
import lightning.pytorch as pl


class Lit(pl.LightningModule):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(4, 2)

    def training_step(self, batch, i):
        return self.fc(batch).sum()

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.1)


class Peek(pl.Callback):
    def on_train_epoch_end(self, trainer, pl_module):
        print("epoch", trainer.current_epoch)
    BODY


X = torch.tensor([[float(v) for v in r[:4]] for r in rows])
pl.Trainer(max_epochs=1, callbacks=[Peek()]).fit(Lit(), torch.utils.data.DataLoader(X, batch_size=4))
''')


def test_a_lightning_callback_handed_the_batch_is_read(tmp_path: Path) -> None:
    # lightning/pytorch/loops: the trainer calls on_train_batch_end(trainer, pl_module, outputs, batch, batch_idx)
    body = ('def on_train_batch_end(self, trainer, pl_module, outputs, batch, batch_idx):\n'
            '        flare.send(flare.FLModel(params=model.params, meta={"b": batch[0].tolist()}))')
    kit.assert_held(kit.scan_source(tmp_path, LIGHTNING.replace("BODY", body)), "update-channel-leak.")


def test_a_lightning_callback_logging_the_epoch_stays_accepted(tmp_path: Path) -> None:
    kit.assert_accepted(kit.scan_source(tmp_path, LIGHTNING.replace("BODY", "")))
