"""Red team 54a: the update channel, red team 53a's open items and session 53's new flow code, attacked.

Closed here (docs/redteam54a-attempts.md): a list reached through what a lambda, a nested function, a generator or
a library call hands back (Frame.handed_back, reductions.yaml argument_holders) and `b += [row]` into a list b may
be; a loader whose batch size the job's command lines set to 1, or a computed size (Calls.one_row_batches); a
helper's `next(iter(loader))` of the loader it is handed (one element of what the caller passes); a helper summing
over `tqdm(loader)` / `iter(loader)` / `enumerate(tqdm(loader))` keeps Param.every (element_wrappers); a library
object's `__class__` swapped for the job's class.
"""

import json

import pytest

import redteam_kit as kit

RAW = "update-channel-leak.raw-data-in-update"
UNKNOWN = "update-channel-leak.unknown-provenance"


@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/redteam54a_*", "jobs/redteam54a_*"))
def test_attack_sample_is_held(sample):
    kit.assert_held(kit.scan_sample(sample))


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/*redteam54a_*", "jobs/near_redteam54a_*"))
def test_twin_sample_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


def test_every_sample_is_labelled():
    samples = set(kit.corpus_samples("malicious/redteam54a_*", "jobs/*redteam54a_*", "benign/*redteam54a_*"))
    assert len(samples) == 18
    assert {e["path"] for e in kit.labelled("redteam54a_")} == samples


# ---- a list reached through what a call hands back -----------------------------------------------------------------

HOLDER = '''\
import collections
import functools
import operator

import pandas as pd

import nvflare.client as flare

{PRE}

def main():
    flare.init()
    site = pd.read_csv("/data/site.csv")
    points = []
{SETUP}
    while flare.is_running():
        model = flare.receive()
        sample = {VALUE}
{BODY}
        flare.send(flare.FLModel(params=model.params, metrics={{"calibration": points}}))


if __name__ == "__main__":
    main()
'''

ROW = "site.sample(1).values.ravel().tolist()"
AGGREGATE = '[float(site["age"].mean()), len(site)]'

HOLDERS = {
    "lambda bound to a name": ("", "    mk = lambda: (points,)", "        for b in mk():\n            b.append(sample)"),
    "lambda item": ("", "    mk = lambda: [points]", "        mk()[0].append(sample)"),
    "lambda returns the list": ("", "    mk = lambda: points", "        mk().append(sample)"),
    "lambda parameter": ("", "    wrap = lambda p: (p,)", "        for b in wrap(points):\n            b.append(sample)"),
    "lambda default": ("", "    mk = lambda p=points: (p,)", "        for b in mk():\n            b.append(sample)"),
    "lambda dict": ("", "    mk = lambda: {'k': points}", "        mk()['k'].append(sample)"),
    "nested def": ("", "    def mk():\n        return [points]", "        for b in mk():\n            b.append(sample)"),
    "nested def unpacked": ("", "    def mk():\n        return (points,)", "        b, = mk()\n        b.extend([sample])"),
    "nested def through a local": ("", "    def mk():\n        out = [points]\n        return out",
                                   "        mk()[0].append(sample)"),
    "nested def, more returns than listed": ("", "    def mk():\n" + "".join(
        f"        if len(sample) == {i}:\n            return []\n" for i in range(10)) + "        return [points]",
        "        for b in mk():\n            b.append(sample)"),
    "nested generator": ("", "    def mk():\n        yield points", "        for b in mk():\n            b.append(sample)"),
    "module generator": ("def each(*xs):\n    yield from xs\n", "", "        for b in each(points):\n            b.append(sample)"),
    "partial of a lambda": ("", "    mk = functools.partial(lambda p: [p], points)",
                            "        for b in mk():\n            b.append(sample)"),
    "+= on a display item": ("", "", "        b = [points][0]\n        b += [sample]"),
    "+= in a loop over a tuple": ("", "", "        for b in (points,):\n            b += [sample]"),
    "max key=len": ("", "", "        max([points], key=len).append(sample)"),
    "min of two": ("", "    other = []", "        min(points, other, key=len).append(sample)"),
    "functools.reduce": ("", "", "        functools.reduce(lambda a, b: b, [[], points]).append(sample)"),
    "ChainMap": ("", "    box = collections.ChainMap({'k': points})", "        box['k'].append(sample)"),
    "deque": ("", "    box = collections.deque([points])", "        box[0].append(sample)"),
    "defaultdict factory": ("", "    box = collections.defaultdict(lambda: points)", "        box['k'].append(sample)"),
    "dict.fromkeys": ("", "", "        for b in dict.fromkeys([0], points).values():\n            b.append(sample)"),
    "itemgetter": ("", "    box = {'k': points}", "        operator.itemgetter('k')(box).append(sample)"),
}


@pytest.mark.parametrize("case", sorted(HOLDERS))
def test_row_stored_through_a_holder_is_held(case):
    pre, setup, body = HOLDERS[case]
    report = kit.scan_text(HOLDER.format(PRE=pre, SETUP=setup, BODY=body, VALUE=ROW))
    kit.assert_held(report, RAW)


@pytest.mark.parametrize("case", ["lambda bound to a name", "nested def", "module generator", "+= on a display item",
                                  "max key=len", "defaultdict factory"])
def test_aggregate_stored_through_a_holder_stays_accepted(case):
    pre, setup, body = HOLDERS[case]
    kit.assert_accepted(kit.scan_text(HOLDER.format(PRE=pre, SETUP=setup, BODY=body, VALUE=AGGREGATE)))


def test_a_lambda_that_returns_no_holder_stores_nothing():
    """`mk = lambda: []` hands back a new list: a row stored into it is not in the metrics."""
    source = HOLDER.format(PRE="", SETUP="    mk = lambda: []", BODY="        mk().append(sample)", VALUE=ROW)
    kit.assert_accepted(kit.scan_text(source))


# ---- the batch size: the job's command lines, a computed size -------------------------------------------------------

FIRST_BATCH = '''\
import argparse

import pandas as pd
import torch
from torch.utils.data import DataLoader, TensorDataset

import nvflare.client as flare


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch_size", type=int, default=32)
    args = parser.parse_args()
    flare.init()
    site = pd.read_csv("/data/site.csv")
    x = torch.tensor(site.drop(columns=["y"]).values, dtype=torch.float32)
    y = torch.tensor(site["y"].values, dtype=torch.float32)
    loader = DataLoader(TensorDataset(x, y), batch_size={SIZE})
    model = torch.nn.Linear(x.shape[1], 1)
    while flare.is_running():
        received = flare.receive()
        model.load_state_dict({{k: torch.as_tensor(v) for k, v in received.params.items()}})
        with torch.no_grad():
{EVAL}
        flare.send(flare.FLModel(params={{k: v.numpy() for k, v in model.state_dict().items()}},
                                 metrics={{"val_loss": loss}}))


if __name__ == "__main__":
    main()
'''

FIRST = '''\
            for xb, yb in loader:
                loss = torch.nn.functional.mse_loss(model(xb).squeeze(1), yb).item()
                break'''
EVERY = '''\
            total = 0.0
            for xb, yb in loader:
                total += torch.nn.functional.mse_loss(model(xb).squeeze(1), yb).item()
            loss = total / len(loader)'''


def in_process_job(root, client: str, line: str):
    """A job folder whose in-process Client API executor runs custom/client.py with the words of `line`
    (`task_script_args`: the command line the gate reads, detectors/configs.py command_lines)."""
    executor = {"path": "nvflare.app_common.executors.client_api_executor.ClientAPIExecutor",
                "args": {"task_script_path": "client.py", "task_script_args": line}}
    config = {"format_version": 2, "executors": [{"tasks": ["train"], "executor": executor}], "components": []}
    return kit.scan_files(root, {"app/config/config_fed_client.json": json.dumps(config), "app/custom/client.py": client,
                                 "meta.json": json.dumps({"name": "j", "deploy_map": {"app": ["@ALL"]}})})


@pytest.mark.parametrize("line, held", [("--batch_size 1", True), ("--batch_size=1", True), ("--batch 1", True),
                                        ("--batch_size 64", False), ("", False)])
def test_first_batch_of_a_size_the_command_line_sets(tmp_path, line, held):
    report = in_process_job(tmp_path, FIRST_BATCH.format(SIZE="args.batch_size", EVAL=FIRST), line)
    if held:
        kit.assert_held(report, UNKNOWN)
    else:
        kit.assert_accepted(report)


def test_sum_over_every_batch_of_one_row_batches_stays_accepted(tmp_path):
    kit.assert_accepted(in_process_job(tmp_path, FIRST_BATCH.format(SIZE="args.batch_size", EVAL=EVERY), "--batch_size 1"))


@pytest.mark.parametrize("size", ["len(site) // len(site)", "max(1, len(site) // 10 ** 9)", "-(-len(y) // len(y))",
                                  "int(y.numel() ** 0)"])
def test_first_batch_of_a_computed_size_is_held(size):
    kit.assert_held(kit.scan_text(FIRST_BATCH.format(SIZE=size, EVAL=FIRST)), UNKNOWN)


@pytest.mark.parametrize("size", ["len(site) // len(site)", "max(1, len(site) // 10 ** 9)"])
def test_sum_over_a_computed_size_stays_accepted(size):
    kit.assert_accepted(kit.scan_text(FIRST_BATCH.format(SIZE=size, EVAL=EVERY)))


def test_a_setting_with_no_command_line_stays_batches():
    """The limit (docs/redteam54a-attempts.md): a file scanned without its job's configs gives no command line, so
    `args.batch_size` may hold anything; read as one row a batch it cost twelve NVFlare examples their accept."""
    kit.assert_accepted(kit.scan_text(FIRST_BATCH.format(SIZE="args.batch_size", EVAL=FIRST)))


# ---- a helper handed a loader: next() of it, a wrapper around it -----------------------------------------------------

HELPER = '''\
import itertools

import pandas as pd
import torch
from torch.utils.data import DataLoader, Subset, TensorDataset
from tqdm import tqdm

import nvflare.client as flare


def evaluate(model, loader):
{BODY}
    return loss


def main():
    flare.init()
    site = pd.read_csv("/data/site.csv")
    x = torch.tensor(site.drop(columns=["y"]).values, dtype=torch.float32)
    y = torch.tensor(site["y"].values, dtype=torch.float32)
    ds = TensorDataset(x, y)
    loader = {LOADER}
    model = torch.nn.Linear(x.shape[1], 1)
    while flare.is_running():
        received = flare.receive()
        model.load_state_dict({{k: torch.as_tensor(v) for k, v in received.params.items()}})
        with torch.no_grad():
            loss = evaluate(model, loader)
        flare.send(flare.FLModel(params={{k: v.numpy() for k, v in model.state_dict().items()}},
                                 metrics={{"val_loss": loss}}))


if __name__ == "__main__":
    main()
'''

NEXT = {
    "next(iter())": "    xb, yb = next(iter(loader))\n    loss = torch.nn.functional.mse_loss(model(xb).squeeze(1), yb).item()",
    "next of a name": "    it = iter(loader)\n    xb, yb = next(it)\n    loss = float(model(xb).mean())",
    "while loop": "    it = iter(loader)\n    loss = 0.0\n    while True:\n        xb, yb = next(it)\n"
                  "        loss += float(model(xb).mean())\n        break",
}

ONE_ROW_LOADERS = ["DataLoader(ds)", "DataLoader(ds, batch_size=1)", "ds", "DataLoader(Subset(ds, [7]), batch_size=64)"]


@pytest.mark.parametrize("loader", ONE_ROW_LOADERS)
@pytest.mark.parametrize("body", sorted(NEXT))
def test_helper_next_of_a_one_row_loader_is_held(body, loader):
    kit.assert_held(kit.scan_text(HELPER.format(BODY=NEXT[body], LOADER=loader)), UNKNOWN)


@pytest.mark.parametrize("body", sorted(NEXT))
def test_helper_next_of_a_loader_of_batches_stays_accepted(body):
    kit.assert_accepted(kit.scan_text(HELPER.format(BODY=NEXT[body], LOADER="DataLoader(ds, batch_size=64)")))


SUM = "    loss = 0.0\n    for {TARGET} in {ITER}:\n        loss += torch.nn.functional.mse_loss(model(xb).squeeze(1), yb).item()"
WRAPPERS = [("xb, yb", "tqdm(loader)"), ("xb, yb", 'tqdm(loader, desc="val", leave=False)'),
            ("xb, yb", "iter(loader)"), ("_, (xb, yb)", "enumerate(tqdm(loader))"),
            ("_, (xb, yb)", "tqdm(enumerate(loader, 1))"), ("xb, yb", "tqdm(loader, total=1)")]
CUTS = [("xb, yb", "tqdm(itertools.islice(loader, 1))"), ("xb, yb", "iter(itertools.islice(loader, 1))"),
        ("(xb, yb), _", "zip(loader, range(1))"), ("xb, yb", "filter(lambda b: b[1][0] > 0, loader)"),
        ("xb, yb", "tqdm(zip(*next(iter(loader))))")]


@pytest.mark.parametrize("target, it", WRAPPERS)
def test_helper_sum_through_an_element_wrapper_stays_accepted(target, it):
    """tqdm's `total=` changes only the bar: its __iter__ walks the whole iterable."""
    kit.assert_accepted(kit.scan_text(HELPER.format(BODY=SUM.format(TARGET=target, ITER=it), LOADER="DataLoader(ds)")))


@pytest.mark.parametrize("target, it", WRAPPERS)
def test_helper_sum_through_a_wrapper_over_chosen_rows_is_held(target, it):
    source = HELPER.format(BODY=SUM.format(TARGET=target, ITER=it), LOADER="DataLoader(Subset(ds, [7]))")
    kit.assert_held(kit.scan_text(source), UNKNOWN)


@pytest.mark.parametrize("target, it", CUTS)
def test_helper_sum_over_some_elements_is_held(target, it):
    source = HELPER.format(BODY=SUM.format(TARGET=target, ITER=it), LOADER="DataLoader(ds)")
    kit.assert_held(kit.scan_text(source), UNKNOWN)


ADVANCED = """\
    it = iter(loader)
    next(it)
    loss = 0.0
    for xb, yb in it:
        loss += torch.nn.functional.mse_loss(model(xb).squeeze(1), yb).item()"""


@pytest.mark.parametrize("loader", ["DataLoader(ds)", "ds"])
def test_sum_over_an_iterator_after_next_is_held(loader):
    """Every row but the first: taken from the sum over every row, the first row's value."""
    kit.assert_held(kit.scan_text(HELPER.format(BODY=ADVANCED, LOADER=loader)), UNKNOWN)


@pytest.mark.parametrize("advance", ["    next(loader)", "    for _ in range(1):\n        next(loader)"])
def test_helper_sum_over_its_parameter_after_next_is_held(advance):
    """The helper advances the iterator it is handed, then sums the rest: no longer every element (Param.every)."""
    body = advance + "\n" + SUM.format(TARGET="xb, yb", ITER="loader")
    kit.assert_held(kit.scan_text(HELPER.format(BODY=body, LOADER="iter(DataLoader(ds))")), UNKNOWN)


def test_sum_over_the_batches_after_next_stays_accepted():
    """Every batch of 64 but the first: the first batch's aggregate at most (the batch-size limit)."""
    kit.assert_accepted(kit.scan_text(HELPER.format(BODY=ADVANCED, LOADER="DataLoader(ds, batch_size=64)")))


# ---- a library object's class swapped ------------------------------------------------------------------------------

@pytest.mark.parametrize("swap", ["tok.__class__ = Tok", "setattr(tok, '__class__', Tok)"])
def test_class_swap_of_a_library_object_is_held(swap):
    source = ("from transformers import AutoTokenizer, PreTrainedTokenizerFast\n\n\n"
              "class Tok(PreTrainedTokenizerFast):\n    def __call__(self, texts, **kw):\n"
              "        return {'input_ids': [texts[7]] * len(texts)}\n\n\n"
              f"tok = AutoTokenizer.from_pretrained('/models/m')\n{swap}\n")
    kit.assert_held(kit.scan_text(source), "dynamic-code.module-patch")


def test_own_class_swapping_itself_is_no_patch():
    source = ("class Node:\n    def freeze(self):\n        self.__class__ = Frozen\n\n\n"
              "class Frozen(Node):\n    pass\n")
    assert not kit.holds(kit.scan_text(source), "dynamic-code.module-patch")
