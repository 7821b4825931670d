"""Session 27, NVFlare example units.

A list appended once for every element of a loop holds every row (flow/accumulate.py `appending`): the per-row
predictions and labels that tutorial 08.1 (fed_bert) and many evaluation loops append one at a time, then hand
to a metric, are the rows of the batch, as `preds.extend(batch.tolist())` is, and a metric over all of them is
an aggregate. Before, each appended element was "rows the code chose", so the metric escalated as a statistic
of chosen rows. Whatever makes the append miss some element (a test, a break, a weight by position, a try, a
list changed elsewhere in the loop) or appends rows the code chose keeps it a statistic; the list itself sent
is the rows."""

from __future__ import annotations

import pytest

from test_flow import RAW, UNKNOWN, rules_of

HEAD = """\
import pandas as pd
import torch
from sklearn.metrics import f1_score
from torch.utils.data import DataLoader, TensorDataset

import nvflare.client as flare

frame = pd.read_csv("/data/site/train.csv")
x = torch.tensor(frame[["a", "b"]].values, dtype=torch.float32)
y = torch.tensor(frame["label"].values)
loader = DataLoader(TensorDataset(x, y), batch_size=8)
model = torch.nn.Linear(2, 3)
flare.init()
input_model = flare.receive()
model.load_state_dict(input_model.params)
y_pred, y_true = [], []
with torch.no_grad():
    for data, label in loader:
        y_pred.extend(model(data).argmax(dim=1).tolist())
"""
SEND = 'flare.send(flare.FLModel(params=model.state_dict(), metrics={{"f1": {metric}}}))\n'
F1 = 'f1_score(y_true, y_pred, average="macro")'


def job(loop: str, metric: str = F1) -> str:
    return HEAD + loop + SEND.format(metric=metric)


def leak_rules(text: str) -> set[str]:
    return {r for r in rules_of(text) if r.startswith("update-channel-leak.")}


def test_appended_for_every_element_is_every_row() -> None:
    assert not leak_rules(job("""\
        for t in label:
            y_true.append(t.item())
"""))


def test_a_prediction_appended_for_every_row_is_every_row() -> None:
    assert not leak_rules(job("""\
        for r in data:
            y_true.append(model(r).argmax().item())
"""))


MISSES = {
    "under a test": """\
        for t in label:
            if t > 3:
                y_true.append(t.item())
""",
    "stops at the first": """\
        for t in label:
            y_true.append(t.item())
            break
""",
    "weighted by position": """\
        for i, t in enumerate(label):
            y_true.append(t.item() * (i == 3))
""",
    "a value chosen by the row's value": """\
        for t in label:
            y_true.append(t.item() if t != 3 else 0)
""",
    "the list changed in the loop": """\
        for t in label:
            y_true.append(t.item())
            y_true.pop(0)
""",
    "in a try": """\
        for t in label:
            try:
                y_true.append(t.item())
            except ValueError:
                pass
""",
    "over rows the code chose": """\
        for t in label[3:4]:
            y_true.append(t.item())
""",
    "a row kept from an earlier loop": """\
        for kept in label:
            pass
        for t in label:
            y_true.append(kept.item() + 0 * t.item())
""",
    "cells of each row chosen by their value": """\
        for r in data:
            y_true.append(r[r > 0.5].sum().item())
""",
}


@pytest.mark.parametrize("loop", MISSES.values(), ids=MISSES.keys())
def test_an_append_that_can_miss_an_element_is_still_a_statistic(loop: str) -> None:
    assert leak_rules(job(loop)) & {UNKNOWN, RAW}


@pytest.mark.parametrize("metric", ["y_true", "y_true[0]", "y_true[-1]"])
def test_the_appended_list_itself_is_the_rows(metric: str) -> None:
    assert RAW in leak_rules(job("""\
        for t in label:
            y_true.append(t.item())
""", metric=metric))


@pytest.mark.parametrize("kept", ["model(kept)", "model(kept).detach()"])
def test_a_prediction_of_a_row_kept_from_an_earlier_loop_is_no_row_of_the_loop(kept: str) -> None:
    """A prediction of one row is no element any more, but still that row: appended with every element of
    another loop, it is appended once per element, one row many times."""
    assert leak_rules(job(f"""\
        for kept in data:
            pass
        guess = {kept}
        for t in label:
            y_true.append(guess + 0 * t.item())
""")) & {UNKNOWN, RAW}


# ---- the same for a comprehension: `[f(e) for e in rows]` is a value of every row ---------------------------


def test_a_comprehension_of_every_element_is_every_row() -> None:
    assert not leak_rules(job("""\
        y_true.extend([t.item() for t in label])
"""))


COMPREHENSION_MISSES = {
    "filtered": "y_true.extend([t.item() for t in label if t > 3])",
    "over rows the code chose": "y_true.extend([t.item() for t in label[3:4]])",
    "weighted by position": "y_true.extend([t.item() * (i == 3) for i, t in enumerate(label)])",
    "a counter beside it": "y_true.extend([t.item() * next(picks) for t in label])",
    "a row kept from an earlier loop": "y_true.extend([kept + 0 * t.item() for t in label])",
    "a row kept, once per element": "y_true.extend([kept for t in label])",
    "nested over each row's cells": "y_true.extend([v.item() for r in data for v in r])",
    "shrinking what it goes over": "y_true.extend([(t.item(), rest.remove(t))[0] for t in rest])",
    "shrinking a view of it": "y_true.extend([(t.item(), alias.remove(t))[0] for t in rest])",
}


@pytest.mark.parametrize("expr", COMPREHENSION_MISSES.values(), ids=COMPREHENSION_MISSES.keys())
def test_a_comprehension_that_can_miss_an_element_is_still_a_statistic(expr: str) -> None:
    loop = f"""\
        picks = iter([0, 0, 0, 1] + [0] * 1000)
        rest = label.tolist()
        alias = rest
        for kept in label:
            pass
        {expr}
"""
    assert leak_rules(job(loop)) & {UNKNOWN, RAW}


def test_the_comprehension_itself_is_the_rows() -> None:
    assert RAW in leak_rules(job("""\
        y_true.extend([t.item() for t in label])
""", metric="y_true"))
