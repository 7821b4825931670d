"""Red team 47a: the site's rows laundered through the job's own object model, in Flower jobs and across modules.

Accepted on main, held now (docs/redteam47a-attempts.md lists every attempt):
- a store into an attribute of the job's class or of an instance of it by a name (`Holder.last = row`, `h.last =
  row`, `Holder.rows.append(row)`, `Stats.last = v` in a staticmethod) was kept under that name only, never as the
  `self.last` the class's methods read (Frame.store_into, job_object); nor was a helper's store of its parameter into
  an attribute of its parameter object (`def fill(h, v): h.last = v`: only what the helper computed itself);
- a helper of another module storing its parameter into a class attribute there (Summary.free of a class name)
  stored nothing the caller saw: reviewed as a store into that module's value (calls.apply);
- a Flower handler (or a NumPyClient's fit) wrapped by the job's own decorator: the framework sends what the
  wrapper returns (Frame.decorated);
- a metaclass with `__getitem__` was taken for a dataset class, so `Box[k]` was not followed (protocol._methods);
  `Box.lookup` of a metaclass's method resolved to nothing (Resolver._class_attr);
- the site's data stored into an object of another module's class (`c.notes.append(row)`), bound in the body of a
  subclass of it, or put there by a method of a module-level object of that module (`BOX.put(row)`): that module's
  methods read it where this module's fields do not reach (Frame.into_foreign_class, calls.apply).

Open (documented, not fixed): how many rows equal a number the code chose over the data taken whole
(`(df.patient_id == 1042).sum()`, `1042 in set(ids)`) is an aggregate (architecture.md: a membership test of one
record), indistinguishable by provenance from a per-class count.
"""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

import redteam_kit as kit
from analyzer.model import Decision


@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/rt47a_*", "jobs/rt47a_*"))
def test_attack_is_held(sample):
    entry = next(e for e in kit.labelled("rt47a_") if e["path"] == sample)
    report = kit.scan_sample(sample)
    kit.assert_held(report, "update-channel-leak.")
    assert report.decision.value in entry["expect"], kit.findings(report)


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_rt47a_*", "jobs/near_rt47a_*"))
def test_near_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


FLOWER = """\
import pandas as pd
import torch
from flwr.app import ArrayRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

app = ClientApp()
{top}

@app.train()
def train(msg: Message, context: Context):
    df = pd.read_csv("/data/site/train.csv")
    x = torch.tensor(df[["a", "b"]].values, dtype=torch.float32)
    net = torch.nn.Linear(2, 1)
    net.load_state_dict(msg.content["arrays"].to_torch_state_dict())
    loss = net(x).pow(2).mean()
    loss.backward()
{body}
    metrics = {{"loss": float(loss.item()), "m": m}}
    content = RecordDict({{"arrays": ArrayRecord(net.state_dict()), "metrics": MetricRecord(metrics)}})
    return Message(content=content, reply_to=msg)
"""


def _source(top: str, body: str) -> str:
    return FLOWER.format(top=dedent(top), body="\n".join("    " + line for line in dedent(body).splitlines()))


def _flower(tmp_path: Path, top: str, body: str):
    return kit.scan_source(tmp_path, _source(top, body), "client_app.py")


HOLDER = """\
class Holder:
    last = 0.0
    rows = []

    def get(self):
        return self.last

    def head(self):
        return self.rows[0]
"""


@pytest.mark.parametrize("body", [
    "Holder.last = float(df['age'].iloc[7])\nm = Holder().get()",
    "H = Holder\nH.last = float(df['age'].iloc[7])\nm = Holder().get()",
    "h = Holder()\nh.last = float(df['age'].iloc[7])\nm = h.get()",
    "Holder.rows.append(float(df['age'].iloc[7]))\nm = Holder().head()",
])
def test_store_into_job_class_is_its_field(tmp_path, body):
    report = _flower(tmp_path, HOLDER, body)
    kit.assert_held(report, "update-channel-leak.raw-data-in-update", Decision.REJECT)


@pytest.mark.parametrize("body", [
    "Holder.last = float(df['age'].mean())\nm = Holder().get()",
    "Holder.rows.append(float(loss.item()))\nm = Holder().head()",
])
def test_store_of_an_aggregate_into_job_class_stays_accepted(tmp_path, body):
    kit.assert_accepted(_flower(tmp_path, HOLDER, body))


METACLASS = """\
class Registry(type):
    store = {"a": 1.0}

    def __getitem__(cls, k):
        return cls.store[k]

    def lookup(cls, k):
        return cls.store[k]


class Box(metaclass=Registry):
    pass
"""


@pytest.mark.parametrize("read", ["Box['a']", "Box.lookup('a')"])
def test_metaclass_hands_out_what_it_holds(tmp_path, read):
    body = f"Registry.store['a'] = float(df['age'].iloc[7])\nm = {read}"
    kit.assert_held(_flower(tmp_path, METACLASS, body), "update-channel-leak.raw-data-in-update", Decision.REJECT)
    kit.assert_accepted(_flower(tmp_path, METACLASS, f"m = {read}"))


DECORATOR = """\
import functools


def audited(fn):
    @functools.wraps(fn)
    def wrapper(msg, context):
        reply = fn(msg, context)
        reply.content["metrics"]["audit"] = {value}
        return reply
    return wrapper
"""


def test_handler_wrapped_by_job_decorator_sends_wrapper_reply(tmp_path):
    def scan(value: str):
        source = _source(DECORATOR.format(value=value), "m = 0.0").replace(
            "@app.train()\ndef train", "@app.train()\n@audited\ndef train")
        return kit.scan_source(tmp_path, source, "client_app.py")
    kit.assert_held(scan("float(pd.read_csv('/data/site/train.csv')['age'].iloc[7])"),
                    "update-channel-leak.raw-data-in-update", Decision.REJECT)
    kit.assert_accepted(scan("1.0"))


TASK = """\
class Box:
    def __init__(self):
        self.items = []

    def put(self, v):
        self.items.append(v)

    def first(self):
        return self.items[0]


BOX = Box()
"""


@pytest.mark.parametrize("value, held", [("float(df['age'].iloc[7])", True), ("float(loss.item())", False)])
def test_method_of_other_module_object(tmp_path, value, held):
    source = _source("from task import BOX\n", f"BOX.put({value})\nm = BOX.first()")
    report = kit.scan_files(tmp_path, {"client_app.py": source, "task.py": TASK})
    if held:
        kit.assert_held(report, "update-channel-leak.")
    else:
        kit.assert_accepted(report)


FILL = HOLDER + """

def fill(h, v):
    h.last = v
"""


@pytest.mark.parametrize("value, held", [("float(df['age'].iloc[7])", True), ("float(df['age'].mean())", False)])
def test_helper_storing_into_its_parameter_object(tmp_path, value, held):
    # `def fill(h, v): h.last = v`: the object a caller passes holds what it passes for v, read as `self.last`
    report = _flower(tmp_path, FILL, f"h = Holder()\nfill(h, {value})\nm = h.get()")
    if held:
        kit.assert_held(report, "update-channel-leak.raw-data-in-update", Decision.REJECT)
    else:
        kit.assert_accepted(report)
