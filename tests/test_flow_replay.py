"""A function's summary replayed from its last evaluation (flow/replay.py) is what evaluating its body again
gives: every job below is scanned twice in one process, once as it is and once with every replay refused
(each round evaluates every function, as before replays existed), and the findings must be the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer import api
from analyzer.engine import flow
from analyzer.engine.flow import engine, replay

from conftest import ROOT

POLICY = api.load_policy()

# Each exercises what a record must follow: fields and globals filled after they were read (more rounds),
# recursion (what a call back into a running function saw), closures over names their enclosing function
# binds, lambdas that call themselves, singledispatch, module-level names read by functions the module body
# calls, and (two modules) summaries, names and rounds of another module's analysis.
JOBS = {
    "fields_after_read": {"client.py": '''
import pandas as pd
import nvflare.client as flare


def bump(v):
    return v + 1


class Trainer:
    def send(self):
        flare.send(flare.FLModel(params={"w": self.rows, "n": bump(3)}))

    def relay(self):
        self.rows = self.staged

    def stage(self):
        self.staged = self.held

    def load(self):
        self.held = pd.read_csv("/data/site.csv").values


t = Trainer()
t.send()
t.relay()
t.stage()
t.load()
'''},
    # two functions add to one field, the second after the first in every round: the first one's record is
    # replayed on what the second added (replay.JOIN)
    "two_writers_one_store": {"client.py": '''
import pandas as pd
import nvflare.client as flare


class Trainer:
    def send(self):
        flare.send(flare.FLModel(params={"w": self.rows}))

    def note(self):
        self.rows = pd.read_csv("/data/a.csv").values

    def load(self):
        self.rows = pd.read_csv("/data/b.csv").values


t = Trainer()
t.send()
t.note()
t.load()
'''},
    "globals_recursion_closures": {"client.py": '''
import functools
import numpy as np
import nvflare.client as flare

BUF = []
STATE = None


def walk(v, depth):
    if depth:
        return walk(v[1:], depth - 1)
    return v


def keep(x):
    global STATE
    STATE = x


def outer(rows):
    picked = rows[:2]

    def inner():
        return picked

    return inner()


@functools.singledispatch
def fmt(v):
    return 0


@fmt.register
def _(v: int):
    return BUF


again = lambda v, n: again(v, n - 1) if n else v
flare.send(flare.FLModel(params={"a": walk(STATE, 3), "b": outer(BUF), "c": fmt(1), "d": again(STATE, 2)}))
keep(np.load("/data/x.npy"))
BUF.extend(np.load("/data/y.npy"))
'''},
    "two_modules": {
        "client.py": '''
import nvflare.client as flare
from helpers import Rows, fetch, SUMMARY

r = Rows()
flare.send(flare.FLModel(params={"w": fetch(), "s": SUMMARY, "g": r.get()}))
r.fill()
''',
        "helpers.py": '''
import pandas as pd

SUMMARY = pd.read_csv("/data/site.csv").head(3).values


def fetch():
    return SUMMARY


class Rows:
    def get(self):
        return self.held

    def fill(self):
        self.held = pd.read_csv("/data/site.csv").values
''',
    },
}


def _write(tmp_path: Path, files: dict) -> Path:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    return tmp_path


def _findings(target: Path, monkeypatch) -> list[tuple]:
    """The scan's findings and every leak of every module's analysis, origins and all."""
    leaks = []
    real_analyze = flow.analyze

    def analyze(module, resolver):
        found = real_analyze(module, resolver)
        leaks.extend((resolver.path, leak.kind, leak.sink, module.code_for_node(leak.node)[:80],
                      sorted(repr(o.but(key=0)) for o in leak.origins)) for leak in found)
        return found

    monkeypatch.setattr(flow, "analyze", analyze)  # as the update-leak detector calls it
    report = api.scan(target, POLICY)
    return sorted((f.rule, f.path, f.line, f.column, f.message) for f in report.findings) + sorted(leaks)


def _both(target: Path, monkeypatch) -> tuple[list, list, int]:
    replays = []  # counted in this process: callers ask for the in_process fixture
    real_apply = replay.apply

    def counted(flow, rec, plan):
        replays.append(rec.key)
        real_apply(flow, rec, plan)

    monkeypatch.setattr(replay, "apply", counted)
    replayed = _findings(target, monkeypatch)
    monkeypatch.setattr(replay, "check", lambda flow, rec: None)  # every function evaluated every round
    return replayed, _findings(target, monkeypatch), len(replays)


@pytest.mark.parametrize("name", sorted(JOBS))
def test_replayed_summaries_find_what_evaluation_finds(name: str, tmp_path: Path, monkeypatch, in_process) -> None:
    replayed, evaluated, replays = _both(_write(tmp_path, JOBS[name]), monkeypatch)
    assert replays, "no summary was replayed: the job does not test replay"
    assert any(f[0].startswith("update-channel-leak") for f in evaluated)
    assert replayed == evaluated


def test_a_field_written_after_it_was_read_reaches_the_send_through_three_stores(tmp_path: Path) -> None:
    # send() read self.rows before load() filled self.held; every round moves the rows one store on
    # (held -> staged -> rows): the functions that read a store that changed are evaluated again
    report = api.scan(_write(tmp_path, JOBS["fields_after_read"]), POLICY)
    assert any(f.rule.startswith("update-channel-leak") and "read_csv" in f.message for f in report.findings)


@pytest.mark.parametrize("job", ["lead_circular_import_relay", "lead_helper_module_sends", "lead_method_elsewhere_rows",
                                 "lead_review21_forward_other_module", "benign_pt_client_api", "demo_malicious"])
def test_corpus_jobs_find_the_same_with_replay(job: str, monkeypatch, in_process) -> None:
    replayed, evaluated, _ = _both(ROOT / "corpus" / "jobs" / job, monkeypatch)
    assert replayed == evaluated


def test_a_record_is_refused_when_a_field_it_read_changed(tmp_path: Path) -> None:
    parsed_flow = _flow_of(_write(tmp_path, JOBS["fields_after_read"]) / "client.py")
    parsed_flow.leaks()
    send = next(fn for fn in parsed_flow.functions if fn.name.value == "send")
    bump = next(fn for fn in parsed_flow.functions if fn.name.value == "bump")
    assert replay.check(parsed_flow, parsed_flow.records[id(bump)]) is not None  # reads nothing that moves
    parsed_flow.fields["self.rows"] = parsed_flow.fields["self.rows"] | {
        engine.Origin(engine.DATA, "a later write", send, id(send))}
    assert replay.check(parsed_flow, parsed_flow.records[id(send)]) is None


def test_a_record_that_only_adds_to_a_field_is_replayed_on_what_another_write_added(tmp_path: Path) -> None:
    # note() reads neither store it adds to: load()'s write to the same field is no reason to evaluate it
    # again (it was, before replay.JOIN: its record kept what the field held before its write as a read)
    parsed_flow = _flow_of(_write(tmp_path, JOBS["two_writers_one_store"]) / "client.py")
    parsed_flow.leaks()
    note = next(fn for fn in parsed_flow.functions if fn.name.value == "note")
    later = engine.Origin(engine.DATA, "a later write", note, id(note))
    parsed_flow.fields["self.rows"] = parsed_flow.fields["self.rows"] | {later}
    before = parsed_flow.fields["self.rows"]
    rec = parsed_flow.records[id(note)]
    plan = replay.check(parsed_flow, rec)
    assert plan is not None
    replay.apply(parsed_flow, rec, plan)
    assert later in parsed_flow.fields["self.rows"] and before <= parsed_flow.fields["self.rows"]


def _flow_of(path: Path) -> engine.Flow:
    from analyzer.engine.parse import parse
    from analyzer.engine.resolve import Resolver

    parsed = parse(path.name, path.read_bytes())
    return engine.Flow(parsed.module, Resolver(parsed.module))
