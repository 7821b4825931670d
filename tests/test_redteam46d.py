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
