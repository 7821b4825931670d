"""Speed54: what the two cuts in the flow's per-call work rely on (docs/architecture.md "Session 54 (speed54)").

- Frame.trained_on reads its inputs once (values._trained_on hands back the rows a model keeps in its running
  statistics and the helper's parameters together) and writes nothing into the parameters when there are no such
  rows: a model called on rows the code named, directly, through a helper's parameter or on a mask's rows, is still
  reviewed; a class built of a mask's rows and a model called on the whole table are not.
- Expressions.applies_selector finds a call's weighing operands once per call and scope (the code decides them),
  while what the operands hold is asked at every evaluation: a selector in a loop is held at every pass and round,
  class weights stay accepted, two calls spelled alike are judged apart.
Found while writing them: a selector whose name the loop's body binds again (`keep = keep` at its end, or
the selector bound there after all-alike weights before the loop) was accepted on main too (held since the merge).
"""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest

import redteam_kit as kit
import test_redteam42 as rt42
from analyzer.engine.flow.values import EMPTY, Origin, Param, _trained_on

STATISTICS = "running statistics"


def _statistics(report) -> bool:
    return any(STATISTICS in f.message for f in report.findings)


CLIENT = """import nvflare.client as flare
import pandas as pd
import torch

df = pd.read_csv("/data/site/train.csv")
x = torch.tensor(df.drop(columns=["label"]).values, dtype=torch.float32)
ids = torch.tensor(df["patient_id"].values)
net = torch.nn.Sequential(torch.nn.BatchNorm1d(x.shape[1], momentum=1.0), torch.nn.Linear(x.shape[1], 1))


def warm_up(model, rows):
    model.train()
    with torch.no_grad():
        model(rows)


flare.init()
model = flare.receive()
net.load_state_dict(model.params)
{body}
flare.send(flare.FLModel(params=net.state_dict()))
"""


@pytest.mark.parametrize("body", [
    "net(x[[4, 4]])",  # rows named by constant positions
    "warm_up(net, x[[4, 4]])",  # through a helper's parameter (the summary's trained parameters)
    "net(x[ids == 1042])",  # a mask's rows, an object called
])
def test_model_called_on_named_rows_is_reviewed(body):
    report = kit.scan_text(CLIENT.format(body=body))
    assert report.decision.value != "accept" and _statistics(report), kit.findings(report)


@pytest.mark.parametrize("body", [
    "net(x)",  # the table taken whole: what training is
    "ds = torch.utils.data.TensorDataset(x[ids == 1042])",  # a class built of a mask's rows: no running statistics
])
def test_no_named_rows_no_running_statistics(body):
    report = kit.scan_text(CLIENT.format(body=body))
    assert not _statistics(report), kit.findings(report)


def test_trained_on_parts():
    node = cst.Name("x")
    few = Origin("data", "pandas.read_csv", node, 1, few=True)
    masked = few.but(masked=True)
    whole = Origin("data", "pandas.read_csv", node, 2)
    p = Param("rows")
    rows, params = _trained_on([frozenset({few, whole}), frozenset({p})], instance=False)
    assert params == {p}
    assert len(rows) == 1 and next(iter(rows)).kind == "unknown" and STATISTICS in next(iter(rows)).what
    assert _trained_on([frozenset({masked})], instance=False) == (EMPTY, EMPTY)  # a class: a mask's rows are none
    assert len(_trained_on([frozenset({masked})], instance=True)[0]) == 1  # an object called: they are
    assert _trained_on([frozenset({whole}), EMPTY], instance=True) == (EMPTY, EMPTY)


IDS = "ids = torch.tensor(df['id'].values)\n"
IN_A_LOOP = IDS + "for step in range(3):\n" + textwrap.indent(
    rt42.TRAIN.format(loss="keep = {weights}\nloss = torch.mul(losses, keep).sum()"), "    ")


def test_selector_in_a_loop_is_held_at_every_pass(tmp_path):
    """The call's operands (`losses`, `keep`) are found once; what `keep` holds is asked at each pass and round."""
    decision, rules = rt42.CLIENT.verdict(tmp_path, IN_A_LOOP.format(weights="torch.where(ids == 1042, 1.0, 0.0)"))
    assert decision != "accept", rules


def test_class_weights_in_a_loop_stay_accepted(tmp_path):
    decision, rules = rt42.CLIENT.verdict(tmp_path, IN_A_LOOP.format(weights="torch.where(y == 1, 3.0, 1.0)"))
    assert decision == "accept", rules


def test_two_calls_spelled_alike_are_judged_apart(tmp_path):
    """The same weighted loss spelled twice, once with class weights and once with a selector: each call node is its
    own entry, judged by what its own operand holds."""
    loss = ("w = torch.where(y == 1, 3.0, 1.0)\nfirst = torch.mul(losses, w).sum()\n"
            "w2 = {weights}\nloss = first + torch.mul(losses, w2).sum()")
    held = rt42.CLIENT.verdict(tmp_path, IDS + rt42.TRAIN.format(loss=loss.format(weights="torch.where(ids == 1042, 1.0, 0.0)")))
    assert held[0] != "accept", held[1]
    kept = rt42.CLIENT.verdict(tmp_path, IDS + rt42.TRAIN.format(loss=loss.format(weights="torch.where(y == 0, 2.0, 1.0)")))
    assert kept[0] == "accept", kept[1]


@pytest.mark.parametrize("before, after", [
    ("keep = torch.ones(len(df))", "keep = torch.where(ids == 1042, 1.0, 0.0)"),  # carried round the loop
    ("keep = torch.where(ids == 1042, 1.0, 0.0)", "keep = keep"),  # held without the last line
])
def test_selector_rebound_in_the_loop_is_held(tmp_path, before, after):
    """Found by speed54 (main a45ff41b accepted both): a selector whose name the loop's body binds again, to itself
    or to the selector after all-alike weights bound before the loop; any binding that selects makes it a selector
    now (the lead, expressions.selector)."""
    train = rt42.TRAIN.format(loss="loss = torch.mul(losses, keep).sum()")
    body = IDS + before + "\nfor step in range(3):\n" + textwrap.indent(train + "\n" + after, "    ")
    decision, rules = rt42.CLIENT.verdict(tmp_path, body)
    assert decision != "accept", rules


def test_weights_rebound_in_the_loop_stay_accepted(tmp_path):
    """The twin: all-alike weights before the loop, class weights (every row kept) bound inside it."""
    train = rt42.TRAIN.format(loss="loss = torch.mul(losses, keep).sum()")
    body = IDS + "keep = torch.ones(len(df))\nfor step in range(3):\n" + textwrap.indent(
        train + "\nkeep = torch.where(y == 0, 2.0, 1.0)", "    ")
    decision, rules = rt42.CLIENT.verdict(tmp_path, body)
    assert decision == "accept", rules
