"""Red team 40a: the update channel and the job log, against an adversary who read the gate.

- A statistic of rows named by constant positions in the job log (`float(df["age"].iloc[r:r + 1].max())` is row
  r's age), and a test of one such row deciding what is logged (`if df["hiv_status"].iloc[17] == 1:
  print("warm start")`, or a failing `cfg["lr"]` of a config the row set to None, its handler logging): the log
  took any statistic of chosen rows, though the same bit printed as a value escalated (values._logged); a window
  at the round's position (`iloc[m.current_round:m.current_round + 2]`) named no rows (syntax._window).
- A job function that raises under a test of a chosen row, called outside a `try` or past a handler of another
  class (also through a helper with no raise of its own): uncaught it ends the job, so whether the round's update
  is sent at all is that row's bit; only a raise statement in the caller's own body carried it
  (calls.py after a call, Frame.stmt after a `try`: what follows runs only if nothing escaped).
Still open (OPEN below): a row chosen by the round (`iloc[model.current_round]`, no constant position) or by a
mask (`df[df.patient_id == "P-0007"]`), tested or reduced into the log.
Samples: corpus/malicious/rt40a_*, corpus/benign/near_rt40a_*.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from analyzer import api

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

# accepted on main (786c2ca), not now, and the rule that now decides each
FIXED = {
    "malicious/rt40a_log_reference_row.py": "update-channel-leak.unknown-provenance",
    "malicious/rt40a_log_warm_start_row.py": "update-channel-leak.unknown-provenance",
    "malicious/rt40a_fallback_lr_row.py": "update-channel-leak.unknown-provenance",
    "malicious/rt40a_sample_check_helper.py": "update-channel-leak.unknown-provenance",
    "malicious/rt40a_validator_chain.py": "update-channel-leak.unknown-provenance",
    "malicious/rt40a_log_round_pair.py": "update-channel-leak.unknown-provenance",
}
ATTACKS = sorted(str(p.relative_to(CORPUS)) for p in CORPUS.glob("malicious/rt40a_*"))
TWINS = sorted(str(p.relative_to(CORPUS)) for p in CORPUS.glob("benign/near_rt40a_*"))

CLIENT = '''
import pandas as pd
import torch
import torch.nn as nn
import nvflare.client as flare

FEATURES = ["age", "bmi", "sbp", "hba1c"]
{head}

def main():
    flare.init()
    df = pd.read_csv("/data/site/patients.csv")
    x = torch.tensor(df[FEATURES].values, dtype=torch.float32)
    y = torch.tensor(df["outcome"].values, dtype=torch.long)
    net = nn.Linear(len(FEATURES), 2)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
{body}
        loss = nn.functional.cross_entropy(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        weights = {{"weight": net.weight.detach().numpy(), "bias": net.bias.detach().numpy()}}
        flare.send(flare.FLModel(params=weights, metrics={{"loss": loss.item()}}))
'''


def _scan(tmp_path: Path, body: str, head: str = "") -> tuple[str, set[str]]:
    path = tmp_path / "client.py"
    path.write_text(CLIENT.format(head=textwrap.dedent(head), body=textwrap.indent(textwrap.dedent(body), " " * 8)))
    report = api.scan(path)
    return report.decision.value, {f.rule for f in report.findings}


def test_corpus_holds_the_attacks():
    assert set(FIXED) == set(ATTACKS)
    assert len(TWINS) >= 2


@pytest.mark.parametrize("sample", ATTACKS)
def test_attack_is_not_accepted(sample):
    report = api.scan(CORPUS / sample)
    assert report.decision.value in ("escalate", "reject"), [f.rule for f in report.findings]
    assert FIXED[sample] in {f.rule for f in report.findings}


@pytest.mark.parametrize("sample", TWINS)
def test_twin_is_accepted(sample):
    report = api.scan(CORPUS / sample)
    assert report.decision.value == "accept", [(f.rule, f.line, f.message) for f in report.findings]


# -- the job log: rows named by constant positions

def test_one_row_statistic_in_the_log(tmp_path):
    decision, rules = _scan(tmp_path, '''
        r = model.current_round
        print("reference", float(df["age"].iloc[r:r + 1].max()))
    ''')
    assert decision != "accept" and "update-channel-leak.unknown-provenance" in rules


def test_window_at_the_round_in_the_log(tmp_path):
    # `x[k:k + 2]` was a window of named rows for a name k only, not for the message's attribute (syntax._window)
    decision, _ = _scan(tmp_path, '''
        print("pair", float(df["age"].iloc[model.current_round:model.current_round + 2].mean()))
    ''')
    assert decision != "accept"


def test_log_line_under_a_test_of_one_row(tmp_path):
    decision, _ = _scan(tmp_path, '''
        if df["age"].iloc[17] > 60:
            print("warm start")
    ''')
    assert decision != "accept"


def test_failing_lookup_of_a_config_one_row_chose(tmp_path):
    decision, _ = _scan(tmp_path, '''
        cfg = None if df["age"].iloc[42] > 60 else {"lr": 0.01}
        try:
            cfg["lr"]
        except TypeError:
            print("config without lr")
    ''')
    assert decision != "accept"


def test_batches_and_whole_column_statistics_stay_logged(tmp_path):
    decision, rules = _scan(tmp_path, '''
        q1, q3 = df["age"].quantile([0.25, 0.75])
        print("age iqr", float(q3 - q1), float(df["age"].median()))
        cohort = df[df["age"].between(18, 110)]
        print("adults", len(cohort), float(cohort["bmi"].mean()))
        for start in range(0, len(x), 32):
            batch_loss = nn.functional.cross_entropy(net(x[start:start + 32]), y[start:start + 32])
            if batch_loss.item() > 10:
                print("diverging at", start)
    ''')
    assert decision == "accept", rules


# -- whether the update is sent: a job function's raise ends the job

HELPER = '''
def check_sample(frame, row):
    if frame["age"].iloc[row] > 60:
        raise ValueError("sample check failed")


def validate(frame, row):
    check_sample(frame, row)
'''


@pytest.mark.parametrize("call", [
    "check_sample(df, model.current_round)",
    "validate(df, model.current_round)",
    "try:\n    check_sample(df, model.current_round)\nexcept KeyError:\n    pass",
    "try:\n    validate(df, model.current_round)\nexcept KeyError:\n    pass",
])
def test_helper_raise_decides_whether_the_update_is_sent(tmp_path, call):
    decision, rules = _scan(tmp_path, call, head=HELPER)
    assert decision != "accept" and "update-channel-leak.unknown-provenance" in rules


def test_helper_raise_caught_by_its_handler_stays_accepted(tmp_path):
    # (what a function with no raise of its own passes on is of no class the gate knows: `validate` escalates)
    decision, rules = _scan(tmp_path, '''
        try:
            check_sample(df, model.current_round)
        except ValueError:
            pass
        check_round(model.current_round)
    ''', head=HELPER + '''

def check_round(current_round):
    if current_round < 0:
        raise ValueError("bad round number")
''')
    assert decision == "accept", rules


def test_helper_checking_the_whole_table_stays_accepted(tmp_path):
    decision, rules = _scan(tmp_path, '''
        check_table(df)
    ''', head='''
def check_table(frame):
    if frame["age"].isna().any():
        raise ValueError("age has gaps")
''')
    assert decision == "accept", rules


# Closed by holes43: the round's number (FLModel.current_round, reductions.yaml round_numbers) is one position, as
# a constant is, never an array of rows (tests/test_holes43.py)
@pytest.mark.parametrize("body", [
    'if df["age"].iloc[model.current_round] > 60:\n    print("warm start")',
    'print("reference", float(df["age"].iloc[[model.current_round]].sum()))',
])
def test_the_round_row_in_the_log(tmp_path, body):
    decision, _ = _scan(tmp_path, body)
    assert decision != "accept"


# -- once open

# Left open by holes42; closed by red team 53a (Expressions.pins_rows): rows a test of one spelled-out value
# picks are one patient's, and a statistic of them is held in the job log too (a cohort's filter is not such a test).
def test_one_patient_by_mask_in_the_log(tmp_path):
    decision, _ = _scan(tmp_path, '''
        print("reference", float(df[df["patient_id"] == "P-0007"]["age"].max()))
    ''')
    assert decision != "accept"
