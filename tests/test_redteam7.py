"""Red team 7's attacks: each was accepted before its fix and must stay caught; the legitimate idiom nearest to
each must stay accepted; those still open are strict expected failures (each passes, and fails the suite, once
the gate no longer accepts it). Samples: corpus/malicious/rt7_*, corpus/benign/rt7_*."""

from __future__ import annotations

from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer.model import Decision


CLIENT_API = """\
import random
import numpy as np
import pandas as pd
import torch
import nvflare.client as flare
df = pd.read_csv("/data/site/patients.csv")
x = np.load("/data/site/x.npy")
flare.init()
m = flare.receive()
"""

FLOWER = """\
import time
import numpy as np
from flwr.app import ArrayRecord, ConfigRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp
x = np.load("/data/site/x.npy")
app = ClientApp()
"""

EXECUTOR = """\
import numpy as np
from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor
from nvflare.apis.fl_context import FLContext
from nvflare.apis.shareable import Shareable
from nvflare.apis.signal import Signal
x = np.load("/data/site/x.npy")
class T(Executor):
"""


def _send(what: str) -> str:
    return f"flare.send(flare.FLModel(params=m.params, {what}))\n"


def _train(body: str) -> str:
    return "@app.train()\ndef train(msg: Message, context: Context):\n    arrays = msg.content['arrays']\n" + body


def _execute(body: str, extra: str = "") -> str:
    return extra + ("    def execute(self, task_name: str, shareable: Shareable, fl_ctx: FLContext, "
                    "abort_signal: Signal) -> Shareable:\n        dxo = from_shareable(shareable)\n") + body


# name -> (head, the code after it); every one was accepted before red team 7's fixes
CAUGHT = {
    # more quantiles or bins than a handful of the data taken whole are its values (Frame.few): reviewed
    "quantile-grid": (CLIENT_API, _send("metrics={'q': np.quantile(x[:, 0], np.linspace(0, 1, 1000)).tolist()}")),
    "percentile-of-every-integer": (CLIENT_API, _send("metrics={'q': np.percentile(df['income'], list(range(101))).tolist()}")),
    "torch-quantile-grid": (CLIENT_API, _send(
        "metrics={'q': torch.quantile(torch.tensor(x[:, 0]), torch.linspace(0, 1, 500)).tolist()}")),
    "frame-quantile-grid": (CLIENT_API, _send("metrics={'q': df['age'].quantile(np.linspace(0, 1, 1000)).tolist()}")),
    "histogram-one-bin-per-value": (CLIENT_API, _send(
        "metrics={'h': np.histogram(x[:, 0], bins=100000, range=(0, 100000))[0].tolist()}")),
    "histogram-bins-the-data-decides": (CLIENT_API, _send("metrics={'h': np.histogram(x[:, 0], bins='auto')[0].tolist()}")),
    # the length of a text made of a chosen cell is a statistic of it, not a count of rows
    "length-of-an-f-string-of-a-cell": (CLIENT_API, _send("metrics={'d': len(f'{x[0, 0]}')}")),
    "length-of-a-joined-row": (CLIENT_API, _send("metrics={'d': len(','.join(map(str, x[0])))}")),
    # a constant index of an array made of a table is a row or a cell, not a column labelled by the number
    "cell-of-a-column's-array": (CLIENT_API, _send("metrics={'v': float(df['age'].to_numpy()[7])}")),
    "cell-of-a-column's-list": (CLIENT_API, _send("metrics={'v': float(df['age'].tolist()[7])}")),
    "cell-of-an-asarray": (CLIENT_API, _send("metrics={'v': float(np.asarray(df['age'])[7])}")),
    "cell-through-flat": (CLIENT_API, _send("metrics={'v': float(df.to_numpy().flat[7])}")),
    # a table's eval computes over its rows (it is not a model's eval(), which hands back the model)
    "table-eval-values": (CLIENT_API, _send("metrics={'v': df.eval('age * 2').tolist()}")),
    "table-eval-picks-a-row": (CLIENT_API, _send("metrics={'v': float(df.eval('age * (index == 7)').sum())}")),
    # stores that zero every row but the ones the code chose: a reduction of the rest is no aggregate
    "zeros-stored-over-all-rows-but-one": (CLIENT_API, "v = x[:, 0].copy()\nv[np.arange(len(v)) != 7] = 0\n"
                                                       + _send("metrics={'v': float(v.sum())}")),
    "zeros-stored-over-other-patients": (CLIENT_API, "v = df['age'].to_numpy().copy()\nv[df['id'].to_numpy() != 1042] = 0\n"
                                                     + _send("metrics={'v': float(v.sum())}")),
    "zeros-stored-through-loc": (CLIENT_API, "d = df.copy()\nd.loc[d['id'] != 1042, 'age'] = 0\n"
                                            + _send("metrics={'v': float(d['age'].sum())}")),
    "zeros-stored-through-iloc": (CLIENT_API, "d = df.copy()\nd.iloc[8:, 2] = 0\nd.iloc[:7, 2] = 0\n"
                                             + _send("metrics={'v': float(d['age'].sum())}")),
    "zeros-stored-around-a-row": (CLIENT_API, "v = x[:, 0].copy()\nv[:7] = 0\nv[8:] = 0\n" + _send("metrics={'v': float(v.sum())}")),
    # one bit of a chosen cell per round, in how the update is built (implicit flows)
    "default-dtype-by-a-cell": (CLIENT_API, "torch.set_default_dtype(torch.float64 if x[0, 0] > 50 else torch.float32)\n"
                                            "net = torch.nn.Linear(8, 1)\nflare.send(flare.FLModel(params=net.state_dict()))\n"),
    "dtype-indexed-by-a-cell": (CLIENT_API, "dt = [torch.float16, torch.float32, torch.float64][int(x[0, 0]) % 3]\n"
                                            "net = torch.nn.Linear(8, 1).to(dt)\nflare.send(flare.FLModel(params=net.state_dict()))\n"),
    "model-halved-by-a-cell": (CLIENT_API, "net = torch.nn.Linear(8, 1)\nif x[0, 0] > 50:\n    net = net.half()\n"
                                           "flare.send(flare.FLModel(params=net.state_dict()))\n"),
    "key-deleted-by-a-cell": (CLIENT_API, "sd = dict(m.params)\nif x[0, 0] > 50:\n    del sd['bias']\n"
                                          "flare.send(flare.FLModel(params=sd))\n"),
    "key-popped-by-a-cell": (CLIENT_API, "sd = dict(m.params)\nif x[0, 0] > 50:\n    sd.pop('bias')\n"
                                         "flare.send(flare.FLModel(params=sd))\n"),
    "exit-before-the-send-by-a-cell": (CLIENT_API, "import sys\nif x[0, 0] > 50:\n    sys.exit(0)\n"
                                                   "flare.send(flare.FLModel(params=m.params))\n"),
    # quantiles or bins a helper is handed are judged at each call (Summary.few)
    "quantile-grid-handed-to-a-helper": (CLIENT_API, "def summary(v, q):\n    return np.quantile(v, q).tolist()\n"
                                                     + _send("metrics={'q': summary(x[:, 0], np.linspace(0, 1, 1000))}")),
    "bins-handed-through-two-helpers": (CLIENT_API, (
        "def inner(v, b):\n    return np.histogram(v, bins=b)[0].tolist()\ndef outer(v, b):\n    return inner(v, b)\n"
        + _send("metrics={'h': outer(x[:, 0], 100000)}"))),
    # a draw in place after a seed of site data: the order of the update's keys spells the cell
    "shuffle-after-a-seeded-generator": (CLIENT_API, "random.seed(int(x[0, 0]))\nkeys = list(m.params)\nrandom.shuffle(keys)\n"
                                                     "flare.send(flare.FLModel(params={k: m.params[k] for k in keys}))\n"),
    # what a job function's result holds by reference (Summary.holds)
    "update-built-by-a-helper-through-a-local": (CLIENT_API, (
        "def build(meta):\n    out = flare.FLModel(params=m.params, meta=meta)\n    return out\nmeta = {}\n"
        "out = build(meta)\nmeta['k'] = x[:3].tolist()\nflare.send(out)\n")),
    "helper-wraps-a-list-later-extended": (CLIENT_API, (
        "def build(bag):\n    return {'bag': bag}\nbag = []\nout = flare.FLModel(params=m.params, meta=build(bag))\n"
        "bag.append(x[:3].tolist())\nflare.send(out)\n")),
    # Flower: records hold what they are given; a mod's return is the reply; context.state outlives the handler
    "metric-record-filled-after-the-reply": (FLOWER, _train(
        "    mr = MetricRecord({})\n    rep = Message(RecordDict({'arrays': arrays, 'm': mr}), reply_to=msg)\n"
        "    mr['v'] = float(x[0, 0])\n    return rep\n")),
    "config-record-filled-after-the-reply": (FLOWER, _train(
        "    cr = ConfigRecord({})\n    rep = Message(RecordDict({'arrays': arrays, 'c': cr}), reply_to=msg)\n"
        "    cr['r'] = x[:3].ravel().tolist()\n    return rep\n")),
    "mod-adds-a-record": (FLOWER, "def mod(msg, ctx, call_next):\n    rep = call_next(msg, ctx)\n"
                                  "    rep.content['m'] = MetricRecord({'v': float(x[0, 0])})\n    return rep\n"
                                  "app2 = ClientApp(mods=[mod])\n"),
    "lifespan-stores-in-context-state": (FLOWER, (
        "@app.lifespan()\ndef life(ctx: Context):\n    ctx.state['m'] = MetricRecord({'v': float(x[0, 0])})\n    yield\n"
        + _train("    return Message(RecordDict({'arrays': arrays, 'm': context.state['m']}), reply_to=msg)\n"))),
    "evaluate-stores-train-replies-untyped": (FLOWER, (
        "@app.evaluate()\ndef ev(msg, ctx):\n    ctx.state['m'] = MetricRecord({'v': float(x[0, 0])})\n"
        "    return Message(RecordDict({}), reply_to=msg)\n@app.train()\ndef train(msg, context):\n"
        "    return Message(RecordDict({'arrays': msg.content['arrays'], 'm': context.state['m']}), reply_to=msg)\n")),
    "context-state-stored-typed-read-untyped": (FLOWER, (
        "@app.lifespan()\ndef life(ctx: Context):\n    ctx.state['m'] = MetricRecord({'v': float(x[0, 0])})\n    yield\n"
        "@app.train()\ndef train(msg, context):\n"
        "    return Message(RecordDict({'arrays': msg.content['arrays'], 'm': context.state['m']}), reply_to=msg)\n")),
    "context-state-replaced": (FLOWER, (
        "@app.evaluate()\ndef ev(msg: Message, ctx: Context):\n"
        "    ctx.state = RecordDict({'m': MetricRecord({'v': float(x[0, 0])})})\n"
        "    return Message(RecordDict({}), reply_to=msg)\n"
        + _train("    return Message(RecordDict({'arrays': arrays, 'm': context.state['m']}), reply_to=msg)\n"))),
    # NVFlare: properties of the FLContext, headers and meta a method writes, what a Shareable keeps
    "private-property-read-back-into-meta": (EXECUTOR, _execute(
        "        return DXO(DataKind.WEIGHTS, data=dxo.data, meta={'v': fl_ctx.get_prop('k')}).to_shareable()\n",
        "    def initialize(self, fl_ctx: FLContext):\n        fl_ctx.set_prop('k', x[:3].tolist(), private=True, sticky=True)\n")),
    "return-code-header": (EXECUTOR, _execute(
        "        s = dxo.to_shareable()\n        s.set_return_code(str(x[0].tolist()))\n        return s\n")),
    "filter-history-in-meta": (EXECUTOR, _execute(
        "        dxo.add_filter_history(str(x[:3].tolist()))\n        return dxo.to_shareable()\n")),
    "weights-written-after-to-shareable": (EXECUTOR, _execute(
        "        d = dict(dxo.data)\n        s = DXO(DataKind.WEIGHTS, data=d).to_shareable()\n        d['extra'] = x[:3]\n"
        "        return s\n")),
    # len() of each element of rows the code chose, taken one at a time: a cell, its text's length (session 31:
    # _size; a strict xfail before)
    "length-of-a-chosen-cell-itself": (CLIENT_API, _send("metrics={'d': [len(v) for v in df['name'].iloc[:3]]}")),
    # a loss that compares a parameter itself with the first row: the optimizer moves the parameter onto the row
    # (session 35: a slice of the first rows at most 4 wide names them, syntax._FIRST_ROWS; a strict xfail before)
    "parameter-trained-onto-a-row": (CLIENT_API, (
        "net = torch.nn.Linear(8, 1)\nopt = torch.optim.SGD(net.parameters(), lr=0.1)\nfor _ in range(200):\n"
        "    loss = torch.nn.functional.mse_loss(net.weight, torch.tensor(x[:1, :8], dtype=torch.float32))\n"
        "    opt.zero_grad()\n    loss.backward()\n    opt.step()\nflare.send(flare.FLModel(params=net.state_dict()))\n")),
}

# the legitimate idiom nearest to each class above: accepted
NEAR = {
    "a-few-quantiles-and-a-coarse-histogram": (CLIENT_API, _send(
        "metrics={'median': float(np.median(x[:, 0])), 'p95': float(np.percentile(x[:, 0], 95)), "
        "'quartiles': np.quantile(x[:, 0], [0.25, 0.5, 0.75]).tolist(), 'q90': float(df['age'].quantile(0.9)), "
        "'hist': np.histogram(x[:, 0], bins=12, range=(0, 100000))[0].tolist(), "
        "'edges': np.histogram(x[:, 0], bins=[0, 1, 2, 5, 10])[0].tolist()}")),
    "column-labelled-0-of-a-headerless-table": (CLIENT_API, "d = pd.read_csv('/data/site/a.csv', header=None)\n"
                                                          + _send("metrics={'m': float(d[0].mean())}")),
    "missing-values-imputed-then-averaged": (CLIENT_API, "v = x[:, 0].copy()\nv[np.isnan(v)] = 0\n"
                                                        + _send("metrics={'mean': float(v.mean())}")),
    "one-hot-labels-counted": (CLIENT_API, "y = df['label'].to_numpy()\noh = np.zeros((len(y), 3))\n"
                                           "oh[np.arange(len(y)), y] = 1\n" + _send("metrics={'counts': oh.sum(0).tolist()}")),
    "model-moved-to-a-device-and-dtype": (CLIENT_API, (
        "dev = 'cuda' if torch.cuda.is_available() else 'cpu'\nnet = torch.nn.Linear(8, 1).to(dev).to(torch.float32)\n"
        "sd = dict(net.state_dict())\nsd.pop('num_batches_tracked', None)\nif len(x) < 10:\n    raise SystemExit('too few rows')\n"
        "flare.send(flare.FLModel(params=sd, metrics={'mean': float(np.mean(x))}))\n")),
    "quartiles-and-server-bins-handed-to-helpers": (CLIENT_API, (
        "def summary(v, q):\n    return np.quantile(v, q).tolist()\ndef hist(v, bins=10):\n"
        "    return np.histogram(v, bins=bins)[0].tolist()\n"
        + _send("metrics={'q': summary(x[:, 0], [0.25, 0.5, 0.75]), 'h': hist(x[:, 0], m.params.get('bins', 10)), "
                "'d': hist(x[:, 1])}"))),
    "lengths-of-the-whole-table": (CLIENT_API, "n = 0\nfor v in df['name']:\n    n += len(v)\n"
                                              + _send("metrics={'chars': n, 'rows': len(df), 'cols': len(df.columns)}")),
    "shuffle-after-a-fixed-seed": (CLIENT_API, "random.seed(0)\nidx = list(range(len(x)))\nrandom.shuffle(idx)\n"
                                               + _send("metrics={'mean': float(np.mean(x))}")),
    "update-built-by-a-helper": (CLIENT_API, (
        "def build(meta):\n    return flare.FLModel(params=m.params, meta=meta)\nmeta = {}\nout = build(meta)\n"
        "meta['NUM_STEPS_CURRENT_ROUND'] = len(x)\nflare.send(out)\n")),
    "timing-mod-and-round-counter": (FLOWER, (
        "def timing(msg, ctx, call_next):\n    t = time.time()\n    rep = call_next(msg, ctx)\n"
        "    print(f'took {time.time() - t:.2f}s')\n    return rep\napp2 = ClientApp(mods=[timing])\n"
        + _train("    n = int(context.state['r']['n']) + 1 if 'r' in context.state else 1\n"
                 "    context.state['r'] = ConfigRecord({'n': n})\n    mr = MetricRecord({})\n"
                 "    mr['mean'] = float(np.mean(x))\n"
                 "    return Message(RecordDict({'arrays': arrays, 'm': mr}), reply_to=msg)\n"))),
    "property-of-a-count": (EXECUTOR, _execute(
        "        return DXO(DataKind.WEIGHTS, data=dxo.data, meta={'n': fl_ctx.get_prop('n')}).to_shareable()\n",
        "    def initialize(self, fl_ctx: FLContext):\n        fl_ctx.set_prop('n', len(x), private=True, sticky=True)\n")),
}

# Still accepted (strict xfail: each fails the suite once the gate no longer accepts it).
OPEN = {
    # many aggregates of the data taken whole, each asked with another value of a loop: the share of rows under
    # each of 256 thresholds is the column's distribution, exactly (so are 1000 one-bin histograms over a
    # window each); each is an aggregate by the design's rule, and a loop over classes looks the same
    "share-below-each-threshold": (CLIENT_API, _send("metrics={f't{t}': float((x[:, 0] < t).mean()) for t in range(256)}")),
}


def _decision(head: str, text: str) -> Decision:
    return kit.scan_text(head + text, "train.py").decision


@pytest.mark.parametrize("name", sorted(CAUGHT))
def test_attack_is_not_accepted(name: str) -> None:
    assert _decision(*CAUGHT[name]) is not Decision.ACCEPT


@pytest.mark.parametrize("name", sorted(NEAR))
def test_nearest_legitimate_idiom_is_accepted(name: str) -> None:
    assert _decision(*NEAR[name]) is Decision.ACCEPT


# name -> {path in the job: text}; every one was accepted before red team 7's fixes
JOBS = {
    "mod-of-another-module": {
        "mods.py": ("import numpy as np\nfrom flwr.app import ConfigRecord\nx = np.load('/data/site/x.npy')\n"
                    "def diag(msg, ctx, call_next):\n    rep = call_next(msg, ctx)\n"
                    "    rep.content['d'] = ConfigRecord({'r': x[:3].ravel().tolist()})\n    return rep\n"),
        "client_app.py": ("from flwr.app import Message, RecordDict\nfrom flwr.clientapp import ClientApp\nfrom mods import diag\n"
                          "app = ClientApp(mods=[diag])\n@app.train()\ndef train(msg, context):\n"
                          "    return Message(RecordDict({'arrays': msg.content['arrays']}), reply_to=msg)\n"),
    },
    "helper-of-another-module-fills-context-state": {
        "life.py": ("import numpy as np\nfrom flwr.app import ConfigRecord, Context\ndef warm(ctx: Context):\n"
                    "    ctx.state['w'] = ConfigRecord({'r': np.load('/data/site/x.npy')[:3].ravel().tolist()})\n"),
        "client_app.py": ("from flwr.app import Context, Message, RecordDict\nfrom flwr.clientapp import ClientApp\n"
                          "from life import warm\napp = ClientApp()\n@app.lifespan()\ndef life(context: Context):\n"
                          "    warm(context)\n    yield\n@app.train()\ndef train(msg: Message, context: Context):\n"
                          "    return Message(RecordDict({'arrays': msg.content['arrays'], 'w': context.state['w']}), "
                          "reply_to=msg)\n"),
    },
    "helper-of-another-module-sets-a-property": {
        "cache.py": ("import numpy as np\nfrom nvflare.apis.fl_context import FLContext\ndef remember(fl_ctx: FLContext):\n"
                     "    fl_ctx.set_prop('c', np.load('/data/site/x.npy')[:3].tolist(), private=True, sticky=True)\n"),
        "trainer.py": (EXECUTOR.replace("x = np.load(\"/data/site/x.npy\")\n", "from cache import remember\n")
                       + "    def initialize(self, fl_ctx: FLContext):\n        remember(fl_ctx)\n"
                       + _execute("        return DXO(DataKind.WEIGHTS, data=dxo.data, meta={'c': fl_ctx.get_prop('c')})"
                                  ".to_shareable()\n")),
    },
}


STREAMER = ('{"format_version": 2, "executors": [{"tasks": ["train"], "executor": {"path": '
            '"nvflare.app_common.executors.client_api_executor.ClientAPIExecutor", "args": {"command": '
            '"python3 -u custom/train.py"}}}], "components": [{"id": "s", "path": '
            '"nvflare.app_common.logging.job_log_streamer.JobLogStreamer", "args": {%s}}]}')
TRAIN = ("import numpy as np\nimport nvflare.client as flare\nx = np.load('/data/site/x.npy')\nflare.init()\n"
         "m = flare.receive()\nwith open('profile.txt', 'w') as fh:\n    fh.write(str(x[:50].tolist()))\n"
         "flare.send(flare.FLModel(params=m.params))\n")
META = '{"name": "j", "resource_spec": {}, "deploy_map": {"app": ["@ALL"]}, "min_clients": 2}'


def _analyze(tmp_path: Path, files: dict[str, str]) -> Decision:
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    return kit.scan(tmp_path).decision


@pytest.mark.parametrize("name", sorted(JOBS))
def test_attack_across_modules_is_not_accepted(name: str, tmp_path: Path) -> None:
    assert _analyze(tmp_path, JOBS[name]) is not Decision.ACCEPT


def test_a_log_streamer_of_a_file_the_job_writes_is_not_accepted(tmp_path: Path) -> None:
    """A workspace write is local, until the config's JobLogStreamer sends that file to the server."""
    files = {"meta.json": META, "app/custom/train.py": TRAIN,
             "app/config/config_fed_client.json": STREAMER % '"log_file_name": "profile.txt"'}
    assert _analyze(tmp_path, files) is not Decision.ACCEPT


# NVFlare's own log files (its default log config, nvflare/fuel/utils/log_config.json): the streamer's
# default (log.txt) and what the Job Recipe streams (log.json, nvflare/recipe/spec.py enable_log_streaming).
OWN_LOGS = {"log.txt": "", "log.json": '"log_file_name": "log.json"'}


@pytest.mark.parametrize("log_file", sorted(OWN_LOGS))
def test_a_log_streamer_of_the_job_log_stays_accepted(log_file: str, tmp_path: Path) -> None:
    # the rows go to a file neither streamed nor readable through NVFlare's admin shell (not a text extension:
    # red team 37a's file-exfiltration.data-to-shell-readable reviews a profile.txt on its own)
    files = {"meta.json": META, "app/custom/train.py": TRAIN.replace("profile.txt", "profile.bin"),
             "app/config/config_fed_client.json": STREAMER % OWN_LOGS[log_file]}
    assert _analyze(tmp_path, files) is Decision.ACCEPT


@pytest.mark.parametrize("log_file", sorted(OWN_LOGS))
def test_rows_written_into_the_streamed_job_log_are_not_accepted(log_file: str, tmp_path: Path) -> None:
    files = {"meta.json": META, "app/custom/train.py": TRAIN.replace("profile.txt", log_file),
             "app/config/config_fed_client.json": STREAMER % OWN_LOGS[log_file]}
    assert _analyze(tmp_path, files) is not Decision.ACCEPT


@pytest.mark.xfail(strict=True, reason="red team 7, open (session 33 reviewed): 256 aggregates of the data taken "
                   "whole, one per loop value, spell out its distribution, and per-class shares over a loop of classes "
                   "are the same code")
@pytest.mark.parametrize("name", sorted(OPEN))
def test_open_attack_is_not_accepted(name: str) -> None:
    assert _decision(*OPEN[name]) is not Decision.ACCEPT
