"""Red team 22: attacks on what session 31 made acceptable (BioNeMo's conditioned entries, flax's
Module.apply, staticmethod wrappers, the launcher lists, interning). Each attack here was accepted before
its fix; the legitimate idiom nearest to each stays accepted. Samples: corpus/jobs/rt22_*, corpus/*/rt22_*."""

from __future__ import annotations

from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer.model import Decision

LOGGER = """\
import argparse

from bionemo.llm.utils.logger_utils import setup_nemo_lightning_logger

parser = argparse.ArgumentParser()
parser.add_argument("-r", "--results-dir", default="./results")
args = parser.parse_args()
log = setup_nemo_lightning_logger(root_dir=args.results_dir, name="esm2")
"""


# A catalogue condition met by an option's default but not by the value the job's own config passes
# (`root_dir` must be the job's own folder: ./results is, /srv/exports is not). The config's command line
# was replayed only when one of its values named a network location, and only write findings counted.
@pytest.mark.parametrize("app_config, decision", [
    ("--results-dir /srv/exports/esm2", Decision.ESCALATE),
    ("--results-dir ../../../../srv/exports/esm2", Decision.ESCALATE),
    ("-r /srv/exports/esm2", Decision.ESCALATE),
    ("--results-dir=/srv/exports/esm2", Decision.ESCALATE),
    ("--results /srv/exports/esm2", Decision.ESCALATE),  # argparse's abbreviation of --results-dir
    ("-r/srv/exports/esm2", Decision.ESCALATE),  # a short option's value attached
    ("--results-dir ./results", Decision.ACCEPT),
    ("", Decision.ACCEPT)])
def test_a_conditioned_entry_is_judged_with_the_command_line_the_config_gives(
        tmp_path: Path, app_config: str, decision: Decision) -> None:
    report = kit.scan(kit.client_api_job(tmp_path, {"client.py": LOGGER}, app_config))
    assert report.decision is decision, kit.findings(report)


@pytest.mark.parametrize("sample", ["jobs/rt22_bionemo_logger_root_from_app_config",
                                    "jobs/rt22_bionemo_logger_root_climb_app_config",
                                    "malicious/rt22_staticmethod_itemgetter.py",
                                    "malicious/rt22_staticmethod_of_staticmethod.py",
                                    "malicious/rt22_staticmethod_partial_lambda.py"])
def test_attacks_accepted_before_are_not_accepted(sample: str) -> None:
    assert kit.scan_sample(sample).decision is not Decision.ACCEPT


def test_the_honest_twins_stay_accepted() -> None:
    for sample in ("jobs/rt22_benign_bionemo_logger_root_app_config", "benign/xf31_staticmethod_scale.py"):
        assert kit.scan_sample(sample).decision is Decision.ACCEPT, sample


# A callable a library call makes, called directly on the site's data, was read as a library function of it
# (a transformation, not a choice of rows): operator.itemgetter(1042)(ages) is one patient's age, and
# functools.partial of the job's lambda is not followed into the lambda. Wrapped by staticmethod() these were
# closed in session 31 (call_wrapped does not follow them); called bare, closed in session 32 (libraries.yaml
# made_callables: rows chosen and a value of unknown provenance).
PICKED = """\
import functools, operator
import pandas as pd
import torch
import nvflare.client as flare

df = pd.read_csv("/data/site/patients.csv")
net = torch.nn.Linear(3, 1)
flare.init()
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"age": float(PICK)}))
"""


@pytest.mark.parametrize("pick", ['operator.itemgetter(1042)(df["age"].values)',
                                  'functools.partial(lambda w, v: (v * w).sum(), w=None)(df["age"].values, '
                                  'w=df["id"].values == 1042)'])
def test_a_library_made_callable_picking_a_row_is_not_accepted(tmp_path: Path, pick: str) -> None:
    assert kit.scan_source(tmp_path, PICKED.replace("PICK", pick)).decision is not Decision.ACCEPT
