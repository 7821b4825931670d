"""Session 44 (speed44n): two syntax walks NVFlare's examples repeated per flow or per store, now once per module
(kept in `Resolver.derived`): the job's buffer registrations (flow/buffers.py, asked by every module's flow of
every module naming `register_buffer` or `_buffers`) and whether a method's name appears only as `self.m()`
(flow/plain.py, asked by every `self.x = v` of a method of every module naming the method). The answers kept must
be each module's own and each name's own: a job that registers buffers in one module and writes under their name
in another is still held, one whose other module names a method in a string is still not a plain field. And the
config replays' programs (one per replayed module, each over the unit's modules) share what the modules' bytes hold
(program.Texts), each reading its own bytes where they differ (a command line appended)."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import libcst as cst

from analyzer.engine.flow import buffers, plain
from analyzer.engine.program import Program, Texts
from analyzer.engine.resolve import Resolver
from flower_scan import scan

RAW = "update-channel-leak.raw-data-in-update"

# The model registers a `ref` buffer; every other module of the job builds one and sends its state.
MODELS = '''\
import torch


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(4, 2)
        self.register_buffer("ref", torch.zeros(4))

    def forward(self, x):
        return self.fc(x - self.ref)
'''

CLIENT = '''\
import pandas as pd
import torch
import nvflare.client as flare

from models import Net
from train import fit


def main():
    flare.init()
    df = pd.read_csv("/data/site/train.csv")
    x = torch.tensor(df.values[:, :4], dtype=torch.float32)
    while flare.is_running():
        flare.receive()
        rec = Net()
        fit(rec, x)
        {store}
        flare.send(flare.FLModel(params=rec.state_dict()))


if __name__ == "__main__":
    main()
'''

TRAIN = '''\
import torch


def fit(net, x):
    optimizer = torch.optim.SGD(net.parameters(), lr=0.01)
    loss = net(x).pow(2).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
'''


def _job(tmp_path: Path, store: str, models: str = MODELS) -> Path:
    for name, text in {"models.py": models, "train.py": TRAIN, "client.py": CLIENT.format(store=store)}.items():
        (tmp_path / name).write_text(text)
    return tmp_path


def _counting_registrations(monkeypatch) -> list[int]:
    walks: list[int] = []

    class Counted(buffers._Registrations):
        def __init__(self):
            walks.append(1)
            super().__init__()

    monkeypatch.setattr(buffers, "_Registrations", Counted)
    return walks


def test_a_row_under_another_modules_buffer_name_is_held_and_each_module_walked_once(tmp_path, monkeypatch,
                                                                                      in_process):
    walks = _counting_registrations(monkeypatch)
    decision, rules = scan(_job(tmp_path, "rec.ref = x[0]"))
    assert decision == "reject" and RAW in rules, rules
    assert len(walks) == 1  # models.py, the one module naming register_buffer (main: once per module's flow)


def test_the_job_without_the_store_stays_accepted(tmp_path):
    assert scan(_job(tmp_path, "pass")) == ("accept", set())


def test_a_module_writing_buffers_makes_every_name_one_in_every_module(tmp_path, monkeypatch, in_process):
    """`_buffers` written in models.py: any attribute of a model may be a buffer (ANY, kept as such)."""
    walks = _counting_registrations(monkeypatch)
    models = MODELS.replace('self.register_buffer("ref", torch.zeros(4))', 'self._buffers["ref"] = torch.zeros(4)')
    decision, rules = scan(_job(tmp_path, "rec.seen = x[0]", models))
    assert decision == "reject" and RAW in rules, rules
    assert len(walks) == 1


# A Flower client keeps the site table in `self.data` through a method of its own: a field (flow/plain.py), unless
# some module of the job names the method where it is not a `self.keep(...)` call.
FLOWER_CLIENT = '''\
import pandas as pd
import torch
from flwr.client import ClientApp, NumPyClient

from helpers import describe


class TabularClient(NumPyClient):
    def __init__(self, trainset):
        self.model = torch.nn.Linear(4, 2)
        self.keep(trainset)

    def keep(self, rows):
        self.data = rows

    def get_parameters(self, config):
        print(describe(self.model))
        return [v.cpu().numpy() for v in self.model.state_dict().values()]


def client_fn(context):
    return TabularClient(pd.read_csv("data/train.csv")).to_client()


app = ClientApp(client_fn)
'''

HELPERS = '''\
class Summary:
    def __init__(self, model):
        self.model = model


def describe(model):
    return str(Summary(model).model)
'''


def _flower_job(tmp_path: Path, helpers: str) -> tuple[str, set[str]]:
    (tmp_path / "client_app.py").write_text(FLOWER_CLIENT)
    (tmp_path / "helpers.py").write_text(dedent(helpers))
    return scan(tmp_path)


def test_a_clients_own_field_across_modules_is_accepted_and_each_module_walked_once_per_name(tmp_path, monkeypatch,
                                                                                             in_process):
    asked: list[tuple[int, str]] = []
    walk = plain._mentions_are_method_calls

    def counted(module, name):
        asked.append((id(module), name))
        return walk(module, name)

    monkeypatch.setattr(plain, "_mentions_are_method_calls", counted)
    assert _flower_job(tmp_path, HELPERS) == ("accept", set())
    assert asked and len(asked) == len(set(asked))  # main walked a module again for every store


def test_a_method_named_in_another_modules_string_is_no_plain_field(tmp_path):
    """helpers.py names `keep` in a string (it may be looked up at run time): `self` of keep may be anything, so
    `self.data = rows` may be a parameter's; its `__init__` answer (plain) is not keep's."""
    decision, rules = _flower_job(tmp_path, HELPERS + 'HOOKS = ["keep"]\n')
    assert decision == "reject" and RAW in rules, rules


# ---- the config replays' programs share what the modules' bytes hold (program.Texts) ------------------------------

def _program(sources: dict[str, bytes], texts: Texts | None) -> Program:
    def build(path: str, data: bytes, program: Program, name: str) -> Resolver:
        return Resolver(cst.parse_module(data), program=program, name=name, path=path)
    return Program(sources, build, None, texts)


UNIT = {"client.py": b"from helpers import keep\nkeep()\n", "helpers.py": b"def keep():\n    pass\n",
        "train.py": b"import torch\n"}


def test_programs_over_the_same_bytes_ask_a_text_test_once():
    texts = Texts(UNIT)
    asked: list[bytes] = []

    def omegaconf(data: bytes) -> bool:
        asked.append(data)
        return b"omegaconf" in data

    assert [_program(dict(UNIT), texts).any_text(omegaconf, "client.py") for _ in range(3)] == [False] * 3
    assert len(asked) == len(UNIT)  # main: once per program
    assert [r.path for r in _program(dict(UNIT), texts).mentioning("keep", "client.py")] == ["helpers.py"]


def test_a_program_whose_module_has_other_bytes_reads_them_not_the_shared_ones():
    """A replay with a command line appended to client.py: its words and tests are that module's new bytes'."""
    texts = Texts(UNIT)
    assert [r.path for r in _program(dict(UNIT), texts).mentioning("torch", "helpers.py")] == ["train.py"]
    assert not _program(dict(UNIT), texts).any_text(lambda data: b"sys.argv" in data, "helpers.py")
    replay = {**UNIT, "client.py": UNIT["client.py"] + b"import torch, sys\nsys.argv = ['client.py', '--x']\n"}
    program = _program(replay, texts)
    assert [r.path for r in program.mentioning("torch", "helpers.py")] == ["client.py", "train.py"]
    assert program.any_text(lambda data: b"sys.argv" in data, "helpers.py")
    gone = {p: data for p, data in UNIT.items() if p != "train.py"}  # fewer modules: the shared answers do not apply
    assert _program(gone, texts).mentioning("torch", "client.py") == []
