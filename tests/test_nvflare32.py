"""Session 32, NVFlare example units: the pure standard-library helpers the examples use (unicodedata in
amplify, xml.sax.saxutils.escape in medgemma, timeit.default_timer in split learning, inspect.signature in
hello-huggingface) are catalogued (rules/catalogue/stdlib.yaml) and pass their arguments' origins through
(rules/flow/libraries.yaml known_libs): a job argument cleaned by them stays the argument, site rows cleaned by
them stay site rows."""

from __future__ import annotations

import pytest

from test_flow import RAW, UNKNOWN, rules_of

CLEAN = """\
import argparse
import unicodedata
from xml.sax.saxutils import escape

import pandas as pd
import torch

import nvflare.client as flare
from nvflare.client.tracking import SummaryWriter


def clean(text):
    text = unicodedata.normalize("NFKC", text)
    return escape("".join(c for c in text if unicodedata.category(c)[0] != "C"))


parser = argparse.ArgumentParser()
parser.add_argument("--task_name", default="fitness")
args = parser.parse_args()
frame = pd.read_csv("/data/site/train.csv")
model = torch.nn.Linear(2, 1)
writer = SummaryWriter()
flare.init()
input_model = flare.receive()
model.load_state_dict(input_model.params)
"""


def test_job_argument_cleaned_is_no_unknown_value() -> None:
    # before: unicodedata.normalize() was code the flow could not see, so the tag was of unknown provenance
    rules = rules_of(CLEAN + 'writer.add_scalar(clean(args.task_name) + "/loss", 0.5, 1)\n')
    assert UNKNOWN not in rules and RAW not in rules


@pytest.mark.parametrize("expr", [
    'clean(" ".join(frame["notes"].head(3)))',
    'unicodedata.lookup(frame["notes"][0])',
    'escape(str(frame.iloc[0].tolist()))',
])
def test_site_rows_cleaned_stay_rows(expr: str) -> None:
    rules = rules_of(CLEAN + f'flare.send(flare.FLModel(params=model.state_dict(), metrics={{"tag": {expr}}}))\n')
    assert RAW in rules
